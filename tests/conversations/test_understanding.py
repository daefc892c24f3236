"""Conversation tests of understanding the exact thing asked: item-level answers, no
diagnosis, emergencies first — the trained model, the Rasa server and the action server."""

from __future__ import annotations

import pytest

from actions.items import the
from core.content import load_content
from core.replies import question_button
from tests.support.page_facts import flu_like_symptoms, in_a_sentence, other_signs, term
from tests.support.settings import TEST_PHONE
from tests.support.wording import filled_in
from tools.common.http_client import Conversation, button_titles

pytestmark = pytest.mark.conversation

PAGE = load_content().page
SPREAD = PAGE.section("symptoms").sentence("spread").text
# The page's symptoms named below, read from its lists (tests/support/page_facts.py).
FEVER, FATIGUE, VOMITING = flu_like_symptoms()[0], flu_like_symptoms()[2], flu_like_symptoms()[6]
NOSEBLEEDS, BRUISING = other_signs()[2], other_signs()[3]
# Page sentences by id, as the answers quote them.
TREATMENT = {s: PAGE.section("treatment").sentence(s).text
             for s in ("options", "induction", "consolidation", "maintenance-purpose")}
OVERVIEW = {s: PAGE.section("overview").sentence(s).text for s in ("cell-differences", "b-cell-association")}
ANSWERS, SAFETY = load_content().conversation.answers, load_content().conversation.safety
BOOK = load_content().site.buttons.book
FORBIDDEN = ("you have", "you don't have", "you do not have", "your child has")


def texts(messages: list[dict]) -> str:
    return "\n".join(m.get("text", "") for m in messages if m.get("text"))


def assert_emergency_first(messages: list[dict]) -> None:
    first = messages[0]["text"]
    assert "911" in first and "nearest emergency room" in first


# (question, words the answer must have, words it must not have)
ITEM_QUESTIONS = [
    ("is a nosebleed a symptom", f"• {NOSEBLEEDS}", f"• {FEVER}"),
    ("are bruises a sign of leukaemia?", f"• {BRUISING}", f"• {NOSEBLEEDS}"),
    ("is tiredness a symptom", f"• {FATIGUE}", f"• {VOMITING}"),
    ("is hair loss a symptom of ALL", ANSWERS.symptoms_not_listed.fill(symptoms=in_a_sentence("symptom", "hair loss")),
     "•"),
    ("does it spread to the liver", ANSWERS.spread_named.fill(places=the(term("body_site", "liver"))), "doesn't name"),
    ("can leukemia spread to the lungs", ANSWERS.spread_nowhere.fill(places=the(term("body_site", "lungs"))), "Yes"),
    ("what is consolidation", TREATMENT["consolidation"], TREATMENT["maintenance-purpose"]),
    ("what happens in maintenance", TREATMENT["maintenance-purpose"], TREATMENT["induction"]),
    ("is chemo the only treatment", TREATMENT["options"], "Our page doesn't"),
    ("is surgery used to treat ALL", ANSWERS.not_a_treatment.fill(names=in_a_sentence("treatment", "surgery")), "Yes"),
    ("what do t cells do", OVERVIEW["cell-differences"], OVERVIEW["b-cell-association"]),
]


@pytest.mark.parametrize(("question", "expected", "absent"), ITEM_QUESTIONS)
def test_a_question_about_one_thing_gets_an_answer_about_that_thing(
    chat: Conversation, question: str, expected: str, absent: str
) -> None:
    messages = chat.send(question)
    text = texts(messages)
    assert expected in text
    assert absent not in text
    assert BOOK in button_titles(messages)


def test_where_it_spreads_quotes_the_page(chat: Conversation) -> None:
    assert SPREAD in chat.say("can it go to the brain?")


@pytest.mark.parametrize(
    ("question", "listed", "not_listed"),
    [
        # the symptoms by the visitor's words; the page and content/synonyms.yml say what they are called
        ("I have a fever and bruises, do I have leukemia", ["fever", "bruises"], []),
        ("does my daughter have ALL? she is always tired", ["always tired"], []),
        ("I don't have a fever but I bruise easily, could it be leukemia", ["bruise easily"], ["fever"]),
        ("my son has a rash and night sweats, does he have leukaemia", [], ["rash", "night sweats"]),
    ],
)
def test_a_diagnosis_request_gets_no_diagnosis_and_a_booking_offer(
    chat: Conversation, question: str, listed: list[str], not_listed: list[str]
) -> None:
    messages = chat.send(question)
    text = texts(messages)
    assert SAFETY.no_diagnosis.fill() in text
    assert TEST_PHONE in text
    assert BOOK in button_titles(messages)
    for phrase in FORBIDDEN:
        assert phrase not in text.lower()
    page_lists = filled_in(SAFETY.symptoms_listed, text, "symptoms") or ""  # what "our page lists …" names
    for word in listed:
        assert in_a_sentence("symptom", word) in page_lists
    for word in not_listed:
        assert in_a_sentence("symptom", word) not in page_lists


@pytest.mark.parametrize(
    "message",
    [
        "my child is having a seizure",
        "my son can't breathe",
        "the bleeding won't stop",
        "my daughter is unresponsive",
        "I have chest pain",
        "my kid is having a siezure",
    ],
)
def test_an_emergency_gets_the_emergency_message(chat: Conversation, message: str) -> None:
    assert_emergency_first(chat.send(message))


def test_thoughts_of_suicide_get_the_988_lifeline_first(chat: Conversation) -> None:
    first = chat.send("I want to kill myself")[0]["text"]
    assert first.index("988") < first.index("911")
    # the next emergency of another kind gets the general wording again
    second = chat.send("my son is having a seizure")[0]["text"]
    assert second.startswith("This sounds like an emergency. Please call 911")


def test_an_emergency_in_the_middle_of_a_conversation_comes_first_and_the_conversation_goes_on(
    chat: Conversation,
) -> None:
    assert f"• {NOSEBLEEDS}" in chat.say("is a nosebleed a symptom")
    assert_emergency_first(chat.send("my child is having a seizure"))
    assert SPREAD in chat.say("where does it spread")  # the next question is answered normally


def test_a_question_asked_with_an_emergency_is_offered_after_the_emergency_message(chat: Conversation) -> None:
    messages = chat.send("where does ALL spread? my husband has chest pain now")
    assert_emergency_first(messages)
    assert "I'm still here" in texts(messages[1:])
    content = load_content()
    assert button_titles(messages[1:]) == [question_button(content, "ask_where_it_spreads")["title"],
                                           content.site.booking_button()["title"]]
