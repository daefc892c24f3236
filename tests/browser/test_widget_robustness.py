"""The widget when things go wrong: markup typed by a visitor or sent in a reply stays text and
never runs; an unreachable assistant or a dropped connection gets one clear message and a way
to try again (Debian's chromium, the real page and assistant)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from core.content import load_content
from tests.support.browser import PageEvents
from tests.support.widget import Widget, expect_answer
from tests.support.wording import words
from tools.servers import Assistant

pytestmark = [pytest.mark.browser, pytest.mark.conversation]

INJECTION = "<img src=x onerror=alert(1)>"
# content/conversation.yml's words up to the way to the appointment line.
UNREACHABLE = words().technical.unreachable.text.split("{")[0].strip()


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
    expect(widget.error).to_contain_text(UNREACHABLE)
    expect(widget.error).to_contain_text(load_content().site.with_number.format(phone=phone))
    expect(widget.typing).to_be_hidden()
    widget.question_box.fill("what is ALL?")
    widget.question_box.press("Enter")
    expect(widget.user.last).to_have_text("what is ALL?")
    expect(widget.error).to_have_count(1)  # one clear message, not a pile of them
    expect(widget.error).to_contain_text(UNREACHABLE)
    expect(widget.error.get_by_role("button", name="Try again")).to_be_visible()
    expect(widget.question_box).to_be_editable()


def test_a_dropped_connection_gets_the_same_message(page: Page, web: str) -> None:
    page.goto(web)
    widget = Widget(page)
    widget.open()
    page.route("**/chat", lambda route: route.abort("connectionrefused"))
    widget.question_box.fill("what is ALL?")
    widget.question_box.press("Enter")
    expect(widget.error).to_contain_text(UNREACHABLE)
    page.unroute("**/chat")
    widget.error.get_by_role("button", name="Try again").click()  # the same question, now answered
    expect(widget.error).to_have_count(0)
    expect_answer(widget.bot.nth(1), "ask_what_is_all")
    expect(widget.user).to_have_count(1)
