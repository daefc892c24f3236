"""Faults: the visitor hears an apology and the appointment line, never silence; answers resume."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
import requests

from core.content import load_content
from tests.support.page_facts import flu_like_symptoms, sentence, survival_statistic
from tests.support.settings import TEST_PHONE
from tests.support.wording import said, words
from tools.common.http_client import Conversation
from tools.servers import Assistant

pytestmark = pytest.mark.conversation

DEFINITION = sentence("overview", "definition")  # what the page says ALL is
FEVER = flu_like_symptoms()[0]  # the first symptom the page lists

APPOINTMENT_PHONE = TEST_PHONE  # the fictional number the tests configure


@pytest.fixture
def action_server_down(assistant: Assistant) -> Iterator[None]:
    """The action server stopped for the test, and started again after it."""
    index = next(i for i, s in enumerate(assistant.services) if s.name == "action server")
    assistant.services[index].stop()
    try:
        yield
    finally:
        restarted = assistant.action_server()
        assistant.services[index] = restarted  # the fixture's teardown stops the new one
        restarted.start()
        restarted.wait_ready()


@pytest.fixture
def web_page(assistant: Assistant) -> Iterator[str]:
    """The hospital page's /chat proxy (web/server.py) in front of the running assistant."""
    port = int(os.environ.get("TEST_WEB_PORT", 5180)) + 2  # the browser tests use +0 and +1
    service = assistant.web_server(port=port)
    service.start()
    try:
        service.wait_ready()
        yield f"http://{assistant.ports.host}:{port}"
    finally:
        service.stop()


def test_action_server_down_gives_an_apology_with_the_phone_and_answers_resume(assistant: Assistant) -> None:
    chat = Conversation(assistant.ports.rasa_url)
    assert DEFINITION in chat.say("what is acute lymphoblastic leukemia?")

    index = next(i for i, s in enumerate(assistant.services) if s.name == "action server")
    assistant.services[index].stop()
    try:
        while_down = chat.say("what are the symptoms of ALL?")
        assert said(words().technical.apology, while_down)
        assert APPOINTMENT_PHONE in while_down
        assert FEVER not in while_down
        # Replies that need no custom action (the greeting, a domain response the Rasa server
        # sends itself) still work while it is down.
        assert load_content().site.conversation["greeting"] in chat.say("hello there")
    finally:
        restarted = assistant.action_server()
        assistant.services[index] = restarted
        restarted.start()
        restarted.wait_ready()

    assert FEVER in chat.say("what are the symptoms of ALL?")
    assert survival_statistic() in chat.say("what is the survival rate?")


def test_the_widget_gets_the_apology_as_a_normal_reply(web_page: str, action_server_down: None) -> None:
    response = requests.post(f"{web_page}/chat", json={"sender": "web-fault-check-1", "message": "who gets ALL?"},
                             timeout=30)
    assert response.status_code == 200  # a reply to show, not "can't be reached"
    text = "\n".join(m.get("text", "") for m in response.json())
    assert said(words().technical.apology, text) and APPOINTMENT_PHONE in text


def test_an_emergency_still_gets_the_emergency_message_first_while_the_action_server_is_down(
    assistant: Assistant, action_server_down: None
) -> None:
    messages = Conversation(assistant.ports.rasa_url).send("my son can't breathe, what do I do")
    assert messages, "never silence"
    assert "911" in messages[0]["text"]
