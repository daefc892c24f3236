"""Property tests (hypothesis) for the booking validators (actions/validators.py) and the form's
validation action (actions/booking_form.py): any answer gives a value or a reason to ask again,
never an exception; a value accepted once is accepted again unchanged."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from rasa_sdk.executor import CollectingDispatcher

from actions.booking_form import ValidateBookingForm
from records.booking_fields import (
    Check,
    asks_to_change,
    display_phone,
    field_named,
    is_skip,
    normalize_phone,
    parse_preferred_time,
    validate_email,
    yes_or_no,
)
from records.booking_people import parse_booking_for, validate_name
from tests.support.trackers import make_tracker

# What visitors type into a form: anything, and things close to real answers.
ANSWERS = ["me", "my child", "Jane Doe", "602 555 0134", "+44 20 7946 0958", "jane@example.com", "skip",
           "weekday morning", "yes", "no", "the phone number", "cancel", "O'Brien-Smith", "😟", "١٢٣", "+", "@"]
answers = (st.text(max_size=120) | st.sampled_from(ANSWERS)
           | st.lists(st.sampled_from(ANSWERS), max_size=4).map(" ".join))
VALIDATORS = [parse_booking_for, validate_name, normalize_phone, validate_email, parse_preferred_time]
fuzz = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def is_check(check: Any) -> bool:
    if not isinstance(check, Check):
        return False
    if check.ok:
        return isinstance(check.value, str)
    return isinstance(check.problem, str) and bool(check.problem)


@pytest.mark.parametrize("validate", VALIDATORS, ids=lambda f: f.__name__)
@fuzz
@given(text=answers)
def test_any_answer_gives_a_value_or_a_reason(validate: Any, text: str) -> None:
    check = validate(text)
    assert is_check(check)


# Near-valid answers, so that most are accepted: a name, a number or an address with noise.
near_valid = st.tuples(st.sampled_from(["", " ", "  ", "my number is ", "it's "]), st.sampled_from(ANSWERS),
                       st.sampled_from(["", " ", ".", "!", " thanks"])).map("".join)


@pytest.mark.parametrize("validate", [validate_name, normalize_phone, validate_email], ids=lambda f: f.__name__)
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(text=near_valid)
def test_an_accepted_value_is_accepted_again_unchanged(validate: Any, text: str) -> None:
    first = validate(text)
    assume(first.ok and first.value != "none")
    assert validate(first.value).value == first.value


@fuzz
@given(answers, st.sampled_from([None, "affirm", "deny", "cancel_booking", "inform_booking", "greet"]))
def test_the_small_parsers_answer_any_text(text: str, intent: str | None) -> None:
    assert yes_or_no(text, intent) in (True, False, None)
    assert isinstance(is_skip(text), bool) and isinstance(asks_to_change(text), bool)
    assert field_named(text) is None or isinstance(field_named(text), str)
    assert isinstance(display_phone(text), str)


SLOTS = ["booking_for", "patient_name", "contact_name", "phone", "email", "preferred_time", "contact_consent",
         "booking_confirmed"]
slot_values = (st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | answers
               | st.lists(answers, max_size=3))
INTENTS = ["inform_booking", "affirm", "deny", "nlu_fallback", "request_appointment", "ask_symptoms"]


@fuzz
@given(st.sampled_from(SLOTS), slot_values, answers, st.sampled_from(INTENTS))
def test_the_form_validation_answers_any_slot_value(slot: str, value: Any, text: str, intent: str) -> None:
    tracker = make_tracker(intent, text=text, active_loop={"name": "booking_form"})
    dispatcher = CollectingDispatcher()
    result = getattr(ValidateBookingForm(), f"validate_{slot}")(value, dispatcher, tracker, {})
    assert isinstance(result, dict)
    assert set(result) <= set(SLOTS) | {"requested_slot"}
    for message in dispatcher.messages:
        assert message.get("text") or message.get("response")
