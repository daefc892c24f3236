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
    CONFIRMED_SLOT,
    CONSENT_SLOT,
    FORM,
    booking_words,
    cancel_button,
    field_button,
    fields_of,
    latest_intent,
)
from actions.booking_status import no_change_here, remember_sent
from core.content import load_content, load_site
from core.conversation import Booking
from core.site import Site
from records.booking_fields import (
    FOR_SELF,
    NO_EMAIL,
    display_phone,
    field_named,
    yes_or_no,
)
from records.booking_people import booking_for_from_conversation
from records.bookings import BookingRequest, idempotency_key, store_request
from records.database import StorageError

logger = logging.getLogger(__name__)

FORM_STEP = {"name": FORM, "step": CONFIRMED_SLOT}  # the form's state, as in domain/booking.yml


def confirm_buttons(words: Booking) -> list[dict[str, str]]:
    return [{"title": words.buttons.send.fill(), "payload": "/affirm"},
            {"title": words.buttons.change.fill(), "payload": "/change_booking_detail"}, cancel_button(words)]


def confirm_metadata(words: Booking) -> dict[str, Any]:
    """What the widget shows while the summary waits for an answer (see the questions'
    metadata in domain/booking.yml)."""
    return {"form": FORM_STEP, "input": {"label": words.buttons.answer_label.fill(),
                                         "placeholder": words.buttons.answer_placeholder.fill()}}


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


def summary_text(tracker: Tracker, site: Site, words: Booking) -> str:
    booking_for = tracker.get_slot("booking_for")
    email = tracker.get_slot("email")
    lines = words.summary
    name = str(tracker.get_slot("patient_name"))
    shown = [lines.title.fill(), lines.for_whom.fill(who=words.who_labels.of(booking_for).fill())]
    shown.append(lines.patient_name.of(booking_for).fill(name=name))
    if booking_for != FOR_SELF:
        shown.append(lines.contact_name.fill(name=str(tracker.get_slot("contact_name"))))
    shown += [
        lines.phone.fill(number=display_phone(str(tracker.get_slot("phone")))),
        lines.email.fill(email=lines.no_email.fill() if email in (None, NO_EMAIL) else str(email)),
        lines.preferred_time.fill(time=str(tracker.get_slot("preferred_time"))),
        site.say(lines.question),
    ]
    return "\n".join(shown)


def change_buttons(booking_for: str | None) -> list[dict[str, str]]:
    words = booking_words()
    return [*(field_button(f, booking_for) for f in fields_of(booking_for)),
            {"title": words.buttons.nothing_to_change.fill(), "payload": "/affirm"}, cancel_button(words)]


class ActionAskBookingConfirmed(Action):
    """The summary with send / change / cancel; after a "no", which detail to change."""

    def name(self) -> str:
        return "action_ask_booking_confirmed"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: dict[str, Any]) -> list[dict[str, Any]]:
        intent = latest_intent(tracker)[0]
        text = str(tracker.latest_message.get("text") or "")
        booking_for = tracker.get_slot("booking_for")
        words = booking_words()
        wants_change = intent == "change_booking_detail" or (
            tracker.get_slot("requested_slot") == CONFIRMED_SLOT and yes_or_no(text, intent) is False
        )
        if wants_change and field_named(text, booking_for) is None:
            dispatcher.utter_message(text=words.what_to_change.fill(), buttons=change_buttons(booking_for),
                                     metadata=confirm_metadata(words))
        else:
            dispatcher.utter_message(text=summary_text(tracker, load_site(), words), buttons=confirm_buttons(words),
                                     metadata=confirm_metadata(words))
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
        words = booking_words()
        request = str(tracker.latest_message.get("text") or "")
        who = booking_for_from_conversation(request, earlier_messages(tracker))
        will_ask = words.will_ask.unknown if who is None else words.will_ask.of(who)
        # The page's own promise about how soon ("Appointments in as little as 24 hrs.").
        dispatcher.utter_message(text=load_site().say(words.start, page_promise=appointment_line(),
                                                      will_ask=will_ask.fill()))
        return [*reset_booking_slots(), SlotSet(ATTEMPT_SLOT, uuid.uuid4().hex), SlotSet("booking_for", who)]


class ActionSubmitBooking(Action):
    """Store the confirmed request, then (and only then) give the reference code."""

    def name(self) -> str:
        return "action_submit_booking"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: dict[str, Any]) -> list[dict[str, Any]]:
        site = load_site()
        words = booking_words()
        if tracker.get_slot(CONSENT_SLOT) is not True or tracker.get_slot(CONFIRMED_SLOT) is not True:
            dispatcher.utter_message(text=site.say(words.no_consent))
            return reset_booking_slots()
        attempt = tracker.get_slot(ATTEMPT_SLOT) or uuid.uuid4().hex
        sent_at = dt.datetime.now(dt.timezone.utc)
        try:
            reference = store_request(_request_from(tracker), idempotency_key(tracker.sender_id, attempt),
                                      now=sent_at)
        except StorageError as error:
            logger.error("Appointment request not stored: %s", error)
            dispatcher.utter_message(text=site.say(words.not_saved))
            return reset_booking_slots()
        line = appointment_line()
        promise = words.page_promise.fill(promise=line) if line else ""
        dispatcher.utter_message(text=site.say(words.sent, reference=reference, page_promise=promise))
        return [*reset_booking_slots(), remember_sent(tracker, reference, sent_at)]


class ActionCancelBooking(Action):
    """Stop the request: clear what was typed and say that nothing was stored."""

    def name(self) -> str:
        return "action_cancel_booking"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: dict[str, Any]) -> list[dict[str, Any]]:
        site = load_site()
        if tracker.get_slot(ATTEMPT_SLOT):
            dispatcher.utter_message(text=site.say(booking_words().cancelled))
        else:
            text, buttons = no_change_here(tracker, site, cancel=True)
            dispatcher.utter_message(text=text, buttons=buttons)
        return reset_booking_slots()
