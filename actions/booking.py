"""The appointment request: a Rasa form (`booking_form`) and the actions around it.

Flow: `action_start_booking` (fresh slots, a new attempt id) → `booking_form` asks who it is
for, the patient's name, a phone number, an optional email, a preferred time and consent to
be contacted, then shows a summary (`action_ask_booking_confirmed`) → `action_submit_booking`
stores it and gives a reference code. `cancel_booking` at any point → `action_cancel_booking`
(rules in data/rules/booking.yml), and nothing is stored.

`validate_booking_form` checks every answer (actions/validators.py) and, in one place for
every question of the form, handles what is not an answer: a request to change an earlier
detail, or a question about ALL, which is answered before the form asks again. This keeps
the rules to a handful instead of one per intent and form step.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.items import item_reply
from core.content import load_content, load_site
from core.replies import answer
from core.site import Site
from records.booking_fields import (
    BOOKING_FOR_LABELS,
    FIELD_LABELS,
    FIELDS,
    NO_EMAIL,
    Check,
    asks_to_change,
    display_phone,
    field_named,
    normalize_phone,
    parse_booking_for,
    parse_preferred_time,
    validate_email,
    validate_name,
    yes_or_no,
)
from records.bookings import BookingRequest, idempotency_key, store_request
from records.database import StorageError

logger = logging.getLogger(__name__)

FORM = "booking_form"
ATTEMPT_SLOT = "booking_attempt"
CONSENT_SLOT = "contact_consent"
CONFIRMED_SLOT = "booking_confirmed"
BOOKING_SLOTS = (*FIELDS, CONSENT_SLOT, CONFIRMED_SLOT, ATTEMPT_SLOT)

# Below this NLU confidence a message inside the form is taken as an answer, not a question.
QUESTION_CONFIDENCE = 0.7
CHANGE_CONFIDENCE = 0.6
_QUESTION_WORDS = ("what", "whats", "what's", "how", "who", "why", "when", "where", "which", "is", "are",
                   "can", "could", "do", "does", "should", "would", "tell", "explain", "was")

CANCEL_BUTTON = {"title": "Cancel", "payload": "/cancel_booking"}
CONFIRM_BUTTONS = (
    {"title": "Yes, send it", "payload": "/affirm"},
    {"title": "Change something", "payload": "/change_booking_detail"},
    CANCEL_BUTTON,
)
# Plain-text payloads: they go through the same checks as typing them.
FIELD_BUTTONS = {
    "booking_for": {"title": "Who it's for", "payload": "change who it's for"},
    "patient_name": {"title": "Name", "payload": "change the name"},
    "phone": {"title": "Phone number", "payload": "change the phone number"},
    "email": {"title": "Email", "payload": "change the email"},
    "preferred_time": {"title": "Preferred time", "payload": "change the preferred time"},
}
CHANGE_BUTTONS = (*FIELD_BUTTONS.values(), {"title": "Nothing, send it", "payload": "/affirm"}, CANCEL_BUTTON)


def reset_booking_slots() -> list[dict[str, Any]]:
    return [SlotSet(slot, None) for slot in BOOKING_SLOTS]


def _intent(tracker: Tracker) -> tuple[str, float]:
    intent = tracker.latest_message.get("intent") or {}
    return str(intent.get("name") or ""), float(intent.get("confidence") or 0.0)


def _text(value: Any) -> str:
    return str(value).strip()


def looks_like_question(text: str) -> bool:
    words = text.lower().split()
    return text.startswith("/") or text.rstrip().endswith("?") or (bool(words) and words[0] in _QUESTION_WORDS)


def appointment_line() -> str:
    """The page's own call-to-action line about appointment speed, word for word."""
    lines = [line for line in load_content().page.source.call_to_action if "appointment" in line.lower()]
    return lines[0] if lines else ""


def _answer_question(intent: str, dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    """A question asked in the middle of the form gets its answer (without quick replies)."""
    content = load_content()
    answer_map = content.answers
    if intent in answer_map.questions:
        # About the one thing named ("is a nosebleed a symptom?") when there is one.
        text = (item_reply(intent, tracker.latest_message) or answer(content, intent)).text
    elif intent in ("out_of_scope", "nlu_fallback"):
        text = "I can't help with that here."
    else:
        topic = answer_map.not_covered.get(intent, "that question")
        text = (f"Our page doesn't cover {topic}, so I can't answer it here; "
                "the doctor at your appointment can talk it through with you.")
    dispatcher.utter_message(text=f"{text}\n\nNow, back to your appointment request.")


def handle_interruption(slot: str, text: str, dispatcher: CollectingDispatcher, tracker: Tracker,
                        parse: Callable[[str], Check] | None = None) -> dict[str, Any] | None:
    """Slot updates when the message is a change request or a question, else None (an answer)."""
    intent, confidence = _intent(tracker)
    change = (intent == "change_booking_detail" and confidence >= CHANGE_CONFIDENCE) or (
        asks_to_change(text) and field_named(text) is not None
    )
    if change:
        field = field_named(text)
        if field == slot or (field is None and parse is not None and parse(text).ok):
            # "Actually, Monday morning" answers the question being asked (or gets told why not).
            return None
        if field is None:
            answered = [FIELD_BUTTONS[f] for f in FIELDS if tracker.get_slot(f) is not None and f != slot]
            if answered:
                dispatcher.utter_message(text="Which detail would you like to change?", buttons=answered)
            return {slot: None}
        dispatcher.utter_message(text=f"Sure, let's change {FIELD_LABELS[field]}.")
        return {slot: None, field: None, CONFIRMED_SLOT: None}
    answer_map = load_content().answers
    askable = set(answer_map.questions) | set(answer_map.not_covered)
    if intent in askable and confidence >= QUESTION_CONFIDENCE and looks_like_question(text):
        _answer_question(intent, dispatcher, tracker)
        return {slot: None}
    return None


def _validated(slot: str, value: Any, parse: Callable[[str], Check], dispatcher: CollectingDispatcher,
               tracker: Tracker) -> dict[str, Any]:
    if value is None:  # cleared (e.g. by action_start_booking), not answered: nothing to check
        return {slot: None}
    text = _text(value)
    interrupted = handle_interruption(slot, text, dispatcher, tracker, parse)
    if interrupted is not None:
        return interrupted
    check = parse(text)
    if check.ok:
        return {slot: check.value}
    intent, confidence = _intent(tracker)
    already = intent == "request_appointment" and confidence >= QUESTION_CONFIDENCE
    prefix = "We're already putting your appointment request together. " if already else ""
    dispatcher.utter_message(text=f"{prefix}{check.problem}")
    return {slot: None}


class ValidateBookingForm(FormValidationAction):
    """Checks each answer of `booking_form`; a wrong one is asked again with the reason."""

    def name(self) -> str:
        return "validate_booking_form"

    async def required_slots(self, domain_slots: list[str], dispatcher: CollectingDispatcher,
                              tracker: Tracker, domain: dict[str, Any]) -> list[str]:
        # Without consent nothing is sent, so there is nothing to confirm: the form ends and
        # action_submit_booking explains.
        if tracker.get_slot(CONSENT_SLOT) is False:
            return [s for s in domain_slots if s != CONFIRMED_SLOT]
        return domain_slots

    def validate_booking_for(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                             domain: dict[str, Any]) -> dict[str, Any]:
        return _validated("booking_for", value, parse_booking_for, dispatcher, tracker)

    def validate_patient_name(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                              domain: dict[str, Any]) -> dict[str, Any]:
        return _validated("patient_name", value, validate_name, dispatcher, tracker)

    def validate_phone(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                       domain: dict[str, Any]) -> dict[str, Any]:
        return _validated("phone", value, normalize_phone, dispatcher, tracker)

    def validate_email(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                       domain: dict[str, Any]) -> dict[str, Any]:
        return _validated("email", value, validate_email, dispatcher, tracker)

    def validate_preferred_time(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                domain: dict[str, Any]) -> dict[str, Any]:
        return _validated("preferred_time", value, parse_preferred_time, dispatcher, tracker)

    def validate_contact_consent(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                 domain: dict[str, Any]) -> dict[str, Any]:
        if value is None or isinstance(value, bool):  # cleared, or already decided
            return {CONSENT_SLOT: value}
        text = _text(value)
        interrupted = handle_interruption(CONSENT_SLOT, text, dispatcher, tracker)
        if interrupted is not None:
            return interrupted
        consent = yes_or_no(text, _intent(tracker)[0])
        if consent is None:
            dispatcher.utter_message(text="Please answer yes or no.")
            return {CONSENT_SLOT: None}
        return {CONSENT_SLOT: consent}

    def validate_booking_confirmed(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                   domain: dict[str, Any]) -> dict[str, Any]:
        if value is None or isinstance(value, bool):
            return {CONFIRMED_SLOT: value}
        text = _text(value)
        intent = _intent(tracker)[0]
        field = field_named(text)
        if field is not None and not looks_like_question(text):
            # At the summary, naming a detail ("the phone number") is enough to change it.
            dispatcher.utter_message(text=f"Sure, let's change {FIELD_LABELS[field]}.")
            return {CONFIRMED_SLOT: None, field: None}
        if intent == "change_booking_detail" or yes_or_no(text, intent) is False:
            return {CONFIRMED_SLOT: None}  # action_ask_booking_confirmed asks which detail
        interrupted = handle_interruption(CONFIRMED_SLOT, text, dispatcher, tracker)
        if interrupted is not None:
            return interrupted
        if yes_or_no(text, intent):
            return {CONFIRMED_SLOT: True}
        dispatcher.utter_message(text="Please choose: send the request, change something, or cancel.")
        return {CONFIRMED_SLOT: None}


def summary_text(tracker: Tracker, site: Site) -> str:
    email = tracker.get_slot("email")
    lines = [
        "Please check your appointment request:",
        f"• For: {BOOKING_FOR_LABELS.get(tracker.get_slot('booking_for'), '-')}",
        f"• Patient's name: {tracker.get_slot('patient_name')}",
        f"• Phone: {display_phone(str(tracker.get_slot('phone')))}",
        f"• Email: {'not given' if email in (None, NO_EMAIL) else email}",
        f"• Preferred time: {tracker.get_slot('preferred_time')}",
        f"Shall I send it to the appointment team at {site.hospital}?",
    ]
    return "\n".join(lines)


class ActionAskBookingConfirmed(Action):
    """The summary with send / change / cancel; after a "no", which detail to change."""

    def name(self) -> str:
        return "action_ask_booking_confirmed"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: dict[str, Any]) -> list[dict[str, Any]]:
        intent = _intent(tracker)[0]
        text = str(tracker.latest_message.get("text") or "")
        wants_change = intent == "change_booking_detail" or (
            tracker.get_slot("requested_slot") == CONFIRMED_SLOT and yes_or_no(text, intent) is False
        )
        if wants_change and field_named(text) is None:
            dispatcher.utter_message(text="What would you like to change?", buttons=list(CHANGE_BUTTONS))
        else:
            dispatcher.utter_message(text=summary_text(tracker, load_site()), buttons=list(CONFIRM_BUTTONS))
        return []


def _request_from(tracker: Tracker) -> BookingRequest:
    email = tracker.get_slot("email")
    return BookingRequest(
        booking_for=str(tracker.get_slot("booking_for")),
        patient_name=str(tracker.get_slot("patient_name")),
        phone=str(tracker.get_slot("phone")),
        email=None if email in (None, NO_EMAIL) else str(email),
        preferred_time=str(tracker.get_slot("preferred_time")),
        consent=True,
    )


class ActionStartBooking(Action):
    """Start a request from nothing: slots left from an earlier request must not pre-fill it."""

    def name(self) -> str:
        return "action_start_booking"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: dict[str, Any]) -> list[dict[str, Any]]:
        site = load_site()
        dispatcher.utter_message(text=(
            # The page's own promise about how soon ("Appointments in as little as 24 hrs.").
            f"{appointment_line()} "
            f"I can send an appointment request to the appointment team at {site.hospital}. "
            "I'll ask who it's for, a name, a phone number and a good time; "
            "you can say \"cancel\" at any point. "
            f"If you'd rather talk to someone now, you can {site.call_us()}."
        ))
        return [*reset_booking_slots(), SlotSet(ATTEMPT_SLOT, uuid.uuid4().hex)]


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
        try:
            reference = store_request(_request_from(tracker), idempotency_key(tracker.sender_id, attempt))
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
        return reset_booking_slots()


class ActionCancelBooking(Action):
    """Stop the request: clear what was typed and say that nothing was stored."""

    def name(self) -> str:
        return "action_cancel_booking"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: dict[str, Any]) -> list[dict[str, Any]]:
        site = load_site()
        if tracker.get_slot(ATTEMPT_SLOT):
            text = ("Okay, I've cancelled your appointment request. Nothing was saved or sent. "
                    f"If you change your mind, just ask to book an appointment, or {site.call_us()}.")
        else:
            text = "There's no appointment request in progress. Is there anything else you'd like to know about ALL?"
        dispatcher.utter_message(text=text)
        return reset_booking_slots()
