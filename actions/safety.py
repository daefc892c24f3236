"""Safety: never diagnose, and after the emergency message, let the conversation go on.

The emergency message itself is the domain response `utter_emergency` (generated from
content/site.yml), sent by the Rasa server (data/rules/safety.yml), so it never depends on
this action server. When only the classifier saw an emergency (no emergency words: "is chemo
given as tablets every day?" from a worried parent), the page question asked with it is
answered right after the emergency message, instead of only being offered as a button: a
false alarm then still gets its answer, and a real emergency still got the message first.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.faq import page_reply
from actions.follow_ups import LAST_TOPIC_SLOT
from actions.items import booking_offer, current_terms, display, join, symptom_list_of
from core.content import Content, load_content, load_site
from core.replies import Reply, answer_source, question_button
from core.safety import SUICIDE_KIND
from core.site import Site
from core.vocabulary import Term, Vocabulary

SYMPTOMS_QUESTION = "ask_symptoms"
EMERGENCY_INTENT = "report_emergency"
EMERGENCY_SLOT = "emergency_kind"
# Below this, the intent next to report_emergency was a guess, not the visitor's question
# (offering it as a button after the emergency message costs little).
OTHER_QUESTION_CONFIDENCE = 0.25


def diagnosis_reply(symptoms: list[Term], content: Content, site: Site) -> Reply:
    """Which of the symptoms named the page lists, that only a doctor can tell, and booking.
    Never says whether anyone has ALL."""
    page = content.page
    words = content.conversation.safety
    listed = [t for t in symptoms if t.on_page and symptom_list_of(page, t) is not None]
    unlisted = [t for t in symptoms if t not in listed]
    lines = [words.no_diagnosis.fill()]
    if listed:
        lines.append(words.symptoms_listed.fill(symptoms=join([display(t) for t in listed])))
    if unlisted:
        names = join([display(t) for t in unlisted], "or")
        not_listed = words.others_not_listed if listed else content.conversation.answers.symptoms_not_listed
        lines.append(not_listed.fill(symptoms=names))
    lines.append(booking_offer(site))
    return Reply(" ".join(lines), (site.wording.booking_button(), question_button(content, SYMPTOMS_QUESTION)))


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
        content = load_content()
        symptoms = symptoms_in_session(tracker, content.vocabulary)
        dispatcher.utter_message(**diagnosis_reply(symptoms, content, load_site()).as_message())
        return []


def question_asked_with_emergency(latest_message: dict[str, Any], content: Content) -> str | None:
    """The page question the visitor also asked, when the NLU put the emergency first."""
    ranking = latest_message.get("intent_ranking") or []
    questions = content.answers.questions
    for entry in ranking:
        name = entry.get("name")
        if name in (EMERGENCY_INTENT, "nlu_fallback"):
            continue
        if name in questions and (entry.get("confidence") or 0) >= OTHER_QUESTION_CONFIDENCE:
            return name
        return None
    return None


def answered_with_emergency(latest_message: dict[str, Any], content: Content) -> str | None:
    """The page question to answer after an emergency only the classifier saw (the NLU's
    `cues.with_emergency`, pipeline/scope.py), if any."""
    question = (latest_message.get("cues") or {}).get("with_emergency")
    return question if question in content.answers.questions else None


def after_emergency_reply(kind: str | None, question: str | None, content: Content, site: Site) -> Reply | None:
    """After the emergency message: the question asked with it (as a button) and, unless the
    visitor spoke of suicide or self-harm, the way to a doctor when it is not an emergency."""
    words = content.conversation.safety
    buttons = [question_button(content, question)] if question else []
    lines = [words.question_kept.fill()] if question else []
    if kind != SUICIDE_KIND:
        lines.append(site.say(words.not_an_emergency))
        buttons.append(site.wording.booking_button())
    return Reply(" ".join(lines), tuple(buttons)) if lines else None


class ActionAfterEmergency(Action):
    """Runs after utter_emergency: offers the question that came with it, if any, and the
    way to an appointment, then forgets the emergency's kind so the next emergency's wording
    starts afresh."""

    def name(self) -> str:
        return "action_after_emergency"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        content = load_content()
        answered = answered_with_emergency(tracker.latest_message, content)
        if answered is not None:
            dispatcher.utter_message(text=content.conversation.safety.answer_anyway.fill())
            dispatcher.utter_message(**page_reply(answered, tracker.latest_message, content, False).as_message())
            source = answer_source(content, answered)
            if source is not None:
                dispatcher.utter_message(**source)
            return [SlotSet(EMERGENCY_SLOT, None), SlotSet(LAST_TOPIC_SLOT, answered)]
        question = question_asked_with_emergency(tracker.latest_message, content)
        reply = after_emergency_reply(tracker.get_slot(EMERGENCY_SLOT), question, content, load_site())
        if reply is not None:
            dispatcher.utter_message(**reply.as_message())
        return [SlotSet(EMERGENCY_SLOT, None)]
