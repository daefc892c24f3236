"""What the real tracker store keeps (addons/tracker_store.py), on SQLite and PostgreSQL: the
booking form's personal data never in clear text, Rasa still reading it back, and "forget
me" deleting every row of the visitor's conversation."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

import pytest
from rasa.shared.core.events import ActionExecuted, ActiveLoop, BotUttered, SlotSet, UserUttered

from addons.tracker_crypto import KEY_ENV, EventCipher, TrackerKeyError, generate_key
from addons.tracker_store import ReportingSQLTrackerStore
from records.conversations import FORGET_SLOT
from tests.support.tracker_stores import everything_stored, open_store, rows, save, session, shows

NAME, PHONE, EMAIL = "Jane Doe", "+16025550134", "jane.doe@example.com"
T = 1_790_000_000.0


# The tracker store encrypts personal data with a key from the environment (docs/privacy.md).
pytestmark = pytest.mark.usefixtures("tracker_key")


@pytest.fixture
def url(store_url: str) -> str:
    return store_url


def answer(at: float, asked: str, typed: str, value: str) -> list:
    """One answer to the booking form, as Rasa records it."""
    return [
        UserUttered(typed, intent={"name": "inform_booking", "confidence": 0.9}, timestamp=at),
        ActionExecuted("booking_form", timestamp=at + 1),
        SlotSet(asked, value, timestamp=at + 1),
        SlotSet("requested_slot", "next", timestamp=at + 1),
        BotUttered("the next question", timestamp=at + 1),
        ActionExecuted("action_listen", timestamp=at + 2),
    ]


def booking(at: float) -> list:
    """A booking form filled in and sent: the name, phone and email as typed, as slots and in
    the summary, then the form's end and the submit action clearing the slots."""
    return [
        *session(at),
        UserUttered("book an appointment", intent={"name": "request_appointment", "confidence": 1.0},
                    timestamp=at + 10),
        ActionExecuted("action_start_booking", timestamp=at + 11),
        ActionExecuted("booking_form", timestamp=at + 11),
        ActiveLoop("booking_form", timestamp=at + 11),
        SlotSet("requested_slot", "patient_name", timestamp=at + 11),
        ActionExecuted("action_listen", timestamp=at + 12),
        *answer(at + 20, "patient_name", f"it's {NAME}", NAME),
        *answer(at + 30, "phone", "602 555 0134", PHONE),
        *answer(at + 40, "email", EMAIL, EMAIL),
        BotUttered(f"Please check: {NAME}, +1 602-555-0134, {EMAIL}", timestamp=at + 41),
        UserUttered("/affirm", intent={"name": "affirm", "confidence": 1.0}, timestamp=at + 50),
        ActionExecuted("booking_form", timestamp=at + 51),
        ActiveLoop(None, timestamp=at + 51),
        ActionExecuted("action_submit_booking", timestamp=at + 52),
        SlotSet("patient_name", None, timestamp=at + 52),
        BotUttered("Thank you. Your reference is ABC234.", timestamp=at + 52),
        ActionExecuted("action_listen", timestamp=at + 53),
    ]


def test_after_a_booking_no_name_phone_or_email_is_stored_in_clear_text(url: str) -> None:
    save(open_store(url), "visitor", booking(T))
    stored = everything_stored(url)
    for private in (NAME, "Jane", "Doe", PHONE, "602", "555", "0134", EMAIL, "example.com"):
        assert not shows(stored, private), private
    sealed = [r for r in rows(url, "visitor") if "encrypted" in r["data"]]
    assert len(sealed) >= 12  # every event of the form: the answers, the slots, the summary
    # What is not personal stays readable for staff tools: the question, the reference.
    assert "what is ALL?" in stored and "ABC234" in stored


def test_rasa_reads_the_encrypted_events_back_as_they_were(url: str) -> None:
    events = booking(T)[:-5]  # stop half-way through the form, as after a server restart
    save(open_store(url), "visitor", events)
    tracker = asyncio.run(open_store(url).retrieve("visitor"))
    assert tracker is not None
    assert (tracker.get_slot("patient_name"), tracker.get_slot("phone"), tracker.get_slot("email")) == (
        NAME, PHONE, EMAIL)
    assert tracker.active_loop_name == "booking_form"
    assert [e.as_dict() for e in tracker.events] == [e.as_dict() for e in events]


def test_a_phone_number_or_email_typed_outside_the_form_is_encrypted_too(url: str) -> None:
    save(open_store(url), "visitor", [*session(T, "can someone call me on 602 555 0134"),
                                      *session(T + 100, f"my email is {EMAIL}")])
    stored = everything_stored(url)
    assert not shows(stored, "0134") and not shows(stored, EMAIL)
    assert len([r for r in rows(url, "visitor") if r["type_name"] == "user"]) == 2  # kept, just unreadable


def test_forget_me_leaves_no_row_of_that_conversation_and_touches_no_other(url: str) -> None:
    store = open_store(url)
    save(store, "visitor", [*session(T), *session(T + 3600)])
    save(store, "other visitor", booking(T))
    others = rows(url, "other visitor")

    save(store, "visitor", [*session(T + 7200, "forget me"),
                            ActionExecuted("action_forget_conversation", timestamp=T + 7203),
                            SlotSet(FORGET_SLOT, True, timestamp=T + 7203)])

    assert rows(url, "visitor") == []  # every session, not only the last one
    assert asyncio.run(open_store(url).retrieve("visitor")) is None
    assert rows(url, "other visitor") == others


def test_an_old_key_still_reads_after_rotation(url: str, monkeypatch: pytest.MonkeyPatch, tracker_key: str) -> None:
    save(open_store(url), "visitor", booking(T)[:-5])
    monkeypatch.setenv(KEY_ENV, f"{generate_key()},{tracker_key}")
    tracker = asyncio.run(open_store(url).retrieve("visitor"))
    assert tracker is not None and tracker.get_slot("patient_name") == NAME


def test_a_wrong_key_fails_clearly_and_is_reported_to_the_turn(url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from addons.tracker_store import turn_problems

    save(open_store(url), "visitor", booking(T)[:-5])
    monkeypatch.setenv(KEY_ENV, generate_key())
    problems: list[str] = []
    token = turn_problems.set(problems)
    try:
        with pytest.raises(TrackerKeyError) as error:
            asyncio.run(open_store(url).retrieve("visitor"))
    finally:
        turn_problems.reset(token)
    assert problems == ["reading the conversation"]
    assert KEY_ENV in str(error.value) and NAME not in str(error.value)


def test_without_a_key_the_store_refuses_to_start(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(KEY_ENV)
    with pytest.raises(TrackerKeyError, match=KEY_ENV):
        ReportingSQLTrackerStore(dialect="sqlite", db=str(tmp_path / "t.db"))
    monkeypatch.setenv(KEY_ENV, "not a key")
    with pytest.raises(TrackerKeyError, match="not a valid key"):
        EventCipher.from_env()


def test_storing_reading_and_forgetting_log_no_text_no_personal_data_and_no_sender(
        url: str, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    store = open_store(url)
    save(store, "visitor-7f3a", booking(T))
    asyncio.run(store.retrieve("visitor-7f3a"))
    save(store, "visitor-7f3a", [UserUttered("forget me", timestamp=T + 99), SlotSet(FORGET_SLOT, True)])
    assert "deleted at its visitor's request" in caplog.text  # the path ran and logged
    for private in (NAME, PHONE, "0134", EMAIL, "forget me", "what is ALL?", "visitor-7f3a"):
        assert private not in caplog.text
