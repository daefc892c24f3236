"""WCAG 2.1 A and AA checks (axe-core, from the axe-playwright-python package) of the page and
the open widget, on a desktop and on a phone, in the states issue 16 changed: an answer with
its quick replies, and the booking form's phone question."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from tests.browser.chat_widget import DESKTOP, Chat, phone_page
from tests.support.browser import PageEvents

pytestmark = [pytest.mark.browser, pytest.mark.conversation]

WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
              "resultTypes": ["violations"]}


def assert_accessible(page: Page, where: str) -> None:
    results = Axe().run(page, options=WCAG_21_AA)
    assert results.violations_count == 0, f"{where}:\n{results.generate_report()}"


def walk_through(page: Page, chat: Chat, where: str) -> None:
    assert_accessible(page, f"{where}, the page")
    chat.say("what are the treatment phases?")
    assert_accessible(page, f"{where}, an answer with its quick replies")
    chat.say("book an appointment for me")
    chat.say("Ann Lee")
    expect(chat.input).to_have_attribute("inputmode", "tel")
    assert_accessible(page, f"{where}, the phone question")


def test_the_page_and_the_widget_on_a_desktop_meet_wcag_21_aa(page: Page, web: str) -> None:
    page.set_viewport_size(DESKTOP)
    page.goto(web)
    chat = Chat(page)
    assert_accessible(page, "desktop, before opening")
    chat.open_from_page()
    walk_through(page, chat, "desktop")


def test_the_page_and_the_widget_on_a_phone_meet_wcag_21_aa(browser: Browser, events: PageEvents,
                                                             web: str) -> None:
    page = phone_page(browser, events)
    page.goto(web)
    chat = Chat(page)
    assert_accessible(page, "phone, before opening")
    chat.launcher.tap()
    expect(chat.bot.first).not_to_be_empty()
    walk_through(page, chat, "phone")
    page.context.close()
