"""Conversation tests: the trained model, the Rasa server and the action server, over REST.

Each question is asked as a visitor would, and the reply must carry the page's own words, read
from the content (tests/support/page_facts.py).
"""

from __future__ import annotations

import pytest

from core.content import load_content
from tests.support.page_facts import (
    flu_like_symptoms,
    other_signs,
    review_date,
    reviewer_name,
    sentence,
    survival_statistic,
)
from tests.support.settings import TEST_PHONE
from tests.support.wording import said
from tools.common.http_client import Conversation, button_titles

pytestmark = pytest.mark.conversation

# (what a visitor types, page text the answer must contain: read from the content)
PAGE_QUESTIONS = [
    ("what is acute lymphoblastic leukaemia?", sentence("overview", "definition")),
    ("what's acute lymphocytic leukemia", sentence("overview", "definition")),
    ("what are b cells and t cells", sentence("overview", "cell-differences")),
    ("who gets ALL", sentence("who-gets-all", "ages")),
    ("can adults get it?", sentence("who-gets-all", "adults")),
    ("what are the symptoms of ALL", flu_like_symptoms()[0]),
    ("symtoms of leukemia in kids", flu_like_symptoms()[5]),
    ("are there any other signs", other_signs()[2]),
    ("where does it spread", sentence("symptoms", "spread")),
    ("how is it treated", sentence("treatment", "options")),
    ("what are the phases of treatment", sentence("treatment", "consolidation")),
    ("what is induction therapy", sentence("treatment", "induction")),
    ("what happens in consolidation", sentence("treatment", "consolidation")),
    ("what is maintenance chemo for", sentence("treatment", "maintenance-purpose")),
    ("are there clinical trials", sentence("treatment", "clinical-trials")),
    ("survival rate?", survival_statistic()),
    ("my son was just diagnosed, what are his chances", survival_statistic()),
    ("is survival better for children than adults", sentence("survival-rate", "by-age")),
    ("who reviewed this information", reviewer_name()),
    ("when was this page updated", review_date()),
]


@pytest.mark.parametrize(("question", "expected"), PAGE_QUESTIONS)
def test_page_questions_get_the_pages_answer(chat: Conversation, question: str, expected: str) -> None:
    messages = chat.send(question)
    text = "\n".join(m.get("text", "") for m in messages)
    assert expected in text
    assert "Book an appointment" in button_titles(messages)


def test_greeting_says_what_it_covers_and_that_it_is_not_medical_advice(chat: Conversation) -> None:
    reply = chat.say("hello there")
    assert "acute lymphoblastic leukemia" in reply
    assert "not medical advice" in reply


def test_thanks_and_goodbye(chat: Conversation) -> None:
    assert "You're welcome" in chat.say("thank you so much")
    assert "Goodbye" in chat.say("bye")


def test_are_you_a_bot_is_answered_honestly_with_the_way_to_a_person(chat: Conversation) -> None:
    messages = chat.send("am i talking to a real person?")
    text = "\n".join(m.get("text", "") for m in messages)
    assert said(load_content().conversation.people.person, text)
    assert TEST_PHONE in text


@pytest.mark.parametrize(
    "question",
    [
        "what is the weather like in phoenix today",
        "what causes leukemia",
        "how is ALL diagnosed",
        "what is acute myeloid leukemia",
        "how can I prevent leukaemia",
    ],
)
def test_questions_the_page_does_not_answer_get_the_booking_offer(chat: Conversation, question: str) -> None:
    messages = chat.send(question)
    text = "\n".join(m.get("text", "") for m in messages)
    assert "doesn't cover" in text
    assert TEST_PHONE in text  # the configured number, never an invented one
    assert "Book an appointment" in button_titles(messages)
    assert survival_statistic() not in text  # never a page fact that merely looks related


def test_quick_reply_payloads_work_like_questions(chat: Conversation) -> None:
    messages = chat.send("/ask_survival_by_age")
    assert sentence("survival-rate", "by-age") in messages[0]["text"]
