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

    tracker_store:
      type: addons.tracker_store.ReportingSQLTrackerStore
      dialect: ...   (the same keys as `type: SQL`)
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Sequence
from contextvars import ContextVar
from typing import Any

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import ActiveLoop, Event, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

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


def personal_events(events: Sequence[Event], forms: Iterable[str]) -> list[bool]:
    """For each event, whether it may hold personal data: it happened while a form was asking
    (name, phone, email …), or it is a message with a phone number or an email address."""
    forms = set(forms)
    active: str | None = None
    flags = []
    for event in events:
        if isinstance(event, ActiveLoop):
            active = event.name
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

    def _forms(self) -> list[str]:
        return list(self.domain.form_names) if self.domain else []

    async def _retrieve(self, sender_id: str, fetch_events_from_all_sessions: bool) -> DialogueStateTracker | None:
        with self.session_scope() as session:
            rows = self._event_query(session, sender_id, fetch_events_from_all_sessions).all()
            events = [self.cipher.open(json.loads(row.data)) for row in rows]
        if not events or not self.domain:
            return None
        return DialogueStateTracker.from_dict(sender_id, events, self.domain.slots)

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
        events = list(tracker.events)
        with self.session_scope() as session:
            stored = self._event_query(session, tracker.sender_id, fetch_events_from_all_sessions=False).count()
            new = events[stored:]
            if forgets(new):
                session.query(self.SQLEvent).filter(self.SQLEvent.sender_id == tracker.sender_id).delete(
                    synchronize_session=False)
                session.commit()
                logger.info("A conversation was deleted at its visitor's request.")
                return
            await self.stream_events(tracker)
            flags = personal_events(events, self._forms())[stored:]
            for event, personal in zip(new, flags, strict=True):
                data = event.as_dict()
                intent = ((data.get("parse_data") or {}).get("intent") or {}).get("name")
                session.add(self.SQLEvent(
                    sender_id=tracker.sender_id,
                    type_name=event.type_name,
                    timestamp=data.get("timestamp"),
                    intent_name=intent,
                    action_name=data.get("name"),
                    data=json.dumps(self.cipher.seal(data) if personal else data),
                ))
            session.commit()

    async def keys(self) -> Iterable[str]:
        return await super().keys()
