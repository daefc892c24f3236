"""`make unanswered`: fallback and out-of-scope messages from Rasa's SQL tracker store, grouped."""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path

import pytest
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from records.votes import Vote, store_vote
from tools.staff import unanswered
from tools.staff.conversations import read_feedback, read_unanswered
from tools.staff.similar import group_messages, similarity

DAY = 86400.0
START = dt.datetime(2026, 11, 1).timestamp()


def turn(text: str, intent: str, action: str, at: float) -> list:
    return [
        UserUttered(text, intent={"name": intent, "confidence": 0.9}, timestamp=at),
        ActionExecuted(action, timestamp=at + 1),
        BotUttered("a reply", timestamp=at + 1),
        ActionExecuted("action_listen", timestamp=at + 2),
    ]


CONVERSATIONS = {
    "visitor-1": [
        *turn("what are the symptoms", "ask_symptoms", "action_answer_question", START),
        *turn("What causes leukemia?", "ask_causes", "action_explain_not_covered", START + 10),
        *turn("/request_appointment", "request_appointment", "utter_booking_by_phone", START + 20),
    ],
    "visitor-2": [
        *turn("whats the cause of leukaemia", "ask_causes", "action_explain_not_covered", START + DAY),
        *turn("asdf qwerty", "nlu_fallback", "action_explain_not_covered", START + DAY + 10),
        *turn("can my dog get it", "ask_what_is_all", "action_default_fallback", START + DAY + 20),
    ],
    "visitor-3": [
        *turn("what is the weather in phoenix", "out_of_scope", "action_explain_not_covered", START + 2 * DAY),
        *turn("thanks", "thanks", "utter_you_are_welcome", START + 2 * DAY + 10),
        # the last message of a conversation, still waiting for its reply when the report runs
        UserUttered("how is ALL diagnosed", intent={"name": "ask_how_diagnosed"}, timestamp=START + 3 * DAY),
    ],
}


@pytest.fixture
def tracker_db(tmp_path: Path) -> Path:
    """A tracker store written by Rasa's own SQLTrackerStore, as the assistant writes it."""
    path = tmp_path / "tracker.db"
    store = SQLTrackerStore(dialect="sqlite", db=str(path))
    for sender, events in CONVERSATIONS.items():
        asyncio.run(store.save(DialogueStateTracker.from_events(sender, events)))
    store.engine.dispose()
    return path


def test_only_fallback_and_out_of_scope_messages_are_listed(tracker_db: Path) -> None:
    texts = sorted(m.text for m in read_unanswered(f"sqlite:///{tracker_db}"))
    assert texts == sorted(["What causes leukemia?", "whats the cause of leukaemia", "asdf qwerty",
                            "can my dog get it", "what is the weather in phoenix", "how is ALL diagnosed"])


def test_similar_questions_are_grouped_newest_first(tracker_db: Path) -> None:
    groups = group_messages(read_unanswered(f"sqlite:///{tracker_db}"))
    assert [g.example.text for g in groups][:2] == ["how is ALL diagnosed", "what is the weather in phoenix"]
    [causes] = [g for g in groups if len(g.messages) > 1]
    assert [m.text for m in causes.messages] == ["whats the cause of leukaemia", "What causes leukemia?"]
    assert len(groups) == 5
    assert causes.ended_in() == "ask_causes ×2"


def test_the_report_never_writes_to_the_tracker_store(tracker_db: Path) -> None:
    before = tracker_db.read_bytes()
    read_unanswered(f"sqlite:///{tracker_db}")
    assert tracker_db.read_bytes() == before


def test_similarity_sees_spelling_variants_and_ignores_filler_words() -> None:
    assert similarity("what causes leukemia", "what causes leukaemia?") >= 0.5
    assert similarity("can I get a second opinion", "what is the weather in phoenix") < 0.5


def test_the_only_since_filter_keeps_recent_messages(tracker_db: Path) -> None:
    texts = [m.text for m in read_unanswered(f"sqlite:///{tracker_db}", since=START + 2 * DAY)]
    assert sorted(texts) == ["how is ALL diagnosed", "what is the weather in phoenix"]


def test_feedback_report_puts_the_most_thumbs_down_first(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'feedback.db'}"
    now = dt.datetime(2026, 11, 2)
    for question, helpful in [("ask_symptoms", False), ("ask_treatment", False), ("ask_treatment", False),
                              ("ask_treatment", True), ("ask_symptoms", True), ("ask_symptoms", True)]:
        store_vote(Vote("c", question, f"{question} answer", helpful, now), url)
    lines = read_feedback(url)
    assert [(f.question_type, f.down, f.up) for f in lines] == [("ask_treatment", 2, 1), ("ask_symptoms", 1, 2)]
    assert lines[0].answer_text == "ask_treatment answer"


def test_the_command_writes_the_reports(tracker_db: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "reports"
    feedback_url = f"sqlite:///{tmp_path / 'feedback.db'}"
    store_vote(Vote("c", "ask_survival_rate", "The five-year ...", False, dt.datetime(2026, 11, 2)), feedback_url)
    assert unanswered.main(["--url", f"sqlite:///{tracker_db}", "--feedback-url", feedback_url,
                            "--out-dir", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "6 message(s) in 5 group(s)" in printed and "ask_survival_rate: 👎 1" in printed
    report = (out / "unanswered.md").read_text()
    assert "| 2 |" in report and "whats the cause of leukaemia" in report and "ask_survival_rate | 1 | 0" in report
    assert (out / "unanswered.csv").read_text().count("\n") == 6  # header + 5 groups


def test_no_database_yet_is_explained_not_a_crash(tmp_path: Path, capsys) -> None:
    code = unanswered.main(["--url", f"sqlite:///{tmp_path / 'none.db'}",
                            "--feedback-url", f"sqlite:///{tmp_path / 'none2.db'}", "--out-dir", str(tmp_path)])
    assert code == 0
    assert "No conversations recorded yet" in capsys.readouterr().out
    assert not (tmp_path / "none.db").exists()


def test_a_file_that_is_not_a_tracker_store_is_a_clear_error(tmp_path: Path, capsys) -> None:
    bogus = tmp_path / "bogus.db"
    bogus.write_text("not a database")
    assert unanswered.main(["--url", f"sqlite:///{bogus}", "--out-dir", str(tmp_path)]) == 1
    assert "Cannot make the report" in capsys.readouterr().err
