"""Conversation tests: the trained model, the Rasa server and the action server, over REST.

Each question is asked as a visitor would, and the reply must carry the page's own words.
"""

from __future__ import annotations

import pytest

from tools.common.http_client import Conversation, button_titles

pytestmark = pytest.mark.conversation

# (what a visitor types, words the answer must contain)
PAGE_QUESTIONS = [
    ("what is acute lymphoblastic leukaemia?", "blood cancer"),
    ("what's acute lymphocytic leukemia", "bone marrow"),
    ("what are b cells and t cells", "T-cells destroy the infected cells"),
    ("who gets ALL", "under the age of 15 or over the age of 45"),
    ("can adults get it?", "rate increases at the age of 45"),
    ("what are the symptoms of ALL", "Fever"),
    ("symtoms of leukemia in kids", "Pale skin"),
    ("are there any other signs", "Nosebleeds"),
    ("where does it spread", "brain, liver, lymph nodes and testes"),
    ("how is it treated", "immunotherapy"),
    ("what are the phases of treatment", "consolidation phase"),
    ("what is induction therapy", "induction chemotherapy"),
    ("what happens in consolidation", "bone marrow transplant"),
    ("what is maintenance chemo for", "less intensive course"),
    ("are there clinical trials", "clinical trials, if available"),
    ("survival rate?", "71.3 percent"),
    ("my son was just diagnosed, what are his chances", "71.3 percent"),
    ("is survival better for children than adults", "highest in children"),
    ("who reviewed this information", "Tibor Kovacsovics"),
    ("when was this page updated", "August 11, 2023"),
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


def test_bot_challenge_is_honest(chat: Conversation) -> None:
    assert "automated assistant" in chat.say("am i talking to a real person?")


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
    assert "(602) 555-0134" in text  # the configured number, never an invented one
    assert "Book an appointment" in button_titles(messages)
    assert "71.3" not in text


def test_quick_reply_payloads_work_like_questions(chat: Conversation) -> None:
    messages = chat.send("/ask_survival_by_age")
    assert "highest in children" in messages[0]["text"]
