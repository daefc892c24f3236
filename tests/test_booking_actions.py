"""The appointment request's actions on tracker fixtures (no servers): validation, the
summary, storing, cancelling, and what happens when the database fails."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from rasa_sdk.executor import CollectingDispatcher

from actions.booking import (
    ActionAskBookingConfirmed,
    ActionCancelBooking,
    ActionStartBooking,
    ActionSubmitBooking,
    change_buttons,
)
from actions.booking_form import ValidateBookingForm
from core.content import load_content, load_site
from core.wording import Template
from records import database
from records.bookings import list_requests
from tests.support.booking_actions import DOMAIN, FILLED, PHONE, slot_events, texts, validate
from tests.support.page_facts import answer_text
from tests.support.trackers import make_tracker
from tests.support.wording import filled_in, said, words

BOOKING = words().booking
CHECKS = words().form_checks


@pytest.fixture(autouse=True)
def settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("APPOINTMENT_PHONE", PHONE)
    monkeypatch.setenv("HOSPITAL_NAME", "Test Hospital")


@pytest.fixture
def db_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    url = f"sqlite:///{tmp_path / 'bookings.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    yield url
    database.forget_engines()


def test_a_valid_phone_is_stored_normalised(dispatcher: CollectingDispatcher) -> None:
    assert validate("phone", "602 555 0134", dispatcher) == {"phone": "+16025550134"}
    assert dispatcher.messages == []


def test_a_wrong_phone_is_asked_again_with_the_reason(dispatcher: CollectingDispatcher) -> None:
    assert validate("phone", "555-0134", dispatcher) == {"phone": None}
    assert texts(dispatcher) == CHECKS.phone_too_short.fill()


@pytest.mark.parametrize(
    ("slot", "typed", "reason"),
    [
        ("booking_for", "blue", CHECKS.who),
        ("patient_name", "R2D2", CHECKS.name_no_numbers),
        ("email", "jane.example.com", CHECKS.email_needs_at),
        ("preferred_time", "blah", CHECKS.time_not_caught),
        ("contact_consent", "banana", BOOKING.yes_or_no),
    ],
)
def test_every_wrong_answer_is_explained(slot: str, typed: str, reason: Template,
                                          dispatcher: CollectingDispatcher) -> None:
    assert validate(slot, typed, dispatcher)[slot] is None
    assert said(reason, texts(dispatcher))


def test_a_question_in_the_middle_is_answered_and_the_form_goes_on(dispatcher: CollectingDispatcher) -> None:
    result = validate("phone", "what are the symptoms?", dispatcher, intent="ask_symptoms", confidence=0.95)
    assert result == {"phone": None}
    reply = texts(dispatcher)
    assert answer_text("ask_symptoms") in reply  # the page's own answer
    assert reply.endswith(f"\n\n{BOOKING.back_to_the_form.fill()}")
    assert not any(m.get("buttons") for m in dispatcher.messages)


def test_an_out_of_scope_question_in_the_middle_is_declined(dispatcher: CollectingDispatcher) -> None:
    result = validate("email", "what causes leukemia?", dispatcher, intent="ask_causes", confidence=0.9)
    assert result == {"email": None}
    topic = load_content().answers.not_covered["ask_causes"]
    assert BOOKING.not_covered_here.fill(topic=topic) in texts(dispatcher)


def test_a_name_that_the_nlu_half_recognises_is_still_a_name(dispatcher: CollectingDispatcher) -> None:
    result = validate("patient_name", "Jane Doe", dispatcher, intent="ask_symptoms", confidence=0.8)
    assert result == {"patient_name": "Jane Doe"}


def test_changing_an_earlier_detail_mid_way(dispatcher: CollectingDispatcher) -> None:
    slots = {"booking_for": "self", "patient_name": "Jane Doe", "phone": "+16025550134"}
    result = validate("email", "change the phone number", dispatcher, intent="change_booking_detail",
                      confidence=0.95, slots=slots)
    assert result["phone"] is None and result["email"] is None
    assert result.get("requested_slot") in (None, "phone")
    assert texts(dispatcher) == BOOKING.changing.fill(detail=BOOKING.details.phone.fill())


def test_no_consent_ends_the_form_without_a_summary(dispatcher: CollectingDispatcher) -> None:
    result = validate("contact_consent", "/deny", dispatcher, intent="deny", confidence=1.0,
                      slots={k: v for k, v in FILLED.items() if k not in ("contact_consent", "booking_confirmed")})
    assert result["contact_consent"] is False
    assert result["requested_slot"] is None  # nothing left to ask: action_submit_booking explains


def test_yes_at_the_summary_confirms(dispatcher: CollectingDispatcher) -> None:
    assert validate("booking_confirmed", "/affirm", dispatcher, intent="affirm", confidence=1.0) == {
        "booking_confirmed": True
    }


def test_naming_a_detail_at_the_summary_reopens_it(dispatcher: CollectingDispatcher) -> None:
    result = validate("booking_confirmed", "the phone number is wrong", dispatcher, slots=FILLED)
    assert result["booking_confirmed"] is None and result["phone"] is None


def test_no_at_the_summary_asks_what_to_change(dispatcher: CollectingDispatcher) -> None:
    assert validate("booking_confirmed", "no", dispatcher, intent="deny", confidence=0.99) == {
        "booking_confirmed": None
    }
    tracker = make_tracker("deny", "no", slots={**FILLED, "booking_confirmed": None,
                                                "requested_slot": "booking_confirmed"})
    ActionAskBookingConfirmed().run(dispatcher, tracker, DOMAIN)
    assert dispatcher.messages[-1]["text"] == BOOKING.what_to_change.fill()
    assert dispatcher.messages[-1]["buttons"] == change_buttons(FILLED["booking_for"])


def test_the_summary_shows_every_detail(dispatcher: CollectingDispatcher) -> None:
    tracker = make_tracker("deny_guess", "Weekday morning", slots={**FILLED, "booking_confirmed": None,
                                                                    "email": "jane@example.com"})
    ActionAskBookingConfirmed().run(dispatcher, tracker, DOMAIN)
    message = dispatcher.messages[0]
    summary = BOOKING.summary
    assert message["text"].splitlines() == [
        summary.title.fill(), summary.for_whom.fill(who=BOOKING.who_labels.child.fill()),
        summary.patient_name.child.fill(name="Jane Doe"), summary.contact_name.fill(name="Sam Doe"),
        summary.phone.fill(number="+1 602-555-0134"), summary.email.fill(email="jane@example.com"),
        summary.preferred_time.fill(time="Weekday morning"), load_site().say(summary.question)]
    assert "Test Hospital" in message["text"]
    assert [b["payload"] for b in message["buttons"]] == ["/affirm", "/change_booking_detail", "/cancel_booking"]


def test_starting_clears_an_earlier_request(dispatcher: CollectingDispatcher) -> None:
    events = ActionStartBooking().run(dispatcher, make_tracker("request_appointment", slots=FILLED), DOMAIN)
    slots = slot_events(events)
    assert all(slots[name] is None for name in FILLED if name != "booking_attempt")
    assert slots["booking_attempt"] and slots["booking_attempt"] != "attempt-1"
    assert PHONE in texts(dispatcher) and said(BOOKING.start, texts(dispatcher))
    assert BOOKING.will_ask.unknown.fill() in texts(dispatcher)


def test_a_confirmed_request_is_stored_then_confirmed(dispatcher: CollectingDispatcher, db_url: str) -> None:
    events = ActionSubmitBooking().run(dispatcher, make_tracker("affirm", "/affirm", slots=FILLED), DOMAIN)
    [stored] = list_requests(db_url)
    reply = texts(dispatcher)
    assert filled_in(BOOKING.sent, reply, "reference") == stored.reference
    cta = [line for line in load_content().page.source.call_to_action if "ppointment" in line]
    assert cta and cta[0] in reply  # the page's own words about appointment times
    assert stored.request.patient_name == "Jane Doe" and stored.request.email is None
    assert stored.request.contact_name == "Sam Doe"
    slots = slot_events(events)
    # The form's slots are cleared; what was sent is kept for "did my request go through?".
    assert all(slots[name] is None for name in FILLED)
    assert [sent["reference"] for sent in slots["booking_sent"]] == [stored.reference]


def test_a_repeated_confirmation_stores_once(dispatcher: CollectingDispatcher, db_url: str) -> None:
    tracker = make_tracker("affirm", "/affirm", slots=FILLED)
    ActionSubmitBooking().run(dispatcher, tracker, DOMAIN)
    ActionSubmitBooking().run(dispatcher, tracker, DOMAIN)
    assert len(list_requests(db_url)) == 1
    first, second = (m["text"] for m in dispatcher.messages)
    assert first == second  # the same reference both times


@pytest.mark.parametrize("broken_url", ["sqlite:////proc/no/such/dir/bookings.db", "nosuchdialect://db"])
def test_a_database_failure_tells_the_visitor_to_call_and_confirms_nothing(
    broken_url: str, dispatcher: CollectingDispatcher, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABASE_URL", broken_url)
    ActionSubmitBooking().run(dispatcher, make_tracker("affirm", "/affirm", slots=FILLED), DOMAIN)
    reply = texts(dispatcher)
    assert reply == load_site().say(BOOKING.not_saved) and PHONE in reply
    assert not said(BOOKING.sent, reply)
    database.forget_engines()


def test_a_failing_engine_tells_the_visitor_to_call(dispatcher: CollectingDispatcher, db_url: str,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_: object, **__: object) -> None:
        raise sa.exc.OperationalError("INSERT", {}, Exception("database is locked"))

    monkeypatch.setattr(database.get_engine(db_url), "begin", refuse)
    ActionSubmitBooking().run(dispatcher, make_tracker("affirm", "/affirm", slots=FILLED), DOMAIN)
    assert texts(dispatcher) == load_site().say(BOOKING.not_saved)
    monkeypatch.undo()
    assert list_requests(db_url) == []


def test_without_consent_nothing_is_stored(dispatcher: CollectingDispatcher, db_url: str) -> None:
    slots = {**FILLED, "contact_consent": False, "booking_confirmed": None}
    ActionSubmitBooking().run(dispatcher, make_tracker("deny", "/deny", slots=slots), DOMAIN)
    assert texts(dispatcher) == load_site().say(BOOKING.no_consent) and PHONE in texts(dispatcher)
    assert list_requests(db_url) == []


def test_cancelling_clears_everything_and_says_nothing_was_saved(dispatcher: CollectingDispatcher) -> None:
    events = ActionCancelBooking().run(dispatcher, make_tracker("cancel_booking", "stop", slots=FILLED), DOMAIN)
    assert texts(dispatcher) == load_site().say(BOOKING.cancelled)
    assert set(slot_events(events)) >= set(FILLED) and not any(slot_events(events).values())


def test_cancelling_with_nothing_in_progress(dispatcher: CollectingDispatcher) -> None:
    ActionCancelBooking().run(dispatcher, make_tracker("cancel_booking", "stop"), DOMAIN)
    # Never "you have no appointment request": one may have been sent before.
    assert texts(dispatcher) == load_site().say(words().booking_status.cancel_outside_form)


def test_change_something_at_the_summary_shows_one_menu(dispatcher: CollectingDispatcher) -> None:
    result = validate("booking_confirmed", "/change_booking_detail", dispatcher, intent="change_booking_detail",
                      confidence=1.0, slots=FILLED)
    assert result == {"booking_confirmed": None}
    assert dispatcher.messages == []  # the menu comes from action_ask_booking_confirmed, once
    tracker = make_tracker("change_booking_detail", "/change_booking_detail",
                           slots={**FILLED, "booking_confirmed": None, "requested_slot": "booking_confirmed"})
    ActionAskBookingConfirmed().run(dispatcher, tracker, DOMAIN)
    assert [m["text"] for m in dispatcher.messages] == [BOOKING.what_to_change.fill()]


def test_a_question_at_the_summary_is_not_taken_for_a_change(dispatcher: CollectingDispatcher) -> None:
    result = validate("booking_confirmed", "when will they call me?", dispatcher, slots=FILLED)
    assert result == {"booking_confirmed": None}
    assert "preferred_time" not in result


def test_a_vague_change_mid_way_offers_only_the_details_already_given(dispatcher: CollectingDispatcher) -> None:
    slots = {"booking_for": "self", "patient_name": "Jane Doe"}
    result = validate("phone", "i need to correct something", dispatcher, intent="change_booking_detail",
                      confidence=0.9, slots=slots)
    assert result["phone"] is None and result.get("requested_slot") in (None, "phone")
    titles = BOOKING.detail_buttons
    assert [b["title"] for b in dispatcher.messages[0]["buttons"]] == [titles.booking_for.fill(),
                                                                       titles.patient_name.me.fill()]
    assert dispatcher.messages[0]["text"] == BOOKING.which_detail.fill()


def test_slots_cleared_at_the_start_are_not_validated(dispatcher: CollectingDispatcher) -> None:
    """At activation Rasa validates the slots action_start_booking cleared: no complaints."""
    tracker = make_tracker("request_appointment", "I'd like to book an appointment",
                           events=[{"event": "slot", "name": s, "value": None} for s in FILLED])
    events = asyncio.run(ValidateBookingForm().run(dispatcher, tracker, DOMAIN))
    assert dispatcher.messages == []
    assert all(value is None for value in slot_events(events).values())


def test_an_unrelated_question_mid_way_is_declined_briefly(dispatcher: CollectingDispatcher) -> None:
    result = validate("phone", "what's the weather like?", dispatcher, intent="out_of_scope", confidence=0.95)
    assert result == {"phone": None}
    assert texts(dispatcher).startswith(BOOKING.cannot_help_here.fill())


@pytest.mark.parametrize(
    ("slot", "typed", "intent", "expected"),
    [
        ("preferred_time", "actually, Monday morning", "change_booking_detail", "Actually, Monday morning"),
        ("booking_for", "actually the appointment is for my son, not me", "change_booking_detail", "child"),
        ("phone", "sorry, correct number is 602 555 0134", "change_booking_detail", "+16025550134"),
    ],
)
def test_a_correction_of_the_current_question_is_an_answer(slot: str, typed: str, intent: str, expected: str,
                                                           dispatcher: CollectingDispatcher) -> None:
    assert validate(slot, typed, dispatcher, intent=intent, confidence=0.9) == {slot: expected}


def test_change_my_name_is_not_taken_as_a_name(dispatcher: CollectingDispatcher) -> None:
    result = validate("patient_name", "change my name", dispatcher, intent="change_booking_detail", confidence=0.9)
    assert result == {"patient_name": None}
    assert texts(dispatcher) == CHECKS.name_just_the_name.fill(whose=CHECKS.whose_name.patient.fill())


def test_who_it_is_for_comes_from_what_was_said_but_not_from_a_cancelled_requests_answers(
        dispatcher: CollectingDispatcher) -> None:
    said = [{"event": "user", "text": "my 4 year old has bruises"},
            {"event": "user", "text": "book an appointment"}]
    events = ActionStartBooking().run(dispatcher, make_tracker("request_appointment", "book an appointment",
                                                               events=said), DOMAIN)
    assert slot_events(events)["booking_for"] == "child" and BOOKING.will_ask.child.fill() in texts(dispatcher)
    cancelled = [{"event": "user", "text": "/request_appointment"},
                 {"event": "active_loop", "name": "booking_form"}, {"event": "user", "text": "my child"},
                 {"event": "active_loop", "name": None}, {"event": "user", "text": "book an appointment"}]
    events = ActionStartBooking().run(CollectingDispatcher(), make_tracker(
        "request_appointment", "book an appointment", events=cancelled), DOMAIN)
    assert slot_events(events)["booking_for"] is None
