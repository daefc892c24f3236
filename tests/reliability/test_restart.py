"""Restarting the Rasa server in the middle of a conversation loses nothing (SQL tracker store)."""

from __future__ import annotations

import pytest

from addons.tracker_crypto import KEY_ENV
from tests.support.booking_flow import (
    REFERENCE,
    SEND,
    STEPS,
    SUMMARY_SHOWS,
    stored_bookings,
)
from tests.support.page_facts import flu_like_symptoms, sentence
from tests.support.tracker_db import sqlite_events, user_texts
from tests.support.wording import filled_in, words
from tools.common.http_client import Conversation
from tools.servers import Assistant

pytestmark = pytest.mark.conversation

DEFINITION = sentence("overview", "definition")  # what the page says ALL is
FEVER = flu_like_symptoms()[0]  # the first symptom the page lists


def restart_rasa_server(assistant: Assistant) -> None:
    """Stop only the Rasa server and start a new one on the same port and tracker database."""
    index = next(i for i, s in enumerate(assistant.services) if s.name == "Rasa server")
    assistant.services[index].stop()
    fresh = assistant.rasa_server()
    assistant.services[index] = fresh  # the fixture's teardown stops the new one
    fresh.start()
    fresh.wait_ready()


def test_a_conversation_continues_after_a_rasa_server_restart(assistant: Assistant) -> None:
    chat = Conversation(assistant.ports.rasa_url)
    before = ["hello", "what is acute lymphoblastic leukemia?"]
    assert "not medical advice" in chat.say(before[0])
    assert DEFINITION in chat.say(before[1])

    restart_rasa_server(assistant)

    assert FEVER in chat.say("what are the symptoms?")
    events = sqlite_events(assistant.extra_env["TRACKER_DB"], chat.sender, assistant.extra_env[KEY_ENV])
    # One conversation session across the restart, every turn stored once and in order.
    assert user_texts(events) == [*before, "what are the symptoms?"]
    assert [e.type_name for e in events].count("session_started") == 1
    bot_texts = "\n".join(e.text or "" for e in events if e.type_name == "bot")
    assert DEFINITION in bot_texts and FEVER in bot_texts  # the answers from before and after


def test_a_half_filled_booking_continues_after_a_rasa_server_restart(assistant: Assistant) -> None:
    chat = Conversation(assistant.ports.rasa_url)
    before, after = STEPS[:3], STEPS[3:]
    for text, asks_next in before:
        assert asks_next in chat.say(text)

    restart_rasa_server(assistant)

    # The form goes on with the next question, and the summary shows what was given before.
    for text, asks_next in after:
        reply = chat.say(text)
        assert asks_next in reply, f"after {text!r}"
    for shown in SUMMARY_SHOWS:
        assert shown in reply
    match = REFERENCE.search(chat.say(SEND))
    assert match
    [stored] = stored_bookings(assistant.extra_env["DATABASE_URL"], match.group("reference"))
    assert (stored["patient_name"], stored["phone"]) == ("Jane Doe", "+16025550134")  # given before the restart


def test_a_sent_requests_reference_is_told_after_a_rasa_server_restart(assistant: Assistant) -> None:
    """Issue 16: "did my request go through?" is answered from the stored conversation."""
    chat = Conversation(assistant.ports.rasa_url)
    for text, asks_next in STEPS:
        assert asks_next in chat.say(text)
    match = REFERENCE.search(chat.say(SEND))
    assert match

    restart_rasa_server(assistant)

    reply = chat.say("did my request go through?")
    assert filled_in(words().booking_status.one_sent, reply, "reference") == match.group("reference")
