"""Visitors' conversations, votes and appointment requests for the staff console's tests,
written as the assistant writes them: the tracker store by Rasa's own SQLTrackerStore, the
votes and requests through `records`. The answers' texts come from the content."""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import ActionExecuted, BotUttered, Event, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from core.content import load_content
from core.replies import answer
from records.bookings import BookingRequest, idempotency_key, store_request
from records.votes import Vote, conversation_key, store_vote

DOESNT_SAY_TEXT = "Our page doesn't say how long maintenance lasts."
NOT_COVERED_TEXT = "I'm sorry, our page about acute lymphoblastic leukemia doesn't cover that."
# A visitor who gives their name, number and email in a question: the console masks them.
PERSONAL_QUESTION = "my name is Jane Doe, call me on 602 555 0134 or jane@example.com: what causes leukemia?"
PERSONAL_PARTS = ("Jane Doe", "602 555 0134", "jane@example.com")
REQUEST = BookingRequest(booking_for="child", patient_name="Sam Example", phone="+16025550199",
                         email="sam@example.com", preferred_time="Weekday mornings", consent=True)


def _answer_turn(intent: str, text: str, at: float) -> list[Event]:
    reply = answer(load_content(), intent)
    return [UserUttered(text, intent={"name": intent, "confidence": 0.95}, timestamp=at),
            ActionExecuted("action_answer_question", timestamp=at + 1),
            BotUttered(reply.text, timestamp=at + 1),
            BotUttered("Was this helpful?", timestamp=at + 1),
            ActionExecuted("action_listen", timestamp=at + 2)]


def _turn(text: str, intent: str, action: str, bot: str, at: float) -> list[Event]:
    return [UserUttered(text, intent={"name": intent, "confidence": 0.6}, timestamp=at),
            ActionExecuted(action, timestamp=at + 1), BotUttered(bot, timestamp=at + 1),
            ActionExecuted("action_listen", timestamp=at + 2)]


def _vote(helpful: bool, at: float) -> list[Event]:
    value = "yes" if helpful else "no"
    return [UserUttered(f'/feedback{{"helpful":"{value}"}}', intent={"name": "feedback", "confidence": 1.0},
                        entities=[{"entity": "helpful", "value": value}], timestamp=at),
            ActionExecuted("action_record_feedback", timestamp=at + 1),
            BotUttered("Thank you.", timestamp=at + 1), ActionExecuted("action_listen", timestamp=at + 2)]


def conversations(now: dt.datetime) -> dict[str, list[Event]]:
    day = 86400.0
    start = now.timestamp() - 3 * day
    return {
        "web-seed-visitor-one": [
            *_answer_turn("ask_survival_rate", "what is the survival rate", start),
            *_vote(False, start + 10),
            *_turn("what causes leukemia", "ask_causes", "action_explain_not_covered", NOT_COVERED_TEXT, start + 20),
        ],
        "web-seed-visitor-two": [
            *_answer_turn("ask_symptoms", "what are the signs", start + day),
            *_vote(True, start + day + 10),
            *_turn("how long does maintenance last", "ask_maintenance", "action_answer_question", DOESNT_SAY_TEXT,
                   start + day + 20),
            *_turn("asdf qwerty", "nlu_fallback", "action_two_stage_fallback", "Did you mean …?",
                   start + day + 30),
        ],
        "web-seed-visitor-three": [
            *_turn(PERSONAL_QUESTION, "ask_causes", "action_explain_not_covered", NOT_COVERED_TEXT, start + 2 * day),
            *_turn("what is the weather in phoenix", "out_of_scope", "action_explain_not_covered", NOT_COVERED_TEXT,
                   start + 2 * day + 10),
            *_turn("he can't breathe", "report_emergency", "utter_emergency", "This sounds like an emergency.",
                   start + 2 * day + 20),
        ],
    }


def seed_tracker(path: Path, now: dt.datetime) -> dict[str, list[Event]]:
    store = SQLTrackerStore(dialect="sqlite", db=str(path))
    seeded = conversations(now)
    for sender, events in seeded.items():
        asyncio.run(store.save(DialogueStateTracker.from_events(sender, events)))
    store.engine.dispose()
    return seeded


def seed_records(url: str, now: dt.datetime) -> str:
    """Two votes and one appointment request in the assistant's database; the request's reference."""
    naive = now.astimezone(dt.timezone.utc).replace(tzinfo=None)
    store_vote(Vote(conversation_key("web-seed-visitor-one"), "ask_survival_rate", "…", False, naive), url)
    store_vote(Vote(conversation_key("web-seed-visitor-two"), "ask_symptoms", "…", True, naive), url)
    return store_request(REQUEST, idempotency_key("web-seed-visitor-four", "1"), url, now=now - dt.timedelta(days=1))
