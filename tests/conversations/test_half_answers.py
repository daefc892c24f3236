"""Half-answered questions in new words, with the trained model, the Rasa server and the action
server: the reply says first what the page doesn't give (content/answer_limits.yml), then
what it does, and offers booking; it never invents the missing part. Everyday questions with
the same words stay out of scope. Expected text comes from the content.

The messages are written for these tests; none is in the training data or the development set.
"""

from __future__ import annotations

import pytest

from core.content import load_content
from core.replies import answer
from tests.conversations.test_scope_and_follow_ups import PHONE, assert_booking_offered, assert_no_page_facts, texts
from tools.common.http_client import Conversation

pytestmark = pytest.mark.conversation

CONTENT = load_content()
LIMITS = CONTENT.limits


def caveat(detail: str, question: str) -> str:
    return f"Our page doesn't {LIMITS.details[detail].wording(LIMITS.topics[question], '')}"


def assert_half_answer(messages: list[dict], detail: str, question: str) -> None:
    text = messages[0]["text"]  # the reply itself, without the source line's date
    assert text.startswith(caveat(detail, question)), text
    assert answer(CONTENT, question).text in text
    assert_booking_offered(messages)


def test_how_long_chemo_goes_on_for_in_everyday_words_says_the_page_gives_no_duration(chat: Conversation) -> None:
    messages = chat.send("roughly how many weeks does the chemo carry on for altogether")
    text = messages[0]["text"]
    assert text.startswith("Our page doesn't say how long"), text
    assert any(answer(CONTENT, q).text in text for q, lacks in LIMITS.lacking.items() if "duration" in lacks)
    assert not any(ch.isdigit() for ch in text.replace(PHONE, "")), "no duration is invented"
    assert_booking_offered(messages)


def test_survival_compared_by_cell_type_gets_the_survival_answer_and_its_caveat(chat: Conversation) -> None:
    messages = chat.send("is the prognosis better for B-cell ALL than for T-cell ALL?")
    assert_half_answer(messages, "survival_compared", "ask_survival_rate")
    assert answer(CONTENT, "ask_cell_types").text not in texts(messages)


@pytest.mark.parametrize(("question", "detail", "section"), [
    ("how often is consolidation given - every week?", "schedule", "ask_consolidation"),
    ("which drugs do they use in maintenance?", "drugs", "ask_maintenance"),
    ("do more girls than boys end up with ALL?", "by_sex", "ask_who_gets_all"),
])
def test_frequency_and_drug_names_are_half_answered(chat: Conversation, question: str, detail: str,
                                                    section: str) -> None:
    assert_half_answer(chat.send(question), detail, section)


@pytest.mark.parametrize("question", [
    "how long does it take to renew a driving licence",
    "what dose of paracetamol is ok for a toddler",
])
def test_everyday_questions_asking_how_long_or_how_much_get_no_page_fact(chat: Conversation, question: str) -> None:
    messages = chat.send(question)
    assert "doesn't cover" in texts(messages)
    assert_no_page_facts(texts(messages))
