"""Safety: never diagnose, and after the emergency message, let the conversation go on.

The emergency message itself is `utter_emergency` in domain.yml, sent by the Rasa server
(data/rules/safety.yml), so it never depends on this action server.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.answers import BOOKING_BUTTON, Reply, load_answer_map
from actions.content import load_page
from actions.items import booking_offer, current_terms, display, join, symptom_list_of
from actions.settings import Settings, load_settings
from pipeline.terms import Term, Vocabulary, load_vocabulary

SYMPTOMS_BUTTON = {"title": "What are the symptoms?", "payload": "/ask_symptoms"}
EMERGENCY_INTENT = "report_emergency"
EMERGENCY_SLOT = "emergency_kind"
# Below this, the intent next to report_emergency was a guess, not the visitor's question.
OTHER_QUESTION_CONFIDENCE = 0.5


def diagnosis_reply(symptoms: list[Term], settings: Settings) -> Reply:
    """Which of the symptoms named the page lists, that only a doctor can tell, and booking.
    Never says whether anyone has ALL."""
    page = load_page()
    listed = [t for t in symptoms if t.on_page and symptom_list_of(page, t) is not None]
    unlisted = [t for t in symptoms if t not in listed]
    lines = ["I can't tell whether someone has ALL: only a doctor can."]
    if listed:
        lines.append(f"Of the symptoms you mention, our page lists {join([display(t) for t in listed])} "
                     "among the possible signs of ALL.")
    if unlisted:
        names = join([display(t) for t in unlisted], "or")
        lines.append(f"It doesn't list {names}." if listed
                     else f"Our page doesn't list {names} among the symptoms of ALL.")
    lines.append("These symptoms are common in many other illnesses too." if symptoms
                 else "The symptoms of ALL are common in many other illnesses too.")
    lines.append(booking_offer(settings))
    return Reply(" ".join(lines), (BOOKING_BUTTON, SYMPTOMS_BUTTON))


def symptoms_in_session(tracker: Tracker, vocabulary: Vocabulary) -> list[Term]:
    """The symptoms of the latest message; if it names none, those named earlier in this
    session ("my son has a fever" … "could it be leukemia?")."""
    latest = current_terms(tracker.latest_message.get("entities") or [], vocabulary, "symptom")
    if latest:
        return latest
    found: list[Term] = []
    for event in reversed(tracker.events):
        if event.get("event") == "session_started":
            break
        if event.get("event") == "user":
            for term in current_terms((event.get("parse_data") or {}).get("entities") or [], vocabulary, "symptom"):
                if term not in found:
                    found.append(term)
    return list(reversed(found))


class ActionDeclineDiagnosis(Action):
    """"Do I / does my child have ALL?": no diagnosis, the page's symptoms, a doctor."""

    def name(self) -> str:
        return "action_decline_diagnosis"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        symptoms = symptoms_in_session(tracker, load_vocabulary())
        dispatcher.utter_message(**diagnosis_reply(symptoms, load_settings()).as_message())
        return []


def question_asked_with_emergency(latest_message: dict[str, Any]) -> str | None:
    """The page question the visitor also asked, when the NLU put the emergency first."""
    ranking = latest_message.get("intent_ranking") or []
    questions = load_answer_map().questions
    for entry in ranking:
        name = entry.get("name")
        if name == EMERGENCY_INTENT:
            continue
        if name in questions and (entry.get("confidence") or 0) >= OTHER_QUESTION_CONFIDENCE:
            return name
        return None
    return None


class ActionAfterEmergency(Action):
    """Runs after utter_emergency: offers the question that came with it, if any, and
    forgets the emergency's kind so the next emergency's wording starts afresh."""

    def name(self) -> str:
        return "action_after_emergency"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        question = question_asked_with_emergency(tracker.latest_message)
        if question is not None:
            title = load_answer_map().questions[question].title
            dispatcher.utter_message(
                text="When everyone is safe, I'm still here to answer your question about ALL.",
                buttons=[{"title": title, "payload": f"/{question}"}],
            )
        return [SlotSet(EMERGENCY_SLOT, None)]
