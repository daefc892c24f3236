""""Forget me": the visitor's conversation is deleted after a confirmation; and "is my data
safe?", answered with what is kept and for how long.

`forget_me` → `action_confirm_forgetting` asks (a booking being filled in is stopped first,
data/rules/privacy.yml) → a yes runs `action_forget_conversation`, a no
`action_keep_conversation`. Forgetting deletes the conversation's 👍 / 👎 votes here and sets
FORGET_SLOT, on which the tracker store deletes every stored event of the conversation
instead of saving the turn (addons/tracker_store.py). An appointment request already sent
stays with the appointment team: the reply gives its reference (from this conversation's
`booking_sent` slot, actions/booking_status.py: nothing links a stored request back to a
conversation) and the way to have it deleted. The wording is the domain's
(domain/privacy.yml); nothing here logs a sender id.
"""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.booking import reset_booking_slots
from actions.booking_form import ATTEMPT_SLOT
from actions.booking_status import sent_requests
from core.content import load_content, load_site
from records.conversations import FORGET_SLOT
from records.database import StorageError, conversation_key
from records.retention import DEFAULTS, Retention, SettingError
from records.votes import delete_votes_of

logger = logging.getLogger(__name__)


def booking_in_progress(tracker: Tracker) -> bool:
    """An appointment request started and not yet sent or cancelled (both clear the attempt)."""
    return bool(tracker.get_slot(ATTEMPT_SLOT))


class ActionConfirmForgetting(Action):
    def name(self) -> str:
        return "action_confirm_forgetting"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: dict[str, Any]) -> list[dict[str, Any]]:
        with_booking = booking_in_progress(tracker)
        dispatcher.utter_message(response="utter_confirm_forgetting_with_booking" if with_booking
                                 else "utter_confirm_forgetting")
        return []


class ActionForgetConversation(Action):
    def name(self) -> str:
        return "action_forget_conversation"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: dict[str, Any]) -> list[dict[str, Any]]:
        try:
            delete_votes_of(conversation_key(tracker.sender_id or ""))
        except StorageError as error:  # they hold no text of the visitor's; retention removes them
            logger.error("Could not delete a forgotten conversation's votes: %s", error)
        dispatcher.utter_message(response="utter_conversation_forgotten")
        references = [request.reference for request in sent_requests(tracker)]
        if references:
            site = load_site()
            dispatcher.utter_message(response="utter_booking_request_stays", references=", ".join(references),
                                     hospital=site.hospital, appointment_line=site.call_us())
        return [SlotSet(FORGET_SLOT, True)]


class ActionKeepConversation(Action):
    def name(self) -> str:
        return "action_keep_conversation"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: dict[str, Any]) -> list[dict[str, Any]]:
        dispatcher.utter_message(response="utter_conversation_kept")
        if not booking_in_progress(tracker):
            return []
        # The form was stopped to ask; what was typed into it is not kept either.
        dispatcher.utter_message(response="utter_booking_stopped", buttons=[load_site().wording.booking_button()])
        return reset_booking_slots()


def retention_now() -> Retention:
    """The periods `make purge` uses here; a bad setting (which stops the purge) says the defaults."""
    try:
        return Retention.from_env()
    except SettingError:
        return Retention(*DEFAULTS.values())


class ActionExplainPrivacy(Action):
    """"Is my data safe?": what is kept, for how long, and how to have it deleted."""

    def name(self) -> str:
        return "action_explain_privacy"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: dict[str, Any]) -> list[dict[str, Any]]:
        content = load_content()
        retention = retention_now()
        forget = {"title": content.title_for("forget_me") or "", "payload": "/forget_me"}
        dispatcher.utter_message(
            response="utter_privacy_explained", buttons=[forget],
            conversation_days=str(retention.conversation_days), booking_days=str(retention.booking_days),
            idle_minutes=str(content.site.privacy.session_idle_minutes),
            delete_control=content.site.privacy.widget["delete_button"],
        )
        return []
