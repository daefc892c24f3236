"""Conversation tests of what the page does not answer, and of follow-ups: the trained model,
the Rasa server and the action server, over REST. Expected page text comes from the content.

The messages are written for these tests; none is in the training data or the team's
development set.
"""

from __future__ import annotations

import pytest

from core.content import load_content, load_site
from core.replies import answer
from tests.support.settings import TEST_PHONE
from tests.support.wording import said
from tools.common.http_client import Conversation, button_titles

pytestmark = pytest.mark.conversation

CONTENT = load_content()
PHONE = TEST_PHONE
PAGE_SENTENCES = [s.text for _, s in CONTENT.page.sentences()]


def texts(messages: list[dict]) -> str:
    return "\n".join(m.get("text", "") for m in messages if m.get("text"))


def assert_no_page_facts(text: str) -> None:
    for sentence in PAGE_SENTENCES:
        assert sentence not in text, f"a page fact in a reply that must not answer from the page: {sentence!r}"
    for section in CONTENT.page.sections:
        for bullet_list in section.lists:
            assert bullet_list.intro not in text


def assert_booking_offered(messages: list[dict]) -> None:
    assert "Book an appointment" in button_titles(messages)
    assert PHONE in texts(messages)


@pytest.mark.parametrize(("question", "disease"), [
    ("what's the five year survival for acute myeloid leukaemia", "acute myeloid leukemia (AML)"),
    ("which symptoms does hodgkins lymphoma cause", "Hodgkin lymphoma"),
    ("where does prostate cancer usually spread", "prostate cancer"),
])
def test_another_disease_asked_like_a_page_question_gets_no_page_fact(chat: Conversation, question: str,
                                                                      disease: str) -> None:
    messages = chat.send(question)
    text = texts(messages)
    assert disease in text and "about acute lymphoblastic leukemia (ALL) only" in text
    assert_no_page_facts(text)
    assert_booking_offered(messages)


def test_a_follow_up_about_another_disease_is_not_answered_with_page_facts(chat: Conversation) -> None:
    assert answer(CONTENT, "ask_treatment").text.splitlines()[0] in chat.say("how is ALL treated?")
    messages = chat.send("and what about myeloma?")
    assert "multiple myeloma" in texts(messages)
    assert_no_page_facts(texts(messages))


@pytest.mark.parametrize("question", [
    "what's the best way to descale a kettle",
    "can you find me cheap flights to lisbon in may",
    "who is playing in the cup final on saturday",
])
def test_off_topic_requests_get_the_booking_offer_and_no_page_fact(chat: Conversation, question: str) -> None:
    messages = chat.send(question)
    assert "doesn't cover" in texts(messages)
    assert_no_page_facts(texts(messages))
    assert "Book an appointment" in button_titles(messages)


def test_and_for_children_after_the_survival_rate_is_survival_by_age(chat: Conversation) -> None:
    assert answer(CONTENT, "ask_survival_rate").text in chat.say("what is the survival rate?")
    by_age = CONTENT.page.section("survival-rate").sentence("by-age").text
    assert by_age in chat.say("and for young children?")


def test_a_follow_up_with_nothing_before_it_asks_which_topic_instead_of_guessing(chat: Conversation) -> None:
    reply = chat.say("and what about for little ones?")
    assert CONTENT.conversation.answers.which_topic.fill() in reply
    assert_no_page_facts(reply)


def test_a_follow_up_naming_a_phase_with_nothing_before_it_is_answered(chat: Conversation) -> None:
    consolidation = CONTENT.page.section("treatment").sentence("consolidation").text
    assert consolidation in chat.say("what happens after induction?")


def test_the_last_one_after_the_phases_is_maintenance(chat: Conversation) -> None:
    chat.send("what are the phases of ALL treatment")
    assert answer(CONTENT, "ask_maintenance").text in chat.say("what is the last one for?")


def test_an_order_question_naming_the_treatment_is_answered_whatever_came_before(chat: Conversation) -> None:
    # "last" leans on nothing in the symptoms answer: the message says what it is about.
    chat.send("what are the symptoms of ALL")
    maintenance = answer(CONTENT, "ask_maintenance").text
    assert maintenance in chat.say("and the final stage of treatment?")


def test_the_rest_of_the_symptoms_around_a_likeness_to_the_flu_is_the_other_signs(chat: Conversation) -> None:
    reply = chat.say("apart from the flu-like ones, what other symptoms are there")
    assert answer(CONTENT, "ask_other_signs").text in reply


def test_what_comes_after_that_follows_the_treatment_order(chat: Conversation) -> None:
    chat.send("what is induction chemotherapy")
    consolidation = CONTENT.page.section("treatment").sentence("consolidation").text
    assert consolidation in chat.say("what comes after that?")


def test_a_half_answered_question_says_what_is_missing_and_invents_nothing(chat: Conversation) -> None:
    messages = chat.send("how many months does maintenance chemo go on for")
    text = messages[0]["text"]  # the reply itself, without the source line's date
    assert f"Our page doesn't say how long {CONTENT.limits.topics['ask_maintenance']} takes" in text
    assert answer(CONTENT, "ask_maintenance").text in text
    assert not any(ch.isdigit() for ch in text.replace(PHONE, "")), "no duration is invented"
    assert_booking_offered(messages)


def test_a_follow_up_asking_for_a_missing_detail_gets_the_same_check(chat: Conversation) -> None:
    chat.send("tell me about induction")
    text = chat.say("how long does it last?")
    assert f"doesn't say how long {CONTENT.limits.topics['ask_induction']} takes" in text


def test_side_effects_are_not_answered_with_the_treatment_paragraph(chat: Conversation) -> None:
    messages = chat.send("does chemotherapy for leukemia cause hearing problems or other side effects")
    assert "doesn't cover the side effects of treatment" in texts(messages)
    assert_no_page_facts(texts(messages))


@pytest.mark.parametrize("question", ["I'd like to talk with an actual person please", "human agent"])
def test_asking_for_a_person_gets_no_live_chat_the_line_and_booking(chat: Conversation, question: str) -> None:
    messages = chat.send(question)
    assert said(CONTENT.conversation.people.person, texts(messages))
    assert_booking_offered(messages)


def test_the_phone_number_question_gets_the_appointment_line(chat: Conversation) -> None:
    assert PHONE in chat.say("what number can I ring you on?")


@pytest.mark.parametrize("question", ["¿Cómo se trata la leucemia en los niños?",
                                      "Quels sont les signes de la leucémie ?"])
def test_another_language_gets_english_only_and_no_page_fact(chat: Conversation, question: str) -> None:
    messages = chat.send(question)
    assert said(CONTENT.conversation.not_covered.english_only, texts(messages))
    assert_no_page_facts(texts(messages))
    assert PHONE in texts(messages)


def test_keyboard_mash_gets_i_didnt_catch_that_with_the_topics(chat: Conversation) -> None:
    messages = chat.send("jkdfjkdf ghgh")
    assert messages[0]["text"].startswith("Sorry, I didn't catch that")
    assert CONTENT.answers.questions["ask_symptoms"].title in button_titles(messages)


@pytest.mark.parametrize("message", [
    "my little boy swallowed a load of his nan's tablets",
    "her face and lips are puffing up after the platelets and she sounds wheezy",
    "he is on chemo and his temperature is 39.4",
    "my dad slipped and hit his head and now he's very confused",
    "is this an emergency? should I take her to A&E",
])
def test_emergencies_in_new_words_get_the_emergency_message_first(chat: Conversation, message: str) -> None:
    messages = chat.send(message)
    first = messages[0]["text"]
    assert load_site().emergency("message") == first or load_site().emergency("suicide_message") == first


def test_an_emergency_as_a_follow_up_comes_first(chat: Conversation) -> None:
    chat.send("what are the symptoms of ALL")
    messages = chat.send("and now she has collapsed on the floor")
    assert messages[0]["text"] == load_site().emergency("message")
    assert "Book an appointment" in button_titles(messages[1:])  # then the way to a doctor


def test_every_answer_names_its_source_and_the_feedback_question_is_not_asked_every_time(
        chat: Conversation) -> None:
    prompts = 0
    for question in ("what is ALL", "who gets ALL", "how is ALL treated"):
        messages = chat.send(question)
        sources = [m["custom"]["source"] for m in messages if (m.get("custom") or {}).get("source")]
        assert len(sources) == 1 and sources[0]["text"] in texts(messages)
        assert sources[0]["anchor"] in {s.id for s in CONTENT.page.sections}
        prompts += sum(m.get("text") == "Was this helpful?" for m in messages)
    assert prompts == 1
