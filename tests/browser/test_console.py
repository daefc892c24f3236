"""The staff console in Debian's chromium, as staff use it (`make staff`, its own test
assistant with the trained model): log in, ask in the test pane, approve an answer, see a
chart, the bookings role, logging out. Screenshots go to reports/browser/console-*.png."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from core.content import load_content
from core.replies import answer, format_date
from tests.support.browser import screenshot
from tests.support.console import BOOKER, CLERK
from tests.support.console_server import ASSISTANT_READY_MS, StaffConsole, log_in, wait_for_the_assistant

pytestmark = [pytest.mark.browser, pytest.mark.conversation]


def test_the_test_pane_shows_reply_intent_and_source_for_a_question(page: Page, staff_console: StaffConsole) -> None:
    content = load_content()
    question = content.answers.questions["ask_survival_rate"]
    log_in(page, staff_console, CLERK)
    screenshot(page, "console-home.png", full_page=True)
    wait_for_the_assistant(page, staff_console)
    page.get_by_role("textbox", name="Question").fill("what is the survival rate")
    page.get_by_role("button", name="Ask").click()
    expect(page.get_by_test_id("intent")).to_have_text("ask_survival_rate")
    reply = page.get_by_role("region", name="Reply").locator(".bot .message-text").first
    expect(reply).to_have_text(answer(content, "ask_survival_rate").text)
    source = page.get_by_test_id("source")
    expect(source).to_contain_text(content.page.section(question.section).title)
    for sentence_id in question.say:
        expect(source).to_contain_text(sentence_id)
    expect(source).to_contain_text(format_date(content.page.source.updated))
    screenshot(page, "console-test-pane.png", full_page=True)


def test_conversation_mode_keeps_the_context_and_buttons_can_be_pressed(page: Page,
                                                                        staff_console: StaffConsole) -> None:
    content = load_content()
    log_in(page, staff_console, CLERK)
    wait_for_the_assistant(page, staff_console)
    page.get_by_label("Conversation (keeps the context").check()
    page.get_by_role("textbox", name="Question").fill("what are the treatment phases?")
    page.get_by_role("button", name="Ask").click()
    expect(page.get_by_test_id("intent")).to_have_text("ask_treatment_phases")
    first_button = answer(content, "ask_treatment_phases").buttons[0]
    page.get_by_role("button", name=first_button["title"]).first.click()
    transcript = page.get_by_role("region", name="Reply")
    expect(transcript.locator(".visitor")).to_have_count(2)
    expect(page.get_by_test_id("intent")).to_have_text(first_button["payload"].lstrip("/"))
    screenshot(page, "console-conversation-mode.png", full_page=True)


def test_a_reviewer_approves_an_answer_in_the_browser(page: Page, staff_console: StaffConsole) -> None:
    log_in(page, staff_console, CLERK)
    page.get_by_role("navigation", name="Console").get_by_role("link", name="Answer sign-off").click()
    card = page.locator("article#ask_survival_rate")
    expect(card).to_be_visible(timeout=ASSISTANT_READY_MS)  # the page reloads itself until the sheet is made
    expect(card.get_by_test_id("state")).to_have_text("not reviewed")
    card.get_by_label("Comment").fill("Checked against the page.")
    card.get_by_role("button", name="Approve").click()
    card = page.locator("article#ask_survival_rate")
    expect(card.get_by_test_id("state")).to_have_text("approved")
    expect(card).to_contain_text(f"Approved by {CLERK}")
    expect(card).to_contain_text("Checked against the page.")
    card.scroll_into_view_if_needed()
    screenshot(page, "console-signoff.png")  # the approved answer, not the whole sheet
    page.goto(staff_console.url + "/signoff/print")
    expect(page.get_by_role("heading", level=1)).to_have_text("ALL assistant: answer sign-off sheet")
    screenshot(page, "console-signoff-print.png", full_page=True)


def test_a_chart_is_drawn_with_its_table(page: Page, staff_console: StaffConsole) -> None:
    log_in(page, staff_console, CLERK)
    page.get_by_role("link", name="Charts").first.click()
    chart = page.get_by_test_id("chart-outcomes")
    expect(chart).to_be_visible()
    expect(chart).to_have_attribute("alt", re.compile(r"How questions ended: Of \d+ questions"))
    assert page.evaluate("(img) => img.complete && img.naturalWidth > 0", chart.element_handle())
    page.get_by_text("The numbers behind this chart").nth(1).click()
    expect(page.get_by_role("cell", name="deflected")).to_be_visible()
    screenshot(page, "console-charts.png", full_page=True)


def test_an_account_without_the_bookings_role_cannot_open_the_bookings(page: Page,
                                                                      staff_console: StaffConsole) -> None:
    log_in(page, staff_console, CLERK)
    expect(page.get_by_role("navigation", name="Console").get_by_role("link", name="Bookings")).to_have_count(0)
    response = page.goto(staff_console.url + "/bookings")
    assert response is not None and response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("Not allowed")
    expect(page.get_by_text(staff_console.reference)).to_have_count(0)
    screenshot(page, "console-bookings-refused.png", full_page=True)


def test_the_bookings_role_sees_and_marks_the_requests(page: Page, staff_console: StaffConsole) -> None:
    log_in(page, staff_console, BOOKER)
    page.get_by_role("navigation", name="Console").get_by_role("link", name="Bookings").click()
    row = page.get_by_role("row").filter(has_text=staff_console.reference)
    expect(row).to_be_visible()
    screenshot(page, "console-bookings.png", full_page=True)
    row.get_by_role("button", name=re.compile("Mark contacted")).click()
    expect(page.get_by_role("status")).to_have_text(f"Request {staff_console.reference} marked.")
    expect(page.get_by_role("row").filter(has_text=staff_console.reference)).to_contain_text(f"contacted by {BOOKER}")


def test_logging_out_ends_access(page: Page, staff_console: StaffConsole) -> None:
    log_in(page, staff_console, CLERK)
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("status")).to_have_text("You have logged out.")
    page.goto(staff_console.url + "/test")
    expect(page).to_have_url(re.compile(r"/login\?next=(%2F|/)test$"))
    response = page.request.get(staff_console.url + "/signoff.csv")
    assert response.status == 401
