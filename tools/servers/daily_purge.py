"""Retention while the assistant runs: `make run` and the scale-out start `python -m
records.retention` (the same command as `make purge`) when they start and then once a day,
in the background, with the settings their servers use. It prints counts only.
"""

from __future__ import annotations

import subprocess
import sys
import time
from dataclasses import dataclass, field

from tools.common.paths import PROJECT_DIR

DAY_SECONDS = 24 * 60 * 60


@dataclass
class DailyPurge:
    """Call `tick()` from a service loop: it starts a purge when one is due."""

    env: dict[str, str]
    interval: float = DAY_SECONDS
    next_run: float = field(default_factory=time.monotonic)  # the first one at start
    process: subprocess.Popen | None = None

    def tick(self) -> None:
        if self.process is not None and self.process.poll() is None:
            return  # the last one is still at work
        if time.monotonic() < self.next_run:
            return
        self.next_run = time.monotonic() + self.interval
        self.process = subprocess.Popen([sys.executable, "-m", "records.retention"], cwd=PROJECT_DIR, env=self.env)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)
