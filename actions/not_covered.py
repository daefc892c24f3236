"""What the assistant says when the page has no answer: say so, and offer a booking."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.faq import latest_intent
from core.content import load_content, load_site
from core.replies import Reply
from core.site import Site


def not_covered_reply(intent: str, site: Site) -> Reply:
    topic = load_content().answers.not_covered.get(intent, "that question")
    text = (
        f"I'm sorry, our page about acute lymphoblastic leukemia doesn't cover {topic}, "
        "so I can't answer it. A doctor at "
        f"{site.hospital} can: I can take an appointment request, or you can {site.call_us()}."
    )
    return Reply(text, (site.wording.booking_button(), site.wording.capabilities_button()))


class ActionExplainNotCovered(Action):
    """Out-of-scope questions, low NLU confidence and unpredictable turns all end here."""

    def name(self) -> str:
        return "action_explain_not_covered"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        dispatcher.utter_message(**not_covered_reply(latest_intent(tracker), load_site()).as_message())
        return []
