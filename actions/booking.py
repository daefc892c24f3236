"""The appointment request: the actions around its form (actions/booking_form.py).

Flow: `action_start_booking` (fresh slots, a new attempt id, and who the request is for when
the visitor already said it) → `booking_form` asks who it is for (unless known), the
patient's name, the contact person's name (when the patient is a child or someone else), a
phone number, an optional email, a preferred time and consent to be contacted, then shows a
summary (`action_ask_booking_confirmed`) → `action_submit_booking` stores it, gives a
reference code and notes it for "did my request go through?" (actions/booking_status.py).
`cancel_booking` at any point → `action_cancel_booking` (rules in data/rules/booking.yml),
and nothing is stored.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.booking_form import (
    ATTEMPT_SLOT,
    BOOKING_SLOTS,
    CANCEL_BUTTON,
    CONFIRMED_SLOT,
    CONSENT_SLOT,
    FORM,
    field_button,
    fields_of,
    latest_intent,
)
from actions.booking_status import no_change_here, remember_sent
from core.content import load_content, load_site
from core.site import Site
from records.booking_fields import (
    BOOKING_FOR_LABELS,
    FOR_CHILD,
    FOR_SELF,
    FOR_SOMEONE_ELSE,
    NO_EMAIL,
    display_phone,
    field_named,
    yes_or_no,
)
from records.booking_people import booking_for_from_conversation
from records.bookings import BookingRequest, idempotency_key, store_request
from records.database import StorageError

logger = logging.getLogger(__name__)

CONFIRM_BUTTONS = (
    {"title": "Yes, send it", "payload": "/affirm"},
    {"title": "Change something", "payload": "/change_booking_detail"},
    CANCEL_BUTTON,
)
# What the widget shows while the summary waits for an answer (the form's state, see the
# questions' metadata in domain/booking.yml).
CONFIRM_METADATA = {"form": {"name": FORM, "step": CONFIRMED_SLOT},
                    "input": {"label": "Your answer", "placeholder": "Send it, change something, or cancel"}}
# What the form will ask, once it knows who the request is for.
_WILL_ASK = {
    None: "I'll ask who it's for, a name, a phone number and a good time",
    FOR_SELF: "It's for you, so I'll ask for your name, a phone number and a good time",
    FOR_CHILD: ("It's for your child, so I'll ask for your child's name and your own, a phone number "
                "and a good time"),
    FOR_SOMEONE_ELSE: ("It's for someone else, so I'll ask for the patient's name and your own, a phone "
                       "number and a good time"),
}


def reset_booking_slots() -> list[dict[str, Any]]:
    return [SlotSet(slot, None) for slot in BOOKING_SLOTS]


def appointment_line() -> str:
    """The page's own call-to-action line about appointment speed, word for word."""
    lines = [line for line in load_content().page.source.call_to_action if "appointment" in line.lower()]
    return lines[0] if lines else ""


def earlier_messages(tracker: Tracker) -> list[str]:
    """What the visitor said in this session before the latest message: not button payloads,
    and not answers to an earlier request's form (a cancelled request never pre-fills the next)."""
    texts: list[str] = []
    in_form = False
    for event in tracker.events:
        kind = event.get("event")
        if kind in ("session_started", "restart"):
            texts, in_form = [], False
        elif kind == "active_loop":
            in_form = event.get("name") == FORM
        elif kind == "user" and not in_form:
            texts.append(str(event.get("text") or ""))
    return [t for t in texts[:-1] if not t.startswith("/")]


def summary_text(tracker: Tracker, site: Site) -> str:
    booking_for = tracker.get_slot("booking_for")
    email = tracker.get_slot("email")
    lines = ["Please check your appointment request:",
             f"• For: {BOOKING_FOR_LABELS.get(booking_for, '-')}"]
    patient = "Your child's name" if booking_for == FOR_CHILD else "Patient's name"
    if booking_for == FOR_SELF:
        lines.append(f"• Your name: {tracker.get_slot('patient_name')}")
    else:
        lines.append(f"• {patient}: {tracker.get_slot('patient_name')}")
        lines.append(f"• Your name (who our team asks for): {tracker.get_slot('contact_name')}")
    lines += [
        f"• Phone: {display_phone(str(tracker.get_slot('phone')))}",
        f"• Email: {'not given' if email in (None, NO_EMAIL) else email}",
        f"• Preferred time: {tracker.get_slot('preferred_time')}",
        f"Shall I send it to the appointment team at {site.hospital}?",
    ]
    return "\n".join(lines)


def change_buttons(booking_for: str | None) -> list[dict[str, str]]:
    return [*(field_button(f, booking_for) for f in fields_of(booking_for)),
            {"title": "Nothing, send it", "payload": "/affirm"}, CANCEL_BUTTON]


class ActionAskBookingConfirmed(Action):
    """The summary with send / change / cancel; after a "no", which detail to change."""

    def name(self) -> str:
        return "action_ask_booking_confirmed"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: dict[str, Any]) -> list[dict[str, Any]]:
        intent = latest_intent(tracker)[0]
        text = str(tracker.latest_message.get("text") or "")
        booking_for = tracker.get_slot("booking_for")
        wants_change = intent == "change_booking_detail" or (
            tracker.get_slot("requested_slot") == CONFIRMED_SLOT and yes_or_no(text, intent) is False
        )
        if wants_change and field_named(text, booking_for) is None:
            dispatcher.utter_message(text="What would you like to change?", buttons=change_buttons(booking_for),
                                     metadata=CONFIRM_METADATA)
        else:
            dispatcher.utter_message(text=summary_text(tracker, load_site()), buttons=list(CONFIRM_BUTTONS),
                                     metadata=CONFIRM_METADATA)
        return []


def _request_from(tracker: Tracker) -> BookingRequest:
    email = tracker.get_slot("email")
    booking_for = str(tracker.get_slot("booking_for"))
    contact = tracker.get_slot("contact_name")
    return BookingRequest(
        booking_for=booking_for,
        patient_name=str(tracker.get_slot("patient_name")),
        phone=str(tracker.get_slot("phone")),
        email=None if email in (None, NO_EMAIL) else str(email),
        preferred_time=str(tracker.get_slot("preferred_time")),
        consent=True,
        contact_name=None if booking_for == FOR_SELF or not contact else str(contact),
    )


class ActionStartBooking(Action):
    """Start a request from nothing: slots left from an earlier request must not pre-fill it.

    Who it is for is taken from what the visitor already said ("for my son", "my 4-year-old
    has …"), and only confirmed: the form then skips that question.
    """

    def name(self) -> str:
        return "action_start_booking"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: dict[str, Any]) -> list[dict[str, Any]]:
        site = load_site()
        request = str(tracker.latest_message.get("text") or "")
        who = booking_for_from_conversation(request, earlier_messages(tracker))
        correct = " (if that's not right, say \"change who it's for\")" if who else ""
        dispatcher.utter_message(text=(
            # The page's own promise about how soon ("Appointments in as little as 24 hrs.").
            f"{appointment_line()} "
            f"I can send an appointment request to the appointment team at {site.hospital}. "
            f"{_WILL_ASK[who]}{correct}; you can say \"cancel\" at any point. "
            f"If you'd rather talk to someone now, you can {site.call_us()}."
        ))
        return [*reset_booking_slots(), SlotSet(ATTEMPT_SLOT, uuid.uuid4().hex), SlotSet("booking_for", who)]


class ActionSubmitBooking(Action):
    """Store the confirmed request, then (and only then) give the reference code."""

    def name(self) -> str:
        return "action_submit_booking"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: dict[str, Any]) -> list[dict[str, Any]]:
        site = load_site()
        if tracker.get_slot(CONSENT_SLOT) is not True or tracker.get_slot(CONFIRMED_SLOT) is not True:
            dispatcher.utter_message(text=(
                "Without your agreement to be contacted, our team can't arrange the appointment, so I "
                f"haven't saved or sent anything. If you'd like an appointment, you can {site.call_us()}."
            ))
            return reset_booking_slots()
        attempt = tracker.get_slot(ATTEMPT_SLOT) or uuid.uuid4().hex
        sent_at = dt.datetime.now(dt.timezone.utc)
        try:
            reference = store_request(_request_from(tracker), idempotency_key(tracker.sender_id, attempt),
                                      now=sent_at)
        except StorageError as error:
            logger.error("Appointment request not stored: %s", error)
            dispatcher.utter_message(text=(
                "I'm sorry: because of a technical problem I couldn't save your request, so it has "
                f"NOT been sent. Please {site.call_us()} and our team will help you."
            ))
            return reset_booking_slots()
        line = appointment_line()
        dispatcher.utter_message(text=(
            f"Thank you. Your appointment request has been sent to the appointment team at "
            f"{site.hospital}; they will contact you to arrange it. Your reference is {reference}."
            + (f" As our page says: {line}" if line else "")
            + f" If you have a question before then, you can {site.call_us()}."
        ))
        return [*reset_booking_slots(), remember_sent(tracker, reference, sent_at)]


class ActionCancelBooking(Action):
    """Stop the request: clear what was typed and say that nothing was stored."""

    def name(self) -> str:
        return "action_cancel_booking"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: dict[str, Any]) -> list[dict[str, Any]]:
        site = load_site()
        if tracker.get_slot(ATTEMPT_SLOT):
            dispatcher.utter_message(text=(
                "Okay, I've cancelled your appointment request. Nothing was saved or sent. "
                f"If you change your mind, just ask to book an appointment, or {site.call_us()}."))
        else:
            text, buttons = no_change_here(tracker, site, "cancel")
            dispatcher.utter_message(text=text, buttons=buttons)
        return reset_booking_slots()
