"""What the assistant says when the page has no answer: say so, and offer a booking."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.answers import BOOKING_BUTTON, Reply, load_answer_map
from actions.faq import latest_intent
from actions.settings import Settings, load_settings

CAPABILITIES_BUTTON = {"title": "What can you answer?", "payload": "/ask_capabilities"}


def not_covered_reply(intent: str, settings: Settings) -> Reply:
    topic = load_answer_map().not_covered.get(intent, "that question")
    text = (
        f"I'm sorry, our page about acute lymphoblastic leukemia doesn't cover {topic}, "
        "so I can't answer it. A doctor at "
        f"{settings.hospital} can: I can take an appointment request, or you can {settings.call_us()}."
    )
    return Reply(text, (BOOKING_BUTTON, CAPABILITIES_BUTTON))


class ActionExplainNotCovered(Action):
    """Out-of-scope questions, low NLU confidence and unpredictable turns all end here."""

    def name(self) -> str:
        return "action_explain_not_covered"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        dispatcher.utter_message(**not_covered_reply(latest_intent(tracker), load_settings()).as_message())
        return []
