"""Read a conversation's events straight from the tracker store's database, as staff tools do."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Any

from addons.tracker_crypto import EventCipher


@dataclass(frozen=True)
class StoredEvent:
    type_name: str
    data: dict[str, Any]

    @property
    def text(self) -> str | None:
        return self.data.get("text")


def sqlite_events(db_path: str, sender: str, key: str) -> list[StoredEvent]:
    """The events as Rasa reads them: the booking form's are stored encrypted (docs/privacy.md)."""
    cipher = EventCipher(key)
    with sqlite3.connect(db_path) as db:
        rows = db.execute("SELECT type_name, data FROM events WHERE sender_id = ? ORDER BY id", (sender,))
        return [StoredEvent(type_name, cipher.open(json.loads(data))) for type_name, data in rows]


def user_texts(events: list[StoredEvent]) -> list[str]:
    return [e.text or "" for e in events if e.type_name == "user"]


def slots(events: list[StoredEvent]) -> dict[str, Any]:
    """The slot values as the conversation left them."""
    values: dict[str, Any] = {}
    for event in events:
        if event.type_name == "slot":
            values[event.data["name"]] = event.data.get("value")
    return values
