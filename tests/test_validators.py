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
    ("typed", "problem_words"),
    [
        ("555-0134", "too short"),
        ("123", "too short"),
        ("6025550134111111", "too many digits"),
        ("(123) 456-7890", "isn't a phone number in use"),
        ("+999 1234567", "country code"),
        ("call me maybe", "doesn't look like a phone number"),
        ("1-800-FLOWERS", "doesn't look like a phone number"),
        ("602 555 0134 or 480 555 0199", "just one phone number"),
    ],
)
def test_wrong_phone_numbers_say_what_is_wrong(typed: str, problem_words: str) -> None:
    check = normalize_phone(typed, "US")
    assert not check.ok and check.value is None
    assert problem_words in check.problem


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
    ("typed", "problem_words"),
    [
        ("jane.example.com", "needs an @"),
        ("jane@example", "domain like example.com"),
        ("@example.com", "missing before the @"),
        ("a@b@c.com", "doesn't look right"),
        ("jane..doe@example.com", "doesn't look right"),
        ("a@example.com b@example.com", "just one"),
    ],
)
def test_wrong_emails_say_what_is_wrong(typed: str, problem_words: str) -> None:
    check = validate_email(typed)
    assert not check.ok and problem_words in check.problem


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
    ("typed", "problem_words"),
    [
        ("John 123", "numbers"),
        ("jane@example.com", "using letters"),
        ("yes", "I need the patient's name"),
        ("x", "too short"),
        ("!!!", "using letters"),
        ("one two three four five six seven", "too long"),
    ],
)
def test_wrong_names_say_what_is_wrong(typed: str, problem_words: str) -> None:
    check = validate_name(typed)
    assert not check.ok and problem_words in check.problem


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
    assert not check.ok and "you, your child or someone else" in check.problem


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Weekday morning", "Weekday morning"),
        ("any time", "Any time"),
        ("tomorrow after 3pm", "Tomorrow after 3pm"),
        ("mondays or fridays", "Mondays or fridays"),
        ("around 10:30", "Around 10:30"),
    ],
)
def test_preferred_times(typed: str, expected: str) -> None:
    assert parse_preferred_time(typed).value == expected


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
