"""Browser fixtures: Debian's chromium driven by Playwright, the page served by web/server.py
in front of the real assistant (the `assistant` fixture), and a second page server whose
assistant is unreachable. The harness itself is tests/support/browser.py.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, Playwright, sync_playwright

from tests.support.browser import (
    ARTEFACTS,
    CHROMIUM,
    CHROMIUM_ARGS,
    PageEvents,
    new_page,
    serve,
    unused_port,
    web_port,
)
from tests.support.console_server import StaffConsole, run_console
from tools.servers import Assistant


@pytest.fixture(scope="package")
def web(assistant: Assistant) -> Iterator[str]:
    """The hospital page, its /chat proxied to the running assistant; yields its base URL."""
    service = assistant.web_server(port=web_port())
    yield from serve(service, assistant.ports.host)


@pytest.fixture(scope="package")
def web_without_bot(assistant: Assistant) -> Iterator[str]:
    """The same page, but its assistant can't be reached (nothing listens on its port)."""
    host = assistant.ports.host
    service = assistant.web_server(port=web_port(1), rasa_url=f"http://{host}:{unused_port(host)}")
    yield from serve(service, host)


@pytest.fixture(scope="package")
def staff_console(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StaffConsole]:
    """The staff console (`make staff`) with its own test assistant, accounts and seeded data."""
    yield from run_console(tmp_path_factory.mktemp("console"))


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


@pytest.fixture
def events() -> PageEvents:
    return PageEvents()


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
