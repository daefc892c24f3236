"""The real tracker store (addons/tracker_store.py) on SQLite or PostgreSQL, for the tests of
what is stored: opening it from a URL, writing conversations with chosen timestamps, and
reading the raw rows as anyone with database access would."""

from __future__ import annotations

import asyncio
import json
import os
import re
from functools import cache
from typing import Any

import sqlalchemy as sa
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, Event, SessionStarted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from addons.tracker_crypto import KEY_ENV, SEALED
from addons.tracker_store import ReportingSQLTrackerStore
from tools.common.paths import PROJECT_DIR


def retrieve_with_key(url: str, key: str, sender: str) -> DialogueStateTracker:
    """A conversation as a Rasa server with that key reads it from the store (decrypted)."""
    previous = os.environ.get(KEY_ENV)
    os.environ[KEY_ENV] = key
    try:
        store = open_store(url)
        tracker = asyncio.run(store.retrieve(sender))
        store.engine.dispose()
    finally:
        if previous is None:
            del os.environ[KEY_ENV]
        else:
            os.environ[KEY_ENV] = previous
    assert tracker is not None, f"nothing stored for {sender}"
    return tracker


@cache
def project_domain() -> Domain:
    return Domain.load(str(PROJECT_DIR / "domain"))


def open_store(url: str, domain: Domain | None = None) -> ReportingSQLTrackerStore:
    """The store as Rasa builds it from an endpoints file (the same keys as `type: SQL`)."""
    parsed = sa.engine.make_url(url)
    domain = domain or project_domain()
    if parsed.get_backend_name() == "sqlite":
        return ReportingSQLTrackerStore(domain=domain, dialect="sqlite", db=parsed.database)
    return ReportingSQLTrackerStore(domain=domain, dialect="postgresql", host=parsed.host, port=parsed.port,
                                    db=parsed.database, username=parsed.username, password=parsed.password)


def save(store: ReportingSQLTrackerStore, sender: str, events: list[Event]) -> None:
    """Save a conversation's events as the Rasa server would at the end of a turn."""
    existing = asyncio.run(store.retrieve(sender))  # the latest session, as Rasa reads it
    tracker = existing or DialogueStateTracker(sender, store.domain.slots)
    for event in events:
        tracker.update(event)
    asyncio.run(store.save(tracker))


def session(at: float, text: str = "what is ALL?") -> list[Event]:
    """One conversation session starting at `at` (Unix time): start, a question, an answer."""
    return [
        ActionExecuted("action_session_start", timestamp=at),
        SessionStarted(timestamp=at),
        ActionExecuted("action_listen", timestamp=at),
        UserUttered(text, intent={"name": "ask_what_is_all", "confidence": 1.0}, timestamp=at + 1),
        ActionExecuted("action_answer_question", timestamp=at + 2),
        BotUttered("an answer", timestamp=at + 2),
        ActionExecuted("action_listen", timestamp=at + 3),
    ]


def rows(url: str, sender: str | None = None) -> list[dict[str, Any]]:
    """Every column of the `events` rows (of one sender), in the order they were stored."""
    engine = sa.create_engine(url)
    try:
        with engine.connect() as db:
            if not sa.inspect(db).has_table("events"):
                return []
            query = "SELECT * FROM events" + (" WHERE sender_id = :s" if sender else "") + " ORDER BY id"
            return [dict(row._mapping) for row in db.execute(sa.text(query), {"s": sender})]
    finally:
        engine.dispose()


def everything_stored(url: str) -> str:
    """All that the tracker database holds outside the ciphertexts, as text: what someone
    reading it without the key sees. (A ciphertext can't hold a name; by chance it can hold
    the letters of one, like "Doe" in base64.)"""
    def readable(row: dict[str, Any]) -> str:
        data = json.loads(row["data"] or "{}")
        if SEALED in data:
            data[SEALED] = "<encrypted>"
        return " ".join(str(value) for value in {**row, "data": json.dumps(data)}.values())
    return "\n".join(readable(row) for row in rows(url))


def shows(text: str, private: str) -> bool:
    """Whether `private` appears in `text` as a word of its own ("Doe", not the "Doe" in "Does")."""
    return re.search(rf"(?<!\w){re.escape(private)}(?!\w)", text) is not None
