"""Reaching a person: "can I talk to a human / a nurse?", "are you a bot?", "what's your
phone number?". There is no live chat, and the assistant says so; then it gives the
appointment line (APPOINTMENT_PHONE, never an invented number) and offers to take an
appointment request, after which the appointment team calls back.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from core.content import load_content, load_site
from core.conversation import People
from core.replies import Reply
from core.site import Site


def people_words() -> People:
    """The words of content/conversation.yml, `people`."""
    return load_content().conversation.people


def person_reply(site: Site) -> Reply:
    """"Can I talk to a human?" and "are you a bot?" want the same thing: to know whether a
    person is there, and how to reach one."""
    return Reply(site.say(people_words().person), (site.wording.booking_button(),))


def phone_reply(site: Site) -> Reply:
    words = people_words()
    return Reply(site.say(words.phone if site.phone else words.no_phone), (site.wording.booking_button(),))


class ActionOfferAPerson(Action):
    """"Talk to a human" and "are you a bot?": honest, then the way to a person."""

    def name(self) -> str:
        return "action_offer_a_person"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        dispatcher.utter_message(**person_reply(load_site()).as_message())
        return []


class ActionGivePhoneNumber(Action):
    """"What's your phone number?", "how do I call you?"."""

    def name(self) -> str:
        return "action_give_phone_number"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        dispatcher.utter_message(**phone_reply(load_site()).as_message())
        return []
