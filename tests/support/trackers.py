"""Tracker fixtures for the actions: a conversation's state without any server."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker


def make_tracker(intent: str, text: str = "", entities: list[dict[str, Any]] | None = None,
                 slots: dict[str, Any] | None = None, events: list[dict[str, Any]] | None = None,
                 active_loop: dict[str, Any] | None = None) -> Tracker:
    """A tracker whose latest user message has this intent, text and entities."""
    latest = {
        "text": text,
        "intent": {"name": intent, "confidence": 1.0},
        "entities": entities or [],
        "intent_ranking": [{"name": intent, "confidence": 1.0}],
    }
    return Tracker("visitor", slots or {}, latest, events or [], False, None, active_loop or {}, "action_listen")
