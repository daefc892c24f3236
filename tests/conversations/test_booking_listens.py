"""Issue 16 over REST, through the trained model and both servers: the booking form takes who
the request is for from what the visitor said, handles a name typed at that question, asks
for the contact person, says what it expects (metadata), and tells a sent request's reference.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from typing import Any

import pytest
from rasa.shared.core.domain import Domain

from records import database
from records.bookings import list_requests
from tools.common.http_client import Conversation, button_titles
from tools.common.paths import PROJECT_DIR
from tools.servers import Assistant
from tools.staff.bookings import main as bookings_main

pytestmark = pytest.mark.conversation

REFERENCE = re.compile(r"Your reference is ([A-Z2-9]{6})\.")


@cache
def responses() -> dict[str, list[dict[str, Any]]]:
    return Domain.load(str(PROJECT_DIR / "domain")).responses


def asked(name: str, variant: int = 0) -> str:
    return responses()[f"utter_ask_{name}"][variant]["text"]


WHO_FOR = asked("booking_for")


@pytest.fixture
def db_url(assistant: Assistant) -> Iterator[str]:
    yield assistant.extra_env["DATABASE_URL"]
    database.forget_engines()


def texts(messages: list[dict[str, Any]]) -> str:
    return "\n".join(m.get("text") or "" for m in messages)


@pytest.mark.parametrize(
    ("request_text", "next_question"),
    [
        ("I'd like to book an appointment for my son", "What is your child's full name?"),
        ("can I book an appointment for my husband", "What is the patient's full name?"),
        ("book an appointment for me please", "What is your full name?"),
    ],
)
def test_who_it_is_for_is_taken_from_the_request_and_only_confirmed(chat: Conversation, request_text: str,
                                                                    next_question: str) -> None:
    reply = chat.say(request_text)
    assert WHO_FOR not in reply
    assert reply.rstrip().endswith(next_question)
    assert "change who it's for" in reply  # the visitor can still correct it


def test_who_it_is_for_is_taken_from_earlier_in_the_conversation(chat: Conversation) -> None:
    chat.say("my 4 year old has bruises all over")
    reply = chat.say("I'd like to book an appointment")
    assert WHO_FOR not in reply and "What is your child's full name?" in reply


def test_a_name_typed_at_the_who_for_question_is_kept_and_who_it_is_is_asked(chat: Conversation) -> None:
    assert WHO_FOR in chat.say("I'd like to book an appointment")
    messages = chat.send("Jane Doe")
    assert texts(messages).strip() == "Is Jane Doe you, your child or someone else?"
    assert button_titles(messages) == ["Me", "My child", "Someone else"]
    reply = chat.say("my daughter")
    assert "your own full name?" in reply  # the child's name is not asked again
    assert "What phone number" in chat.say("Sam Doe")


def test_for_a_child_both_names_are_asked_shown_stored_and_listed_for_staff(
        chat: Conversation, db_url: str, capsys: pytest.CaptureFixture) -> None:
    steps = [("I'd like to book an appointment for my son", "What is your child's full name?"),
             ("Leo Doe", "your own full name?"), ("Sam Doe", "What phone number"), ("602 555 0134", "email"),
             ("skip", "When would suit you best?"), ("Any time", "Do you agree")]
    for text, next_question in steps:
        assert next_question in chat.say(text), text
    summary = chat.say("/affirm")
    assert "Your child's name: Leo Doe" in summary and "Your name (who our team asks for): Sam Doe" in summary
    match = REFERENCE.search(chat.say("/affirm"))
    assert match
    [stored] = [b for b in list_requests(db_url) if b.reference == match.group(1)]
    assert (stored.request.patient_name, stored.request.contact_name) == ("Leo Doe", "Sam Doe")
    assert bookings_main(["--database-url", db_url, "--format", "csv"]) == 0
    [row] = [line for line in capsys.readouterr().out.splitlines() if line.startswith(match.group(1))]
    assert ",Leo Doe,Sam Doe," in row


def test_each_question_tells_the_widget_what_it_expects(chat: Conversation) -> None:
    chat.say("book an appointment for me")
    messages = chat.send("Ann Lee")
    metadata = messages[-1]["metadata"]
    assert metadata["form"] == {"name": "booking_form", "step": "phone"}
    assert metadata["input"]["inputmode"] == "tel" and metadata["input"]["autocomplete"] == "tel"
    assert "metadata" not in chat.send("cancel")[-1]  # outside the form: plain text


def test_did_my_request_go_through_gives_the_reference(chat: Conversation) -> None:
    before = chat.say("did my request go through?").lower()
    assert "can't see an appointment request sent from this conversation" in before
    assert "no request" not in before and "no appointment request" not in before
    for text in ("I'd like to book an appointment for myself", "Ann Lee", "602 555 0134", "skip", "Any time",
                 "/affirm", "/affirm"):
        reply = chat.say(text)
    match = REFERENCE.search(reply)
    assert match
    for question in ("did my request go through?", "what's my reference?", "is my appointment request still sent?"):
        status = chat.say(question)
        assert f"Your reference is {match.group(1)}." in status and "went through" in status, question
    assert match.group(1) in chat.say("cancel my appointment")  # already sent: call to cancel it


def test_asked_during_a_new_request_it_says_that_one_is_not_sent_yet(chat: Conversation) -> None:
    chat.say("book an appointment for me")
    chat.say("Ann Lee")
    reply = chat.say("did my request go through?")
    assert "hasn't been sent yet" in reply
    assert reply.rstrip().endswith(asked("phone"))  # and the form goes on
