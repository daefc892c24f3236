"""Issue 16 in the browser: a booking form that listens and inputs that fit its questions, the
reference recalled after a reload, and the feedback question once the visitor moved on."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from core.wording import Template
from tests.support.browser import SHORT_DESKTOP, PageEvents, phone_page, screenshot
from tests.support.domain_text import domain
from tests.support.widget import Widget
from tests.support.wording import filled_in, pattern, words

pytestmark = [pytest.mark.browser, pytest.mark.conversation]

BOOKING = words().booking
STATUS = words().booking_status


def opening(template: Template) -> str:
    """The words of a sentence before its first placeholder, to wait for in the page."""
    return template.text.split("{")[0].strip()


def responses() -> dict[str, list[dict[str, Any]]]:
    return domain().responses


def question(name: str, variant: int = -1) -> dict[str, Any]:
    """A booking question as the domain has it: text and the input it expects (metadata)."""
    return responses()[f"utter_ask_{name}"][variant]


def expect_input_for(widget: Widget, name: str, variant: int = -1) -> None:
    """The input now fits the question: its label, placeholder, keyboard and autofill."""
    hints = question(name, variant)["metadata"]["input"]
    expect(widget.page.get_by_role("textbox", name=hints["label"], exact=True)).to_be_visible()
    expect(widget.input).to_have_attribute("placeholder", hints["placeholder"])
    expect(widget.input).to_have_attribute("inputmode", hints.get("inputmode", "text"))
    expect(widget.input).to_have_attribute("autocomplete", hints.get("autocomplete", "off"))


def test_booking_for_my_son_confirms_who_it_is_for_and_fits_the_input_to_each_question(
        browser: Browser, events: PageEvents, web: str) -> None:
    page = phone_page(browser, events)  # a mother on her phone
    page.goto(web)
    widget = Widget(page)
    widget.launcher.tap()
    expect(widget.bot.first).not_to_be_empty()
    expect(widget.input).to_have_attribute("placeholder", "Type your question…")
    before = widget.bot.count()
    widget.say("I'd like to book an appointment for my son")
    child_name = next(v for v in responses()["utter_ask_patient_name"] if v.get("condition", [{}])[0].get("value")
                      == "child")
    expect(widget.bot.last).to_have_text(child_name["text"])
    said = "\n".join(widget.replies_since(before))
    assert question("booking_for", 0)["text"] not in said  # not asked again: only confirmed
    assert BOOKING.will_ask.child.fill() in said
    expect(widget.input).to_have_attribute("autocomplete", "off")  # not the visitor's own name
    widget.say("Jane Doe")
    expect(widget.bot.last).to_have_text(question("contact_name", 0)["text"])
    expect_input_for(widget, "contact_name", 0)
    widget.say("Sam Doe")
    expect(widget.bot.last).to_have_text(question("phone")["text"])
    expect_input_for(widget, "phone")
    expect(widget.input).to_have_attribute("type", "tel")
    screenshot(page, "phone-booking-phone-step.png")
    widget.say("602 555 0134")
    expect_input_for(widget, "email")
    widget.say("skip")
    widget.chips.filter(has_text="Weekday morning").tap()
    widget.chips.filter(has_text="Yes").tap()
    summary = widget.bot.last
    for shown in (BOOKING.who_labels.child.fill(), "Jane Doe", "Sam Doe", "+1 602-555-0134"):
        expect(summary).to_contain_text(shown)
    screenshot(page, "phone-booking-summary.png")
    widget.chips.filter(has_text=BOOKING.buttons.send.fill()).tap()
    expect(widget.bot.last).to_contain_text(opening(BOOKING.sent))
    expect(widget.input).to_have_attribute("placeholder", "Type your question…")  # back to questions
    expect(widget.input).to_have_attribute("inputmode", "text")
    page.context.close()


def book_for_myself(widget: Widget) -> str:
    """A complete request typed in the widget; returns its reference."""
    for text in ("I'd like to book an appointment for myself", "Ann Lee", "602 555 0134", "skip", "Any time"):
        widget.say(text)
    widget.chips.filter(has_text="Yes").first.click()
    expect(widget.bot.last).to_contain_text(BOOKING.summary.title.fill())
    widget.chips.filter(has_text=BOOKING.buttons.send.fill()).click()
    expect(widget.bot.last).to_contain_text(opening(BOOKING.sent))
    reference = filled_in(BOOKING.sent, widget.bot.last.inner_text(), "reference")
    assert reference
    return reference


def test_the_reference_is_recalled_after_a_reload(page: Page, web: str) -> None:
    page.set_viewport_size(SHORT_DESKTOP)
    page.goto(web)
    widget = Widget(page)
    widget.open_from_page()
    reference = book_for_myself(widget)
    page.reload()
    expect(widget.panel).to_be_visible()
    reply = widget.say("did my request go through?")
    expect(reply).to_contain_text(opening(STATUS.one_sent))
    assert filled_in(STATUS.one_sent, reply.inner_text(), "reference") == reference
    when = filled_in(STATUS.one_sent, reply.inner_text(), "when") or ""
    assert pattern(STATUS.when).fullmatch(when), when
    screenshot(page, "desktop-reference-after-reload.png")


PROMPTS_WITHOUT_BUTTONS = """prompt => [...document.querySelectorAll('.allchat-msg--bot')]
    .filter(m => m.querySelector('.allchat-text').textContent === prompt)
    .filter(m => !(m.nextElementSibling && m.nextElementSibling.matches('.allchat-quick'))).length"""


def test_a_feedback_question_the_visitor_typed_past_is_removed(page: Page, web: str) -> None:
    prompt = responses()["utter_ask_feedback"][0]["text"]
    page.set_viewport_size(SHORT_DESKTOP)
    page.goto(web)
    widget = Widget(page)
    widget.open_from_page()
    prompts = widget.log.locator(".allchat-msg--bot .allchat-text", has_text=prompt)
    # How often it is asked is the understanding issue's choice: ask until it is.
    for text in ("what is ALL?", "who gets ALL?", "how is ALL treated?", "what are the symptoms?"):
        widget.say(text)
        if prompts.count():
            break
    expect(prompts).to_have_count(1)
    widget.say("what is the survival rate?")  # typed instead of 👍 / 👎
    assert page.evaluate(PROMPTS_WITHOUT_BUTTONS, prompt) == 0
    asked_again = prompts.count()
    assert asked_again <= 1  # the unanswered one is gone; at most the new answer's own remains
    page.reload()
    expect(widget.bot.last).to_be_visible()
    expect(prompts).to_have_count(asked_again)
    assert page.evaluate(PROMPTS_WITHOUT_BUTTONS, prompt) == 0


COLOURED_PIXELS = """text => {
    const canvas = document.createElement('canvas');
    canvas.width = canvas.height = 48;
    const g = canvas.getContext('2d');
    g.font = '36px ' + getComputedStyle(document.querySelector('.allchat')).fontFamily;
    g.textBaseline = 'top';
    g.fillStyle = '#000';
    g.fillText(text, 4, 4);
    const d = g.getImageData(0, 0, 48, 48).data;
    let coloured = 0;
    for (let i = 0; i < d.length; i += 4) {
        if (d[i + 3] > 0 && Math.max(d[i], d[i + 1], d[i + 2]) - Math.min(d[i], d[i + 1], d[i + 2]) > 60) coloured++;
    }
    return coloured;
}"""


def test_the_thumbs_of_the_feedback_buttons_are_drawn(page: Page, web: str) -> None:
    """An emoji font (fonts-noto-color-emoji, installed by `make chromium`) draws 👍 / 👎 in
    colour; without one they are black boxes."""
    page.goto(web)
    titles = [b["title"] for b in responses()["utter_ask_feedback"][0]["buttons"]]
    for title in titles:
        assert page.evaluate(COLOURED_PIXELS, title.split()[0]) > 50, f"{title!r} is drawn without colour"
