"""The chat widget as a visitor (or a screen reader) finds it, and what it should show: the
greeting and buttons from the domain, the answers from the content (core.replies)."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from playwright.sync_api import Locator, Page, expect
from rasa.shared.core.domain import Domain

from core.content import load_content
from core.replies import answer
from tests.support.browser import ARTEFACTS
from tools.common.paths import PROJECT_DIR


@cache
def domain() -> Domain:
    return Domain.load(str(PROJECT_DIR / "domain"))


@cache
def greeting() -> dict[str, Any]:
    return domain().responses["utter_greet"][0]


@cache
def feedback_titles() -> list[str]:
    """The 👍 / 👎 quick replies of "Was this helpful?", which follows an answer (issue 6)."""
    return [b["title"] for b in domain().responses["utter_ask_feedback"][0]["buttons"]]


def answer_chips(intent: str) -> list[str]:
    """The quick replies after an answer: its related questions, then the feedback buttons."""
    return [b["title"] for b in answer(load_content(), intent).buttons] + feedback_titles()


class Widget:
    """The widget as a visitor (or a screen reader) finds it: by role and accessible name."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.launcher = page.locator(".allchat-launcher")
        # The page's own "Ask our assistant": the launcher steps aside while it is on screen.
        self.page_opener = page.locator("[data-open-chat]")
        self.panel = page.get_by_role("dialog", name="ALL information assistant")
        self.log = page.get_by_role("log", name="Conversation")
        self.input = page.get_by_role("textbox", name="Your question")
        self.send_button = page.get_by_role("button", name="Send")
        self.bot = self.log.locator(".allchat-msg--bot .allchat-text")
        self.user = self.log.locator(".allchat-msg--user .allchat-text")
        self.chips = self.log.get_by_role("group", name="Suggested questions").get_by_role("button")
        self.error = self.log.get_by_role("alert")
        self.typing = page.locator(".allchat-typing")

    def opener(self) -> Locator:
        """Whichever way to open the chat is on screen: the launcher, or the page's own button."""
        return self.launcher if self.launcher.is_visible() else self.page_opener

    def open(self) -> None:
        self.opener().click()
        expect(self.panel).to_be_visible()
        self.wait_for_greeting()

    def wait_for_greeting(self) -> None:
        expect(self.bot.first).to_have_text(greeting()["text"])

    def ask(self, question: str) -> Locator:
        """Types a question, sends it with Enter, and returns the first new bot message."""
        self.input.fill(question)
        self.input.press("Enter")
        expect(self.user.last).to_have_text(question)
        # The first bot message after the visitor's (an unanswered "Was this helpful?" before
        # it is removed, so counting messages would not do).
        reply = self.log.locator(".allchat-msg--user").last.locator(
            "xpath=following-sibling::div[contains(@class, 'allchat-msg--bot')][1]").locator(".allchat-text")
        expect(reply).to_be_visible()
        expect(self.typing).to_be_hidden()
        return reply


def expect_answer(reply: Locator, intent: str) -> None:
    expected = answer(load_content(), intent)
    expect(reply).to_have_text(expected.text)


def save_screenshot(page: Page, name: str) -> Path:
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTEFACTS / name
    page.screenshot(path=path)
    assert path.stat().st_size > 10_000
    return path
