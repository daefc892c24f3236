"""Answers to the questions the page covers, built from the structured content."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.feedback import ask_for_feedback
from actions.items import item_reply
from core.content import load_content
from core.replies import answer, topic_buttons


def latest_intent(tracker: Tracker) -> str:
    return (tracker.latest_message.get("intent") or {}).get("name") or ""


class ActionAnswerQuestion(Action):
    """One action for every question type listed in content/answers.yml."""

    def name(self) -> str:
        return "action_answer_question"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        intent = latest_intent(tracker)
        content = load_content()
        if intent not in content.answers.questions:
            dispatcher.utter_message(response="utter_default")
            return []
        # About the one thing named ("is a nosebleed a symptom?") when there is one.
        reply = item_reply(intent, tracker.latest_message) or answer(content, intent)
        dispatcher.utter_message(**reply.as_message())
        ask_for_feedback(dispatcher)
        return []


class ActionShowCapabilities(Action):
    """What the assistant covers: the page's answered sections (the response is generated from the
    content), with a quick reply for each and one for booking."""

    def name(self) -> str:
        return "action_show_capabilities"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        content = load_content()
        buttons = [*topic_buttons(content), content.site.booking_button()]
        dispatcher.utter_message(response="utter_capabilities", buttons=buttons)
        return []
