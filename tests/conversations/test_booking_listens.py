"""Issue 16 over REST, through the trained model and both servers: the booking form takes who
the request is for from what the visitor said, handles a name typed at that question, asks
for the contact person, says what it expects (metadata), and tells a sent request's reference.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from records import database
from records.bookings import list_requests
from tests.support.domain_text import domain, said_when
from tests.support.wording import filled_in, said, words
from tools.common.http_client import Conversation, button_titles
from tools.servers import Assistant
from tools.staff.bookings import main as bookings_main

pytestmark = pytest.mark.conversation

BOOKING = words().booking
STATUS = words().booking_status


def asked(name: str, **slots: str | None) -> str:
    """The form's question (domain/booking.yml), as asked with these slot values."""
    return said_when(f"utter_ask_{name}", **slots)


WHO_FOR = asked("booking_for", patient_name=None)
CHILDS_NAME = asked("patient_name", booking_for="child")
PARENTS_NAME = asked("contact_name", booking_for="child")


@pytest.fixture
def db_url(assistant: Assistant) -> Iterator[str]:
    yield assistant.extra_env["DATABASE_URL"]
    database.forget_engines()


def texts(messages: list[dict[str, Any]]) -> str:
    return "\n".join(m.get("text") or "" for m in messages)


@pytest.mark.parametrize(
    ("request_text", "next_question"),
    [
        ("I'd like to book an appointment for my son", CHILDS_NAME),
        ("can I book an appointment for my husband", asked("patient_name", booking_for="someone else")),
        ("book an appointment for me please", asked("patient_name", booking_for="self")),
    ],
)
def test_who_it_is_for_is_taken_from_the_request_and_only_confirmed(chat: Conversation, request_text: str,
                                                                    next_question: str) -> None:
    reply = chat.say(request_text)
    assert WHO_FOR not in reply
    assert reply.rstrip().endswith(next_question)
    # The visitor is told what was understood, and how to correct it.
    assert any(will_ask.fill() in reply for will_ask in (BOOKING.will_ask.me, BOOKING.will_ask.child,
                                                           BOOKING.will_ask.someone_else))


def test_who_it_is_for_is_taken_from_earlier_in_the_conversation(chat: Conversation) -> None:
    chat.say("my 4 year old has bruises all over")
    reply = chat.say("I'd like to book an appointment")
    assert WHO_FOR not in reply and CHILDS_NAME in reply


def test_a_name_typed_at_the_who_for_question_is_kept_and_who_it_is_is_asked(chat: Conversation) -> None:
    assert WHO_FOR in chat.say("I'd like to book an appointment")
    messages = chat.send("Jane Doe")
    assert texts(messages).strip() == asked("booking_for", patient_name="Jane Doe").replace(
        "{patient_name}", "Jane Doe")
    assert button_titles(messages) == [b["title"] for b in domain().responses["utter_ask_booking_for"][1]["buttons"]]
    reply = chat.say("my daughter")
    assert PARENTS_NAME in reply  # the child's name is not asked again
    assert asked("phone") in chat.say("Sam Doe")


def test_for_a_child_both_names_are_asked_shown_stored_and_listed_for_staff(
        chat: Conversation, db_url: str, capsys: pytest.CaptureFixture) -> None:
    steps = [("I'd like to book an appointment for my son", CHILDS_NAME), ("Leo Doe", PARENTS_NAME),
             ("Sam Doe", asked("phone")), ("602 555 0134", asked("email")), ("skip", asked("preferred_time")),
             ("Any time", asked("contact_consent"))]
    for text, next_question in steps:
        assert next_question in chat.say(text), text
    summary = chat.say("/affirm")
    lines = BOOKING.summary
    assert lines.patient_name.child.fill(name="Leo Doe") in summary
    assert lines.contact_name.fill(name="Sam Doe") in summary
    reference = filled_in(BOOKING.sent, chat.say("/affirm"), "reference")
    assert reference
    [stored] = [b for b in list_requests(db_url) if b.reference == reference]
    assert (stored.request.patient_name, stored.request.contact_name) == ("Leo Doe", "Sam Doe")
    assert bookings_main(["--database-url", db_url, "--format", "csv"]) == 0
    [row] = [line for line in capsys.readouterr().out.splitlines() if line.startswith(reference)]
    assert ",Leo Doe,Sam Doe," in row


def test_each_question_tells_the_widget_what_it_expects(chat: Conversation) -> None:
    chat.say("book an appointment for me")
    messages = chat.send("Ann Lee")
    metadata = messages[-1]["metadata"]
    assert metadata["form"] == {"name": "booking_form", "step": "phone"}
    assert metadata["input"]["inputmode"] == "tel" and metadata["input"]["autocomplete"] == "tel"
    assert "metadata" not in chat.send("cancel")[-1]  # outside the form: plain text


def test_did_my_request_go_through_gives_the_reference(chat: Conversation) -> None:
    before = chat.say("did my request go through?")
    assert said(STATUS.not_found, before)
    assert "no request" not in before.lower() and "no appointment request" not in before.lower()
    for text in ("I'd like to book an appointment for myself", "Ann Lee", "602 555 0134", "skip", "Any time",
                 "/affirm", "/affirm"):
        reply = chat.say(text)
    reference = filled_in(BOOKING.sent, reply, "reference")
    assert reference
    for question in ("did my request go through?", "what's my reference?", "is my appointment request still sent?"):
        status = chat.say(question)
        assert filled_in(STATUS.one_sent, status, "reference") == reference, question
    # Already sent: call to cancel it, with the reference.
    assert filled_in(STATUS.cancel_after_sent, chat.say("cancel my appointment"), "reference") == reference


def test_asked_during_a_new_request_it_says_that_one_is_not_sent_yet(chat: Conversation) -> None:
    chat.say("book an appointment for me")
    chat.say("Ann Lee")
    reply = chat.say("did my request go through?")
    assert STATUS.not_sent_yet.fill() in reply
    assert reply.rstrip().endswith(asked("phone"))  # and the form goes on
