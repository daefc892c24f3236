"""Two-stage fallback: "Did you mean …?", then what the assistant covers and a booking offer.

Rasa's built-in `action_two_stage_fallback` (rule in data/rules/fallback.yml) calls these
three actions, which replace Rasa's defaults:
- `action_default_ask_affirmation`: the two most likely questions in plain words (only
  plausible ones), "Book an appointment", and "Something else" (payload /out_of_scope,
  which Rasa counts as "not what I meant");
- `action_default_ask_rephrase` (after "Something else"): what the assistant covers, and
  the offer to book an appointment or call;
- `action_default_fallback` (a second miss): the same offer.
Titles come from content/answers.yml and content/intent_titles.yml (Content.title_for):
raw intent names are never shown to a visitor.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import UserUtteranceReverted
from rasa_sdk.executor import CollectingDispatcher

from actions.faq import ActionShowCapabilities
from actions.not_covered import not_covered_reply
from core.content import Content, load_content, load_site

SOMETHING_ELSE_PAYLOAD = "/out_of_scope"  # Rasa counts it as "not what I meant"
MAX_GUESSES = 2
# A guess below this confidence is not plausible enough to offer ("Did you mean: What is
# the survival rate?" for a message about eyeglass frames).
MIN_GUESS_CONFIDENCE = 0.15


def likely_intents(parse_data: dict[str, Any], content: Content, limit: int = MAX_GUESSES) -> list[str]:
    """The most likely offerable intents, best first; tolerates a short or missing ranking."""
    ranking = parse_data.get("intent_ranking") or []
    if not ranking and parse_data.get("intent"):
        ranking = [parse_data["intent"]]
    guesses: list[str] = []
    for entry in ranking:
        name = entry.get("name") if isinstance(entry, dict) else None
        confidence = entry.get("confidence", 1.0) if isinstance(entry, dict) else 0.0
        if name and name not in guesses and content.title_for(name) and confidence >= MIN_GUESS_CONFIDENCE:
            guesses.append(name)
        if len(guesses) == limit:
            break
    return guesses


def offer_booking(dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any], intro: str) -> None:
    """Say what the assistant covers and offer booking or calling (actions/not_covered.py's words)."""
    offer = not_covered_reply("nlu_fallback", load_site())
    dispatcher.utter_message(text=f"{intro} {offer.text}".strip())
    # What it covers, with the main topics and the booking button as quick replies.
    ActionShowCapabilities().run(dispatcher, tracker, domain)


class ActionDefaultAskAffirmation(Action):
    """First stage: offer the likeliest questions by their plain titles."""

    def name(self) -> str:
        return "action_default_ask_affirmation"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: dict[str, Any]) -> list[dict[str, Any]]:
        content = load_content()
        guesses = likely_intents(tracker.latest_message or {}, content)
        if not guesses:
            offer_booking(dispatcher, tracker, domain, content.conversation.fallback.not_sure.fill())
            return []
        buttons = [{"title": content.title_for(i), "payload": f"/{i}"} for i in guesses]
        if content.site.booking_button() not in buttons:
            buttons.append(content.site.booking_button())
        something_else = {"title": content.site.buttons.something_else, "payload": SOMETHING_ELSE_PAYLOAD}
        dispatcher.utter_message(text=content.conversation.fallback.did_you_mean.fill(),
                                 buttons=[*buttons, something_else])
        return []


class ActionDefaultAskRephrase(Action):
    """Second stage, after "Something else": what is covered, and booking or calling."""

    def name(self) -> str:
        return "action_default_ask_rephrase"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: dict[str, Any]) -> list[dict[str, Any]]:
        offer_booking(dispatcher, tracker, domain, "")
        return []


class ActionDefaultFallback(Action):
    """A second miss in a row: no more guessing, offer the booking and the phone line."""

    def name(self) -> str:
        return "action_default_fallback"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: dict[str, Any]) -> list[dict[str, Any]]:
        offer_booking(dispatcher, tracker, domain, load_content().conversation.fallback.still_no_match.fill())
        # As Rasa's own default: forget the failed message, so the conversation goes on as before it.
        return [UserUtteranceReverted()]
