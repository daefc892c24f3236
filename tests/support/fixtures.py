"""Fixtures every test package may use (imported into tests/conftest.py): a dispatcher for the
actions, the trained assistant behind real servers with a fresh conversation, and PostgreSQL
(from Debian's packages, as the scale-out runs it) with an empty database for each test."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from rasa_sdk.executor import CollectingDispatcher

from addons.tracker_crypto import KEY_ENV, generate_key
from records import database
from tests.support.requirements import missing
from tests.support.settings import TEST_SETTINGS
from tools.common.http_client import Conversation
from tools.servers import Assistant, Ports, ScaleOut, ScalePorts, find_binaries
from tools.servers.scaleout import DB_USER


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
        # The tracker store encrypts the booking form's events with it (docs/privacy.md).
        KEY_ENV: generate_key(),
    }
    with Assistant(ports=ports, extra_env=env) as running:
        yield running


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """One empty database on SQLite, then on PostgreSQL (tracker store, bookings, votes)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.db'}"
        database.forget_engines()
    else:
        yield request.getfixturevalue("postgres_url")


@pytest.fixture
def tracker_key(monkeypatch: pytest.MonkeyPatch) -> str:
    """A fresh key for the tracker store's encryption of personal data (docs/privacy.md)."""
    key = generate_key()
    monkeypatch.setenv(KEY_ENV, key)
    return key


@pytest.fixture
def chat(assistant: Assistant) -> Conversation:
    """A fresh conversation with the running assistant."""
    return Conversation(assistant.ports.rasa_url)


@pytest.fixture(scope="session")
def storage_servers() -> Iterator[ScaleOut]:
    """PostgreSQL and Redis only (tools/servers/scaleout.py), on ports from
    TEST_STORAGE_PORT_BASE (default 5950: PostgreSQL 5982, Redis 6029)."""
    binaries, absent = find_binaries()
    if not binaries:
        missing(f"PostgreSQL tests need {', '.join(absent)}: `make scale-deps` installs them.")
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
