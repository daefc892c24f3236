"""`make run` and the scale-out purge at start and then once a day (tools/servers/daily_purge.py),
with the settings their servers use."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from tools.servers.daily_purge import DailyPurge


def test_it_purges_at_start_and_then_only_once_the_interval_has_passed(
        tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    env = {**os.environ, "TRACKER_DB": str(tmp_path / "tracker.db"),
           "DATABASE_URL": f"sqlite:///{tmp_path / 'assistant.db'}", "CONVERSATION_RETENTION_DAYS": "7"}
    purge = DailyPurge(env, interval=3600)
    purge.tick()
    assert purge.process is not None
    first = purge.process
    assert first.wait(timeout=120) == 0
    assert "conversations older than 7 days: 0 removed" in capfd.readouterr().out  # the servers' settings
    purge.tick()
    assert purge.process is first  # not again within the interval
    purge.next_run = time.monotonic()  # a day later
    purge.tick()
    assert purge.process is not first
    purge.stop()
