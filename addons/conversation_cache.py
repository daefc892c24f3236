"""Conversations this Rasa server has just read or written, kept so the next turn need not
rebuild them from the database, and never served once the database holds anything else.

Rebuilding a conversation from its stored rows costs more with every turn (each event is
parsed from JSON and looked up among Rasa's event classes: ~60 ms at turn 80 on these
machines); replaying events already in memory costs a few percent of that. So the tracker
store keeps, per conversation, the events a read from the database would return, and the
conversation's **version** in the database: how many events it has, the highest event id and
the latest event time.

Every read still asks the database for the version (one indexed query). Only when it is
the one remembered are the remembered events used; otherwise the conversation is read from
the database as before. Another Rasa server that wrote a turn of the same conversation
(the scale-out), a "forget me", a retention purge, an expired session or a rewrite of the
events' times all change the version, so a stale conversation is never served. The cache
holds events, never replies, and is keyed by conversation, never by what a visitor typed.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from threading import Lock
from typing import Any

from rasa.shared.core.events import Event, SessionStarted

# About 1 MB for an 80-turn conversation; the least recently used are dropped beyond this.
MAX_CONVERSATIONS = 500
Version = tuple[int, int | None, float | None]  # (events stored, highest event id, latest event time)


@dataclass(frozen=True)
class Cached:
    version: Version
    events: tuple[Event, ...]
    # What a tracker of exactly these events worked out about them (addons/applied_events.py),
    # so the next turn's tracker need not work it out from the first event again.
    applied: Any = None


class ConversationCache:
    """A bounded, least-recently-used map of conversation id → (version, events)."""

    def __init__(self, size: int = MAX_CONVERSATIONS) -> None:
        self.size = size
        self._entries: OrderedDict[str, Cached] = OrderedDict()
        self._lock = Lock()

    def entry(self, sender_id: str, version: Version) -> Cached | None:
        """What is remembered, if the database's version is the remembered one."""
        with self._lock:
            entry = self._entries.get(sender_id)
            if entry is None or entry.version != version or version[0] == 0:
                return None
            self._entries.move_to_end(sender_id)
            return entry

    def get(self, sender_id: str, version: Version) -> tuple[Event, ...] | None:
        """The remembered events, if the database's version is the remembered one."""
        entry = self.entry(sender_id, version)
        return entry.events if entry else None

    def put(self, sender_id: str, version: Version, events: tuple[Event, ...], applied: Any = None) -> None:
        with self._lock:
            self._entries[sender_id] = Cached(version, events, applied)
            self._entries.move_to_end(sender_id)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)

    def extend(self, sender_id: str, before: Version, new: list[Event], after: Version,
               applied: Any = None) -> None:
        """Remember the events written by a save, when the conversation was remembered at the
        version the save started from. A new session is not followed: the database then
        returns only the new session's events, so the next read goes to it."""
        with self._lock:
            entry = self._entries.get(sender_id)
            if entry is None or entry.version != before or any(isinstance(e, SessionStarted) for e in new):
                self._entries.pop(sender_id, None)
                return
        self.put(sender_id, after, entry.events + tuple(new), applied)

    def forget(self, sender_id: str) -> None:
        with self._lock:
            self._entries.pop(sender_id, None)

    def __len__(self) -> int:
        return len(self._entries)
