"""The widget's layout and keyboard use: everything reachable without a mouse, the chat filling
a phone's screen, and a panel beside the page on a desktop (screenshots in reports/browser/)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from core.content import load_content
from core.replies import answer
from tests.support.browser import DESKTOP, PHONE, PageEvents, phone_page, screenshot
from tests.support.widget import Widget, expect_answer

pytestmark = [pytest.mark.browser, pytest.mark.conversation]


def test_the_widget_works_with_the_keyboard_alone(page: Page, web: str) -> None:
    page.goto(web)
    widget = Widget(page)
    # From the top of the page back to the last control: the page's own "Ask our assistant"
    # (the launcher steps aside while it is on screen). The page tells the widget so
    # asynchronously (IntersectionObserver), so wait for that before reaching back.
    expect(widget.launcher).to_be_hidden()
    page.keyboard.press("Shift+Tab")
    expect(widget.page_opener).to_be_focused()
    page.keyboard.press("Enter")
    expect(widget.panel).to_be_visible()
    expect(widget.question_box).to_be_focused()
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


def test_on_a_phone_the_chat_fills_the_screen(browser: Browser, events: PageEvents, web: str) -> None:
    page = phone_page(browser, events)
    page.goto(web)
    widget = Widget(page)
    box = widget.launcher.bounding_box()
    assert box is not None
    assert box["x"] > PHONE["width"] / 2 and box["x"] + box["width"] <= PHONE["width"]  # bottom-right corner
    assert box["y"] > PHONE["height"] / 2 and box["y"] + box["height"] <= PHONE["height"]
    screenshot(page, "phone-page.png")
    widget.launcher.tap()
    widget.wait_for_greeting()
    assert widget.panel.bounding_box() == {"x": 0, "y": 0, **PHONE}
    expect_answer(widget.ask("what are the symptoms?"), "ask_symptoms")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(page, "phone-chat.png")
    widget.close_button.tap()
    expect(widget.panel).to_be_hidden()
    page.context.close()


def test_on_a_desktop_the_chat_is_a_panel_beside_the_page(page: Page, web: str) -> None:
    page.goto(web)
    widget = Widget(page)
    widget.open()
    reply = widget.ask("what is the survival rate?")
    expect_answer(reply, "ask_survival_rate")
    panel = widget.panel.bounding_box()
    assert panel is not None
    # A panel in the bottom-right corner, on screen, leaving most of the page readable beside it.
    assert panel["x"] > DESKTOP["width"] / 2 and panel["x"] + panel["width"] <= DESKTOP["width"]
    assert panel["y"] > 0 and panel["y"] + panel["height"] <= DESKTOP["height"]
    assert panel["width"] < DESKTOP["width"] / 2 and panel["height"] < DESKTOP["height"]
    # The page's own "Ask our assistant" is on screen, so the launcher steps aside (issue 16: it
    # covered that button); the panel's own close button closes it.
    expect(widget.page_opener).to_be_in_viewport()
    expect(widget.launcher).to_be_hidden()
    expect(widget.close_button).to_be_visible()
    # The latest answer is scrolled into view inside the panel, and nothing scrolls sideways.
    answer_box = reply.bounding_box()
    assert answer_box is not None and panel["y"] <= answer_box["y"] < panel["y"] + panel["height"]
    assert page.evaluate("() => document.documentElement.scrollWidth") <= DESKTOP["width"]
    screenshot(page, "desktop-chat.png")
