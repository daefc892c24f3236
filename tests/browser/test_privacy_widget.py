"""The widget's privacy controls in a real browser, against the real assistant: "Delete
conversation" clears the page's storage and the tracker store forgets the conversation; after
the idle time the old messages are gone; closing offers "End chat", which clears them too."""

from __future__ import annotations

import json
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from core.content import load_content
from tests.support.browser import screenshot
from tests.support.domain_text import said
from tests.support.tracker_stores import rows
from tests.support.widget import Widget, expect_answer, greeting
from tools.servers import Assistant

pytestmark = [pytest.mark.browser, pytest.mark.conversation]

WORDS = load_content().site.privacy.widget
IDLE_MS = load_content().site.privacy.session_idle_minutes * 60_000
QUESTION = "what is ALL?"


def stored(page: Page) -> dict[str, Any]:
    """Everything the page keeps in sessionStorage, decoded."""
    raw = page.evaluate("() => Object.assign({}, sessionStorage)")
    return {key: json.loads(value) for key, value in raw.items()}


def sent_messages(page: Page) -> list[str]:
    messages: list[str] = []
    page.on("request", lambda r: messages.append(json.loads(r.post_data or "{}")["message"])
            if r.url.endswith("/chat") else None)
    return messages


def forgotten_text() -> str:
    return said("utter_conversation_forgotten")


def test_delete_conversation_asks_then_clears_the_pages_storage_and_the_assistant_forgets(
        page: Page, web: str, assistant: Assistant) -> None:
    page.goto(web)
    widget = Widget(page)
    widget.open()
    expect_answer(widget.ask(QUESTION), "ask_what_is_all")
    sender = stored(page)["all-assistant:sender"]
    tracker_url = f"sqlite:///{assistant.extra_env['TRACKER_DB']}"
    assert rows(tracker_url, sender)

    delete = page.get_by_role("button", name=WORDS["delete_button"])
    expect(delete).to_be_visible()
    delete.click()
    expect(page.get_by_text(WORDS["delete_question"])).to_be_visible()
    screenshot(page, "delete-conversation.png")  # for review, as the other screenshots
    page.get_by_role("button", name=WORDS["delete_yes"]).click()

    expect(widget.bot).to_have_text([forgotten_text()])  # only the assistant's "Done", nothing before
    expect(widget.user).to_have_count(0)
    assert QUESTION not in json.dumps(stored(page))
    assert [entry["text"] for entry in stored(page)["all-assistant:transcript"]] == [forgotten_text()]
    assert rows(tracker_url, sender) == []
    page.reload()
    expect(widget.bot).to_have_text([forgotten_text()])
    expect(widget.user).to_have_count(0)


def test_keep_it_deletes_nothing(page: Page, web: str) -> None:
    page.goto(web)
    widget = Widget(page)
    widget.open()
    expect_answer(widget.ask(QUESTION), "ask_what_is_all")
    sent = sent_messages(page)
    page.get_by_role("button", name=WORDS["delete_button"]).click()
    page.get_by_role("button", name=WORDS["delete_no"]).click()
    expect(page.get_by_text(WORDS["delete_question"])).to_be_hidden()
    expect(widget.user).to_have_text([QUESTION])
    assert sent == []


def test_after_the_idle_time_the_old_messages_are_no_longer_shown(page: Page, web: str) -> None:
    page.clock.install()
    page.goto(web)
    widget = Widget(page)
    widget.open()
    expect_answer(widget.ask(QUESTION), "ask_what_is_all")
    page.clock.fast_forward(IDLE_MS + 60_000)  # the tab left open, the visitor gone
    expect(widget.user).to_have_count(0)
    expect(widget.bot).to_have_text([greeting()["text"]])  # the open chat starts afresh
    assert QUESTION not in json.dumps(stored(page))


def test_a_reload_after_the_idle_time_shows_no_old_messages(page: Page, web: str) -> None:
    page.goto(web)
    widget = Widget(page)
    widget.open()
    expect_answer(widget.ask(QUESTION), "ask_what_is_all")
    page.evaluate(f"() => sessionStorage.setItem('all-assistant:active', String(Date.now() - {IDLE_MS + 60_000}))")
    page.reload()
    expect(widget.panel).to_be_visible()
    widget.wait_for_greeting()
    expect(widget.user).to_have_count(0)
    assert QUESTION not in json.dumps(stored(page))


def test_closing_offers_end_chat_which_clears_the_pages_storage(page: Page, web: str) -> None:
    page.goto(web)
    widget = Widget(page)
    end_chat = page.get_by_role("button", name=WORDS["end_chat"])
    expect(end_chat).to_be_hidden()  # nothing to end yet
    widget.open()
    expect_answer(widget.ask(QUESTION), "ask_what_is_all")
    sent = sent_messages(page)
    widget.close_button.click()
    expect(widget.panel).to_be_hidden()
    expect(page.get_by_text(WORDS["end_chat_note"])).to_be_visible()
    screenshot(page, "end-chat.png")

    end_chat.click()
    expect(end_chat).to_be_hidden()
    assert "all-assistant:transcript" not in stored(page)
    page.wait_for_timeout(300)
    assert sent == ["/session_start"]  # the assistant closes the session too: nothing carried over
    widget.open()
    expect(widget.bot).to_have_text([greeting()["text"]])
    expect(widget.user).to_have_count(0)
