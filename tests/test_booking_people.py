"""Who an appointment request is for, from what the visitor already said, and the names in it."""

from __future__ import annotations

import pytest

from core.content import load_content
from records.booking_fields import FOR_CHILD, FOR_SELF, FOR_SOMEONE_ELSE, field_named
from records.booking_people import (
    CONTACT,
    PATIENT,
    booking_for_from_conversation,
    looks_like_a_name,
    mentioned_booking_for,
    same_person,
    validate_name,
)


@pytest.mark.parametrize(
    ("request_text", "expected"),
    [
        ("I'd like to book an appointment for my son", FOR_CHILD),
        ("can my 4 year old see a doctor", FOR_CHILD),
        ("my 4-year-old has bruises, can I book", FOR_CHILD),
        ("an appointment for our 18-month-old please", FOR_CHILD),
        ("I want a second opinion on my daughter's leukemia", FOR_CHILD),
        ("can you book my little boy in", FOR_CHILD),
        ("book an appointment for me", FOR_SELF),
        ("book me in please", FOR_SELF),
        ("i'd like an appointment for myself", FOR_SELF),
        ("make an appointment for my husband", FOR_SOMEONE_ELSE),
        ("my 40 year old brother needs to see someone", FOR_SOMEONE_ELSE),
        ("for my 30-year-old", FOR_SOMEONE_ELSE),
        ("it's for someone else", FOR_SOMEONE_ELSE),
        # Nobody in particular, or two people: the form asks.
        ("book an appointment", None),
        ("can someone call me", None),
        ("i want to see a doctor", None),
        ("what are the symptoms of ALL in children?", None),
        ("an appointment for my son and me", None),
        ("my wife and my daughter", None),
    ],
)
def test_who_a_request_is_for(request_text: str, expected: str | None) -> None:
    assert mentioned_booking_for(request_text) == expected


def test_an_earlier_message_counts_only_for_plain_statements_about_oneself() -> None:
    assert mentioned_booking_for("can you explain that for me?", in_request=False) is None
    assert mentioned_booking_for("I was diagnosed with ALL last week", in_request=False) == FOR_SELF
    assert mentioned_booking_for("my 4 year old has bruises", in_request=False) == FOR_CHILD


def test_the_request_wins_over_earlier_messages_and_the_latest_earlier_one_over_older_ones() -> None:
    earlier = ["my mother was diagnosed last year", "my 4-year-old has bruises", "what is ALL?"]
    assert booking_for_from_conversation("book an appointment", earlier) == FOR_CHILD
    assert booking_for_from_conversation("book an appointment for me", earlier) == FOR_SELF
    assert booking_for_from_conversation("book an appointment", ["what is ALL?"]) is None


@pytest.mark.parametrize(
    ("typed", "name"),
    [("Jane Doe", "Jane Doe"), ("jane doe", "jane doe"), ("Maya", "Maya"), ("my name is Jo Bloggs", "Jo Bloggs"),
     ("banana", None), ("Thanks", None), ("Who?", None), ("yes", None), ("R2D2", None)],
)
def test_a_name_typed_where_who_it_is_for_was_asked(typed: str, name: str | None) -> None:
    assert looks_like_a_name(typed) == name


def test_the_contact_persons_name_is_asked_for_in_their_own_words() -> None:
    assert validate_name("Sam Doe", CONTACT).value == "Sam Doe"
    checks = load_content().conversation.form_checks
    assert validate_name("me", CONTACT).problem == checks.name_why.contact.fill()
    assert validate_name("me", PATIENT).problem == checks.name_why.patient.fill()
    assert validate_name("123", CONTACT).problem == checks.name_letters.fill(whose=checks.whose_name.contact.fill())


def test_same_person_ignores_case_and_spacing() -> None:
    assert same_person("Jane  Doe", "jane doe")
    assert not same_person("Jane Doe", "Sam Doe")
    assert not same_person(None, "Sam Doe")


@pytest.mark.parametrize(
    ("typed", "booking_for", "field"),
    [
        ("change my name", FOR_CHILD, "contact_name"),
        ("change my name", FOR_SOMEONE_ELSE, "contact_name"),
        ("change my name", FOR_SELF, "patient_name"),
        ("change the patient's name", FOR_CHILD, "patient_name"),
        ("fix my child's name", FOR_CHILD, "patient_name"),
    ],
)
def test_my_name_is_the_contact_persons_only_when_the_patient_is_someone_else(
        typed: str, booking_for: str, field: str) -> None:
    assert field_named(typed, booking_for) == field
