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

from core.content import load_content, load_site
from core.conversation import BookingStatus
from core.replies import format_date
from core.site import Site

SENT_SLOT = "booking_sent"
MAX_REMEMBERED = 5  # more requests than this from one conversation are not plausible


@dataclass(frozen=True)
class SentRequest:
    reference: str
    sent_at: dt.datetime  # UTC


def status_words() -> BookingStatus:
    return load_content().conversation.booking_status


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


def how_long_ago(sent_at: dt.datetime, now: dt.datetime) -> str:
    ago = status_words().ago
    seconds = max(0, int((now - sent_at).total_seconds()))
    if seconds < 60:
        return ago.just_now.fill()
    units = ((86400, ago.day, ago.days), (3600, ago.hour, ago.hours), (60, ago.minute, ago.minutes))
    size, one, many = next(unit for unit in units if seconds >= unit[0])
    count = seconds // size
    return (one if count == 1 else many).fill(count=str(count))


def when_sent(sent_at: dt.datetime, site: Site, now: dt.datetime) -> str:
    """"12 minutes ago (November 29, 2026 at 11:45 PM EST)", in the hospital's time zone."""
    local = sent_at.astimezone(site.timezone)
    clock = local.strftime("%I:%M %p").lstrip("0")
    return status_words().when.fill(ago=how_long_ago(sent_at, now), date=format_date(local.date()), clock=clock,
                                    zone=str(local.tzname()))


def sent_text(sent: list[SentRequest], site: Site, now: dt.datetime, earlier: bool = False) -> str:
    """Which requests went through, when, and their references (newest last); `earlier`: asked
    while a new request is being filled in."""
    words = status_words()
    if len(sent) == 1:
        one = words.earlier_one_sent if earlier else words.one_sent
        return one.fill(when=when_sent(sent[0].sent_at, site, now), reference=sent[0].reference)
    listed = "; ".join(words.listed.fill(reference=r.reference, when=when_sent(r.sent_at, site, now)) for r in sent)
    return (words.earlier_many_sent if earlier else words.many_sent).fill(count=str(len(sent)), listed=listed)


def not_found_text(site: Site) -> str:
    return site.say(status_words().not_found)


def status_during_form(tracker: Tracker, site: Site, now: dt.datetime | None = None) -> str:
    """Asked while a new request is being filled in: it is not sent yet (and earlier ones were)."""
    text = status_words().not_sent_yet.fill()
    sent = sent_requests(tracker)
    if sent:
        text += " " + sent_text(sent, site, now or dt.datetime.now(dt.timezone.utc), earlier=True)
    return text


def no_change_here(tracker: Tracker, site: Site, cancel: bool) -> tuple[str, list[dict[str, str]]]:
    """A cancel (or a change) asked when no request is being filled in."""
    words = status_words()
    sent = sent_requests(tracker)
    if sent:
        after_sent = words.cancel_after_sent if cancel else words.change_after_sent
        return site.say(after_sent, reference=sent[-1].reference), []
    outside = words.cancel_outside_form if cancel else words.change_outside_form
    return site.say(outside), [site.wording.booking_button()]


class ActionBookingStatus(Action):
    """"Did my request go through?", and a cancel or change asked outside the form."""

    def name(self) -> str:
        return "action_booking_status"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: dict[str, Any]) -> list[dict[str, Any]]:
        site = load_site()
        intent = str((tracker.latest_message.get("intent") or {}).get("name") or "")
        if intent == "inform_booking":  # "for my son", "weekday mornings" with no form to answer
            dispatcher.utter_message(text=site.say(status_words().offer), buttons=[site.wording.booking_button()])
            return []
        if intent in ("cancel_booking", "change_booking_detail"):
            text, buttons = no_change_here(tracker, site, cancel=intent == "cancel_booking")
            dispatcher.utter_message(text=text, buttons=buttons)
            return []
        sent = sent_requests(tracker)
        if sent:
            said = sent_text(sent, site, dt.datetime.now(dt.timezone.utc))
            dispatcher.utter_message(text=site.say(status_words().team_will_call, sent=said))
        else:
            dispatcher.utter_message(text=not_found_text(site), buttons=[site.wording.booking_button()])
        return []
