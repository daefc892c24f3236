"""Accessibility (WCAG 2.1 A and AA, axe-core through axe-playwright-python) of every page of
the staff console: no serious or critical violation. A screenshot of each console page goes to
reports/browser/console-page-*.png. The visitors' page and the open widget are checked the
same way, on a desktop and a phone, in tests/browser/test_widget_accessibility.py."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from tests.support.browser import screenshot
from tests.support.console import BOOKER
from tests.support.console_server import ASSISTANT_READY_MS, StaffConsole, log_in, wait_for_the_assistant

pytestmark = [pytest.mark.browser, pytest.mark.conversation]

WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
              "resultTypes": ["violations"]}
SERIOUS = {"serious", "critical"}


def assert_accessible(page: Page, where: str) -> None:
    results = Axe().run(page, options=WCAG_21_AA)
    serious = [v for v in results.response["violations"] if v.get("impact") in SERIOUS]
    assert not serious, f"{where}: " + "; ".join(
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}" for v in serious)


def check(page: Page, name: str) -> None:
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    screenshot(page, f"console-page-{name}.png", full_page=name != "signoff")
    assert_accessible(page, name)


def test_every_console_page_meets_wcag_21_aa(page: Page, staff_console: StaffConsole, tmp_path) -> None:  # noqa: ANN001
    url = staff_console.url
    page.goto(url + "/login")
    check(page, "login")
    log_in(page, staff_console, BOOKER)
    check(page, "home")
    wait_for_the_assistant(page, staff_console)
    page.get_by_role("textbox", name="Question").fill("is a fever a symptom?")
    page.get_by_role("button", name="Ask").click()
    expect(page.get_by_test_id("intent")).not_to_be_empty()
    check(page, "test-pane")
    questions = tmp_path / "questions.txt"
    questions.write_text("what is ALL?\nhow is it treated\nwhat is the weather like\n", encoding="utf-8")
    page.goto(url + "/test/batch")
    check(page, "batch")
    page.get_by_label(re.compile("File of questions")).set_input_files(questions)
    page.get_by_role("button", name="Ask them all").click()
    expect(page.get_by_role("link", name="Download the results (CSV)")).to_be_visible(timeout=120_000)
    check(page, "batch-run")
    page.goto(url + "/signoff")
    expect(page.locator("article.answer").first).to_be_visible(timeout=ASSISTANT_READY_MS)
    check(page, "signoff")
    page.goto(url + "/signoff/print")
    check(page, "signoff-print")
    page.goto(url + "/asked")
    check(page, "asked")
    page.get_by_role("link", name=re.compile("^my name is")).click()
    check(page, "conversation")
    page.goto(url + "/asked")
    page.get_by_role("button", name=re.compile("Make an example")).first.click()
    check(page, "example")
    page.goto(url + "/charts")
    for summary in page.get_by_text("The numbers behind this chart").all():
        summary.click()
    check(page, "charts")
    page.goto(url + "/bookings")
    check(page, "bookings")
    page.goto(url + f"/bookings/{staff_console.reference}/delete")  # the confirmation only: nothing is deleted
    check(page, "booking-delete")
    page.goto(url + "/account")
    check(page, "account")
    page.goto(url + "/audit")
    check(page, "audit")
    page.goto(url + "/no/such/page")
    check(page, "not-found")
