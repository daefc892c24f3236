"""content/conversation.yml, what the actions say: a missing or unknown key, an unknown
placeholder or a lost reference code is a content error (one plain line each) when the content
loads, never a failure in the middle of a conversation."""

from __future__ import annotations

import copy

import pytest
import yaml

from core.checking import ContentError
from core.content import load_content, load_site
from core.conversation import SITE, Conversation, parse_conversation
from core.paths import CONVERSATION_FILE
from tests.support.wording import templates

NUMBERS = load_content().site.numbers


@pytest.fixture
def raw() -> dict:
    return copy.deepcopy(yaml.safe_load(CONVERSATION_FILE.read_text(encoding="utf-8")))


def problems(raw: dict) -> list[str]:
    with pytest.raises(ContentError) as error:
        parse_conversation(raw, NUMBERS)
    return str(error.value).splitlines()


def test_a_missing_key_is_one_plain_line(raw: dict) -> None:
    del raw["booking"]["cancelled"]
    assert problems(raw) == ["conversation.yml: booking: missing 'cancelled'"]


def test_a_missing_section_is_reported_once_not_once_per_sentence(raw: dict) -> None:
    del raw["people"]
    assert problems(raw) == ["conversation.yml: top level: missing 'people'"]


def test_an_unknown_key_is_one_plain_line(raw: dict) -> None:
    raw["people"]["nurse"] = "Ask for a nurse."
    assert problems(raw) == ["conversation.yml: people: unknown key 'nurse'"]


def test_an_unknown_placeholder_says_which_are_allowed(raw: dict) -> None:
    raw["booking"]["cancelled"] = "Cancelled. Call {phone_number}."
    [line] = problems(raw)
    assert line.startswith("conversation.yml: booking.cancelled: unknown placeholder {phone_number} (allowed here: ")
    assert "{appointment_line}" in line and "{hospital}" in line


def test_a_placeholder_of_another_sentence_is_unknown_here(raw: dict) -> None:
    raw["people"]["person"] = "Your reference is {reference}."
    assert problems(raw)[0].startswith("conversation.yml: people.person: unknown placeholder {reference}")


def test_the_reference_code_cannot_be_dropped_from_the_confirmation(raw: dict) -> None:
    raw["booking"]["sent"] = "Thank you, it has been sent."
    assert problems(raw) == ["conversation.yml: booking.sent: must contain {reference}"]


@pytest.mark.parametrize("text", ["Call {hospital now.", "Call hospital} now.", ""])
def test_unpaired_braces_and_empty_text_are_refused(raw: dict, text: str) -> None:
    raw["fallback"]["not_sure"] = text
    [line] = problems(raw)
    assert line.startswith("conversation.yml: fallback.not_sure: ")


def test_every_problem_of_the_file_is_listed_together(raw: dict) -> None:
    del raw["booking"]["cancelled"]
    raw["safety"]["no_diagnosis"] = "{diagnosis}"
    raw["booking_status"]["ago"]["weeks"] = "{count} weeks ago"
    assert len(problems(raw)) == 3


def test_the_site_numbers_are_filled_in_when_the_content_loads(raw: dict) -> None:
    raw["fallback"]["not_sure"] = "Sorry. In an emergency, call {emergency}."
    said = parse_conversation(raw, NUMBERS).fallback.not_sure.fill()
    assert said == f"Sorry. In an emergency, call {NUMBERS['emergency']}."


def test_every_sentence_of_the_content_can_be_said() -> None:
    site = load_site()
    sentences = templates(load_content().conversation)
    assert len(sentences) > 100
    for template in sentences:
        said = site.say(template, **{name: f"<{name}>" for name in template.allowed - set(SITE)})
        assert said and "{" not in said and "}" not in said, template.text


def test_a_sentence_said_without_its_placeholders_is_a_programming_error() -> None:
    with pytest.raises(TypeError, match="reference"):
        load_content().conversation.booking.sent.fill(hospital="x", appointment_line="y", page_promise="")


def test_the_wording_is_typed_once() -> None:
    """No sentence of conversation.yml is repeated under another key: one home each."""
    conversation: Conversation = load_content().conversation
    texts = [t.text for t in templates(conversation)]
    repeated = {t for t in texts if texts.count(t) > 1}
    # The same word in two roles (a summary label and a button title) is not a sentence typed twice.
    assert not {t for t in repeated if len(t.split()) > 3}, repeated


def test_a_sentence_is_found_in_a_reply_whatever_fills_it() -> None:
    site = load_site()
    words = load_content().conversation
    for promise in ("", "As our page says: soon."):
        reply = f"Hello.\n{site.say(words.booking.sent, reference='ABC234', page_promise=promise)}"
        found = words.booking.sent.pattern().search(reply)
        assert found and found.group("reference") == "ABC234"
    twice = site.say(words.booking_status.cancel_after_sent, reference="XYZ789")
    assert words.booking_status.cancel_after_sent.pattern().search(twice)
    assert not words.booking_status.cancel_after_sent.pattern().search(twice.replace("XYZ789", "ABC234", 1))
    assert not words.booking.cancelled.pattern().search(twice)
