"""Shared fixtures: the page content, tracker fixtures for actions, the running assistant, and
PostgreSQL (from Debian's packages, as the scale-out runs it) for what is stored."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from typing import Any, NoReturn

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from addons.tracker_crypto import KEY_ENV, generate_key
from records import database
from tools.client import Conversation
from tools.scaleout import DB_USER, ScaleOut, ScalePorts, find_binaries
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
        # The tracker store encrypts the booking form's events with it (docs/privacy.md).
        KEY_ENV: generate_key(),
    }
    with Assistant(ports=ports, extra_env=env) as running:
        yield running


@pytest.fixture
def chat(assistant: Assistant) -> Conversation:
    """A fresh conversation with the running assistant."""
    return Conversation(assistant.ports.rasa_url)


def missing_dependency(reason: str) -> NoReturn:
    """Under CI a missing dependency fails the test with its reason; on a laptop it skips."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def storage_servers() -> Iterator[ScaleOut]:
    """PostgreSQL and Redis only (tools/scaleout.py), on ports from TEST_STORAGE_PORT_BASE
    (default 5950: PostgreSQL 5982, Redis 6029)."""
    binaries, missing = find_binaries()
    if not binaries:
        missing_dependency(f"PostgreSQL tests need {', '.join(missing)}: `make scale-deps` installs them.")
    scale = ScaleOut(ScalePorts(base=int(os.environ.get("TEST_STORAGE_PORT_BASE", 5950)), rasa_count=0))
    scale.start_storage()
    try:
        yield scale
    finally:
        scale.stop()


@pytest.fixture
def postgres_url(storage_servers: ScaleOut) -> Iterator[str]:
    """An empty PostgreSQL database of its own for one test."""
    name = f"test_{uuid.uuid4().hex[:12]}"
    storage_servers.admin_sql(f"CREATE DATABASE {name} OWNER {DB_USER}")
    yield storage_servers.db_url.rsplit("/", 1)[0] + f"/{name}"
    database.forget_engines()
    storage_servers.admin_sql(f"DROP DATABASE {name} WITH (FORCE)")
