"""Visitors' conversations, votes and appointment requests for the staff console's tests,
written as the assistant writes them: the conversations by the project's tracker store
(addons/tracker_store.py: personal data encrypted, with a key made here and thrown away, as
the console never holds one), the votes and requests through `records`. The answers' texts
come from the content."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from unittest import mock

from rasa.shared.core.events import ActionExecuted, ActiveLoop, BotUttered, Event, SlotSet, UserUttered

from addons.tracker_crypto import KEY_ENV, generate_key
from core.content import load_content
from core.replies import answer
from records.bookings import BookingRequest, idempotency_key, store_request
from records.votes import Vote, conversation_key, store_vote
from tests.support.tracker_stores import open_store, save

DOESNT_SAY_TEXT = "Our page doesn't say how long maintenance lasts."
NOT_COVERED_TEXT = "I'm sorry, our page about acute lymphoblastic leukemia doesn't cover that."
# A visitor who gives their name in a question: stored in clear, the console masks it.
NAMED_QUESTION = "my name is Jane Doe, is leukemia contagious?"
# ... and one who adds a number and an email: the tracker store encrypts it, the console never shows it.
PERSONAL_QUESTION = "I am Jane Doe, call me on 602 555 0134 or jane@example.com: what causes leukemia?"
PERSONAL_PARTS = ("Jane Doe", "Jane", "602 555 0134", "jane@example.com")
# What a visitor typed into the appointment request (encrypted in the tracker store).
BOOKING_PARTS = ("Robin Sample", "602 555 0177", "robin@example.com")
BOOKING_VISITOR = "web-seed-visitor-four"
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


def _form_answer(slot: str, typed: str, at: float) -> list[Event]:
    return [UserUttered(typed, intent={"name": "inform", "confidence": 0.9}, timestamp=at),
            ActionExecuted("booking_form", timestamp=at + 1), SlotSet(slot, typed, timestamp=at + 1),
            BotUttered("The next question.", timestamp=at + 1), ActionExecuted("action_listen", timestamp=at + 2)]


def _booking(at: float) -> list[Event]:
    """An appointment request filled in and sent, as Rasa records it."""
    name, phone, email = BOOKING_PARTS
    return [UserUttered("book an appointment", intent={"name": "request_appointment", "confidence": 1.0},
                        timestamp=at),
            ActionExecuted("booking_form", timestamp=at + 1), ActiveLoop("booking_form", timestamp=at + 1),
            ActionExecuted("action_listen", timestamp=at + 2),
            *_form_answer("patient_name", name, at + 10), *_form_answer("phone", phone, at + 20),
            *_form_answer("email", email, at + 30),
            ActionExecuted("booking_form", timestamp=at + 40), ActiveLoop(None, timestamp=at + 40),
            ActionExecuted("action_submit_booking", timestamp=at + 41),
            BotUttered("Thank you: your request is sent.", timestamp=at + 41),
            ActionExecuted("action_listen", timestamp=at + 42)]


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
            *_turn(NAMED_QUESTION, "out_of_scope", "action_explain_not_covered", NOT_COVERED_TEXT,
                   start + 2 * day + 5),
            *_turn("what is the weather in phoenix", "out_of_scope", "action_explain_not_covered", NOT_COVERED_TEXT,
                   start + 2 * day + 10),
            *_turn("he can't breathe", "report_emergency", "utter_emergency", "This sounds like an emergency.",
                   start + 2 * day + 20),
        ],
        BOOKING_VISITOR: _booking(start + 2 * day + 100),
    }


def seed_tracker(path: Path, now: dt.datetime) -> dict[str, list[Event]]:
    with mock.patch.dict(os.environ, {KEY_ENV: generate_key()}):
        store = open_store(f"sqlite:///{path}")
    seeded = conversations(now)
    for sender, events in seeded.items():
        save(store, sender, events)
    store.engine.dispose()
    return seeded


def seed_records(url: str, now: dt.datetime) -> str:
    """Two votes and one appointment request in the assistant's database; the request's reference."""
    naive = now.astimezone(dt.timezone.utc).replace(tzinfo=None)
    store_vote(Vote(conversation_key("web-seed-visitor-one"), "ask_survival_rate", "…", False, naive), url)
    store_vote(Vote(conversation_key("web-seed-visitor-two"), "ask_symptoms", "…", True, naive), url)
    return store_request(REQUEST, idempotency_key("web-seed-visitor-four", "1"), url, now=now - dt.timedelta(days=1))
