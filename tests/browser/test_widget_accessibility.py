"""WCAG 2.1 A and AA checks (axe-core, from the axe-playwright-python package) of the page and
the open widget, on a desktop and on a phone, in the states issue 16 changed: an answer with
its quick replies, and the booking form's phone question."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from tests.support.browser import SHORT_DESKTOP, PageEvents, phone_page
from tests.support.widget import Widget

pytestmark = [pytest.mark.browser, pytest.mark.conversation]

WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
              "resultTypes": ["violations"]}


def assert_accessible(page: Page, where: str) -> None:
    results = Axe().run(page, options=WCAG_21_AA)
    assert results.violations_count == 0, f"{where}:\n{results.generate_report()}"


def walk_through(page: Page, widget: Widget, where: str) -> None:
    assert_accessible(page, f"{where}, the page")
    widget.say("what are the treatment phases?")
    assert_accessible(page, f"{where}, an answer with its quick replies")
    widget.say("book an appointment for me")
    widget.say("Ann Lee")
    expect(widget.input).to_have_attribute("inputmode", "tel")
    assert_accessible(page, f"{where}, the phone question")


def test_the_page_and_the_widget_on_a_desktop_meet_wcag_21_aa(page: Page, web: str) -> None:
    page.set_viewport_size(SHORT_DESKTOP)
    page.goto(web)
    widget = Widget(page)
    assert_accessible(page, "desktop, before opening")
    widget.open_from_page()
    walk_through(page, widget, "desktop")


def test_the_page_and_the_widget_on_a_phone_meet_wcag_21_aa(browser: Browser, events: PageEvents,
                                                             web: str) -> None:
    page = phone_page(browser, events)
    page.goto(web)
    widget = Widget(page)
    assert_accessible(page, "phone, before opening")
    widget.launcher.tap()
    expect(widget.bot.first).not_to_be_empty()
    walk_through(page, widget, "phone")
    page.context.close()
