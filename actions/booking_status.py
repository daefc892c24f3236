"""Did my appointment request go through? The requests this conversation sent, and their references.

When the database has committed a request, action_submit_booking notes its reference and
the time in the `booking_sent` slot. The conversation itself (Rasa's SQL tracker store) then
answers "did my request go through?" or "what's my reference?" in the same conversation,
after a reload of the page and after a server restart, and nothing links the stored request
back to the conversation. Once the conversation is gone (a new session after a long pause,
or deleted by the visitor), the slot is too: the reply then never says that no request
exists, only that this conversation holds none, and how the appointment team can check.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from core.content import load_site
from core.replies import format_date
from core.site import Site

SENT_SLOT = "booking_sent"
MAX_REMEMBERED = 5  # more requests than this from one conversation are not plausible


@dataclass(frozen=True)
class SentRequest:
    reference: str
    sent_at: dt.datetime  # UTC


def sent_requests(tracker: Tracker) -> list[SentRequest]:
    """The requests sent in this conversation, oldest first (malformed entries are skipped)."""
    found = []
    for entry in tracker.get_slot(SENT_SLOT) or []:
        try:
            sent_at = dt.datetime.fromisoformat(str(entry["sent_at"])).astimezone(dt.timezone.utc)
            found.append(SentRequest(str(entry["reference"]), sent_at))
        except (KeyError, TypeError, ValueError):
            continue
    return found


def remember_sent(tracker: Tracker, reference: str, sent_at: dt.datetime) -> SlotSet:
    """The slot event that adds a stored request (once, however often it is confirmed)."""
    kept = [r for r in sent_requests(tracker) if r.reference != reference]
    kept.append(SentRequest(reference, sent_at))
    return SlotSet(SENT_SLOT, [{"reference": r.reference, "sent_at": r.sent_at.isoformat()}
                               for r in kept[-MAX_REMEMBERED:]])


def _count(number: int, unit: str) -> str:
    return f"{number} {unit}{'' if number == 1 else 's'} ago"


def how_long_ago(sent_at: dt.datetime, now: dt.datetime) -> str:
    seconds = max(0, int((now - sent_at).total_seconds()))
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        return _count(seconds // 60, "minute")
    if seconds < 86400:
        return _count(seconds // 3600, "hour")
    return _count(seconds // 86400, "day")


def when_sent(sent_at: dt.datetime, site: Site, now: dt.datetime) -> str:
    """"12 minutes ago (November 29, 2026 at 11:45 PM EST)", in the hospital's time zone."""
    local = sent_at.astimezone(site.timezone)
    clock = local.strftime("%I:%M %p").lstrip("0")
    return f"{how_long_ago(sent_at, now)} ({format_date(local.date())} at {clock} {local.tzname()})"


def sent_text(sent: list[SentRequest], site: Site, now: dt.datetime) -> str:
    """Which requests went through, when, and their references (newest last)."""
    if len(sent) == 1:
        request = sent[0]
        return (f"Yes, your appointment request went through: it was sent {when_sent(request.sent_at, site, now)}. "
                f"Your reference is {request.reference}.")
    listed = "; ".join(f"{r.reference}, sent {when_sent(r.sent_at, site, now)}" for r in sent)
    return f"Yes, your {len(sent)} appointment requests went through. Their references: {listed}."


def not_found_text(site: Site) -> str:
    return (
        "I can't see an appointment request sent from this conversation. If you sent one earlier, for "
        "example before a long pause or before the conversation was deleted, it is still with our "
        f"appointment team: please {site.call_us()} and they can check it for you."
    )


def status_during_form(tracker: Tracker, site: Site, now: dt.datetime | None = None) -> str:
    """Asked while a new request is being filled in: it is not sent yet (and earlier ones were)."""
    text = "This request hasn't been sent yet: I'll send it once you've checked the summary and said yes."
    sent = sent_requests(tracker)
    if sent:
        text += " " + sent_text(sent, site, now or dt.datetime.now(dt.timezone.utc)).replace(
            "Yes, your", "Your earlier", 1)
    return text


def no_change_here(tracker: Tracker, site: Site, what: str) -> tuple[str, list[dict[str, str]]]:
    """A cancel or change asked when no request is being filled in (`what`: "cancel", "change")."""
    sent = sent_requests(tracker)
    if sent:
        reference = sent[-1].reference
        return (f"Your appointment request {reference} has already been sent to our team, so I can't "
                f"{what} it here. To {what} it, please {site.call_us()} and give your reference, {reference}."), []
    return ("You're not in the middle of an appointment request here. A request you sent before stays "
            f"with our team; to {what} it, please {site.call_us()}. Would you like to request an appointment?",
            [site.wording.booking_button()])


class ActionBookingStatus(Action):
    """"Did my request go through?", and a cancel or change asked outside the form."""

    def name(self) -> str:
        return "action_booking_status"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: dict[str, Any]) -> list[dict[str, Any]]:
        site = load_site()
        intent = str((tracker.latest_message.get("intent") or {}).get("name") or "")
        if intent == "inform_booking":  # "for my son", "weekday mornings" with no form to answer
            dispatcher.utter_message(text="Would you like to request an appointment? I can send a request to "
                                          f"the appointment team at {site.hospital}.",
                                     buttons=[site.wording.booking_button()])
            return []
        if intent in ("cancel_booking", "change_booking_detail"):
            text, buttons = no_change_here(tracker, site, "cancel" if intent == "cancel_booking" else "change")
            dispatcher.utter_message(text=text, buttons=buttons)
            return []
        sent = sent_requests(tracker)
        if sent:
            dispatcher.utter_message(text=(
                f"{sent_text(sent, site, dt.datetime.now(dt.timezone.utc))} Our appointment team will contact "
                f"you to arrange it. If you have a question before then, you can {site.call_us()}."
            ))
        else:
            dispatcher.utter_message(text=not_found_text(site), buttons=[site.wording.booking_button()])
        return []
