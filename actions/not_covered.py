"""What the assistant says when the page has no answer: say so, and offer a booking.

Also the replies to a message in another language (the assistant reads English only) and to
keyboard mash ("I didn't catch that", with the topics it covers).
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.faq import ActionShowCapabilities, other_diseases
from actions.follow_ups import read_cues
from actions.items import join
from core.content import Content, load_content, load_site
from core.replies import Reply
from core.site import Site

OTHER_DISEASE = "ask_other_disease"


def not_covered_reply(intent: str, site: Site, diseases: list[str] | None = None,
                      lacking: list[str] | None = None) -> Reply:
    """`diseases`: other diseases named; `lacking`: what the page doesn't do, in the words of
    content/answer_limits.yml ("cover diet, food or other remedies")."""
    content = load_content()
    words = content.conversation.not_covered
    if intent == OTHER_DISEASE and diseases:
        opening = (words.other_disease if len(diseases) == 1 else words.other_diseases).fill(diseases=join(diseases))
    elif lacking:
        opening = words.lacking.fill(lacking=join(lacking, "or"))
    else:
        opening = words.topic.fill(topic=content.answers.not_covered.get(intent) or words.any_topic.fill())
    text = f"{opening} {site.say(words.doctor_can)}"
    return Reply(text, (site.wording.booking_button(), site.wording.capabilities_button()))


class ActionExplainNotCovered(Action):
    """Out-of-scope questions, other diseases, low NLU confidence and unpredictable turns end here."""

    def name(self) -> str:
        return "action_explain_not_covered"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        content = load_content()
        diseases = other_diseases(tracker.latest_message, content)
        asked = read_cues(tracker.latest_message, "details")
        lacking = [d.missing for kind, d in content.limits.details.items()
                   if kind in asked and (not d.quote or d.intent) and "{" not in d.missing]
        reply = not_covered_reply(topic_intent(tracker.latest_message, content, diseases), load_site(), diseases,
                                  lacking)
        dispatcher.utter_message(**reply.as_message())
        return []


def topic_intent(message: dict[str, Any], content: Content, diseases: list[str]) -> str:
    """The intent whose topic the reply names: "other diseases" only when one is named or the
    classifier is sure ("is a bone marrow transplant dangerous?" is not about another
    disease because the classifier half thought so); else no topic ("that question")."""
    intent = message.get("intent") or {}
    name = str(intent.get("name") or "")
    sure = float(intent.get("confidence") or 0.0) >= content.scope.min_confidence
    return "" if name == OTHER_DISEASE and not diseases and not sure else name


def english_only_reply(site: Site) -> Reply:
    text = site.say(load_content().conversation.not_covered.english_only, emergency_hint=site.emergency("hint"))
    return Reply(text, (site.wording.booking_button(),))


class ActionExplainEnglishOnly(Action):
    """A message in another language: say (in English) that only English is understood, and
    how to reach a person. Never a page answer guessed from a message it cannot read."""

    def name(self) -> str:
        return "action_explain_english_only"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        dispatcher.utter_message(**english_only_reply(load_site()).as_message())
        return []


class ActionSayNotCaught(Action):
    """Keyboard mash: no guess at a question, just the topics the assistant covers."""

    def name(self) -> str:
        return "action_say_not_caught"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        ActionShowCapabilities().offer(dispatcher, load_content().conversation.not_covered.not_caught.fill())
        return []
