"""The staff console as `make staff` runs it, for the browser tests: its own process, its own
test assistant (the trained model), a throw-away database with staff accounts, a request and
votes, and a tracker store with visitors' conversations (tests/support/console_data.py).

Ports: TEST_STAFF_PORT (default 5190) for the console, TEST_STAFF_RASA_PORT and
TEST_STAFF_ACTIONS_PORT (default 5406 / 5456) for its test assistant.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Page, expect

from records import database
from records.staff_accounts import ADMIN_ROLE, BOOKINGS_ROLE, save_account
from tests.support.console import BOOKER, CLERK, PASSWORD
from tests.support.console_data import seed_records, seed_tracker
from tests.support.settings import TEST_SETTINGS
from tools.common.paths import PROJECT_DIR, VENV_BIN
from tools.servers import Ports, Service, base_env

# The assistant needs a minute to start, the answer sheet another one on a busy machine.
ASSISTANT_READY_MS = 300_000


@dataclass(frozen=True)
class StaffConsole:
    url: str
    database_url: str
    reference: str  # the seeded appointment request


def console_ports() -> tuple[int, Ports]:
    env = os.environ
    return int(env.get("TEST_STAFF_PORT", 5190)), Ports(
        host="127.0.0.1", rasa=int(env.get("TEST_STAFF_RASA_PORT", 5406)),
        actions=int(env.get("TEST_STAFF_ACTIONS_PORT", 5456)))


def run_console(workdir: Path) -> Iterator[StaffConsole]:
    port, test_ports = console_ports()
    url = f"sqlite:///{workdir / 'assistant.db'}"
    now = dt.datetime.now().astimezone()
    database.forget_engines()
    save_account(CLERK, PASSWORD, set(), url)
    save_account(BOOKER, PASSWORD, {BOOKINGS_ROLE, ADMIN_ROLE}, url)
    reference = seed_records(url, now)
    seed_tracker(workdir / "tracker.db", now)
    database.forget_engines()
    env = base_env(test_ports, {
        **TEST_SETTINGS, "DATABASE_URL": url, "TRACKER_DB": str(workdir / "tracker.db"),
        "STAFF_PORT": str(port), "STAFF_RASA_PORT": str(test_ports.rasa),
        "STAFF_ACTIONS_PORT": str(test_ports.actions),
    })
    service = Service("staff console", [str(VENV_BIN / "python"), "-m", "tools.staff.console"],
                      f"http://127.0.0.1:{port}/login", port, env, PROJECT_DIR / "var" / "log" / f"console-{port}.log")
    service.start()
    try:
        service.wait_ready(timeout=120)
        yield StaffConsole(f"http://127.0.0.1:{port}", url, reference)
    finally:
        service.stop(timeout=60)  # time for the console to stop its own test assistant


def log_in(page: Page, console: StaffConsole, name: str) -> None:
    page.goto(console.url + "/")
    expect(page).to_have_url(f"{console.url}/login")
    page.get_by_label("Name").fill(name)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Staff console")


def wait_for_the_assistant(page: Page, console: StaffConsole) -> None:
    """The test pane once its assistant is ready (the page reloads itself while it starts)."""
    page.goto(console.url + "/test")
    expect(page.get_by_role("status").first).to_have_text("The test assistant is ready.", timeout=ASSISTANT_READY_MS)
