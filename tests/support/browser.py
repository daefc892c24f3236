"""The browser harness: Debian's chromium and its arguments, what the page did besides
rendering, a fresh visitor's page (on a desktop or a phone), the page server in front of the
assistant, screenshots for review, and where things are on the screen.

Playwright never downloads a browser here: it launches the system chromium that
`make chromium` installs (CHROMIUM overrides the path).
"""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import Browser, ConsoleMessage, Dialog, Locator, Page

from tools.common.paths import REPORTS
from tools.servers import Service

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
# No sandbox: CI runs as root in a container; no GPU, no background traffic to Google.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]
ARTEFACTS = REPORTS / "browser"
DESKTOP = {"width": 1280, "height": 900}  # a new page's
PHONE = {"width": 390, "height": 844}
# The widths of issue 16 with a usual height for each: desktop, laptop, tablet, phone.
VIEWPORTS = {
    "1280": {"width": 1280, "height": 800},
    "1024": {"width": 1024, "height": 768},
    "768": {"width": 768, "height": 1024},
    "390": PHONE,
}
SHORT_DESKTOP = VIEWPORTS["1280"]  # issue 16's desktop, shorter than a new page's


def web_port(offset: int = 0) -> int:
    return int(os.environ.get("TEST_WEB_PORT", 5180)) + offset


def unused_port(host: str) -> int:
    """A port nothing listens on: the 'assistant' of the unreachable page server."""
    with socket.socket() as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]



def serve(service: Service, host: str) -> Iterator[str]:
    service.start()
    try:
        service.wait_ready(timeout=30)
        yield f"http://{host}:{service.port}"
    finally:
        service.stop()



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


def new_page(browser: Browser, events: PageEvents, **context_options: object) -> Page:
    """A page in a fresh browser context (its own sessionStorage, i.e. a new visitor)."""
    context = browser.new_context(**{"viewport": DESKTOP, **context_options})
    context.set_default_timeout(30_000)
    page = context.new_page()
    page.on("dialog", events.on_dialog)
    page.on("console", events.on_console)
    page.on("pageerror", lambda error: events.errors.append(str(error)))
    return page


def phone_page(browser: Browser, events: PageEvents) -> Page:
    """A touch phone: small screen, no hover, taps."""
    return new_page(browser, events, viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)


def screenshot(page: Page, name: str, full_page: bool = False) -> Path:
    """A screenshot for review in reports/browser/ (and proof that something was drawn)."""
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTEFACTS / name
    page.screenshot(path=path, full_page=full_page)
    assert path.stat().st_size > 10_000
    return path


def rect(locator: Locator) -> dict[str, float]:
    box = locator.bounding_box()
    assert box is not None, f"{locator} is not rendered"
    return box


def inside(inner: dict[str, float], outer: dict[str, float], slack: float = 0.5) -> bool:
    return (inner["x"] >= outer["x"] - slack and inner["y"] >= outer["y"] - slack
            and inner["x"] + inner["width"] <= outer["x"] + outer["width"] + slack
            and inner["y"] + inner["height"] <= outer["y"] + outer["height"] + slack)
