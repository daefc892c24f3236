"""`DialogueStateTracker.applied_events`, worked out once per tracker and extended as events
arrive, instead of from the first event on every call.

Rasa 3.6 calls `applied_events()` four to five times a turn (the session-expiry check, logging
the message, each policy prediction), and each call walks every event of the session with
several `isinstance` checks against abstract classes: at turn 80 (about 500 events) ~1.3 ms a
call on these machines, the largest part of what made a turn cost more the longer the
conversation (docs/benchmarks.md).

The walk is a left fold over the events, but for one look-ahead: an `ActionExecuted` of a loop
is treated specially only if the loop's name appears in an `ActiveLoop` event anywhere in the
tracker. So the result of a call is kept on the tracker with the events it covered and the loop
names it saw; the next call continues the fold over the events appended since, as long as the
covered events are still the tracker's first ones (checked by the identity of the last one
covered: trackers only ever append) and no new loop name appeared. Otherwise it is Rasa's own
walk, from the start. Each step is Rasa's own loop body, calling Rasa's own helpers; the
property test in tests/test_applied_events.py checks call by call, over random conversations
with reverts, restarts and loops, that the results are the same as Rasa's.

Why a replaced method: Rasa calls it from the processor, the policies and the tracker itself,
and has no setting for it. Every Rasa server of ours loads this package, which installs it.
"""

from __future__ import annotations

from itertools import islice
from typing import NamedTuple

from rasa.shared.core.events import (
    ActionExecuted,
    ActionReverted,
    ActiveLoop,
    Event,
    Restarted,
    SessionStarted,
    UserUtteranceReverted,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker

RASA_APPLIED_EVENTS = DialogueStateTracker.applied_events
MEMO = "_applied_events_memo"


class Applied(NamedTuple):
    """What one call worked out: how many events it covered, the last of them, the loop
    names among them and the applied events."""

    count: int
    last: Event | None
    loop_names: frozenset[str]
    events: list[Event]


def loop_names(events: list[Event]) -> frozenset[str]:
    return frozenset(e.name for e in events if isinstance(e, ActiveLoop) and e.name)


def apply_event(tracker: DialogueStateTracker, event: Event, loops: frozenset[str], applied: list[Event]) -> None:
    """One step of Rasa 3.6's `applied_events` loop, with its helpers."""
    if isinstance(event, (Restarted, SessionStarted)):
        applied.clear()
    elif isinstance(event, ActionReverted):
        tracker._undo_till_previous(ActionExecuted, applied)
    elif isinstance(event, UserUtteranceReverted):
        tracker._undo_till_previous(UserUttered, applied)
        tracker._undo_till_previous(ActionExecuted, applied)
    elif (isinstance(event, ActionExecuted) and event.action_name in loops
          and not tracker._first_loop_execution_or_unhappy_path(event.action_name, applied)):
        tracker._undo_till_previous_loop_execution(event.action_name, applied)
    else:
        applied.append(event)


def _continued(tracker: DialogueStateTracker, memo: Applied | None, count: int) -> list[Event] | None:
    """The memo's applied events carried on over the events appended since, or None when the
    memo no longer describes the start of this tracker or a new loop name appeared."""
    if memo is None or memo.count > count:
        return None
    if memo.count and tracker.events[memo.count - 1] is not memo.last:
        return None
    new = list(islice(tracker.events, memo.count, count))
    if not loop_names(new) <= memo.loop_names:
        return None
    applied = list(memo.events)
    for event in new:
        apply_event(tracker, event, memo.loop_names, applied)
    return applied


def applied_events(self: DialogueStateTracker) -> list[Event]:
    """Rasa's `applied_events()`, continued from the previous call where that is the same."""
    count = len(self.events)
    applied = _continued(self, self.__dict__.get(MEMO), count)
    if applied is None:
        applied = RASA_APPLIED_EVENTS(self)
        loops = loop_names(list(self.events))
    else:
        loops = self.__dict__[MEMO].loop_names
    last = self.events[count - 1] if count else None
    self.__dict__[MEMO] = Applied(count, last, loops, applied)
    return list(applied)  # callers may change their list; the memo keeps its own


def covering(tracker: DialogueStateTracker) -> Applied | None:
    """What the tracker knows of its applied events, brought up to its last event (cheap when
    it has worked them out before), to hand on to the next tracker of the same events."""
    tracker.applied_events()
    return tracker.__dict__.get(MEMO)


def adopt(tracker: DialogueStateTracker, memo: Applied | None) -> None:
    """Start the tracker from what another tracker worked out, when its events begin with the
    very events that one covered (checked again at every call, as any memo is)."""
    if memo is not None:
        tracker.__dict__[MEMO] = memo


def install() -> None:
    """Make every tracker remember its applied events (idempotent)."""
    DialogueStateTracker.applied_events = applied_events  # type: ignore[method-assign]


__all__ = ["RASA_APPLIED_EVENTS", "Applied", "adopt", "apply_event", "applied_events", "covering", "install"]
