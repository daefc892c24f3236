"""The FAQ actions answer each question type from the content (tracker fixtures, no server)."""

from __future__ import annotations

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.faq import ActionAnswerQuestion, ActionShowCapabilities
from actions.feedback import is_feedback_prompt
from actions.not_covered import ActionExplainNotCovered
from core.answer_map import SOURCE_SECTION
from core.content import load_content, load_site
from core.replies import format_date, is_answer_source, topic_buttons
from tests.support.trackers import make_tracker

QUESTIONS = sorted(load_content().answers.questions)


def run(action, intent: str, dispatcher: CollectingDispatcher, text: str = "") -> dict:
    events = action.run(dispatcher, make_tracker(intent, text), {})
    assert all(e["event"] == "slot" and e["name"] == "last_topic" for e in events)
    # The feedback question is tested in test_feedback.py, the source line below.
    messages = [m for m in dispatcher.messages if not is_feedback_prompt(m) and not is_answer_source(m)]
    assert len(messages) == 1
    return messages[0]


@pytest.mark.parametrize("intent", QUESTIONS)
def test_every_question_type_is_answered_with_page_text_and_buttons(intent: str, dispatcher) -> None:
    message = run(ActionAnswerQuestion(), intent, dispatcher)
    question = load_content().answers.questions[intent]
    if question.section != "source":
        section = load_content().page.section(question.section)
        for sentence_id in question.say:
            assert section.sentence(sentence_id).text in message["text"]
    titles = [b["title"] for b in message["buttons"]]
    assert titles[-1] == "Book an appointment"
    assert 2 <= len(titles) <= 4
    assert len(message["text"]) < 700, "answers must stay chat-sized"


@pytest.mark.parametrize("intent", [i for i in QUESTIONS if load_content().answers.questions[i].say])
def test_the_sentences_are_said_word_for_word_in_their_order(intent: str, dispatcher) -> None:
    question = load_content().answers.questions[intent]
    section = load_content().page.section(question.section)
    said = " ".join(section.sentence(s).text for s in question.say)
    assert run(ActionAnswerQuestion(), intent, dispatcher)["text"].startswith(said)


def test_page_review_names_reviewer_and_date(dispatcher) -> None:
    source = load_content().page.source
    intent = next(i for i, q in load_content().answers.questions.items() if q.section == SOURCE_SECTION)
    text = run(ActionAnswerQuestion(), intent, dispatcher)["text"]
    assert source.reviewer in text and format_date(source.updated) in text and source.reviewer_role in text


@pytest.mark.parametrize("intent", [i for i in QUESTIONS if load_content().answers.questions[i].list_id])
def test_a_list_is_rendered_as_bullets_in_page_order(intent: str, dispatcher) -> None:
    question = load_content().answers.questions[intent]
    items = load_content().page.section(question.section).bullet_list(question.list_id).items
    text = run(ActionAnswerQuestion(), intent, dispatcher)["text"]
    bullets = [line[2:] for line in text.splitlines() if line.startswith("• ")]
    assert bullets == [item.text for item in items]


def test_an_intent_without_an_answer_falls_back_instead_of_crashing(dispatcher) -> None:
    assert run(ActionAnswerQuestion(), "greet", dispatcher)["response"] == "utter_default"


def test_capabilities_offer_each_answered_section_and_booking(dispatcher) -> None:
    message = run(ActionShowCapabilities(), "ask_capabilities", dispatcher)
    assert message["response"] == "utter_capabilities"  # its words: generated from the content
    content = load_content()
    assert message["buttons"] == [*topic_buttons(content), content.site.booking_button()]


@pytest.mark.parametrize("intent", ["ask_causes", "out_of_scope", "nlu_fallback", "ask_other_disease"])
def test_not_covered_says_so_and_offers_booking(intent: str, dispatcher, monkeypatch) -> None:
    monkeypatch.delenv("APPOINTMENT_PHONE", raising=False)
    message = run(ActionExplainNotCovered(), intent, dispatcher)
    assert "doesn't cover" in message["text"]
    assert load_site().call_us() in message["text"]
    assert "website" not in message["text"], "without a number, the words must stand on their own"
    assert message["buttons"][0]["payload"] == "/request_appointment"


def test_not_covered_uses_the_configured_phone_number(dispatcher, monkeypatch) -> None:
    monkeypatch.setenv("APPOINTMENT_PHONE", "(602) 555-0134")
    assert "(602) 555-0134" in run(ActionExplainNotCovered(), "ask_causes", dispatcher)["text"]
