"""Issue 16, layout: a tall conversation area, replies shown with their quick replies, a
launcher that covers nothing on the page, and no hover that sticks after a tap."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from core.content import load_content, load_site
from core.replies import answer
from tests.support.browser import (
    SHORT_DESKTOP,
    VIEWPORTS,
    PageEvents,
    inside,
    new_page,
    phone_page,
    rect,
    screenshot,
)
from tests.support.widget import Widget

pytestmark = [pytest.mark.browser, pytest.mark.conversation]

# Everything on the page a visitor reads or uses, outside the widget, that the launcher's box
# (grown by the width of a focus ring) touches; and whether a way to open the chat is on screen.
COVERED = """() => {
    const root = document.querySelector('.allchat');
    const launcher = root.querySelector('.allchat-launcher');
    const shown = launcher.getClientRects().length > 0;
    const l = launcher.getBoundingClientRect();
    const ring = 5;  // 3px outline + 2px offset (site.css :focus-visible)
    const touches = r => r.width > 1 && r.height > 1 && r.left - ring < l.right && r.right + ring > l.left
        && r.top - ring < l.bottom && r.bottom + ring > l.top;
    const hits = [];
    if (shown) {
        for (const el of document.querySelectorAll('a[href], button, input, select, textarea, [tabindex]')) {
            if (root.contains(el) || el.getAttribute('tabindex') === '-1') continue;  // not a control
            const name = 'control: ' + el.textContent.trim().slice(0, 40);
            for (const r of el.getClientRects()) if (touches(r)) hits.push(name);
        }
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            if (root.contains(node) || !node.textContent.trim()) continue;
            const box = node.parentElement.getBoundingClientRect();
            if (box.width <= 1 || box.height <= 1) continue;  // visually hidden: for screen readers only
            const range = document.createRange();
            range.selectNodeContents(node);
            const name = 'text: ' + node.textContent.trim().slice(0, 40);
            for (const r of range.getClientRects()) if (touches(r)) hits.push(name);
        }
    }
    const onScreen = el => {
        const r = el.getBoundingClientRect();
        return el.getClientRects().length > 0 && r.bottom > 0 && r.top < innerHeight
            && r.right > 0 && r.left < innerWidth;
    };
    const openers = [launcher, ...document.querySelectorAll('[data-open-chat]')];
    return {shown, hits, canOpen: openers.some(onScreen)};
}"""
SETTLE = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done, 50))))"


def scroll_to(page: Page, y: int) -> None:
    page.evaluate("y => window.scrollTo({top: y, behavior: 'instant'})", y)
    page.evaluate(SETTLE)  # the widget hears of what scrolled into view (IntersectionObserver)


@pytest.mark.parametrize("width", list(VIEWPORTS))
def test_the_launcher_covers_no_page_control_or_text_at_any_scroll_position(
        browser: Browser, events: PageEvents, web: str, width: str) -> None:
    viewport = VIEWPORTS[width]
    page = new_page(browser, events, viewport=viewport)
    page.goto(web)
    expect(page.locator(".allchat")).to_be_attached()
    bottom = page.evaluate("() => document.documentElement.scrollHeight - innerHeight")
    positions = sorted({*range(0, bottom, 40), bottom})  # finer than the launcher is tall
    launcher_seen = False
    for y in positions:
        scroll_to(page, y)
        found = page.evaluate(COVERED)
        assert found["hits"] == [], f"at {width}px, scrolled to {y}: the launcher covers {found['hits']}"
        assert found["canOpen"], f"at {width}px, scrolled to {y}: no way to open the chat on screen"
        launcher_seen = launcher_seen or found["shown"]
        if y == positions[len(positions) // 2]:
            screenshot(page, f"launcher-{width}px-scrolled.png")
    if int(width) <= 860:  # one column: the launcher is the way to the chat while reading
        assert launcher_seen
    page.context.close()


def test_desktop_conversation_area_is_tall_and_within_the_screen(page: Page, web: str) -> None:
    page.set_viewport_size(SHORT_DESKTOP)
    page.goto(web)
    widget = Widget(page)
    widget.open_from_page()
    panel = rect(widget.panel)
    assert panel["y"] >= 0 and panel["y"] + panel["height"] <= SHORT_DESKTOP["height"]
    assert widget.visible_log_rect()["height"] >= 450  # it was about 375 px


def test_after_an_answer_its_quick_replies_with_the_booking_option_are_in_view(page: Page, web: str) -> None:
    page.set_viewport_size(SHORT_DESKTOP)
    page.goto(web)
    widget = Widget(page)
    widget.open_from_page()
    reply = widget.say("what are the treatment phases?")
    expect(reply).to_have_text(answer(load_content(), "ask_treatment_phases").text)
    book = load_site().wording.buttons.book
    group = widget.log.get_by_role("group", name="Suggested questions").filter(
        has=page.get_by_role("button", name=book))
    expect(group).to_have_count(1)
    page.evaluate(SETTLE)
    area = widget.visible_log_rect()
    assert inside(rect(group), area), (rect(group), area)
    reply_box = rect(reply)
    assert area["y"] <= reply_box["y"] < area["y"] + area["height"]  # the reply starts in view
    screenshot(page, "desktop-answer-1280x800.png")


def test_on_a_phone_a_long_answer_starts_in_view_and_says_when_there_is_more(
        browser: Browser, events: PageEvents, web: str) -> None:
    page = phone_page(browser, events)
    page.goto(web)
    widget = Widget(page)
    widget.launcher.tap()
    expect(widget.bot.first).not_to_be_empty()
    reply = widget.say("what are the symptoms of ALL?")
    page.evaluate(SETTLE)
    area = widget.visible_log_rect()
    assert area["y"] <= rect(reply)["y"] < area["y"] + area["height"]
    book = widget.chips.filter(has_text=load_site().wording.buttons.book)
    more = page.locator(".allchat-more")
    if not inside(rect(book), area):
        expect(more).to_be_visible()
        screenshot(page, "phone-answer-more-below.png")
        more.tap()
        widget.log.evaluate("log => log.scrollTop = log.scrollHeight")
        expect(more).to_be_hidden()
    expect(book).to_be_in_viewport()
    screenshot(page, "phone-answer.png")
    page.context.close()


def test_a_reply_taller_than_the_conversation_starts_in_view_and_shows_more_below(page: Page, web: str) -> None:
    # The page's answers fit at 1280x800, so this reply is made up, in Rasa's REST shape, to
    # check what the widget does with one that doesn't.
    page.set_viewport_size(SHORT_DESKTOP)
    page.goto(web)
    widget = Widget(page)
    widget.open_from_page()
    long_reply = [{"text": "\n".join(f"Line {n} of a long answer" for n in range(1, 41)),
                   "buttons": [{"title": "A related question", "payload": "/ask_symptoms"}]}]
    page.route("**/chat", lambda route: route.fulfill(json=long_reply))
    reply = widget.say("tell me everything")
    page.evaluate(SETTLE)
    area = widget.visible_log_rect()
    assert area["y"] <= rect(reply)["y"] < area["y"] + area["height"]  # its first line is in view
    more = page.locator(".allchat-more")
    expect(more).to_be_visible()
    expect(more).to_have_attribute("aria-hidden", "true")  # a pointer's cue; the log reads it all
    screenshot(page, "desktop-more-below.png")
    more.click()
    more.click()
    widget.log.evaluate("log => log.scrollTop = log.scrollHeight")
    expect(more).to_be_hidden()
    expect(widget.chips.first).to_be_in_viewport()


HOVER_OUTSIDE_A_HOVER_QUERY = """() => {
    const found = [];
    const walk = (rules, underHover) => {
        for (const rule of rules) {
            if (rule instanceof CSSMediaRule) {
                walk(rule.cssRules, underHover || /\\(hover:\\s*hover\\)/.test(rule.conditionText));
            } else if (rule.selectorText && rule.selectorText.includes(':hover') && !underHover) {
                found.push(rule.selectorText);
            }
        }
    };
    for (const sheet of document.styleSheets) walk(sheet.cssRules, false);
    return found;
}"""


def test_no_hover_style_sticks_after_a_tap_on_a_touch_screen(browser: Browser, events: PageEvents,
                                                              web: str) -> None:
    page = phone_page(browser, events)
    page.goto(web)
    assert page.evaluate(HOVER_OUTSIDE_A_HOVER_QUERY) == []
    assert page.evaluate("() => matchMedia('(hover: hover)').matches") is False
    widget = Widget(page)
    widget.launcher.tap()
    expect(widget.bot.first).not_to_be_empty()
    background = widget.send_button.evaluate("b => getComputedStyle(b).backgroundColor")
    widget.send_button.tap()  # nothing typed: nothing is sent, and the button must not stay highlighted
    assert widget.send_button.evaluate("b => getComputedStyle(b).backgroundColor") == background
    page.context.close()
