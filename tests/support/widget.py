"""The chat widget as a visitor (or a screen reader) finds it, and what it should show: the
greeting and buttons from the domain, the answers from the content (core.replies). Every
browser test of the widget drives it through the one `Widget` here.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from playwright.sync_api import Locator, Page, expect

from core.content import load_content
from core.replies import answer
from tests.support.domain_text import domain

# The first bot message after the visitor's (an unanswered "Was this helpful?" before it is
# removed, so counting messages would not do).
FIRST_BOT_MESSAGE_AFTER = "xpath=following-sibling::div[contains(@class, 'allchat-msg--bot')][1]"


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


def expect_answer(reply: Locator, intent: str) -> None:
    expected = answer(load_content(), intent)
    expect(reply).to_have_text(expected.text)


class Widget:
    """The widget by role and accessible name where it has them, as a visitor finds it."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.launcher = page.locator(".allchat-launcher")
        # The page's own "Ask our assistant": the launcher steps aside while it is on screen.
        self.page_opener = page.locator("[data-open-chat]")
        self.panel = page.get_by_role("dialog", name="ALL information assistant")
        self.log = page.get_by_role("log", name="Conversation")
        # The one text box, whatever it is called: its accessible name follows the question the
        # booking form asks. While it waits for a question, a screen reader finds it by that name.
        self.input = page.locator(".allchat-input")
        self.question_box = page.get_by_role("textbox", name="Your question")
        self.send_button = self.panel.get_by_role("button", name="Send")
        self.close_button = self.panel.get_by_role("button", name="Close chat")
        self.bot = self.log.locator(".allchat-msg--bot .allchat-text")
        self.user = self.log.locator(".allchat-msg--user .allchat-text")
        self.chips = self.log.get_by_role("group", name="Suggested questions").get_by_role("button")
        self.error = self.log.get_by_role("alert")
        self.typing = page.locator(".allchat-typing")

    def opener(self) -> Locator:
        """Whichever way to open the chat is on screen: the launcher, or the page's own button."""
        return self.launcher if self.launcher.is_visible() else self.page_opener

    def open(self, via: Locator | None = None) -> None:
        """Opens the panel (with `via`, else whichever opener is on screen); waits for the greeting."""
        (self.opener() if via is None else via).click()
        expect(self.panel).to_be_visible()
        self.wait_for_greeting()

    def open_from_page(self) -> None:
        """Opens the panel with the page's own "Ask our assistant" button."""
        self.open(via=self.page_opener)

    def wait_for_greeting(self) -> None:
        expect(self.bot.first).to_have_text(greeting()["text"])

    def ask(self, question: str) -> Locator:
        """Types a question into the question box, sends it with Enter, and returns the first
        bot message of the reply."""
        return self._send(self.question_box, question)

    def say(self, text: str) -> Locator:
        """Types into the text box whatever its question (the booking form's answers too), sends
        it with Enter, and returns the first bot message of the reply."""
        return self._send(self.input, text)

    def _send(self, box: Locator, text: str) -> Locator:
        box.fill(text)
        box.press("Enter")
        expect(self.user.last).to_have_text(text)
        reply = self.log.locator(".allchat-msg--user").last.locator(FIRST_BOT_MESSAGE_AFTER).locator(".allchat-text")
        expect(reply).to_be_visible()
        expect(self.typing).to_be_hidden()
        return reply

    def replies_since(self, count: int) -> list[str]:
        return self.bot.all_inner_texts()[count:]

    def visible_log_rect(self) -> dict[str, float]:
        """The conversation area's visible part, in page coordinates."""
        return self.page.evaluate("""() => {
            const r = document.querySelector('.allchat-log').getBoundingClientRect();
            return {x: r.x, y: r.y, width: r.width, height: r.height};
        }""")
