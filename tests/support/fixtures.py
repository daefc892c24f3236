"""Fixtures every test package may use (imported into tests/conftest.py): a dispatcher for the
actions, and the trained assistant behind real servers with a fresh conversation."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from rasa_sdk.executor import CollectingDispatcher

from tests.support.settings import TEST_SETTINGS
from tools.common.http_client import Conversation
from tools.servers import Assistant, Ports


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
    env = {
        **TEST_SETTINGS,
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
