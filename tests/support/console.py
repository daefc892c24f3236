"""The staff console under test: its app in-process (aiohttp's test client) with a throw-away
database, staff accounts, logging in, and a stand-in for its test assistant that answers from
the content (the browser tests drive the real one)."""

from __future__ import annotations

import asyncio
import datetime as dt
import re
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from aiohttp import ClientResponse
from aiohttp.test_utils import TestClient, TestServer

from core.content import load_content
from core.replies import answer
from records import database
from records.staff_accounts import BOOKINGS_ROLE, save_account
from tests.support.console_data import seed_records, seed_tracker
from tools.staff.console import sheet as sheet_module
from tools.staff.console.app import make_app
from tools.staff.console.settings import ConsoleConfig
from tools.staff.console.signoff import SHEET
from tools.staff.console.tester import READY, ConsoleAssistant, Turn, read_turn

PASSWORD = "a long test password"
CLERK, BOOKER = "clerk", "booker"  # without and with the bookings role
HTML = {"Accept": "text/html"}
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def make_accounts(url: str | None = None) -> None:
    save_account(CLERK, PASSWORD, set(), url)
    save_account(BOOKER, PASSWORD, {BOOKINGS_ROLE}, url)


def csrf_in(html: str) -> str:
    found = _CSRF.search(html)
    assert found, "no CSRF token in the page"
    return found.group(1)


async def log_in(client: TestClient, name: str, password: str = PASSWORD) -> ClientResponse:
    form = await client.get("/login", headers=HTML)
    token = csrf_in(await form.text())
    return await client.post("/login", data={"name": name, "password": password, "csrf_token": token, "next": "/"},
                             allow_redirects=False, headers=HTML)


async def page_token(client: TestClient, path: str = "/") -> str:
    """The session's CSRF token, as a page of the console carries it."""
    response = await client.get(path, headers=HTML)
    return csrf_in(await response.text())


class ContentAssistant(ConsoleAssistant):
    """Answers every question with the content's answer to `intent`, as Rasa would report it."""

    def __init__(self, config: ConsoleConfig, intent: str = "ask_survival_rate") -> None:
        super().__init__(config)
        self.state = READY
        self.intent = intent
        self.asked: list[tuple[str, str | None]] = []

    def turn(self, text: str, sender: str | None = None) -> Turn:
        self.asked.append((text, sender))
        content = load_content()
        reply = answer(content, self.intent)
        raw = [reply.as_message()]
        age_group = content.vocabulary.of_kind("age_group")[0].canonical
        tracker = {
            "latest_message": {
                "text": text,
                "intent": {"name": self.intent, "confidence": 0.93},
                "intent_ranking": [{"name": self.intent, "confidence": 0.93},
                                   {"name": "ask_who_gets_all", "confidence": 0.04},
                                   {"name": "ask_treatment", "confidence": 0.02}],
                "entities": [{"entity": "age_group", "value": age_group, "extractor": "PageTermExtractor"}],
            },
            "events": [{"event": "user", "text": text}, {"event": "action", "name": "action_answer_question"},
                       {"event": "bot", "text": reply.text}, {"event": "action", "name": "action_listen"}],
        }
        return read_turn(text, raw, tracker)


def console_config(**changes: Any) -> ConsoleConfig:
    return ConsoleConfig(start_assistant=False, model=Path("/nonexistent/model.tar.gz"), **changes)


async def with_console(check: Callable[[TestClient], Awaitable[None]], config: ConsoleConfig | None = None,
                       assistant: ConsoleAssistant | None = None) -> None:
    config = config or console_config()
    app = make_app(config, assistant or ContentAssistant(config))
    async with TestClient(TestServer(app)) as client:
        await check(client)


SEEDED_AT = dt.datetime.now().astimezone()


@pytest.fixture
def console_stores(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A database with the accounts, a vote and a request, and a tracker store with visitors'
    conversations (tests/support/console_data.py), for one test; yields the database URL."""
    url = f"sqlite:///{tmp_path / 'assistant.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("TRACKER_DB", str(tmp_path / "tracker.db"))
    monkeypatch.setattr(sheet_module, "PAGE_IMPORT_ANSWERS", tmp_path / sheet_module.PAGE_IMPORT_ANSWERS.name)
    database.forget_engines()
    make_accounts()
    seed_tracker(tmp_path / "tracker.db", SEEDED_AT)
    seed_records(url, SEEDED_AT)
    yield url
    database.forget_engines()


def run(check: Callable[[TestClient], Awaitable[None]], assistant: ConsoleAssistant | None = None,
        sheet: sheet_module.Sheet | None = None) -> None:
    """`check` against the console's app, with the stand-in assistant and, if given, a made sheet."""
    config = console_config()
    app = make_app(config, assistant or ContentAssistant(config))
    app[SHEET].sheet = sheet

    async def main() -> None:
        async with TestClient(TestServer(app)) as client:
            await check(client)

    asyncio.run(main())
