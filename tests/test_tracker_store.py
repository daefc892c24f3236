"""The reporting SQL tracker store (addons/tracker_store.py), on a throwaway SQLite file."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
import sqlalchemy as sa
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from addons.tracker_store import ReportingSQLTrackerStore, turn_problems

# The tracker store encrypts personal data with a key from the environment (docs/privacy.md).
pytestmark = pytest.mark.usefixtures("tracker_key")


def store(path: Path) -> ReportingSQLTrackerStore:
    return ReportingSQLTrackerStore(domain=Domain.empty(), dialect="sqlite", db=str(path))


def test_it_stores_and_reads_back_like_rasas_sql_store(tmp_path: Path) -> None:
    tracker = DialogueStateTracker.from_events("visitor", [UserUttered("what is ALL?")])
    asyncio.run(store(tmp_path / "t.db").save(tracker))
    again = asyncio.run(store(tmp_path / "t.db").retrieve("visitor"))
    assert again is not None and again.latest_message.text == "what is ALL?"


def test_a_failure_is_reported_to_the_turn_and_keeps_the_visitors_text_out_of_the_error(tmp_path: Path) -> None:
    broken = store(tmp_path / "t.db")
    with broken.engine.begin() as db:  # reading works, writing fails (as on a full disk)
        db.execute(sa.text("CREATE TRIGGER full BEFORE INSERT ON events BEGIN SELECT RAISE(ABORT, 'full'); END"))
    tracker = DialogueStateTracker.from_events("visitor", [UserUttered("my daughter Jane has bruises")])
    problems: list[str] = []
    token = turn_problems.set(problems)
    try:
        with pytest.raises(sa.exc.SQLAlchemyError) as error:
            asyncio.run(broken.save(tracker))
    finally:
        turn_problems.reset(token)
    assert problems == ["saving the conversation"]
    assert "bruises" not in str(error.value) and "Jane" not in str(error.value)
