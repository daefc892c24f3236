"""Rasa's SQL tracker store, which tells the REST channel when it failed.

When the tracker database is unreachable, Rasa 3.6 logs an error and carries on with an empty
conversation kept in memory only (FailSafeTrackerStore): the visitor sees nothing wrong while
the conversation's context is gone and its turns are not stored. This store behaves exactly
like `type: SQL` (same tables, same settings) but first notes the failure for the turn, so
addons/resilient_rest.py can say that something went wrong and give the appointment line,
and its database errors leave the SQL parameters (what visitors typed) out of the log.

    tracker_store:
      type: addons.tracker_store.ReportingSQLTrackerStore
      dialect: ...   (the same keys as `type: SQL`)
"""

from __future__ import annotations

from collections.abc import Iterable
from contextvars import ContextVar
from typing import Any

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.trackers import DialogueStateTracker

# The REST channel puts a list here for each turn; failures append to it. None outside a turn.
turn_problems: ContextVar[list[str] | None] = ContextVar("turn_problems", default=None)


def report_problem(what: str) -> None:
    problems = turn_problems.get()
    if problems is not None:
        problems.append(what)


class ReportingSQLTrackerStore(SQLTrackerStore):
    """SQLTrackerStore that reports read and write failures to the turn that hit them."""

    def __init__(self, host: str | None = None, **kwargs: Any) -> None:
        # Rasa passes the endpoint's `url` as `host`, like for `type: SQL`.
        super().__init__(host=host, **kwargs)
        # A failed INSERT's error message would otherwise carry the event data, i.e. what the
        # visitor typed, into Rasa's log.
        self.engine.hide_parameters = True

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
            await super().save(tracker)
        except Exception:
            report_problem("saving the conversation")
            raise

    async def keys(self) -> Iterable[str]:
        return await super().keys()
