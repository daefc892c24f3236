"""Rasa's SQL tracker store, which tells the REST channel when it failed, keeps personal data
encrypted, and forgets a conversation when its visitor asks.

When the tracker database is unreachable, Rasa 3.6 logs an error and carries on with an empty
conversation kept in memory only (FailSafeTrackerStore): the visitor sees nothing wrong while
the conversation's context is gone and its turns are not stored. This store behaves exactly
like `type: SQL` (same tables, same settings) but first notes the failure for the turn, so
addons/resilient_rest.py can say that something went wrong and give the appointment line,
and its database errors leave the SQL parameters (what visitors typed) out of the log.

Personal data (docs/privacy.md): every event of a form (the booking form's name, phone number
and email, as typed, as slots and in the summary) and every message that holds a phone number
or an email address is stored encrypted (addons/tracker_crypto.py, TRACKER_ENCRYPTION_KEY)
and decrypted on reading, so Rasa sees the conversation as it was.

"Forget me" (actions/privacy.py): a turn that sets the slot `records.conversations.FORGET_SLOT`
is not saved; instead every stored event of that sender is deleted. The lock store's entry goes
when the turn ends, as after every turn (Rasa deletes a lock nobody waits for).

Speed (issue 11, docs/benchmarks.md): a SQLite database runs in write-ahead-log mode with
`synchronous=NORMAL` (a commit no longer waits for the disk; what was committed survives a
restart or a crash of the server, though not a power cut in the last moments), and the
conversations just read or written are kept in memory and used while the database still
holds exactly them (addons/conversation_cache.py), so a turn costs about the same at turn 80
as at turn 1. Only new events are written, in one INSERT, as Rasa's store does.

    tracker_store:
      type: addons.tracker_store.ReportingSQLTrackerStore
      dialect: ...   (the same keys as `type: SQL`)
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Sequence
from contextvars import ContextVar
from functools import cache
from typing import Any

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import ActiveLoop, Event, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from addons.applied_events import adopt, covering
from addons.conversation_cache import ConversationCache, Version
from addons.tracker_crypto import EventCipher
from records.conversations import FORGET_SLOT
from records.masking import has_contact_details

logger = logging.getLogger(__name__)

# The REST channel puts a list here for each turn; failures append to it. None outside a turn.
turn_problems: ContextVar[list[str] | None] = ContextVar("turn_problems", default=None)


def report_problem(what: str) -> None:
    problems = turn_problems.get()
    if problems is not None:
        problems.append(what)


def personal_events(events: Sequence[Event], forms: Iterable[str], start: int = 0) -> list[bool]:
    """For each event from `start` on, whether it may hold personal data: it happened while a
    form was asking (name, phone, email …), or it is a message with a phone number or an
    email address. The earlier events only tell which form was asking (the messages already
    stored are not searched again at every turn)."""
    forms = set(forms)
    active: str | None = None
    flags = []
    for index, event in enumerate(events):
        if isinstance(event, ActiveLoop):
            active = event.name
        if index >= start:
            typed = isinstance(event, UserUttered) and has_contact_details(event.text or "")
            flags.append(active in forms or typed)
    return flags


def forgets(events: Iterable[Event]) -> bool:
    return any(isinstance(e, SlotSet) and e.key == FORGET_SLOT and e.value is True for e in events)


class ReportingSQLTrackerStore(SQLTrackerStore):
    """SQLTrackerStore that reports failures to the turn, encrypts personal data and forgets."""

    def __init__(self, host: str | None = None, **kwargs: Any) -> None:
        # Fails at start-up, with a message saying what to set, rather than storing in clear.
        self.cipher = EventCipher.from_env()
        # Rasa passes the endpoint's `url` as `host`, like for `type: SQL`.
        super().__init__(host=host, **kwargs)
        # A failed INSERT's error message would otherwise carry the event data, i.e. what the
        # visitor typed, into Rasa's log.
        self.engine.hide_parameters = True
        if self.engine.dialect.name == "sqlite":
            self._keep_sqlite_open()
        # Decrypted events, in this server's memory only, as Rasa holds them during a turn.
        self.cache = ConversationCache()
    def _keep_sqlite_open(self) -> None:
        """SQLAlchemy 1.4 opens and closes a SQLite file for every session; closing the last
        connection of a write-ahead log checkpoints it to disk, which cost ~15 ms a turn. A
        pool keeps the connections (and the log) open; the server's turns run in one thread."""
        url = self.engine.url
        self.engine.dispose()
        self.engine = sa.create_engine(url, poolclass=sa.pool.QueuePool, pool_size=2, hide_parameters=True,
                                       connect_args={"check_same_thread": False})
        sa.event.listen(self.engine, "connect", _sqlite_write_ahead_log)
        self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)

    def _version(self, session: Any, sender_id: str) -> Version:
        """How many events the database holds for this conversation, the highest event id and
        the latest event time (a statement built once: an ORM query costs several times as
        much as the lookup)."""
        count, top, latest = session.execute(_version_statement(self.SQLEvent.__table__), {"sender": sender_id}).one()
        return int(count), top, latest

    def _forms(self) -> list[str]:
        return list(self.domain.form_names) if self.domain else []

    def _read_events(self, session: Any, sender_id: str, all_sessions: bool) -> tuple[Event, ...]:
        rows = self._event_query(session, sender_id, fetch_events_from_all_sessions=all_sessions).all()
        return tuple(Event.from_parameters(self.cipher.open(json.loads(row.data))) for row in rows)

    async def _retrieve(self, sender_id: str, fetch_events_from_all_sessions: bool) -> DialogueStateTracker | None:
        applied = None
        with self.session_scope() as session:
            if fetch_events_from_all_sessions:  # the staff tools' full history: always from the database
                events = self._read_events(session, sender_id, all_sessions=True)
            else:
                version = self._version(session, sender_id)
                remembered = self.cache.entry(sender_id, version)
                if remembered is None:
                    events = self._read_events(session, sender_id, all_sessions=False)
                    self.cache.put(sender_id, version, events)
                else:
                    events, applied = remembered.events, remembered.applied
        if not events or not self.domain:
            return None
        tracker = DialogueStateTracker.from_events(sender_id, list(events), self.domain.slots)
        adopt(tracker, applied)
        return tracker

    async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
        try:
            return await super().retrieve(sender_id)
        except Exception:
            report_problem("reading the conversation")
            raise

    async def retrieve_full_tracker(self, conversation_id: str) -> DialogueStateTracker | None:
        try:
            return await super().retrieve_full_tracker(conversation_id)
        except Exception:
            report_problem("reading the conversation")
            raise

    async def save(self, tracker: DialogueStateTracker) -> None:
        try:
            await self._save(tracker)
        except Exception:
            report_problem("saving the conversation")
            raise

    async def _save(self, tracker: DialogueStateTracker) -> None:
        """Rasa's save (only the events not stored yet, in one INSERT), counting what is stored
        from the remembered conversation when the database still holds exactly that; a turn
        that asks to be forgotten deletes the conversation instead."""
        sender_id = tracker.sender_id
        events = list(tracker.events)
        with self.session_scope() as session:
            before = self._version(session, sender_id)
            remembered = self.cache.get(sender_id, before)
            stored = len(remembered) if remembered is not None else \
                self._event_query(session, sender_id, fetch_events_from_all_sessions=False).count()
            new = events[stored:]
            if forgets(new):
                self.cache.forget(sender_id)
                session.query(self.SQLEvent).filter(self.SQLEvent.sender_id == sender_id).delete(
                    synchronize_session=False)
                session.commit()
                logger.info("A conversation was deleted at its visitor's request.")
                return
            await self.stream_events(tracker)
            flags = personal_events(events, self._forms(), start=stored)
            if new:  # ORM objects and a flush cost more than the SQL
                rows = [self._row(sender_id, e, personal) for e, personal in zip(new, flags, strict=True)]
                session.execute(self.SQLEvent.__table__.insert(), rows)
            after = self._version(session, sender_id) if new else before
            session.commit()
        self.cache.extend(sender_id, before, new, after, covering(tracker))

    def _row(self, sender_id: str, event: Event, personal: bool) -> dict[str, Any]:
        """An event's row, as Rasa's SQL store writes it; personal data sealed."""
        data = event.as_dict()
        return {"sender_id": sender_id, "type_name": event.type_name, "timestamp": data.get("timestamp"),
                "intent_name": ((data.get("parse_data") or {}).get("intent") or {}).get("name"),
                "action_name": data.get("name"),
                "data": json.dumps(self.cipher.seal(data) if personal else data)}

    async def keys(self) -> Iterable[str]:
        return await super().keys()

@cache
def _version_statement(events: sa.Table) -> sa.sql.Select:
    return sa.select(sa.func.count(events.c.id), sa.func.max(events.c.id), sa.func.max(events.c.timestamp)).where(
        events.c.sender_id == sa.bindparam("sender"))


def _sqlite_write_ahead_log(connection: Any, _record: Any) -> None:
    """Each SQLite connection: a write-ahead log (kept in the file), commits written to it
    without waiting for the disk (safe against a crash of the server), and readers that don't
    wait for writers."""
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()
