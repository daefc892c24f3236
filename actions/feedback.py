""""Was this helpful?" after an answer (every few answers), and the 👍 / 👎 votes kept for staff.

The vote is optional: the buttons send `/feedback{"helpful":"yes"}` or `{"helpful":"no"}`, and
a visitor who asks the next question instead is simply answered. A vote is stored with the
question type and the answer it is about, never with the visitor's words or sender id (only a
one-way hash of it, so repeated votes of one conversation can be told apart).
`make unanswered` reports the answers with the most 👎.

Votes are kept by records/votes.py, in the assistant's database (DATABASE_URL).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from records.database import StorageError
from records.votes import Vote, conversation_key, store_vote

logger = logging.getLogger(__name__)

ANSWER_ACTION = "action_answer_question"
PROMPT_RESPONSE = "utter_ask_feedback"
THANKS_RESPONSE = "utter_feedback_thanks"
VOTE_ENTITY = "helpful"
VOTE_INTENT = "feedback"  # the buttons' payloads: /feedback{"helpful": ...}
# Typed feedback ("that didn't help") has no button entity: these words make it a 👎.
_NEGATIVE = re.compile(r"\b(no|not|didn'?t|doesn'?t|wasn'?t|isn'?t|unhelpful|useless|bad|wrong|confusing)\b|👎")

# "Was this helpful?" after the first answer of a conversation, then at most once every this
# many answers: asking after every answer is clutter.
ASK_EVERY = 3


def _has_vote_buttons(bot_event: dict[str, Any]) -> bool:
    """The feedback question is the bot message with the 👍 / 👎 buttons."""
    buttons = (bot_event.get("data") or {}).get("buttons") or []
    return any(str(b.get("payload") or "").startswith(f"/{VOTE_INTENT}") for b in buttons)


def feedback_due(events: list[dict[str, Any]]) -> bool:
    """Whether enough answers have been given since the question was last asked."""
    answers = 0
    for event in reversed(events):
        if event.get("event") == "session_started":
            break
        if event.get("event") == "bot" and _has_vote_buttons(event):
            return answers >= ASK_EVERY
        if event.get("event") == "action" and event.get("name") == ANSWER_ACTION:
            answers += 1
    return True


def ask_for_feedback(dispatcher: CollectingDispatcher, events: list[dict[str, Any]] | None = None) -> None:
    """Ask "Was this helpful?" with 👍 / 👎 buttons (wording and buttons live in the domain),
    unless it was asked within the last few answers."""
    if feedback_due(events or []):
        dispatcher.utter_message(response=PROMPT_RESPONSE)


def is_feedback_prompt(message: dict[str, Any]) -> bool:
    return message.get("response") == PROMPT_RESPONSE


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
            except StorageError as error:
                # The visitor still gets a thank-you; staff see why the vote was not kept.
                logger.error("Could not store answer feedback: %s", error)
        dispatcher.utter_message(response=THANKS_RESPONSE)
        return []
