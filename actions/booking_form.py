"""The appointment request's form (`booking_form`): its slots and the check of every answer.

`validate_booking_form` checks each answer (records/booking_fields.py, booking_people.py)
and, in one place for every question of the form, handles what is not an answer: a request
to change an earlier detail, a question about ALL (answered before the form asks again), or
"did my request go through?". This keeps the rules to a handful instead of one per intent
and form step. The questions themselves are domain responses (domain/booking.yml), each with
metadata that tells the website widget what kind of answer it expects.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rasa_sdk import FormValidationAction, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.booking_status import status_during_form
from actions.items import item_reply
from core.content import load_content, load_site
from core.conversation import Booking, Details
from core.replies import answer
from core.wording import Template
from records.booking_fields import (
    BOOKING_FOR,
    FIELDS,
    FOR_SELF,
    Check,
    asks_to_change,
    field_named,
    normalize_phone,
    parse_preferred_time,
    validate_email,
    yes_or_no,
)
from records.booking_people import (
    CONTACT,
    looks_like_a_name,
    parse_booking_for,
    same_person,
    validate_name,
    who_problem,
)

FORM = "booking_form"
ATTEMPT_SLOT = "booking_attempt"
CONSENT_SLOT = "contact_consent"
CONFIRMED_SLOT = "booking_confirmed"
BOOKING_SLOTS = (*FIELDS, CONSENT_SLOT, CONFIRMED_SLOT, ATTEMPT_SLOT)
STATUS_INTENT = "ask_booking_status"

# Below this NLU confidence a message inside the form is taken as an answer, not a question.
QUESTION_CONFIDENCE = 0.7
CHANGE_CONFIDENCE = 0.6
_QUESTION_WORDS = ("what", "whats", "what's", "how", "who", "why", "when", "where", "which", "is", "are",
                   "can", "could", "do", "does", "did", "has", "have", "should", "would", "tell", "explain",
                   "was", "were")

# Plain-text payloads: they go through the same checks as typing them.
FIELD_PAYLOADS = {
    "booking_for": "change who it's for",
    "patient_name": "change the patient's name",
    "contact_name": "change my name",
    "phone": "change the phone number",
    "email": "change the email",
    "preferred_time": "change the preferred time",
}


def booking_words() -> Booking:
    return load_content().conversation.booking


def cancel_button(words: Booking) -> dict[str, str]:
    return {"title": words.buttons.cancel.fill(), "payload": "/cancel_booking"}


def _detail(details: Details, field: str, booking_for: str | None) -> str:
    if field == "patient_name":
        return details.patient_name.of(booking_for).fill()
    template: Template = getattr(details, field)
    return template.fill()


def field_label(field: str, booking_for: str | None) -> str:
    """How a reply names a detail: "your child's name" rather than "the patient's name"."""
    return _detail(booking_words().details, field, booking_for)


def fields_of(booking_for: str | None) -> list[str]:
    """The details this request asks for: no contact person when the visitor is the patient."""
    return [f for f in FIELDS if not (f == "contact_name" and booking_for == FOR_SELF)]


def field_button(field: str, booking_for: str | None) -> dict[str, str]:
    return {"title": _detail(booking_words().detail_buttons, field, booking_for), "payload": FIELD_PAYLOADS[field]}


def latest_intent(tracker: Tracker) -> tuple[str, float]:
    intent = tracker.latest_message.get("intent") or {}
    return str(intent.get("name") or ""), float(intent.get("confidence") or 0.0)


def _text(value: Any) -> str:
    return str(value).strip()


def looks_like_question(text: str) -> bool:
    words = text.lower().split()
    return text.startswith("/") or text.rstrip().endswith("?") or (bool(words) and words[0] in _QUESTION_WORDS)


def _answer_question(intent: str, dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    """A question asked in the middle of the form gets its answer (without quick replies)."""
    content = load_content()
    answer_map = content.answers
    words = content.conversation.booking
    if intent == STATUS_INTENT:
        text = status_during_form(tracker, load_site())
    elif intent in answer_map.questions:
        # About the one thing named ("is a nosebleed a symptom?") when there is one.
        text = (item_reply(intent, tracker.latest_message) or answer(content, intent)).text
    elif intent in ("out_of_scope", "nlu_fallback"):
        text = words.cannot_help_here.fill()
    else:
        topic = answer_map.not_covered.get(intent) or content.conversation.not_covered.any_topic.fill()
        text = words.not_covered_here.fill(topic=topic)
    dispatcher.utter_message(text=f"{text}\n\n{words.back_to_the_form.fill()}")


def handle_interruption(slot: str, text: str, dispatcher: CollectingDispatcher, tracker: Tracker,
                        parse: Callable[[str], Check] | None = None) -> dict[str, Any] | None:
    """Slot updates when the message is a change request or a question, else None (an answer)."""
    intent, confidence = latest_intent(tracker)
    booking_for = tracker.get_slot("booking_for")
    field = field_named(text, booking_for)
    change = (intent == "change_booking_detail" and confidence >= CHANGE_CONFIDENCE) or (
        asks_to_change(text) and field is not None
    )
    if change:
        if field == slot or (field is None and parse is not None and parse(text).ok):
            # "Actually, Monday morning" answers the question being asked (or gets told why not).
            return None
        if field is None:
            answered = [field_button(f, booking_for) for f in fields_of(booking_for)
                        if tracker.get_slot(f) is not None and f != slot]
            if answered:
                dispatcher.utter_message(text=booking_words().which_detail.fill(), buttons=answered)
            return {slot: None}
        dispatcher.utter_message(text=booking_words().changing.fill(detail=field_label(field, booking_for)))
        return {slot: None, field: None, CONFIRMED_SLOT: None}
    answer_map = load_content().answers
    askable = {*answer_map.questions, *answer_map.not_covered, STATUS_INTENT}
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
    intent, confidence = latest_intent(tracker)
    already = intent == "request_appointment" and confidence >= QUESTION_CONFIDENCE
    problem = str(check.problem)
    dispatcher.utter_message(text=booking_words().already_started.fill(problem=problem) if already else problem)
    return {slot: None}


class ValidateBookingForm(FormValidationAction):
    """Checks each answer of `booking_form`; a wrong one is asked again with the reason."""

    def name(self) -> str:
        return "validate_booking_form"

    async def required_slots(self, domain_slots: list[str], dispatcher: CollectingDispatcher,
                              tracker: Tracker, domain: dict[str, Any]) -> list[str]:
        slots = list(domain_slots)
        # The visitor is the patient: there is no other person for our team to ask for.
        if tracker.get_slot("booking_for") == FOR_SELF:
            slots.remove("contact_name")
        # Without consent nothing is sent, so there is nothing to confirm: the form ends and
        # action_submit_booking explains.
        if tracker.get_slot(CONSENT_SLOT) is False:
            slots.remove(CONFIRMED_SLOT)
        return slots

    def validate_booking_for(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                             domain: dict[str, Any]) -> dict[str, Any]:
        prefilled = tracker.get_slot("requested_slot") != "booking_for"
        if prefilled and isinstance(value, str) and value in BOOKING_FOR:
            return {"booking_for": value}  # taken from what the visitor said (action_start_booking)
        if value is None:
            return {"booking_for": None}
        text = _text(value)
        interrupted = handle_interruption("booking_for", text, dispatcher, tracker, parse_booking_for)
        if interrupted is not None:
            return interrupted
        check = parse_booking_for(text)
        if check.ok:
            # A request for oneself keeps no contact person's name.
            return {"booking_for": check.value, **({"contact_name": None} if check.value == FOR_SELF else {})}
        name = looks_like_a_name(text) if tracker.get_slot("patient_name") is None else None
        if name:
            # "Jane Doe" is the patient's name: keep it, and ask who Jane Doe is (utter_ask_booking_for).
            return {"booking_for": None, "patient_name": name}
        dispatcher.utter_message(text=who_problem())
        return {"booking_for": None}

    def validate_patient_name(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                              domain: dict[str, Any]) -> dict[str, Any]:
        return _validated("patient_name", value, validate_name, dispatcher, tracker)

    def validate_contact_name(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                              domain: dict[str, Any]) -> dict[str, Any]:
        result = _validated("contact_name", value, lambda text: validate_name(text, CONTACT), dispatcher, tracker)
        if same_person(result.get("contact_name"), tracker.get_slot("patient_name")):
            dispatcher.utter_message(text=booking_words().same_person.fill())
            return {"contact_name": None}
        return result

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
        consent = yes_or_no(text, latest_intent(tracker)[0])
        if consent is None:
            dispatcher.utter_message(text=booking_words().yes_or_no.fill())
            return {CONSENT_SLOT: None}
        return {CONSENT_SLOT: consent}

    def validate_booking_confirmed(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                   domain: dict[str, Any]) -> dict[str, Any]:
        if value is None or isinstance(value, bool):
            return {CONFIRMED_SLOT: value}
        text = _text(value)
        intent = latest_intent(tracker)[0]
        booking_for = tracker.get_slot("booking_for")
        field = field_named(text, booking_for)
        if field is not None and not looks_like_question(text):
            # At the summary, naming a detail ("the phone number") is enough to change it.
            dispatcher.utter_message(text=booking_words().changing.fill(detail=field_label(field, booking_for)))
            return {CONFIRMED_SLOT: None, field: None}
        if intent == "change_booking_detail" or yes_or_no(text, intent) is False:
            return {CONFIRMED_SLOT: None}  # action_ask_booking_confirmed asks which detail
        interrupted = handle_interruption(CONFIRMED_SLOT, text, dispatcher, tracker)
        if interrupted is not None:
            return interrupted
        if yes_or_no(text, intent):
            return {CONFIRMED_SLOT: True}
        dispatcher.utter_message(text=booking_words().send_change_or_cancel.fill())
        return {CONFIRMED_SLOT: None}
