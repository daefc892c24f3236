"""Issue 16, keyboard and focus: the panel's tab order (answers' source links, latest quick replies, input, Send,
Delete conversation (issue 14), Close), a focus trap only while the panel is a modal dialog on
a phone, Escape from anywhere in the widget, and focus back on whichever control opened it."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from core.content import load_content
from tests.support.browser import SHORT_DESKTOP, VIEWPORTS, PageEvents, new_page, phone_page, screenshot
from tests.support.widget import Widget

pytestmark = [pytest.mark.browser, pytest.mark.conversation]

# Whether the page behind the panel can be reached (not inside an inert element).
PAGE_INERT = "() => document.querySelector('main').closest('[inert]') !== null"
# What has the focus, in words: a quick reply's title, "input", or a button's name.
FOCUSED = """() => {
    const el = document.activeElement;
    if (!el || el === document.body) return 'page';
    if (!el.closest('.allchat')) return 'outside: ' + (el.textContent || el.tagName).trim().slice(0, 30);
    if (el.closest('.allchat-quick')) return 'chip: ' + el.textContent;
    if (el.classList.contains('allchat-input')) return 'input';
    return el.getAttribute('aria-label') || el.textContent.trim();
}"""


# Issue 14's control, after Send like Close (shown in the header, or under the input on a phone).
DELETE = load_content().site.privacy.widget["delete_button"]


def focused(page: Page) -> str:
    return page.evaluate(FOCUSED)


def chip_titles(widget: Widget) -> list[str]:
    return [f"chip: {title}" for title in widget.chips.all_inner_texts()]


def source_links(widget: Widget) -> list[str]:
    """The links of the answers' source lines (issue 10), in the order they stand in the log."""
    return widget.log.locator(".allchat-source a").all_inner_texts()


def test_tab_goes_from_the_page_through_the_quick_replies_input_send_and_close(page: Page, web: str) -> None:
    page.set_viewport_size(SHORT_DESKTOP)
    page.goto(web)
    widget = Widget(page)
    widget.page_opener.focus()
    page.keyboard.press("Enter")
    expect(widget.panel).to_be_visible()
    expect(widget.input).to_be_focused()
    expect(widget.chips.first).to_be_visible()  # the greeting's quick replies
    widget.say("what is ALL?")
    expect(widget.chips.first).to_be_visible()
    expected = [*source_links(widget), *chip_titles(widget), "input", "Send", DELETE, "Close chat"]
    assert source_links(widget), "the answer carries its source as a link"
    # The page's own "Ask our assistant" button is the page's last control: Tab from it enters
    # the panel at the answer's source link, then the latest quick replies.
    widget.page_opener.focus()
    stops = []
    for _ in expected:
        page.keyboard.press("Tab")
        stops.append(focused(page))
    assert stops == expected
    # On a desktop the panel sits beside the page: no trap, Tab goes on out of it.
    page.keyboard.press("Tab")
    assert not focused(page).startswith(("chip", "input", "Send", DELETE, "Close chat"))
    expect(widget.panel).to_have_attribute("aria-modal", "false")
    widget.chips.first.focus()
    screenshot(page, "keyboard-quick-reply-focus.png")


def test_on_a_phone_the_panel_is_a_modal_dialog_that_keeps_the_focus(browser: Browser, events: PageEvents,
                                                                      web: str) -> None:
    page = phone_page(browser, events)
    page.goto(web)
    widget = Widget(page)
    widget.launcher.tap()
    expect(widget.chips.first).to_be_visible()
    expect(widget.panel).to_have_attribute("aria-modal", "true")
    assert page.evaluate(PAGE_INERT) is True  # the page behind can't be reached
    widget.close_button.focus()
    page.keyboard.press("Tab")  # past the last control, back to the first: the latest quick replies
    assert focused(page) == chip_titles(widget)[0]
    page.keyboard.press("Shift+Tab")
    assert focused(page) == "Close chat"
    stops = []
    for _ in range(len(chip_titles(widget)) + 4):
        page.keyboard.press("Tab")
        stops.append(focused(page))
    assert stops == [*chip_titles(widget), "input", "Send", DELETE, "Close chat"]
    page.keyboard.press("Escape")
    expect(widget.panel).to_be_hidden()
    assert page.evaluate(PAGE_INERT) is False
    expect(widget.launcher).to_be_focused()
    page.context.close()


def test_escape_on_the_close_button_closes_and_focus_returns_to_the_page_button_that_opened_it(
        page: Page, web: str) -> None:
    page.set_viewport_size(SHORT_DESKTOP)
    page.goto(web)
    widget = Widget(page)
    widget.page_opener.focus()
    page.keyboard.press("Enter")
    expect(widget.bot.first).not_to_be_empty()
    widget.close_button.focus()
    page.keyboard.press("Escape")
    expect(widget.panel).to_be_hidden()
    expect(widget.page_opener).to_be_focused()  # not the floating launcher


@pytest.mark.parametrize("where", ["input", "launcher"])
def test_escape_from_anywhere_in_the_widget_returns_focus_to_the_launcher_that_opened_it(
        browser: Browser, events: PageEvents, web: str, where: str) -> None:
    page = new_page(browser, events, viewport=VIEWPORTS["768"])  # the launcher shows at the top of the page
    page.goto(web)
    widget = Widget(page)
    widget.launcher.focus()
    page.keyboard.press("Enter")
    expect(widget.bot.first).not_to_be_empty()
    expect(widget.launcher).to_have_attribute("aria-expanded", "true")
    (widget.input if where == "input" else widget.launcher).focus()
    page.keyboard.press("Escape")
    expect(widget.panel).to_be_hidden()
    expect(widget.launcher).to_be_focused()
    expect(widget.launcher).to_have_attribute("aria-expanded", "false")
    page.context.close()
