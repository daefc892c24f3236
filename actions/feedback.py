""""Was this helpful?" after each answer, and the 👍 / 👎 votes kept for staff.

The vote is optional: the buttons send `/feedback{"helpful":"yes"}` or `{"helpful":"no"}`, and
a visitor who asks the next question instead is simply answered. A vote is stored with the
question type and the answer it is about, never with the visitor's words or sender id (only a
one-way hash of it, so repeated votes of one conversation can be told apart).
`make unanswered` reports the answers with the most 👎.

Storage: table `answer_feedback` at FEEDBACK_DATABASE_URL, else DATABASE_URL, else
sqlite:///<project>/var/assistant.db (SQLAlchemy URL).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.content import PROJECT_DIR

logger = logging.getLogger(__name__)

ANSWER_ACTION = "action_answer_question"
PROMPT_RESPONSE = "utter_ask_feedback"
THANKS_RESPONSE = "utter_feedback_thanks"
VOTE_ENTITY = "helpful"
DEFAULT_DATABASE_URL = f"sqlite:///{PROJECT_DIR / 'var' / 'assistant.db'}"
# Typed feedback ("that didn't help") has no button entity: these words make it a 👎.
_NEGATIVE = re.compile(r"\b(no|not|didn'?t|doesn'?t|wasn'?t|isn'?t|unhelpful|useless|bad|wrong|confusing)\b|👎")

metadata = sa.MetaData()
feedback_table = sa.Table(
    "answer_feedback",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("conversation", sa.String(16), nullable=False),
    sa.Column("question_type", sa.String(100), nullable=False),
    sa.Column("answer_text", sa.Text, nullable=False),
    sa.Column("helpful", sa.Boolean, nullable=False),
)


def ask_for_feedback(dispatcher: CollectingDispatcher) -> None:
    """Ask "Was this helpful?" with 👍 / 👎 buttons (wording and buttons live in domain.yml)."""
    dispatcher.utter_message(response=PROMPT_RESPONSE)


def is_feedback_prompt(message: dict[str, Any]) -> bool:
    return message.get("response") == PROMPT_RESPONSE


@dataclass(frozen=True)
class Vote:
    conversation: str
    question_type: str
    answer_text: str
    helpful: bool
    created_at: dt.datetime


def database_url() -> str:
    return os.environ.get("FEEDBACK_DATABASE_URL") or os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL


@cache
def _engine(url: str) -> sa.engine.Engine:
    sa_url = sa.engine.make_url(url)
    if sa_url.get_backend_name() == "sqlite" and sa_url.database not in (None, "", ":memory:"):
        Path(sa_url.database).parent.mkdir(parents=True, exist_ok=True)
    engine = sa.create_engine(sa_url, future=True)
    metadata.create_all(engine, checkfirst=True)
    return engine


def store_vote(vote: Vote, url: str | None = None) -> None:
    with _engine(url or database_url()).begin() as connection:
        connection.execute(feedback_table.insert().values(
            created_at=vote.created_at, conversation=vote.conversation, question_type=vote.question_type,
            answer_text=vote.answer_text, helpful=vote.helpful,
        ))


def conversation_key(sender_id: str) -> str:
    """A one-way stand-in for the sender id: votes of one conversation share it."""
    return hashlib.sha256(sender_id.encode()).hexdigest()[:16]


def vote_from_message(message: dict[str, Any]) -> bool:
    """True for 👍, False for 👎: the button's entity, else the words typed."""
    for entity in message.get("entities") or []:
        if entity.get("entity") == VOTE_ENTITY:
            return str(entity.get("value")).strip().lower() in {"yes", "true", "1", "up"}
    return not _NEGATIVE.search(str(message.get("text") or "").lower())


def answered_question(events: list[dict[str, Any]]) -> tuple[str, str] | None:
    """The question type and answer text of the latest answer in the conversation, if any."""
    for index in range(len(events) - 1, -1, -1):
        event = events[index]
        if event.get("event") != "action" or event.get("name") != ANSWER_ACTION:
            continue
        question_type = ""
        for earlier in reversed(events[:index]):
            if earlier.get("event") == "user":
                question_type = ((earlier.get("parse_data") or {}).get("intent") or {}).get("name") or ""
                break
        answer_text = ""
        for later in events[index + 1:]:
            if later.get("event") != "bot":
                break
            if later.get("text"):
                answer_text = later["text"]
                break
        return (question_type, answer_text) if question_type else None
    return None


class ActionRecordFeedback(Action):
    """Stores a 👍 / 👎 for the latest answer and thanks the visitor."""

    def name(self) -> str:
        return "action_record_feedback"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        answered = answered_question(tracker.events)
        if answered is not None:
            vote = Vote(
                conversation=conversation_key(tracker.sender_id or ""),
                question_type=answered[0],
                answer_text=answered[1][:2000],
                helpful=vote_from_message(tracker.latest_message),
                created_at=dt.datetime.now(dt.timezone.utc).replace(tzinfo=None),
            )
            try:
                store_vote(vote)
            except (sa.exc.SQLAlchemyError, OSError) as error:
                # The visitor still gets a thank-you; staff see why the vote was not kept.
                logger.error("Could not store answer feedback (%s): %s", type(error).__name__, error)
        dispatcher.utter_message(response=THANKS_RESPONSE)
        return []
