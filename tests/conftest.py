"""Shared fixtures: the page content, tracker fixtures for actions, and the running assistant."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from tools.client import Conversation
from tools.servers import Assistant, Ports


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


@pytest.fixture
def dispatcher() -> CollectingDispatcher:
    return CollectingDispatcher()


@pytest.fixture(scope="session")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Assistant]:
    """The trained model behind a real Rasa server and action server, on test ports."""
    ports = Ports(
        host="127.0.0.1",
        rasa=int(os.environ.get("TEST_RASA_PORT", 5105)),
        actions=int(os.environ.get("TEST_ACTIONS_PORT", 5155)),
    )
    # A fictional (555-01xx) appointment number, so the tests can see it is used, not invented.
    env = {
        "APPOINTMENT_PHONE": "(602) 555-0134",
        "HOSPITAL_NAME": "Test Hospital",
        "TRACKER_DB": str(tmp_path_factory.mktemp("tracker") / "tracker.db"),
        # Appointment requests and answer votes of the conversation tests go to a throwaway database.
        "DATABASE_URL": f"sqlite:///{tmp_path_factory.mktemp('records') / 'assistant.db'}",
    }
    with Assistant(ports=ports, extra_env=env) as running:
        yield running


@pytest.fixture
def chat(assistant: Assistant) -> Conversation:
    """A fresh conversation with the running assistant."""
    return Conversation(assistant.ports.rasa_url)
