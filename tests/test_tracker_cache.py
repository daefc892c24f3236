"""The tracker store's speed-ups (addons/tracker_store.py, addons/conversation_cache.py): the
remembered conversation is used only while the database still holds exactly it, so two Rasa
servers sharing one conversation, a deletion or a new session never get a stale one."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pytest
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, UserUtteranceReverted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from addons.applied_events import MEMO, RASA_APPLIED_EVENTS
from addons.tracker_store import ReportingSQLTrackerStore

# The tracker store encrypts personal data with a key from the environment (docs/privacy.md).
pytestmark = pytest.mark.usefixtures("tracker_key")


def store(path: Path) -> ReportingSQLTrackerStore:
    return ReportingSQLTrackerStore(domain=Domain.empty(), dialect="sqlite", db=str(path))


def turn(tracker_store: SQLTrackerStore, sender: str, text: str) -> DialogueStateTracker:
    """One turn as the Rasa server runs it: read the conversation, add to it, save it."""
    tracker = asyncio.run(tracker_store.retrieve(sender)) or DialogueStateTracker(sender, [])
    for event in (UserUttered(text), ActionExecuted("action_answer"), BotUttered(f"about {text}"),
                  ActionExecuted("action_listen")):
        tracker.update(event)
    asyncio.run(tracker_store.save(tracker))
    return tracker


def texts(tracker: DialogueStateTracker | None) -> list[str]:
    return [e.text for e in tracker.events if isinstance(e, UserUttered)] if tracker else []


def test_two_servers_alternating_in_one_conversation_always_see_every_turn(tmp_path: Path) -> None:
    first, second = store(tmp_path / "t.db"), store(tmp_path / "t.db")
    said = []
    for number in range(8):
        server = (first, second)[number % 2]
        said.append(f"question {number}")
        assert texts(turn(server, "visitor", said[-1])) == said
    for server in (first, second):
        assert texts(asyncio.run(server.retrieve("visitor"))) == said


def test_it_reads_what_rasas_own_sql_store_reads(tmp_path: Path) -> None:
    ours = store(tmp_path / "t.db")
    for number in range(5):
        turn(ours, "visitor", f"question {number}")
    rasas = SQLTrackerStore(domain=Domain.empty(), dialect="sqlite", db=str(tmp_path / "t.db"))
    expected = asyncio.run(rasas.retrieve("visitor"))
    got = asyncio.run(ours.retrieve("visitor"))
    assert got is not None and expected is not None
    assert [e.as_dict() for e in got.events] == [e.as_dict() for e in expected.events]


def test_a_remembered_conversation_is_not_rebuilt_from_its_rows(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    ours = store(tmp_path / "t.db")
    for number in range(3):
        turn(ours, "visitor", f"question {number}")

    def no_rows(*args: object, **kwargs: object) -> None:
        raise AssertionError("read the rows again")

    monkeypatch.setattr(ours, "_event_query", no_rows)
    assert texts(asyncio.run(ours.retrieve("visitor"))) == ["question 0", "question 1", "question 2"]


def test_rows_deleted_behind_its_back_are_not_served(tmp_path: Path) -> None:
    ours = store(tmp_path / "t.db")
    turn(ours, "visitor", "first")
    turn(ours, "visitor", "second")
    with sqlite3.connect(tmp_path / "t.db") as db:  # "forget me" or a retention purge, elsewhere
        db.execute("DELETE FROM events WHERE sender_id = 'visitor'")
    assert asyncio.run(ours.retrieve("visitor")) is None
    with sqlite3.connect(tmp_path / "t.db") as db:  # an older part of the conversation only
        turn(ours, "visitor", "third")
        turn(ours, "visitor", "fourth")
        db.execute("DELETE FROM events WHERE id = (SELECT min(id) FROM events)")
    assert texts(asyncio.run(ours.retrieve("visitor"))) == ["fourth"]


def test_times_rewritten_behind_its_back_are_served_as_rewritten(tmp_path: Path) -> None:
    """An idle conversation is judged by its events' times (session expiry): a copy of the
    conversation with other times must not be served."""
    ours = store(tmp_path / "t.db")
    turn(ours, "visitor", "first")
    before = asyncio.run(ours.retrieve("visitor"))
    assert before is not None
    with sqlite3.connect(tmp_path / "t.db") as db:
        db.execute("UPDATE events SET timestamp = timestamp - 3600, "
                   "data = json_set(data, '$.timestamp', json_extract(data, '$.timestamp') - 3600)")
    after = asyncio.run(ours.retrieve("visitor"))
    assert after is not None
    assert after.events[-1].timestamp == pytest.approx(before.events[-1].timestamp - 3600)


def test_a_new_session_reads_only_the_new_session_as_rasa_does(tmp_path: Path) -> None:
    ours = store(tmp_path / "t.db")
    turn(ours, "visitor", "old session")
    tracker = asyncio.run(ours.retrieve("visitor"))
    assert tracker is not None
    tracker.update(ActionExecuted("action_session_start"))
    tracker.update(SessionStarted())
    tracker.update(ActionExecuted("action_listen"))
    asyncio.run(ours.save(tracker))
    turn(ours, "visitor", "new session")
    rasas = SQLTrackerStore(domain=Domain.empty(), dialect="sqlite", db=str(tmp_path / "t.db"))
    assert texts(asyncio.run(ours.retrieve("visitor"))) == texts(asyncio.run(rasas.retrieve("visitor"))) \
        == ["new session"]


def test_sqlite_keeps_a_write_ahead_log_and_survives_a_restart(tmp_path: Path) -> None:
    turn(store(tmp_path / "t.db"), "visitor", "before the restart")
    with sqlite3.connect(tmp_path / "t.db") as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert texts(asyncio.run(store(tmp_path / "t.db").retrieve("visitor"))) == ["before the restart"]


def test_the_next_turn_starts_from_the_applied_events_worked_out_and_still_gets_rasas(tmp_path: Path) -> None:
    ours = store(tmp_path / "t.db")
    for number in range(4):
        turn(ours, "visitor", f"question {number}")
    tracker = asyncio.run(ours.retrieve("visitor"))
    assert tracker is not None
    handed_on = tracker.__dict__.get(MEMO)
    assert handed_on is not None and handed_on.count == len(tracker.events)
    tracker.update(UserUtteranceReverted())  # the next turn changes what applies
    fresh = DialogueStateTracker("fresh", [])
    fresh.events.extend(tracker.events)
    assert tracker.applied_events() == RASA_APPLIED_EVENTS(fresh)
    assert len(tracker.applied_events()) < len(tracker.events) - 1
