"""Visitors' turns as Rasa's tracker store keeps them (table `events`, read-only), each with how
it ended: answered, answered in part ("our page doesn't say …"), deflected (not covered, out of
scope), fallback, emergency, or something else (greetings, booking, feedback). The staff
console's charts and "What visitors asked" read them; only the columns and the events' own
data are used, so encrypted events (personal data, docs/privacy.md) stay closed: their text
is None.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from actions.feedback import ANSWER_ACTION, vote_from_message
from records.votes import conversation_key
from tools.staff.conversations import EVENTS, SILENT_ACTIONS, read_events, reading

ANSWERED, DOESNT_SAY, DEFLECTED, FALLBACK, EMERGENCY, OTHER = (
    "answered", "answered in part", "deflected", "fallback", "emergency", "other")
QUESTION_OUTCOMES = (ANSWERED, DOESNT_SAY, DEFLECTED, FALLBACK, EMERGENCY)
EMERGENCY_INTENT, EMERGENCY_RESPONSE = "report_emergency", "utter_emergency"
FALLBACK_INTENT = "nlu_fallback"
FEEDBACK_INTENT = "feedback"
DEFLECT_ACTIONS = {"action_explain_not_covered"}
FALLBACK_ACTIONS = {"action_two_stage_fallback", "action_default_fallback", "action_default_ask_affirmation",
                    "action_default_ask_rephrase"}
# Until the answers mark it in the reply's data, an answer that says what the page lacks reads so.
_DOESNT_SAY = re.compile(r"\b(?:our page|it) (?:doesn't|does not) (?:say|list|mention|name|give)\b", re.IGNORECASE)


@dataclass
class VisitorTurn:
    """One visitor message and what the assistant did with it."""

    sender: str
    timestamp: float
    text: str | None  # None: kept encrypted, or not a text message
    intent: str
    entities: list[dict[str, Any]] = field(default_factory=list)
    actions: list[str] = field(default_factory=list)
    bot_texts: list[str | None] = field(default_factory=list)
    vote: bool | None = None  # the 👍 (True) / 👎 (False) this answer got in the next turn

    @property
    def conversation(self) -> str:
        """A one-way key of the conversation, for links (records.votes.conversation_key)."""
        return conversation_key(self.sender)

    @property
    def typed(self) -> bool:
        """Typed by the visitor, not a button (a payload starts with "/")."""
        return bool(self.text) and not str(self.text).startswith("/")

    @property
    def outcome(self) -> str:
        return outcome_of(self.intent, self.actions, [t for t in self.bot_texts if t])


def outcome_of(intent: str, actions: list[str], bot_texts: list[str]) -> str:
    if intent == EMERGENCY_INTENT or EMERGENCY_RESPONSE in actions:
        return EMERGENCY
    if intent == FALLBACK_INTENT or FALLBACK_ACTIONS.intersection(actions):
        return FALLBACK
    if DEFLECT_ACTIONS.intersection(actions):
        return DEFLECTED
    if ANSWER_ACTION in actions:
        return DOESNT_SAY if any(_DOESNT_SAY.search(t) for t in bot_texts) else ANSWERED
    return OTHER


def _data(raw: str | None) -> dict[str, Any]:
    try:
        data = json.loads(raw or "{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def _text(data: dict[str, Any]) -> str | None:
    text = data.get("text")
    return " ".join(text.split()) if isinstance(text, str) and text.strip() else None


def build_turns(rows: Iterable[tuple[str, str, float | None, str | None, str | None, str | None]]) -> list[VisitorTurn]:
    """Turns from event rows (sender_id, type_name, timestamp, intent_name, action_name, data),
    ordered by sender and id as Rasa wrote them; a vote is put on the answer it is about."""
    turns: list[VisitorTurn] = []
    current: VisitorTurn | None = None
    answered: VisitorTurn | None = None  # the latest answer of this sender, for a vote
    for sender, type_name, timestamp, intent_name, action_name, raw in rows:
        if current is not None and current.sender != sender:
            current = answered = None
        if type_name == "user":
            data = _data(raw)
            parse = data.get("parse_data") or {}
            current = VisitorTurn(sender, float(timestamp or 0), _text(data), intent_name or "",
                                  list(parse.get("entities") or []))
            turns.append(current)
            if current.intent == FEEDBACK_INTENT and answered is not None:
                answered.vote = vote_from_message({"text": current.text or "", "entities": current.entities})
                answered = None
        elif current is None:
            continue
        elif type_name == "action" and action_name and action_name not in SILENT_ACTIONS:
            current.actions.append(action_name)
            if action_name == ANSWER_ACTION:
                answered = current
        elif type_name == "bot":
            current.bot_texts.append(_text(_data(raw)))
    return turns


def read_turns(url: str, since: float | None = None, until: float | None = None,
               sender: str | None = None) -> list[VisitorTurn]:
    """The visitors' turns in the tracker store at `url` (read-only), between two Unix times.
    A missing SQLite file raises FileNotFoundError; another failure ReportError."""
    return build_turns(read_events(url, ["user", "action", "bot"], since, until, sender))


def sender_of(url: str, key: str) -> str | None:
    """The conversation whose one-way key this is, if the tracker store holds it."""
    with reading(url) as connection:
        senders = connection.execute(sa.select(EVENTS.c.sender_id).distinct()).scalars()
        return next((s for s in senders if conversation_key(s) == key), None)
