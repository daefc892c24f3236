"""'Was this helpful?' after answers, and the votes kept in the answer_feedback table."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from actions.faq import ActionAnswerQuestion
from actions.feedback import (
    ASK_EVERY,
    ActionRecordFeedback,
    answered_question,
    feedback_due,
    is_feedback_prompt,
    vote_from_message,
)
from records.votes import Vote, conversation_key, feedback_table, store_vote
from tests.support.page_facts import answer_text, flu_like_symptoms
from tests.support.trackers import make_tracker


def rows(url: str) -> list[sa.engine.Row]:
    with sa.create_engine(url, future=True).connect() as connection:
        return list(connection.execute(sa.select(feedback_table).order_by(feedback_table.c.id)))


def answer_events(intent: str, answer: str) -> list[dict]:
    """The events Rasa logs for a visitor's question answered by action_answer_question."""
    return [
        {"event": "action", "name": "action_listen"},
        {"event": "user", "text": "a question", "parse_data": {"intent": {"name": intent}}},
        {"event": "action", "name": "action_answer_question"},
        {"event": "bot", "text": answer},
        {"event": "bot", "text": "Was this helpful?"},
        {"event": "action", "name": "action_listen"},
    ]


def test_an_answer_is_followed_by_the_feedback_question(dispatcher) -> None:
    ActionAnswerQuestion().run(dispatcher, make_tracker("ask_symptoms", "what are the symptoms"), {})
    assert len(dispatcher.messages) == 3  # the answer, its source line, the question
    assert flu_like_symptoms()[0] in dispatcher.messages[0]["text"]  # the page's answer
    assert is_feedback_prompt(dispatcher.messages[-1])


def prompt_event() -> dict:
    return {"event": "bot", "text": "Was this helpful?",
            "data": {"buttons": [{"title": "👍 Yes", "payload": '/feedback{"helpful":"yes"}'}]}}


def answered() -> dict:
    return {"event": "action", "name": "action_answer_question"}


def test_the_feedback_question_is_asked_at_most_once_every_few_answers() -> None:
    assert feedback_due([])  # the first answer of a conversation
    assert not feedback_due([answered(), prompt_event()])  # just asked
    assert not feedback_due([answered(), prompt_event(), *[answered()] * (ASK_EVERY - 1)])
    assert feedback_due([answered(), prompt_event(), *[answered()] * ASK_EVERY])
    # A new session starts the count afresh.
    assert feedback_due([answered(), prompt_event(), {"event": "session_started"}])


def test_no_feedback_question_right_after_one_was_asked(dispatcher) -> None:
    tracker = make_tracker("ask_symptoms", "what are the symptoms", events=[answered(), prompt_event()])
    ActionAnswerQuestion().run(dispatcher, tracker, {})
    assert not any(is_feedback_prompt(m) for m in dispatcher.messages)


def test_no_feedback_question_when_there_was_no_answer(dispatcher) -> None:
    ActionAnswerQuestion().run(dispatcher, make_tracker("greet", "hi"), {})
    assert not any(is_feedback_prompt(m) for m in dispatcher.messages)


@pytest.mark.parametrize(
    ("message", "helpful"),
    [
        ({"text": '/feedback{"helpful":"yes"}', "entities": [{"entity": "helpful", "value": "yes"}]}, True),
        ({"text": '/feedback{"helpful":"no"}', "entities": [{"entity": "helpful", "value": "no"}]}, False),
        ({"text": "that was helpful", "entities": []}, True),
        ({"text": "that didn't help", "entities": []}, False),
        ({"text": "Not helpful at all", "entities": []}, False),
        ({"text": "useless answer", "entities": []}, False),
    ],
)
def test_vote_from_button_or_typed_words(message: dict, helpful: bool) -> None:
    assert vote_from_message(message) is helpful


def test_the_vote_is_about_the_latest_answer() -> None:
    events = answer_events("ask_symptoms", "first answer") + answer_events("ask_treatment", "second answer")
    assert answered_question(events) == ("ask_treatment", "second answer")
    assert answered_question([{"event": "user", "text": "hi", "parse_data": {"intent": {"name": "greet"}}}]) is None


def test_votes_are_stored_and_read_back(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'sub' / 'feedback.db'}"  # the directory is created on first use
    when = dt.datetime(2026, 11, 23, 12, 0)
    store_vote(Vote("abc", "ask_symptoms", answer_text("ask_symptoms"), False, when), url)
    store_vote(Vote("abc", "ask_treatment", answer_text("ask_treatment"), True, when), url)
    stored = rows(url)
    assert [(r.question_type, r.helpful, r.created_at) for r in stored] == [
        ("ask_symptoms", False, when), ("ask_treatment", True, when)]


def test_record_feedback_action_stores_a_thumbs_down_without_the_sender_id(tmp_path, monkeypatch, dispatcher) -> None:
    url = f"sqlite:///{tmp_path / 'feedback.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    tracker = make_tracker("feedback", '/feedback{"helpful":"no"}', entities=[{"entity": "helpful", "value": "no"}],
                           events=answer_events("ask_survival_rate", answer_text("ask_survival_rate")))
    ActionRecordFeedback().run(dispatcher, tracker, {})
    assert dispatcher.messages[0]["response"] == "utter_feedback_thanks"
    [row] = rows(url)
    assert (row.question_type, row.helpful) == ("ask_survival_rate", False)
    assert row.answer_text == answer_text("ask_survival_rate")
    assert row.conversation == conversation_key("visitor") != "visitor"


def test_feedback_without_an_earlier_answer_is_thanked_but_not_stored(tmp_path, monkeypatch, dispatcher) -> None:
    url = f"sqlite:///{tmp_path / 'feedback.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    ActionRecordFeedback().run(dispatcher, make_tracker("feedback", "that was helpful"), {})
    assert dispatcher.messages[0]["response"] == "utter_feedback_thanks"
    assert not (tmp_path / "feedback.db").exists() or rows(url) == []


def test_a_broken_database_does_not_break_the_conversation(monkeypatch, dispatcher, tmp_path) -> None:
    (tmp_path / "not-a-dir").write_text("a file where a directory should be")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'not-a-dir' / 'x' / 'feedback.db'}")
    tracker = make_tracker("feedback", "that was helpful",
                           events=answer_events("ask_symptoms", answer_text("ask_symptoms")))
    ActionRecordFeedback().run(dispatcher, tracker, {})  # the database directory cannot be created
    assert dispatcher.messages[0]["response"] == "utter_feedback_thanks"
