"""The appointment request's answer checks: valid answers normalised, wrong ones explained."""

from __future__ import annotations

import pytest

from records.booking_fields import (
    FOR_CHILD,
    FOR_SELF,
    FOR_SOMEONE_ELSE,
    NO_EMAIL,
    asks_to_change,
    display_phone,
    field_named,
    normalize_phone,
    parse_preferred_time,
    phone_region,
    validate_email,
    yes_or_no,
)
from records.booking_people import parse_booking_for, validate_name
from tests.support.domain_text import domain
from tests.support.wording import words

CHECKS = words().form_checks
PATIENTS = CHECKS.whose_name.patient.fill()


@pytest.mark.parametrize(
    ("typed", "e164"),
    [
        ("(602) 555-0134", "+16025550134"),
        ("602 555 0134", "+16025550134"),
        ("602.555.0134", "+16025550134"),
        ("+1 602 555 0134", "+16025550134"),
        ("my number is 602-555-0134", "+16025550134"),
        ("+44 20 7946 0958", "+442079460958"),
        ("+1 (602) 555-0134", "+16025550134"),
        ("602-555-0134 ext. 12", "+16025550134"),
        ("602 555 0134, please call after noon", "+16025550134"),
    ],
)
def test_valid_phone_numbers_are_normalised_to_e164(typed: str, e164: str) -> None:
    check = normalize_phone(typed, "US")
    assert check.ok and check.value == e164


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ("555-0134", CHECKS.phone_too_short.fill()),
        ("123", CHECKS.phone_too_short.fill()),
        ("6025550134111111", CHECKS.phone_too_long.fill()),
        ("(123) 456-7890", CHECKS.phone_not_in_use.fill()),
        ("+999 1234567", CHECKS.phone_country_code.fill(region="US")),
        ("call me maybe", CHECKS.phone_not_a_number.fill()),
        ("1-800-FLOWERS", CHECKS.phone_not_a_number.fill()),
        ("602 555 0134 or 480 555 0199", CHECKS.phone_just_one.fill()),
    ],
)
def test_wrong_phone_numbers_say_what_is_wrong(typed: str, problem: str) -> None:
    check = normalize_phone(typed, "US")
    assert not check.ok and check.value is None
    assert check.problem == problem


def test_phone_region_is_configurable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PHONE_REGION", "gb")
    assert phone_region() == "GB"
    assert normalize_phone("020 7946 0958").value == "+442079460958"
    monkeypatch.setenv("PHONE_REGION", "nowhere")
    assert phone_region() == "US"


def test_display_phone_is_readable() -> None:
    assert display_phone("+16025550134") == "+1 602-555-0134"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("a@b.co", "a@b.co"),
        ("Jane.Doe+appt@Example.COM", "Jane.Doe+appt@example.com"),
        ("my email is jane@example.org.", "jane@example.org"),
        ("skip", NO_EMAIL),
        ("No", NO_EMAIL),
        ("no thanks", NO_EMAIL),
        ("I don't have one", NO_EMAIL),
    ],
)
def test_emails_and_skipping(typed: str, expected: str) -> None:
    assert validate_email(typed).value == expected


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ("jane.example.com", CHECKS.email_needs_at.fill()),
        ("jane@example", CHECKS.email_domain.fill()),
        ("@example.com", CHECKS.email_nothing_before_at.fill()),
        ("a@b@c.com", CHECKS.email_not_right.fill()),
        ("jane..doe@example.com", CHECKS.email_not_right.fill()),
        ("a@example.com b@example.com", CHECKS.email_just_one.fill()),
    ],
)
def test_wrong_emails_say_what_is_wrong(typed: str, problem: str) -> None:
    check = validate_email(typed)
    assert not check.ok and check.problem == problem


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Jane Doe", "Jane Doe"),
        ("  jean-luc   O'Neil ", "jean-luc O'Neil"),
        ("my name is Ana María López", "Ana María López"),
        ("His name is Tom Smith.", "Tom Smith"),
        ("José Ñúñez", "José Ñúñez"),
    ],
)
def test_names_are_tidied(typed: str, expected: str) -> None:
    assert validate_name(typed).value == expected


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ("John 123", CHECKS.name_no_numbers.fill(whose=PATIENTS)),
        ("jane@example.com", CHECKS.name_punctuation.fill()),
        ("yes", CHECKS.name_why.patient.fill()),
        ("x", CHECKS.name_too_short.fill(whose=PATIENTS)),
        ("!!!", CHECKS.name_letters.fill(whose=PATIENTS)),
        ("one two three four five six seven", CHECKS.name_too_long.fill(whose=PATIENTS)),
    ],
)
def test_wrong_names_say_what_is_wrong(typed: str, problem: str) -> None:
    check = validate_name(typed)
    assert not check.ok and check.problem == problem


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("me", FOR_SELF),
        ("for myself", FOR_SELF),
        ("my child", FOR_CHILD),
        ("it's for my daughter", FOR_CHILD),
        ("someone else", FOR_SOMEONE_ELSE),
        ("my husband", FOR_SOMEONE_ELSE),
    ],
)
def test_who_the_appointment_is_for(typed: str, expected: str) -> None:
    assert parse_booking_for(typed).value == expected


def test_who_it_is_for_must_be_clear() -> None:
    check = parse_booking_for("blue")
    assert not check.ok and check.problem == CHECKS.who.fill()


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("any time", "Any time"),
        ("tomorrow after 3pm", "Tomorrow after 3pm"),
        ("mondays or fridays", "Mondays or fridays"),
        ("around 10:30", "Around 10:30"),
    ],
)
def test_preferred_times(typed: str, expected: str) -> None:
    assert parse_preferred_time(typed).value == expected


@pytest.mark.parametrize("button", domain().responses["utter_ask_preferred_time"][0]["buttons"])
def test_the_forms_time_buttons_are_taken_as_they_are(button: dict[str, str]) -> None:
    assert parse_preferred_time(button["payload"]).value == button["payload"]


@pytest.mark.parametrize("typed", ["blah", "I am not sure", "x" * 130])
def test_a_preferred_time_needs_a_day_or_time(typed: str) -> None:
    check = parse_preferred_time(typed)
    assert not check.ok and check.problem


@pytest.mark.parametrize(
    ("typed", "intent", "expected"),
    [
        ("/affirm", "affirm", True),
        ("/deny", "deny", False),
        ("yes please", "greet", True),
        ("no I don't", "greet", False),
        ("banana", "greet", None),
    ],
)
def test_yes_or_no(typed: str, intent: str, expected: bool | None) -> None:
    assert yes_or_no(typed, intent) is expected


@pytest.mark.parametrize(
    ("typed", "field", "change"),
    [
        ("change the phone number", "phone", True),
        ("my email address is wrong", "email", True),
        ("fix the spelling of the name", "patient_name", True),
        ("change the preferred time", "preferred_time", True),
        ("change who it's for", "booking_for", True),
        ("the email", "email", False),
        ("Jane Doe", None, False),
    ],
)
def test_which_detail_to_change(typed: str, field: str | None, change: bool) -> None:
    assert field_named(typed) == field
    assert asks_to_change(typed) is change
