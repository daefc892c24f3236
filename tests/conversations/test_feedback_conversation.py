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


def test_thumbs_down_after_an_answer_is_thanked_and_stored(chat: Conversation, assistant: Assistant) -> None:
    messages = chat.send("what are the symptoms of ALL")
    assert FEVER in messages[0]["text"]
    assert messages[-1]["text"] == "Was this helpful?"
    assert {"👍 Yes", "👎 No"} <= set(button_titles(messages[-1:]))
    no_payload = next(b["payload"] for b in messages[-1]["buttons"] if b["title"] == "👎 No")

    assert "Thank you for your feedback" in chat.say(no_payload)

    engine = sa.create_engine(assistant.extra_env["DATABASE_URL"], future=True)
    with engine.connect() as connection:
        votes = list(connection.execute(sa.select(feedback_table)))
    assert [(v.question_type, v.helpful) for v in votes if FEVER in v.answer_text] == [("ask_symptoms", False)]


def test_the_feedback_question_is_optional(chat: Conversation) -> None:
    chat.send("how is ALL treated")
    assert "highest in children" in chat.say("is survival better for children than adults")
