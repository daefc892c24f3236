""""Did my request go through?": the reference and when it was sent, from the conversation
(tracker fixtures, no servers); never "there is no request" when one may have been sent."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.booking_form import ValidateBookingForm
from actions.booking_status import (
    SENT_SLOT,
    ActionBookingStatus,
    how_long_ago,
    remember_sent,
    sent_requests,
    when_sent,
)
from core.content import load_site
from core.wording import Template
from tests.support.booking_actions import DOMAIN, PHONE
from tests.support.trackers import make_tracker
from tests.support.wording import filled_in, words

STATUS = words().booking_status

SENT_AT = dt.datetime(2026, 11, 29, 23, 45, tzinfo=dt.timezone.utc)


@pytest.fixture(autouse=True)
def settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("APPOINTMENT_PHONE", PHONE)
    monkeypatch.delenv("HOSPITAL_TIMEZONE", raising=False)


def sent_slot(*references: str, at: dt.datetime = SENT_AT) -> dict[str, Any]:
    return {SENT_SLOT: [{"reference": r, "sent_at": at.isoformat()} for r in references]}


def reply(intent: str, text: str, slots: dict[str, Any] | None = None) -> CollectingDispatcher:
    dispatcher = CollectingDispatcher()
    ActionBookingStatus().run(dispatcher, make_tracker(intent, text, slots=slots), DOMAIN)
    return dispatcher


def text_of(dispatcher: CollectingDispatcher) -> str:
    return "\n".join(m.get("text") or "" for m in dispatcher.messages)


def test_a_sent_request_is_told_with_its_reference_and_time() -> None:
    said = text_of(reply("ask_booking_status", "did my request go through?", sent_slot("ABC234")))
    assert filled_in(STATUS.team_will_call, said, "sent") == STATUS.one_sent.fill(
        when=filled_in(STATUS.one_sent, said, "when"), reference="ABC234")
    when = filled_in(STATUS.one_sent, said, "when") or ""
    assert when == STATUS.when.fill(ago=filled_in(STATUS.when, when, "ago") or "", date="November 29, 2026",
                                    clock="11:45 PM", zone="UTC")
    assert PHONE in said


def test_several_requests_are_all_told() -> None:
    said = text_of(reply("ask_booking_status", "what's my reference?", sent_slot("ABC234", "XYZ789")))
    listed = filled_in(STATUS.many_sent, said, "listed") or ""
    assert filled_in(STATUS.many_sent, said, "count") == "2"
    assert [filled_in(STATUS.listed, item, "reference") for item in listed.split("; ")] == ["ABC234", "XYZ789"]


def test_without_a_sent_request_the_reply_never_says_there_is_none() -> None:
    dispatcher = reply("ask_booking_status", "did my request go through?")
    said = text_of(dispatcher)
    assert said == load_site().say(STATUS.not_found) and PHONE in said
    assert "no appointment request" not in said.lower() and "no request" not in said.lower()
    assert dispatcher.messages[0]["buttons"] == [load_site().wording.booking_button()]


@pytest.mark.parametrize(("intent", "what", "sentence"), [("cancel_booking", "cancel", STATUS.cancel_after_sent),
                                                         ("change_booking_detail", "change", STATUS.change_after_sent)])
def test_a_cancel_or_change_after_sending_gives_the_reference_and_the_line(intent: str, what: str,
                                                                          sentence: Template) -> None:
    said = text_of(reply(intent, f"{what} my appointment", sent_slot("ABC234")))
    assert said == load_site().say(sentence, reference="ABC234") and PHONE in said


def test_the_hospitals_time_zone_is_used_when_set(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOSPITAL_TIMEZONE", "America/Phoenix")
    assert when_sent(SENT_AT, load_site(), SENT_AT + dt.timedelta(minutes=12)) == STATUS.when.fill(
        ago=STATUS.ago.minutes.fill(count="12"), date="November 29, 2026", clock="4:45 PM", zone="MST")
    monkeypatch.setenv("HOSPITAL_TIMEZONE", "Not/AZone")
    assert "UTC" in when_sent(SENT_AT, load_site(), SENT_AT)


@pytest.mark.parametrize(
    ("seconds", "unit", "count"),
    [(5, "just_now", ""), (60, "minute", "1"), (150, "minutes", "2"), (3600, "hour", "1"), (7300, "hours", "2"),
     (86400 * 3, "days", "3")],
)
def test_how_long_ago(seconds: int, unit: str, count: str) -> None:
    said: Template = getattr(STATUS.ago, unit)
    assert how_long_ago(SENT_AT, SENT_AT + dt.timedelta(seconds=seconds)) == said.fill(count=count)


def test_a_repeated_confirmation_is_remembered_once_and_bad_entries_are_skipped() -> None:
    tracker = make_tracker("affirm", slots={SENT_SLOT: [{"reference": "ABC234", "sent_at": SENT_AT.isoformat()},
                                                       {"reference": "BAD"}, "junk"]})
    event = remember_sent(tracker, "ABC234", SENT_AT)
    assert [e["reference"] for e in event["value"]] == ["ABC234"]
    assert [r.reference for r in sent_requests(tracker)] == ["ABC234"]


def test_asked_in_the_middle_of_a_new_request_it_is_not_sent_yet(dispatcher: CollectingDispatcher) -> None:
    tracker = make_tracker("ask_booking_status", "did my request go through?",
                           slots={**sent_slot("ABC234"), "requested_slot": "phone"},
                           events=[{"event": "slot", "name": "phone", "value": "did my request go through?"}],
                           active_loop={"name": "booking_form"})
    result = ValidateBookingForm().validate_phone("did my request go through?", dispatcher, tracker, DOMAIN)
    said = text_of(dispatcher)
    assert result == {"phone": None}  # the form asks for the phone number again
    assert said.startswith(f"{STATUS.not_sent_yet.fill()} ")
    assert filled_in(STATUS.earlier_one_sent, said, "reference") == "ABC234"
    assert said.endswith(words().booking.back_to_the_form.fill())
