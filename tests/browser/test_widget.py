"""The hospital page and its chat widget in a real browser (Debian's chromium), talking to
the trained model through web/server.py, the Rasa server and the action server.

Expected answers come from the same content the actions answer from (actions.answers), and
the greeting from the domain, so these tests check the whole path without restating facts.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Locator, Page, Route, expect
from rasa.shared.core.domain import Domain

from core.content import load_content
from core.replies import answer
from tests.browser.conftest import ARTEFACTS, PageEvents, new_page
from tools.servers import PROJECT_DIR, Assistant

pytestmark = [pytest.mark.browser, pytest.mark.conversation]

INJECTION = "<img src=x onerror=alert(1)>"
PHONE = {"width": 390, "height": 844}


@cache
def domain() -> Domain:
    return Domain.load(str(PROJECT_DIR / "domain"))


@cache
def greeting() -> dict[str, Any]:
    return domain().responses["utter_greet"][0]


@cache
def feedback_titles() -> list[str]:
    """The 👍 / 👎 quick replies of "Was this helpful?", which follows every answer (issue 6)."""
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


def test_the_page_shows_the_reviewed_content_from_this_origin_only(browser: Browser, events: PageEvents,
                                                                    web: str) -> None:
    page = new_page(browser, events)
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    response = page.goto(web)
    assert response is not None and response.ok
    assert "script-src 'self'" in response.headers["content-security-policy"]
    content = load_content().page
    expect(page.get_by_role("heading", level=1)).to_have_text(content.source.title)
    for section in content.sections[1:]:
        expect(page.get_by_role("heading", level=2, name=section.title)).to_be_visible()
    expect(page.get_by_text(content.source.reviewer)).to_be_visible()
    items = [item.text for s in content.sections for b in s.lists for item in b.items]
    expect(page.locator(".section li")).to_have_text(items)
    Widget(page).open()
    # Nothing from a CDN or any other host: page, styles, script and chat all come from here.
    assert requests and all(url.startswith(web) for url in requests), requests
    page.context.close()


def test_a_typed_question_gets_the_pages_answer_with_line_breaks(page: Page, web: str) -> None:
    page.goto(web)
    widget = Widget(page)
    opener = widget.opener()
    expect(opener).to_have_attribute("aria-expanded", "false")
    widget.open()
    expect(opener).to_have_attribute("aria-expanded", "true")
    expect(widget.panel).to_contain_text("General information, not medical advice")
    reply = widget.ask("what are the symptoms of ALL?")
    expect_answer(reply, "ask_symptoms")
    # The bullets show one to a line (white-space: pre-line), as the bot sent them.
    first_item = load_content().page.section("symptoms").bullet_list("flu-like-symptoms").items[0].text
    assert f"\n• {first_item}" in reply.inner_text()


def test_the_typing_indicator_shows_while_the_answer_is_on_its_way(page: Page, web: str) -> None:
    page.goto(web)
    widget = Widget(page)
    widget.open()
    expect(widget.typing).to_be_hidden()
    held: list[Route] = []
    page.route("**/chat", lambda route: held.append(route))  # hold the request until the indicator was seen
    widget.input.fill("how is ALL treated?")
    widget.input.press("Enter")
    expect(widget.typing).to_be_visible()
    expect(widget.typing).to_contain_text("The assistant is typing")
    expect(widget.send_button).to_be_disabled()
    for _ in range(100):  # the route event may reach us just after the indicator shows
        if held:
            break
        page.wait_for_timeout(50)
    assert len(held) == 1
    held[0].fulfill(response=held[0].fetch())  # the real server's real answer, a moment later
    expect_answer(widget.bot.nth(1), "ask_treatment")
    expect(widget.typing).to_be_hidden()
    expect(widget.send_button).to_be_enabled()


def test_a_quick_reply_sends_its_payload_and_shows_its_title(page: Page, web: str) -> None:
    page.goto(web)
    widget = Widget(page)
    widget.open()
    titles = [button["title"] for button in greeting()["buttons"]]
    expect(widget.chips).to_have_text(titles)
    symptoms = next(b["title"] for b in greeting()["buttons"] if b["payload"] == "/ask_symptoms")
    sent: list[dict[str, Any]] = []
    page.on("request", lambda r: sent.append(json.loads(r.post_data or "{}")) if r.url.endswith("/chat") else None)
    widget.chips.filter(has_text=symptoms).click()
    expect(widget.user.last).to_have_text(symptoms)
    expect_answer(widget.bot.nth(1), "ask_symptoms")
    assert sent[-1]["message"] == "/ask_symptoms"
    # The answer's own quick replies replace the greeting's, and they work too.
    related = answer(load_content(), "ask_symptoms").buttons
    expect(widget.chips).to_have_text(answer_chips("ask_symptoms"))
    widget.chips.first.click()
    expect(widget.user.last).to_have_text(related[0]["title"])
    # The unanswered "Was this helpful?" is gone (issue 16): the new answer follows the old one.
    expect_answer(widget.bot.nth(2), related[0]["payload"].lstrip("/"))


def test_a_reload_shows_the_history_and_continues_the_same_conversation(page: Page, web: str) -> None:
    senders: list[str] = []
    page.on("request", lambda r: senders.append(json.loads(r.post_data or "{}")["sender"])
            if r.url.endswith("/chat") else None)
    page.goto(web)
    widget = Widget(page)
    widget.open()
    expect_answer(widget.ask("who gets ALL?"), "ask_who_gets_all")
    bot_before, user_before = widget.bot.all_inner_texts(), widget.user.all_inner_texts()
    page.reload()
    expect(widget.panel).to_be_visible()  # it was open, so it comes back open
    expect(widget.bot).to_have_text(bot_before)
    expect(widget.user).to_have_text(user_before)
    expect(widget.chips).to_have_text(answer_chips("ask_who_gets_all"))
    expect_answer(widget.ask("how is it treated?"), "ask_treatment")
    assert len(senders) == 3 and len(set(senders)) == 1, senders  # greeting, question, question: one id


def test_a_new_visitor_starts_a_new_conversation(browser: Browser, events: PageEvents, web: str) -> None:
    first, second = new_page(browser, events), new_page(browser, events)
    for page in (first, second):
        page.goto(web)
        Widget(page).open()
    Widget(first).ask("what is ALL?")
    expect(Widget(second).user).to_have_count(0)
    ids = [p.evaluate("() => sessionStorage.getItem('all-assistant:sender')") for p in (first, second)]
    assert ids[0] != ids[1] and all(ids), ids
    first.context.close()
    second.context.close()


def test_html_typed_by_a_visitor_is_shown_as_text_and_never_runs(page: Page, events: PageEvents, web: str) -> None:
    page.goto(web)
    widget = Widget(page)
    widget.open()
    widget.ask(INJECTION)  # the bot answers something; what matters is how the text is shown
    expect(widget.user.last).to_have_text(INJECTION)
    expect(widget.log.locator("img")).to_have_count(0)
    page.reload()  # the stored transcript is rendered as text again
    expect(widget.user.last).to_have_text(INJECTION)
    expect(page.locator("img")).to_have_count(0)
    page.wait_for_timeout(300)  # an onerror handler would have fired by now
    assert events.dialogs == []


def test_html_in_a_bot_reply_is_shown_as_text_and_never_runs(page: Page, events: PageEvents, web: str) -> None:
    # The trained bot never sends markup, so this reply is made up here, in Rasa's REST shape,
    # to check the widget's rendering of bot text and button titles.
    page.goto(web)
    widget = Widget(page)
    widget.open()
    reply = [{"text": "<b>bold</b><img src=x onerror=alert(2)>",
              "buttons": [{"title": "<img src=y onerror=alert(3)>", "payload": "/greet"}]}]
    page.route("**/chat", lambda route: route.fulfill(json=reply))
    widget.ask("anything")
    expect(widget.bot.last).to_have_text(reply[0]["text"])
    expect(widget.chips).to_have_text([reply[0]["buttons"][0]["title"]])
    expect(page.locator("img, b")).to_have_count(0)
    page.wait_for_timeout(300)
    assert events.dialogs == []


def test_an_unreachable_assistant_gets_a_clear_message(page: Page, web_without_bot: str,
                                                       assistant: Assistant) -> None:
    page.goto(web_without_bot)
    widget = Widget(page)
    widget.opener().click()
    phone = assistant.extra_env["APPOINTMENT_PHONE"]
    expect(widget.error).to_contain_text("the assistant can't be reached right now")
    expect(widget.error).to_contain_text(f"call our appointment line at {phone}")
    expect(widget.typing).to_be_hidden()
    widget.input.fill("what is ALL?")
    widget.input.press("Enter")
    expect(widget.user.last).to_have_text("what is ALL?")
    expect(widget.error).to_have_count(1)  # one clear message, not a pile of them
    expect(widget.error).to_contain_text("can't be reached")
    expect(widget.error.get_by_role("button", name="Try again")).to_be_visible()
    expect(widget.input).to_be_editable()


def test_a_dropped_connection_gets_the_same_message(page: Page, web: str) -> None:
    page.goto(web)
    widget = Widget(page)
    widget.open()
    page.route("**/chat", lambda route: route.abort("connectionrefused"))
    widget.input.fill("what is ALL?")
    widget.input.press("Enter")
    expect(widget.error).to_contain_text("can't be reached")
    page.unroute("**/chat")
    widget.error.get_by_role("button", name="Try again").click()  # the same question, now answered
    expect(widget.error).to_have_count(0)
    expect_answer(widget.bot.nth(1), "ask_what_is_all")
    expect(widget.user).to_have_count(1)


def test_the_widget_works_with_the_keyboard_alone(page: Page, web: str) -> None:
    page.goto(web)
    widget = Widget(page)
    # From the top of the page back to the last control: the page's own "Ask our assistant"
    # (the launcher steps aside while it is on screen).
    page.keyboard.press("Shift+Tab")
    expect(widget.page_opener).to_be_focused()
    page.keyboard.press("Enter")
    expect(widget.panel).to_be_visible()
    expect(widget.input).to_be_focused()
    widget.wait_for_greeting()
    page.keyboard.type("what are the phases of treatment?")
    page.keyboard.press("Enter")
    expect_answer(widget.bot.nth(1), "ask_treatment_phases")
    chips = widget.chips.count()
    for _ in range(chips):  # back from the input through the quick replies to the first one
        page.keyboard.press("Shift+Tab")
    expect(widget.chips.first).to_be_focused()
    first = answer(load_content(), "ask_treatment_phases").buttons[0]
    page.keyboard.press("Enter")
    expect(widget.user.last).to_have_text(first["title"])
    expect_answer(widget.bot.nth(2), first["payload"].lstrip("/"))  # the unanswered prompt is gone
    page.keyboard.press("Escape")
    expect(widget.panel).to_be_hidden()
    expect(widget.page_opener).to_be_focused()  # back to the control that opened it
    expect(widget.page_opener).to_have_attribute("aria-expanded", "false")


def _save(page: Page, name: str) -> Path:
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTEFACTS / name
    page.screenshot(path=path)
    assert path.stat().st_size > 10_000
    return path


def test_on_a_phone_the_chat_fills_the_screen(browser: Browser, events: PageEvents, web: str) -> None:
    page = new_page(browser, events, viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    page.goto(web)
    widget = Widget(page)
    box = widget.launcher.bounding_box()
    assert box is not None
    assert box["x"] > PHONE["width"] / 2 and box["x"] + box["width"] <= PHONE["width"]  # bottom-right corner
    assert box["y"] > PHONE["height"] / 2 and box["y"] + box["height"] <= PHONE["height"]
    _save(page, "phone-page.png")
    widget.launcher.tap()
    widget.wait_for_greeting()
    assert widget.panel.bounding_box() == {"x": 0, "y": 0, **PHONE}
    expect_answer(widget.ask("what are the symptoms?"), "ask_symptoms")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    _save(page, "phone-chat.png")
    page.get_by_role("button", name="Close chat").tap()
    expect(widget.panel).to_be_hidden()
    page.context.close()


def test_desktop_screenshot(page: Page, web: str) -> None:
    page.goto(web)
    widget = Widget(page)
    widget.open()
    expect_answer(widget.ask("what is the survival rate?"), "ask_survival_rate")
    _save(page, "desktop-chat.png")
