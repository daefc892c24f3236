"""Anything a visitor (or a broken client) sends over REST gets a reply or a 4xx, never a 5xx.

Driven through the real Rasa server and action server with the trained model.
"""

from __future__ import annotations

import json

import pytest
import requests

from core.chat_request import MAX_MESSAGE_CHARS
from tests.support.page_facts import flu_like_symptoms, sentence
from tests.support.wording import said, words
from tools.common.http_client import Conversation
from tools.servers import Assistant

pytestmark = pytest.mark.conversation

DEFINITION = sentence("overview", "definition")  # what the page says ALL is
FEVER = flu_like_symptoms()[0]  # the first symptom the page lists


def post(assistant: Assistant, data: bytes, content_type: str = "application/json") -> requests.Response:
    return requests.post(
        f"{assistant.ports.rasa_url}/webhooks/rest/webhook", data=data,
        headers={"Content-Type": content_type}, timeout=60,
    )


def reply_texts(response: requests.Response) -> str:
    assert response.status_code == 200, response.text
    messages = response.json()
    assert isinstance(messages, list) and messages, "a reply, not silence"
    return "\n".join(m.get("text") or "" for m in messages)


TECHNICAL = words().technical
ASK_FOR_A_QUESTION = TECHNICAL.ask_for_a_question.fill()
TOO_LONG = TECHNICAL.too_long.text.split("{")[0]  # its words up to the figures
ANY_REPLY = ""  # the model's choice (fallback, capabilities, ...): any normal reply will do


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("", ASK_FOR_A_QUESTION),
        ("   \n\t  ", ASK_FOR_A_QUESTION),
        ("\x00\x07\x1b", ASK_FOR_A_QUESTION),
        ("\u200b\u200d", ASK_FOR_A_QUESTION),
        ("what are the symptoms? " * 900, TOO_LONG),  # 20,700 characters
        ("what\x00 is\x07 acute lymphoblastic\x1b leukemia?", DEFINITION),  # control characters
        ("what is acute lymphoblastic leukemia \ud83d", DEFINITION),  # a lone surrogate
        ("👩‍👧‍👦 what are the symptoms of acute lymphoblastic leukemia? 🙏", FEVER),
        ("😟😟😟", ANY_REPLY),
        ("¿Qué es la leucemia linfoblástica aguda?", ANY_REPLY),
        ("急性淋巴细胞白血病是什么？", ANY_REPLY),
        ("ما هو سرطان الدم", ANY_REPLY),
        ("<script>alert(1)</script>", ANY_REPLY),
        ("'; DROP TABLE events; --", ANY_REPLY),
        ('/greet{"broken": ', ANY_REPLY),
        ("/no_such_intent", ANY_REPLY),
        ("/request_appointment{\"x\": [1, {\"y\": null}]}", ANY_REPLY),
    ],
)
def test_odd_messages_get_a_helpful_reply(assistant: Assistant, message: str, expected: str) -> None:
    response = post(assistant, json.dumps({"sender": Conversation("").sender, "message": message}).encode())
    text = reply_texts(response)
    assert expected in text
    assert not said(TECHNICAL.apology, text)  # handled as a message, not as a failure
    assert "<script>" not in text


def test_a_20000_character_message_is_not_passed_on_and_says_the_limit(assistant: Assistant) -> None:
    text = reply_texts(post(assistant, json.dumps({"sender": "long-1", "message": "a" * 20_000}).encode()))
    assert "20,000 characters" in text and f"{MAX_MESSAGE_CHARS:,}" in text


@pytest.mark.parametrize(
    "raw",
    [
        b"",
        b"{bad json",
        b"\xff\xfe\x00",
        b"[]",
        b"null",
        b'{"message": "what is ALL?"}',
        b'{"sender": null, "message": "what is ALL?"}',
        b'{"sender": ["a"], "message": "what is ALL?"}',
        b'{"sender": "bad-types", "message": 42}',
        b'{"sender": "bad-types", "message": ["what is ALL?"]}',
        b'{"sender": "bad-types", "message": null}',
        b'{"sender": "bad-types", "message": {"text": "hi"}}',
        b'{"sender": "bad-types"}',
        b'{"sender": "bad-types", "message": "hi", "metadata": [1]}',
        b"[" * 30_000 + b"]" * 30_000,
        b'{"sender": "big", "message": "' + b"x" * 70_000 + b'"}',
    ],
)
def test_malformed_requests_get_a_4xx_with_a_json_reason(assistant: Assistant, raw: bytes) -> None:
    response = post(assistant, raw)
    assert 400 <= response.status_code < 500, response.text
    assert response.json()["error"]


def test_a_form_post_instead_of_json_gets_a_4xx(assistant: Assistant) -> None:
    response = post(assistant, b"sender=a&message=hi", "application/x-www-form-urlencoded")
    assert response.status_code == 400
    assert "JSON" in response.json()["error"]


def test_the_assistant_still_answers_after_all_that(chat: Conversation) -> None:
    assert DEFINITION in chat.say("what is acute lymphoblastic leukemia?")
