"""Browser fixtures: Debian's chromium driven by Playwright, the page served by web/server.py
in front of the real assistant (the `assistant` fixture), and a second page server whose
assistant is unreachable.

Playwright never downloads a browser here: it launches the system chromium that
`make chromium` installs (CHROMIUM overrides the path).
"""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Dialog, Page, Playwright, sync_playwright

from tools.servers import PROJECT_DIR, Assistant, Service

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
# No sandbox: CI runs as root in a container; no GPU, no background traffic to Google.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]
ARTEFACTS = PROJECT_DIR / "reports" / "browser"
DESKTOP = {"width": 1280, "height": 900}


def _web_port(offset: int = 0) -> int:
    return int(os.environ.get("TEST_WEB_PORT", 5180)) + offset


def _unused_port(host: str) -> int:
    """A port nothing listens on: the 'assistant' of the unreachable page server."""
    with socket.socket() as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="package")
def web(assistant: Assistant) -> Iterator[str]:
    """The hospital page, its /chat proxied to the running assistant; yields its base URL."""
    service = assistant.web_server(port=_web_port())
    yield from _serve(service, assistant.ports.host)


@pytest.fixture(scope="package")
def web_without_bot(assistant: Assistant) -> Iterator[str]:
    """The same page, but its assistant can't be reached (nothing listens on its port)."""
    host = assistant.ports.host
    service = assistant.web_server(port=_web_port(1), rasa_url=f"http://{host}:{_unused_port(host)}")
    yield from _serve(service, host)


def _serve(service: Service, host: str) -> Iterator[str]:
    service.start()
    try:
        service.wait_ready(timeout=30)
        yield f"http://{host}:{service.port}"
    finally:
        service.stop()


# Package scope: Playwright's sync API keeps an event loop marked as running in this thread
# while it is alive, which would break asyncio.run() in tests that run after this package.
@pytest.fixture(scope="package")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as running:
        yield running


@pytest.fixture(scope="package")
def browser(playwright: Playwright) -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(f"No chromium at {CHROMIUM}: run `make chromium` (Debian's package) or set CHROMIUM.")
    browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@dataclass
class PageEvents:
    """What the page did besides rendering: dialogs (alert()), script errors, CSP violations."""

    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    csp_violations: list[str] = field(default_factory=list)

    def on_dialog(self, dialog: Dialog) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def on_console(self, message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text:
            self.csp_violations.append(message.text)


@pytest.fixture
def events() -> PageEvents:
    return PageEvents()


def new_page(browser: Browser, events: PageEvents, **context_options: object) -> Page:
    """A page in a fresh browser context (its own sessionStorage, i.e. a new visitor)."""
    context = browser.new_context(**{"viewport": DESKTOP, **context_options})
    context.set_default_timeout(30_000)
    page = context.new_page()
    page.on("dialog", events.on_dialog)
    page.on("console", events.on_console)
    page.on("pageerror", lambda error: events.errors.append(str(error)))
    return page


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Iterator[None]:
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture
def page(browser: Browser, events: PageEvents, request: pytest.FixtureRequest) -> Iterator[Page]:
    """A fresh visitor's page. On failure a screenshot goes to reports/browser/failures/.
    Every test also checks that no script error and no CSP violation happened."""
    page = new_page(browser, events)
    yield page
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        (ARTEFACTS / "failures").mkdir(parents=True, exist_ok=True)
        page.screenshot(path=ARTEFACTS / "failures" / f"{request.node.name}.png", full_page=True)
    page.context.close()
    assert events.errors == [], f"script errors on the page: {events.errors}"
    assert events.csp_violations == [], f"Content-Security-Policy violations: {events.csp_violations}"
