"""The hospital page and its chat widget in a real browser (Debian's chromium), talking to
the trained model through web/server.py, the Rasa server and the action server.

Expected answers come from the same content the actions answer from (core.replies), and the
greeting from the domain, so these tests check the whole path without restating facts. The
widget's robustness and layout have files of their own.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, Route, expect

from core.content import load_content
from core.replies import answer
from tests.support.browser import PageEvents, new_page
from tests.support.widget import Widget, answer_chips, expect_answer, greeting

pytestmark = [pytest.mark.browser, pytest.mark.conversation]


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
    widget.question_box.fill("how is ALL treated?")
    widget.question_box.press("Enter")
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
