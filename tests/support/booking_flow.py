"""The appointment request (issue 4's booking_form) as the reliability tests drive it."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from tests.support.domain_text import said_when
from tests.support.wording import pattern, words

BOOKING = words().booking
# (what the visitor types, the reply that asks for the next thing: the form's questions are
# domain responses, the summary is the action's)
STEPS = [
    ("I'd like to book an appointment", said_when("utter_ask_booking_for", patient_name=None)),
    ("my child", said_when("utter_ask_patient_name", booking_for="child")),
    ("Jane Doe", said_when("utter_ask_contact_name", booking_for="child")),
    ("Sam Doe", said_when("utter_ask_phone")),
    ("602 555 0134", said_when("utter_ask_email")),
    ("skip", said_when("utter_ask_preferred_time")),
    ("Weekday morning", said_when("utter_ask_contact_consent")),
    ("/affirm", BOOKING.summary.title.fill()),
]
# The slot each step's answer fills (the first step starts the form).
STEP_SLOTS = [None, "booking_for", "patient_name", "contact_name", "phone", "email", "preferred_time",
              "contact_consent"]
SUMMARY_SHOWS = [BOOKING.who_labels.child.fill(), "Jane Doe", "Sam Doe", "+1 602-555-0134", "Weekday morning"]
SEND = "/affirm"
# The confirmation once the request is stored: match.group("reference") is its reference.
REFERENCE = pattern(BOOKING.sent)


def stored_bookings(database_url: str, reference: str) -> list[dict[str, Any]]:
    """The booking database's rows with this reference (issue 4's `booking_requests` table)."""
    engine = sa.create_engine(database_url)
    try:
        with engine.connect() as db:
            rows = db.execute(sa.text("SELECT * FROM booking_requests WHERE reference = :r"), {"r": reference})
            return [dict(row._mapping) for row in rows]
    finally:
        engine.dispose()
