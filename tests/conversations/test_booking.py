"""Conversation tests of the appointment request, through the trained model and both servers.

Each test checks what the visitor sees and what ends up in the (throwaway) database that
the `assistant` fixture gives the action server.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from core.content import load_content
from records import database
from records.bookings import StoredBooking, list_requests
from tests.support.domain_text import domain, said_when
from tests.support.page_facts import flu_like_symptoms
from tests.support.settings import TEST_PHONE
from tests.support.wording import filled_in, said, words
from tools.common.http_client import Conversation, button_titles
from tools.servers import Assistant

pytestmark = pytest.mark.conversation

FEVER = flu_like_symptoms()[0]  # the first symptom the page lists

PHONE_LINE = TEST_PHONE  # the configured appointment line (tests/support/settings.py)
# The form's questions (domain/booking.yml), for a request for the visitor's child.
ASK_FOR = said_when("utter_ask_booking_for", patient_name=None)
ASK_NAME = said_when("utter_ask_patient_name", booking_for="child")
ASK_NAMES = [variation["text"] for variation in domain().responses["utter_ask_patient_name"]]
ASK_CONTACT = said_when("utter_ask_contact_name", booking_for="child")
ASK_PHONE = said_when("utter_ask_phone")
ASK_EMAIL = said_when("utter_ask_email")
ASK_TIME = said_when("utter_ask_preferred_time")
ASK_CONSENT = said_when("utter_ask_contact_consent")
# What the actions say (content/conversation.yml).
BOOKING = words().booking
CHECKS = words().form_checks
SUMMARY = BOOKING.summary.title.fill()

# (step question, a good answer) in the order the form asks.
GOOD_ANSWERS = [
    (ASK_FOR, "my child"),
    (ASK_NAME, "Jane Doe"),
    (ASK_CONTACT, "Sam Doe"),
    (ASK_PHONE, "602 555 0134"),
    (ASK_EMAIL, "skip"),
    (ASK_TIME, "Weekday morning"),
    (ASK_CONSENT, "/affirm"),
]


@pytest.fixture
def db_url(assistant: Assistant) -> Iterator[str]:
    yield assistant.extra_env["DATABASE_URL"]
    database.forget_engines()


def stored(db_url: str) -> list[StoredBooking]:
    return list_requests(db_url)


def start(chat: Conversation) -> str:
    reply = chat.say("I'd like to book an appointment")
    assert PHONE_LINE in reply  # calling is always offered as well
    assert ASK_FOR in reply
    return reply


def answer_until(chat: Conversation, question: str | None) -> None:
    """Answer the form well up to (not including) `question`."""
    for step, good in GOOD_ANSWERS:
        if step == question:
            return
        chat.say(good)


def test_happy_path_ends_with_a_reference_and_a_stored_request(chat: Conversation, db_url: str) -> None:
    messages = chat.send("I'd like to book an appointment")
    assert button_titles(messages) == [b["title"] for b in domain().responses["utter_ask_booking_for"][0]["buttons"]]
    assert ASK_NAME in chat.say("my child")
    assert ASK_CONTACT in chat.say("Jane Doe")  # the parent our team will ask for
    assert ASK_PHONE in chat.say("Sam Doe")
    reply = chat.send("602 555 0134")
    assert ASK_EMAIL in reply[-1]["text"] and button_titles(reply) == ["Skip"]
    assert ASK_TIME in chat.say("jane.doe@example.com")
    assert ASK_CONSENT in chat.say("Weekday morning")
    summary = chat.send("/affirm")
    text = summary[-1]["text"]
    lines = BOOKING.summary
    for shown in (SUMMARY, lines.for_whom.fill(who=BOOKING.who_labels.child.fill()),
                  lines.patient_name.child.fill(name="Jane Doe"), lines.contact_name.fill(name="Sam Doe"),
                  lines.phone.fill(number="+1 602-555-0134"), lines.email.fill(email="jane.doe@example.com"),
                  lines.preferred_time.fill(time="Weekday morning"), "Test Hospital"):
        assert shown in text
    buttons = BOOKING.buttons
    assert button_titles(summary) == [buttons.send.fill(), buttons.change.fill(), buttons.cancel.fill()]
    before = {b.reference for b in stored(db_url)}
    done = chat.say("/affirm")
    reference = filled_in(BOOKING.sent, done, "reference")
    assert reference, done
    [line] = [cta for cta in load_content().page.source.call_to_action if "ppointment" in cta]
    assert line in done  # "appointments in as little as 24 hrs", in the page's words
    new = [b for b in stored(db_url) if b.reference not in before]
    assert [b.reference for b in new] == [reference]
    request = new[0].request
    assert (request.booking_for, request.patient_name, request.contact_name, request.phone, request.email,
            request.preferred_time) == (
        "child", "Jane Doe", "Sam Doe", "+16025550134", "jane.doe@example.com", "Weekday morning")
    # The request is over: a further "yes" starts nothing and stores nothing.
    chat.say("yes")
    assert len(stored(db_url)) == len(before) + 1


@pytest.mark.parametrize("answer", ["for myself", "it is for me actually", "for my kid", "my partner", "someone else"])
def test_everyday_answers_to_who_it_is_for(chat: Conversation, answer: str) -> None:
    """Answers are never mistaken for something else (e.g. "myself" for an emergency)."""
    start(chat)
    reply = chat.say(answer)
    assert "emergency" not in reply.lower()
    assert any(question in reply for question in ASK_NAMES)


@pytest.mark.parametrize(
    ("question", "wrong", "reason"),
    [
        (ASK_FOR, "banana", CHECKS.who.fill()),
        (ASK_NAME, "R2D2", CHECKS.name_no_numbers.fill(whose=CHECKS.whose_name.patient.fill())),
        (ASK_CONTACT, "Jane Doe", BOOKING.same_person.fill()),
        (ASK_PHONE, "555-0134", CHECKS.phone_too_short.fill()),
        (ASK_PHONE, "(123) 456-7890", CHECKS.phone_not_in_use.fill()),
        (ASK_PHONE, "call me please", CHECKS.phone_not_a_number.fill()),
        (ASK_EMAIL, "jane.example.com", CHECKS.email_needs_at.fill()),
        (ASK_TIME, "blah", CHECKS.time_not_caught.fill()),
        (ASK_CONSENT, "banana", BOOKING.yes_or_no.fill()),
    ],
)
def test_a_wrong_answer_is_explained_and_asked_again(chat: Conversation, question: str, wrong: str,
                                                     reason: str) -> None:
    start(chat)
    answer_until(chat, question)
    reply = chat.say(wrong)
    assert reason in reply
    assert question in reply  # the same question again
    good = dict(GOOD_ANSWERS)[question]
    assert question not in chat.say(good)  # and a good answer moves on


def test_changing_a_detail_mid_way_and_at_the_summary(chat: Conversation, db_url: str) -> None:
    start(chat)
    answer_until(chat, ASK_EMAIL)
    reply = chat.say("change the phone number")
    assert BOOKING.changing.fill(detail=BOOKING.details.phone.fill()) in reply and ASK_PHONE in reply
    assert ASK_EMAIL in chat.say("(480) 555-0199")
    for _, good in GOOD_ANSWERS[3:]:
        last = chat.say(good)
    assert SUMMARY in last and "+1 480-555-0199" in last
    menu = chat.send("/change_booking_detail")
    assert menu[-1]["text"] == BOOKING.what_to_change.fill()
    assert BOOKING.detail_buttons.phone.fill() in button_titles(menu)
    assert ASK_NAME in chat.say("change the name")
    summary = chat.say("Jonah Doe-Smith")
    assert SUMMARY in summary and "Jonah Doe-Smith" in summary and "+1 480-555-0199" in summary
    # A "no" at the summary also asks what to change, and a detail can be named directly.
    assert BOOKING.what_to_change.fill() in chat.say("no")
    assert ASK_TIME in chat.say("the time")
    summary = chat.say("tomorrow afternoon")
    assert "Tomorrow afternoon" in summary
    reference = filled_in(BOOKING.sent, chat.say("/affirm"), "reference")
    assert reference
    [booking] = [b for b in stored(db_url) if b.reference == reference]
    assert booking.request.patient_name == "Jonah Doe-Smith"
    assert booking.request.phone == "+14805550199"
    assert booking.request.preferred_time == "Tomorrow afternoon"


@pytest.mark.parametrize("stop", ["cancel", "never mind", "stop"])
def test_cancelling_mid_way_stores_nothing(chat: Conversation, db_url: str, stop: str) -> None:
    before = len(stored(db_url))
    start(chat)
    answer_until(chat, ASK_EMAIL)
    reply = chat.say(stop)
    assert said(BOOKING.cancelled, reply)
    assert ASK_EMAIL not in reply
    # The form is over: the next answers are not taken as booking details.
    assert ASK_TIME not in chat.say("skip")
    assert len(stored(db_url)) == before


def test_cancelling_at_the_summary_stores_nothing(chat: Conversation, db_url: str) -> None:
    before = len(stored(db_url))
    start(chat)
    answer_until(chat, None)  # every question answered: the summary is showing
    assert said(BOOKING.cancelled, chat.say("/cancel_booking"))
    assert len(stored(db_url)) == before


def test_without_consent_nothing_is_stored(chat: Conversation, db_url: str) -> None:
    before = len(stored(db_url))
    start(chat)
    answer_until(chat, ASK_CONSENT)
    reply = chat.say("/deny")
    assert said(BOOKING.no_consent, reply) and PHONE_LINE in reply
    assert SUMMARY not in reply
    assert len(stored(db_url)) == before


def test_a_question_mid_way_is_answered_then_the_form_goes_on(chat: Conversation) -> None:
    start(chat)
    answer_until(chat, ASK_PHONE)
    reply = chat.say("what are the symptoms of ALL?")
    assert FEVER in reply and BOOKING.back_to_the_form.fill() in reply
    assert ASK_PHONE in reply
    assert ASK_EMAIL in chat.say("602 555 0134")


def test_an_emergency_mid_way_gets_the_emergency_message_then_the_form_goes_on(chat: Conversation) -> None:
    start(chat)
    answer_until(chat, ASK_PHONE)
    messages = chat.send("i can't breathe")
    assert load_content().site.numbers["emergency"] in messages[0]["text"]  # the emergency message comes first
    assert ASK_PHONE in messages[-1]["text"]
    assert ASK_EMAIL in chat.say("602 555 0134")


def test_a_new_request_starts_empty(chat: Conversation, db_url: str) -> None:
    """Details of a cancelled request never pre-fill the next one."""
    start(chat)
    answer_until(chat, ASK_EMAIL)
    chat.say("cancel")
    reply = start(chat)
    assert ASK_FOR in reply and SUMMARY not in reply
    assert said_when("utter_ask_patient_name", booking_for="self") in chat.say("me")
