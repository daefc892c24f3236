"""The conversation sent to the action server: the current turn whole, the earlier turns
without the models' internals.

Rasa 3.6 sends the action server the whole session with every event at full detail
(`EventVerbosity.ALL`) for every custom action: at turn 80 about 275 kB, encoded by the Rasa
server and parsed again by the action server every turn, the part of a turn that still grew
with the conversation once the policies stopped rebuilding every past state
(docs/benchmarks.md). Most of it is what the models produced for earlier messages: the
ranking of every intent, the tokens, the model id stamped on every event, the source and
layout data of earlier answers.

So the events before the latest visitor message keep what our actions read of them (what
was said, the intent and entities of each message, the buttons offered, which actions ran,
the forms and slots), and lose the rest:

| event  | kept                                                                     |
|--------|--------------------------------------------------------------------------|
| user   | text, input channel, message id; parse data: text, intent, entities      |
| bot    | text; data: buttons                                                      |
| others | every field but `metadata`                                               |

The latest message and everything after it, the slots, `latest_message` and the rest of the
tracker state are sent as Rasa sends them. tests/test_action_requests.py checks that every
action that reads the session's events (the functions named in READERS) sees the same on
both, and that no other action reads them.

Why a replaced method: Rasa builds `RemoteAction` itself for every custom action and has no
setting for what it sends. Every Rasa server of ours loads this package, which installs it.
"""

from __future__ import annotations

from typing import Any

from rasa.core.actions.action import RemoteAction
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker

RASA_CALL_FORMAT = RemoteAction._action_call_format

USER_FIELDS = ("event", "timestamp", "text", "input_channel", "message_id")
PARSE_FIELDS = ("text", "intent", "entities")
BOT_FIELDS = ("event", "timestamp", "text")

# The functions in actions/ that read earlier events of the session, and what they read.
READERS = {
    "actions.booking.earlier_messages": "user texts, forms",
    "actions.safety.symptoms_in_session": "user entities",
    "actions.feedback.feedback_due": "answer actions, buttons",
    "actions.feedback.ask_for_feedback": "hands them to feedback_due",
    "actions.feedback.answered_question": "answer actions, user intents, bot texts",
}


def condensed_event(event: dict[str, Any]) -> dict[str, Any]:
    """An earlier event with what the actions read of it."""
    kind = event.get("event")
    if kind == "user":
        parse_data = event.get("parse_data") or {}
        return {**{k: event[k] for k in USER_FIELDS if k in event},
                "parse_data": {k: parse_data[k] for k in PARSE_FIELDS if k in parse_data}}
    if kind == "bot":
        buttons = (event.get("data") or {}).get("buttons")
        return {**{k: event[k] for k in BOT_FIELDS if k in event}, "data": {"buttons": buttons}}
    return {k: v for k, v in event.items() if k != "metadata"}


def condensed_events(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The events before the latest user message condensed; that message and the rest whole."""
    latest = max((i for i, e in enumerate(events) if e.get("event") == "user"), default=0)
    return [condensed_event(e) for e in events[:latest]] + events[latest:]


def _action_call_format(self: RemoteAction, tracker: DialogueStateTracker, domain: Domain) -> dict[str, Any]:
    request = RASA_CALL_FORMAT(self, tracker, domain)
    state = request["tracker"]
    state["events"] = condensed_events(state.get("events") or [])
    return request


def install() -> None:
    """Make every RemoteAction send the condensed conversation (idempotent)."""
    RemoteAction._action_call_format = _action_call_format  # type: ignore[method-assign]


__all__ = ["READERS", "condensed_event", "condensed_events", "install"]
