"""Two-stage fallback: "Did you mean …?", then what the assistant covers and a booking offer.

Rasa's built-in `action_two_stage_fallback` (rule in data/rules/fallback.yml) calls these
three actions, which replace Rasa's defaults:
- `action_default_ask_affirmation`: the two most likely questions in plain words, plus
  "Something else" (payload /out_of_scope, which Rasa counts as "not what I meant");
- `action_default_ask_rephrase` (after "Something else"): what the assistant covers, and
  the offer to book an appointment or call;
- `action_default_fallback` (a second miss): the same offer.
Titles come from content/answers.yml and content/intent_titles.yml: raw intent names are
never shown to a visitor.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import UserUtteranceReverted
from rasa_sdk.executor import CollectingDispatcher

from actions.answers import load_answer_map
from actions.content import PROJECT_DIR, ContentError, _Checker, read_yaml
from actions.faq import ActionShowCapabilities
from actions.not_covered import not_covered_reply
from actions.settings import load_settings

TITLES_FILE = PROJECT_DIR / "content" / "intent_titles.yml"
SOMETHING_ELSE = {"title": "Something else", "payload": "/out_of_scope"}
MAX_GUESSES = 2


@dataclass(frozen=True)
class IntentTitles:
    titles: dict[str, str]
    never_offer: frozenset[str]


def parse_intent_titles(raw: Any, path: Path = TITLES_FILE) -> IntentTitles:
    check = _Checker(path)
    data = check.mapping(raw, "top level", {"titles", "never_offer"})
    titles_raw = data.get("titles")
    titles: dict[str, str] = {}
    if not isinstance(titles_raw, dict):
        check.fail("titles", "must map an intent to its title in plain words")
    else:
        titles = {str(k): check.text(v, f"title of '{k}'") for k, v in titles_raw.items()}
    never = data.get("never_offer")
    if not isinstance(never, list) or not all(isinstance(i, str) for i in never):
        check.fail("never_offer", "must be a list of intent names")
        never = []
    for intent in sorted(set(never) & titles.keys()):
        check.fail("never_offer", f"'{intent}' also has a title: it is either offered or not")
    if check.problems:
        raise ContentError("\n".join(check.problems))
    return IntentTitles(titles, frozenset(never))


@cache
def load_intent_titles(path: Path = TITLES_FILE) -> IntentTitles:
    return parse_intent_titles(read_yaml(path), path)


def title_for(intent: str) -> str | None:
    """The plain-words title to offer for an intent, or None if it is never offered."""
    titles = load_intent_titles()
    if intent in titles.never_offer:
        return None
    question = load_answer_map().questions.get(intent)
    return question.title if question else titles.titles.get(intent)


def likely_intents(parse_data: dict[str, Any], limit: int = MAX_GUESSES) -> list[str]:
    """The most likely offerable intents, best first; tolerates a short or missing ranking."""
    ranking = parse_data.get("intent_ranking") or []
    if not ranking and parse_data.get("intent"):
        ranking = [parse_data["intent"]]
    guesses: list[str] = []
    for entry in ranking:
        name = entry.get("name") if isinstance(entry, dict) else None
        if name and name not in guesses and title_for(name):
            guesses.append(name)
        if len(guesses) == limit:
            break
    return guesses


def offer_booking(dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any], intro: str) -> None:
    """Say what the assistant covers and offer booking or calling (actions/not_covered.py's words)."""
    offer = not_covered_reply("nlu_fallback", load_settings())
    dispatcher.utter_message(text=f"{intro} {offer.text}".strip())
    # What it covers, with the main topics and the booking button as quick replies.
    ActionShowCapabilities().run(dispatcher, tracker, domain)


class ActionDefaultAskAffirmation(Action):
    """First stage: offer the likeliest questions by their plain titles."""

    def name(self) -> str:
        return "action_default_ask_affirmation"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: dict[str, Any]) -> list[dict[str, Any]]:
        guesses = likely_intents(tracker.latest_message or {})
        if not guesses:
            offer_booking(dispatcher, tracker, domain, "Sorry, I'm not sure what you mean.")
            return []
        buttons = [{"title": title_for(i), "payload": f"/{i}"} for i in guesses]
        dispatcher.utter_message(text="Sorry, I'm not sure I understood. Did you mean:",
                                 buttons=[*buttons, SOMETHING_ELSE])
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
        offer_booking(dispatcher, tracker, domain, "Sorry, I still couldn't match that to a question.")
        # As Rasa's own default: forget the failed message, so the conversation goes on as before it.
        return [UserUtteranceReverted()]
