"""The chat widget as the browser tests of issue 16 drive it (layout, keyboard, booking).

Kept apart from test_widget.py so that both can grow without stepping on each other.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, Locator, Page, expect

from tests.support.browser import ARTEFACTS, PageEvents, new_page

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
# The widths of issue 16 with a usual height for each: desktop, laptop, tablet, phone.
VIEWPORTS = {
    "1280": {"width": 1280, "height": 800},
    "1024": {"width": 1024, "height": 768},
    "768": {"width": 768, "height": 1024},
    "390": PHONE,
}


def phone_page(browser: Browser, events: PageEvents) -> Page:
    """A touch phone: small screen, no hover, taps."""
    return new_page(browser, events, viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)


@dataclass
class Chat:
    """The widget by role and accessible name where it has them, as a visitor finds it."""

    page: Page

    @property
    def launcher(self) -> Locator:
        return self.page.locator(".allchat-launcher")

    @property
    def page_opener(self) -> Locator:
        return self.page.locator("[data-open-chat]")

    @property
    def panel(self) -> Locator:
        return self.page.get_by_role("dialog", name="ALL information assistant")

    @property
    def log(self) -> Locator:
        return self.page.get_by_role("log", name="Conversation")

    @property
    def input(self) -> Locator:
        return self.page.locator(".allchat-input")  # its name follows the question asked

    @property
    def send_button(self) -> Locator:
        return self.panel.get_by_role("button", name="Send")

    @property
    def close_button(self) -> Locator:
        return self.panel.get_by_role("button", name="Close chat")

    @property
    def bot(self) -> Locator:
        return self.log.locator(".allchat-msg--bot .allchat-text")

    @property
    def user(self) -> Locator:
        return self.log.locator(".allchat-msg--user .allchat-text")

    @property
    def chips(self) -> Locator:
        return self.log.get_by_role("group", name="Suggested questions").get_by_role("button")

    @property
    def typing(self) -> Locator:
        return self.page.locator(".allchat-typing")

    def open_from_page(self) -> None:
        """Opens the panel with the page's own "Ask our assistant" button and waits for the greeting."""
        self.page_opener.click()
        expect(self.panel).to_be_visible()
        expect(self.bot.first).not_to_be_empty()

    def say(self, text: str) -> Locator:
        """Types a message, sends it with Enter, and returns the first bot message of the reply."""
        self.input.fill(text)
        self.input.press("Enter")
        expect(self.user.last).to_have_text(text)
        # The first bot message after the visitor's (an unanswered "Was this helpful?" before
        # it is removed, so counting messages would not do).
        reply = self.log.locator(".allchat-msg--user").last.locator(
            "xpath=following-sibling::div[contains(@class, 'allchat-msg--bot')][1]").locator(".allchat-text")
        expect(reply).to_be_visible()
        expect(self.typing).to_be_hidden()
        return reply

    def replies_since(self, count: int) -> list[str]:
        return self.bot.all_inner_texts()[count:]


def rect(locator: Locator) -> dict[str, float]:
    box = locator.bounding_box()
    assert box is not None, f"{locator} is not rendered"
    return box


def inside(inner: dict[str, float], outer: dict[str, float], slack: float = 0.5) -> bool:
    return (inner["x"] >= outer["x"] - slack and inner["y"] >= outer["y"] - slack
            and inner["x"] + inner["width"] <= outer["x"] + outer["width"] + slack
            and inner["y"] + inner["height"] <= outer["y"] + outer["height"] + slack)


def screenshot(page: Page, name: str) -> Path:
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTEFACTS / name
    page.screenshot(path=path)
    assert path.stat().st_size > 10_000
    return path


def visible_log_rect(page: Page) -> dict[str, Any]:
    """The conversation area's visible part, in page coordinates."""
    return page.evaluate("""() => {
        const r = document.querySelector('.allchat-log').getBoundingClientRect();
        return {x: r.x, y: r.y, width: r.width, height: r.height};
    }""")
