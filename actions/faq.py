"""Answers to the questions the page covers, built from the structured content.

One action answers every page question (content/answers.yml). Before answering it works out
which question the message asks in this conversation (actions/follow_ups.py: "and for
kids?"), whether the page only half answers it (actions/half_answers.py: "how long …?"), and
it says plainly when another disease was named next to ALL ("ALL vs AML"). Every answer ends
with where it comes from (the page section and its date), and every few answers asks
"Was this helpful?".
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.feedback import ask_for_feedback
from actions.follow_ups import FOLLOW_UP_INTENT, LAST_TOPIC_SLOT, resolve_question
from actions.half_answers import half_answer
from actions.items import item_reply, join, named_terms
from core.content import Content, load_content, load_site
from core.replies import Reply, answer, answer_source, topic_buttons


def latest_intent(tracker: Tracker) -> str:
    return (tracker.latest_message.get("intent") or {}).get("name") or ""


def other_diseases(message: dict[str, Any], content: Content) -> list[str]:
    """The diseases other than ALL named in the message (not negated), as content/synonyms.yml
    writes them ("Hodgkin lymphoma": a name keeps its capital)."""
    return [n.term.canonical for n in named_terms(message.get("entities") or [], content.vocabulary)
            if n.term.kind == "disease" and not n.term.on_page and not n.negated]


def page_reply(question: str, message: dict[str, Any], content: Content, retargeted: bool) -> Reply:
    """The page's answer, or a half answer when it lacks what was asked for."""
    site = load_site()
    reply = half_answer(question, message, content, site)
    if reply is None and not retargeted:
        # About the one thing named ("is a nosebleed a symptom?") when there is one.
        reply = item_reply(question, message)
    reply = reply or answer(content, question)
    others = other_diseases(message, content)
    if others:
        note = content.conversation.answers.other_diseases_note.fill(diseases=join(others, "or"))
        reply = Reply(f"{reply.text}\n{note}", reply.buttons)
    return reply


class ActionAnswerQuestion(Action):
    """One action for every question type listed in content/answers.yml."""

    def name(self) -> str:
        return "action_answer_question"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        content = load_content()
        message = tracker.latest_message
        resolved = resolve_question(message, tracker.get_slot(LAST_TOPIC_SLOT), content)
        if resolved is None:
            if latest_intent(tracker) == FOLLOW_UP_INTENT:  # "any others?" with nothing before it
                ActionShowCapabilities().offer(dispatcher, content.conversation.answers.which_topic.fill())
            else:
                dispatcher.utter_message(response="utter_default")
            return []
        question = resolved.question
        retargeted = resolved.follows_up or question != latest_intent(tracker)
        dispatcher.utter_message(**page_reply(question, message, content, retargeted).as_message())
        source = answer_source(content, question)
        if source is not None:
            dispatcher.utter_message(**source)
        ask_for_feedback(dispatcher, tracker.events)
        return [SlotSet(LAST_TOPIC_SLOT, question)]


class ActionShowCapabilities(Action):
    """What the assistant covers: the page's answered sections (the response is generated from the
    content), with a quick reply for each and one for booking."""

    def name(self) -> str:
        return "action_show_capabilities"

    def offer(self, dispatcher: CollectingDispatcher, intro: str = "") -> None:
        content = load_content()
        buttons = topic_buttons(content)
        if intro:
            dispatcher.utter_message(text=intro)
        dispatcher.utter_message(response="utter_capabilities", buttons=[*buttons, content.site.booking_button()])

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        self.offer(dispatcher)
        return []
