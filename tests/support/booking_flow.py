"""The appointment request (issue 4's booking_form) as the reliability tests drive it."""

from __future__ import annotations

import re
from typing import Any

import sqlalchemy as sa

# (what the visitor types, words of the reply that asks for the next thing)
STEPS = [
    ("I'd like to book an appointment", "Who is the appointment for?"),
    ("my child", "full name?"),
    ("Jane Doe", "your own full name?"),
    ("Sam Doe", "What phone number"),
    ("602 555 0134", "What email address"),
    ("skip", "When would suit you best?"),
    ("Weekday morning", "Do you agree that our appointment team may contact you"),
    ("/affirm", "Please check your appointment request"),
]
# The slot each step's answer fills (the first step starts the form).
STEP_SLOTS = [None, "booking_for", "patient_name", "contact_name", "phone", "email", "preferred_time",
              "contact_consent"]
SUMMARY_SHOWS = ["Your child", "Jane Doe", "Sam Doe", "+1 602-555-0134", "Weekday morning"]
SEND = "/affirm"
REFERENCE = re.compile(r"Your reference is ([A-Z2-9]{6})\.")


def stored_bookings(database_url: str, reference: str) -> list[dict[str, Any]]:
    """The booking database's rows with this reference (issue 4's `booking_requests` table)."""
    engine = sa.create_engine(database_url)
    try:
        with engine.connect() as db:
            rows = db.execute(sa.text("SELECT * FROM booking_requests WHERE reference = :r"), {"r": reference})
            return [dict(row._mapping) for row in rows]
    finally:
        engine.dispose()
