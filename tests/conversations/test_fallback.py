"""Conversation tests of the two-stage fallback and the way out of scope leads to booking.

UNSURE_* are messages the trained model is unsure about (below the FallbackClassifier
thresholds of config.yml, checked with `make crossval PROBE_MODEL=...`); if NLU data changes
make one of them confident, the first assertion of the test says so.
"""

from __future__ import annotations

import pytest

from core.content import load_content
from core.replies import answer
from tests.support.domain_text import said_when
from tests.support.page_facts import sentence
from tests.support.settings import TEST_PHONE
from tests.support.wording import said
from tools.common.http_client import Conversation, button_titles
from tools.trainer.confidence_report import load_probes

pytestmark = pytest.mark.conversation

DEFINITION = sentence("overview", "definition")  # what the page says ALL is

PHONE_LINE = TEST_PHONE  # the configured appointment line (tests/support/settings.py)
ASK_FOR = said_when("utter_ask_booking_for", patient_name=None)
DID_YOU_MEAN = load_content().conversation.fallback.did_you_mean.fill()
UNSURE_1 = next(p["text"] for p in load_probes() if p["kind"] == "two_questions")
UNSURE_2 = "how bad is it"
SOMETHING_ELSE = {"title": load_content().site.buttons.something_else, "payload": "/out_of_scope"}


def offered_titles() -> set[str]:
    return {q.title for q in load_content().answers.questions.values()} | set(load_content().titles.titles.values())


def did_you_mean(chat: Conversation, text: str) -> list[dict[str, str]]:
    messages = chat.send(text)
    assert messages and DID_YOU_MEAN in messages[-1].get("text", ""), f"{text!r} was not a fallback: {messages}"
    buttons = messages[-1]["buttons"]
    assert 3 <= len(buttons) <= 4  # one or two guesses, booking, "Something else"
    assert buttons[-1] == SOMETHING_ELSE
    assert buttons[-2] == load_content().site.booking_button()
    assert {b["title"] for b in buttons[:-1]} <= offered_titles()  # plain words, never intent names
    return buttons


def assert_booking_offer(messages: list[dict]) -> None:
    text = "\n".join(m.get("text") or "" for m in messages)
    # Book, or call the configured line.
    assert said(load_content().conversation.not_covered.doctor_can, text) and PHONE_LINE in text
    assert load_content().site.buttons.book in button_titles(messages)
    assert DID_YOU_MEAN not in text


def test_picking_a_suggestion_gives_its_answer(chat: Conversation) -> None:
    buttons = did_you_mean(chat, UNSURE_1)
    questions = load_content().answers.questions
    choice = next(b["payload"][1:] for b in buttons if b["payload"][1:] in questions)
    reply = chat.say(f"/{choice}")
    assert answer(load_content(), choice).text.splitlines()[0] in reply
    # The fallback is over: a page question is answered straight away.
    assert DEFINITION in chat.say("what is ALL?")


def test_something_else_leads_to_the_booking_offer_and_the_form(chat: Conversation) -> None:
    did_you_mean(chat, UNSURE_1)
    assert_booking_offer(chat.send("/out_of_scope"))
    assert ASK_FOR in chat.say("/request_appointment")


def test_a_second_miss_leads_to_the_booking_offer(chat: Conversation) -> None:
    did_you_mean(chat, UNSURE_1)
    assert_booking_offer(chat.send(UNSURE_2))
    assert DEFINITION in chat.say("what is ALL?")
    assert ASK_FOR in chat.say("/request_appointment")


def test_an_unrelated_question_leads_to_the_booking_offer_and_the_form(chat: Conversation) -> None:
    messages = chat.send("can you recommend a hotel near the clinic")
    text = "\n".join(m.get("text") or "" for m in messages)
    if DID_YOU_MEAN in text:  # unsure rather than sure it is unrelated: "Something else" is one click
        messages = chat.send("/out_of_scope")
    assert_booking_offer(messages)
    assert ASK_FOR in chat.say("/request_appointment")


@pytest.mark.parametrize("text", [p["text"] for p in load_probes() if p["kind"] == "gibberish"])
def test_gibberish_never_gets_a_page_answer(chat: Conversation, text: str) -> None:
    messages = chat.send(text)
    reply = "\n".join(m.get("text") or "" for m in messages)
    # "I didn't catch that", and the topics, never a guess at a page question.
    assert load_content().conversation.not_covered.not_caught.fill() in reply, reply
    assert DID_YOU_MEAN not in reply
