"""What the booking actions' tests share: the domain as the action server gets it, a filled
request, and running the form's validation as Rasa does after an answer."""

from __future__ import annotations

import asyncio
from typing import Any

from rasa.shared.core.domain import Domain
from rasa_sdk.executor import CollectingDispatcher

from actions.booking_form import ValidateBookingForm
from tests.support.trackers import make_tracker
from tools.common.paths import PROJECT_DIR

DOMAIN = Domain.load(str(PROJECT_DIR / "domain")).as_dict()
PHONE = "(602) 555-0134"
FILLED = {
    "booking_for": "child", "patient_name": "Jane Doe", "contact_name": "Sam Doe", "phone": "+16025550134",
    "email": "none",
    "preferred_time": "Weekday morning", "contact_consent": True, "booking_confirmed": True,
    "booking_attempt": "attempt-1",
}


def texts(dispatcher: CollectingDispatcher) -> str:
    return "\n".join(m.get("text") or "" for m in dispatcher.messages)


def slot_events(events: list[dict[str, Any]]) -> dict[str, Any]:
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def validate(slot: str, text: str, dispatcher: CollectingDispatcher, intent: str = "inform_guess",
             confidence: float = 0.4, slots: dict[str, Any] | None = None) -> dict[str, Any]:
    """Run the form's validation action as Rasa does after the visitor answered `slot`."""
    tracker = make_tracker(intent, text, slots={**(slots or {}), "requested_slot": slot},
                           events=[{"event": "slot", "name": slot, "value": text}],
                           active_loop={"name": "booking_form"})
    tracker.latest_message["intent"]["confidence"] = confidence
    tracker.latest_message["intent_ranking"][0]["confidence"] = confidence
    events = asyncio.run(ValidateBookingForm().run(dispatcher, tracker, DOMAIN))
    return slot_events(events)
