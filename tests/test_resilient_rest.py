"""The REST channel's request checks and its apology, without servers (addons/resilient_rest.py)."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rasa.core.channels.channel import UserMessage

from addons.resilient_rest import (
    Incoming,
    Rejection,
    ResilientRestInput,
    apology_text,
    check_request,
    clean_text,
    lost_track_text,
)
from addons.tracker_store import report_problem, turn_problems
from core.chat_request import MAX_BODY_BYTES, MAX_MESSAGE_CHARS
from core.content import load_content, load_site


def body(**fields: Any) -> bytes:
    return json.dumps(fields).encode()


@pytest.mark.parametrize(
    ("raw", "status"),
    [
        (b"", 400),
        (b"{bad json", 400),
        (b"\xff\xfe not utf-8", 400),
        (b"[1, 2]", 400),
        (b'"just a string"', 400),
        (b"null", 400),
        (b"[" * 50_000 + b"]" * 50_000, 413),
        (b"[" * 30_000 + b"]" * 30_000, 400),  # nested too deep for the JSON parser
        (body(message="hi"), 400),  # no sender: Rasa would file it under one shared "default" conversation
        (body(sender=None, message="hi"), 400),
        (body(sender="", message="hi"), 400),
        (body(sender="   ", message="hi"), 400),
        (body(sender=["a"], message="hi"), 400),
        (body(sender=True, message="hi"), 400),
        (body(sender="x" * 129, message="hi"), 400),
        (body(sender="a\nb", message="hi"), 400),
        (body(sender="a"), 400),
        (body(sender="a", message=None), 400),
        (body(sender="a", message=42), 400),
        (body(sender="a", message=["what is ALL"]), 400),
        (body(sender="a", message={"text": "hi"}), 400),
        (body(sender="a", message="hi", metadata="x"), 400),
        (body(sender="a", message="hi", input_channel=5), 400),
        (b'{"sender": "a", "message": "' + b"x" * MAX_BODY_BYTES + b'"}', 413),
    ],
)
def test_requests_that_are_not_chat_messages_get_a_4xx_with_a_reason(raw: bytes, status: int) -> None:
    checked = check_request(raw)
    assert isinstance(checked, Rejection)
    assert checked.status == status
    assert checked.error


def test_a_numeric_sender_is_accepted_as_text() -> None:
    checked = check_request(body(sender=12345, message="what is ALL?"))
    assert isinstance(checked, Incoming)
    assert checked.sender == "12345"


@pytest.mark.parametrize("message", ["", "   ", "\n\t ", "\x00\x01\x1b", "\r\n", "\u200b\u200d"])
def test_empty_messages_are_answered_without_rasa(message: str) -> None:
    checked = check_request(body(sender="a", message=message))
    assert isinstance(checked, Incoming)
    assert checked.reply == load_content().conversation.technical.ask_for_a_question.fill()


def test_an_over_long_message_gets_a_reply_naming_the_limit() -> None:
    checked = check_request(body(sender="a", message="leukemia " * 2500))
    assert isinstance(checked, Incoming)
    assert checked.reply is not None and f"{MAX_MESSAGE_CHARS:,}" in checked.reply and "too long" in checked.reply


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("what\x00 is\x07 ALL?", "what is ALL?"),
        ("what is\nALL?\r\n", "what is ALL?"),
        ("  symptoms\t of ALL  ", "symptoms of ALL"),
        ("what is ALL \ud83d?", "what is ALL ?"),  # a lone surrogate (valid JSON, invalid UTF-8)
        ("👩‍👧 what is ALL? 😟", "👩‍👧 what is ALL? 😟"),  # emoji with zero-width joiners stay whole
        ("¿Qué es la leucemia?", "¿Qué es la leucemia?"),
        ("cafe\u0301", "café"),
    ],
)
def test_clean_text_keeps_what_a_person_typed_and_drops_control_characters(raw: str, clean: str) -> None:
    assert clean_text(raw) == clean


def test_the_apology_gives_the_configured_appointment_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("APPOINTMENT_PHONE", "(602) 555-0134")
    assert "(602) 555-0134" in apology_text()
    monkeypatch.delenv("APPOINTMENT_PHONE")
    text = apology_text()
    assert load_site().call_us() in text and "website" not in text  # words that stand without a number
    assert text == load_site().say(load_content().conversation.technical.apology,
                                   emergency_hint=load_site().emergency("hint"))
    # A failed turn may have been an emergency; no number but the emergency one is ever given.
    assert load_site().emergency("hint") in text
    assert not any(ch.isdigit() for ch in text.replace(load_content().site.numbers["emergency"], ""))


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300))
def test_any_bytes_give_a_message_or_a_rejection(raw: bytes) -> None:
    assert isinstance(check_request(raw), Incoming | Rejection)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(["sender", "message", "metadata", "input_channel", "other"]), json_values))
def test_any_json_object_gives_a_message_or_a_rejection(fields: dict[str, Any]) -> None:
    checked = check_request(json.dumps(fields).encode())
    assert isinstance(checked, Incoming | Rejection)
    if isinstance(checked, Incoming) and checked.reply is None:
        assert checked.text and checked.text == clean_text(checked.text)
        checked.text.encode("utf-8")  # storable: no lone surrogates


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_clean_text_is_idempotent_and_encodable(text: str) -> None:
    cleaned = clean_text(text)
    assert clean_text(cleaned) == cleaned
    cleaned.encode("utf-8")
    assert not any(ch in cleaned for ch in "\x00\n\r\t")


# --- the apology instead of silence, with a stand-in for Rasa's message handler ---------------

def incoming(text: str = "what is ALL?") -> Incoming:
    return Incoming(sender="visitor", text=text, input_channel="rest")


def run(channel: ResilientRestInput, handler: Any, message: Incoming) -> list[dict[str, Any]]:
    return asyncio.run(channel.handle(handler, message))


def test_a_turn_without_any_reply_gets_the_apology() -> None:
    async def silent(message: UserMessage) -> None:
        return None

    replies = run(ResilientRestInput(), silent, incoming())
    assert [r["text"] for r in replies] == [apology_text()]


def test_a_failing_turn_keeps_what_was_said_and_adds_the_apology() -> None:
    async def half(message: UserMessage) -> None:
        await message.output_channel.send_text_message(message.sender_id, "first part")
        raise RuntimeError("tracker store unreachable")

    replies = run(ResilientRestInput(), half, incoming())
    assert [r["text"] for r in replies] == ["first part", apology_text()]


def test_restart_commands_may_be_silent() -> None:
    async def silent(message: UserMessage) -> None:
        return None

    assert run(ResilientRestInput(), silent, incoming("/restart")) == []


def test_a_slow_turn_gets_the_apology_and_still_finishes_in_the_background() -> None:
    finished: list[str] = []

    async def slow(message: UserMessage) -> None:
        await asyncio.sleep(0.3)
        finished.append(message.text)

    async def scenario() -> list[dict[str, Any]]:
        replies = await ResilientRestInput(reply_timeout=0.05).handle(slow, incoming())
        assert finished == []
        await asyncio.sleep(0.5)  # the turn was not cancelled: Rasa saves it
        return replies

    replies = asyncio.run(scenario())
    assert [r["text"] for r in replies] == [apology_text()]
    assert finished == ["what is ALL?"]


def test_a_tracker_store_failure_keeps_the_replies_and_adds_a_warning() -> None:
    async def unsaved(message: UserMessage) -> None:
        await message.output_channel.send_text_message(message.sender_id, "Please call 911 now.")
        report_problem("saving the conversation")  # as addons/tracker_store.py does

    async def saved(message: UserMessage) -> None:
        await message.output_channel.send_text_message(message.sender_id, "Hello!")

    async def two_turns(channel: ResilientRestInput) -> tuple[list, list]:
        return await channel.handle(unsaved, incoming()), await channel.handle(saved, incoming("hello"))

    first, second = asyncio.run(two_turns(ResilientRestInput()))
    assert [r["text"] for r in first] == ["Please call 911 now.", lost_track_text()]
    assert [r["text"] for r in second] == ["Hello!"]  # the warning belongs to the turn that failed


def test_a_report_outside_a_turn_goes_nowhere() -> None:
    assert turn_problems.get() is None
    report_problem("saving the conversation")  # no turn running: no error, and nothing kept
    assert turn_problems.get() is None

    async def saved(message: UserMessage) -> None:
        await message.output_channel.send_text_message(message.sender_id, "Hello!")

    # The stray report is not charged to the next turn: no "lost track" warning after it.
    replies = asyncio.run(ResilientRestInput().handle(saved, incoming("hello")))
    assert [r["text"] for r in replies] == ["Hello!"]
