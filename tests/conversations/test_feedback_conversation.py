"""Conversation test: "Was this helpful?" follows an answer, and a 👎 is stored for staff."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from records.votes import feedback_table
from tests.support.page_facts import flu_like_symptoms
from tools.common.http_client import Conversation, button_titles
from tools.servers import Assistant

pytestmark = pytest.mark.conversation

FEVER = flu_like_symptoms()[0]  # the first symptom the page lists


def symptom_votes(database_url: str) -> list[tuple[str, bool]]:
    """The stored votes on an answer naming the page's first symptom (other tests of the session
    vote too, so a test compares before and after its own vote)."""
    engine = sa.create_engine(database_url, future=True)
    try:
        with engine.connect() as connection:
            votes = list(connection.execute(sa.select(feedback_table)))
    finally:
        engine.dispose()
    return [(v.question_type, v.helpful) for v in votes if FEVER in v.answer_text]


def test_thumbs_down_after_an_answer_is_thanked_and_stored(chat: Conversation, assistant: Assistant) -> None:
    before = symptom_votes(assistant.extra_env["DATABASE_URL"])
    messages = chat.send("what are the symptoms of ALL")
    assert FEVER in messages[0]["text"]
    assert messages[-1]["text"] == "Was this helpful?"
    assert {"👍 Yes", "👎 No"} <= set(button_titles(messages[-1:]))
    no_payload = next(b["payload"] for b in messages[-1]["buttons"] if b["title"] == "👎 No")

    assert "Thank you for your feedback" in chat.say(no_payload)

    after = symptom_votes(assistant.extra_env["DATABASE_URL"])
    assert len(after) == len(before) + 1
    assert after.count(("ask_symptoms", False)) == before.count(("ask_symptoms", False)) + 1


def test_the_feedback_question_is_optional(chat: Conversation) -> None:
    chat.send("how is ALL treated")
    assert "highest in children" in chat.say("is survival better for children than adults")
