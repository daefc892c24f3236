"""Privacy requests understood in the visitor's own words: "forget me" however it is put, a
question about what is kept, and "forget it" inside the booking form (which cancels the form,
not the conversation). Replies only: test_privacy.py checks what is stored."""

from __future__ import annotations

import pytest

from core.content import load_content
from tests.support.booking_flow import STEPS
from tests.support.domain_text import said
from tests.support.wording import said as said_by_action
from tools.common.http_client import Conversation

pytestmark = pytest.mark.conversation

# Worded differently from every training example in data/nlu/privacy.yml.
FORGET_PHRASINGS = [
    "please erase this whole conversation",
    "can you remove everything i've written here",
    "i want you to delete what i told you",
    "wipe out my messages",
    "clear everything i've said so far",
    "I'd like all my data removed please",
]


@pytest.mark.parametrize("text", FORGET_PHRASINGS)
def test_forget_me_is_understood_in_other_words(chat: Conversation, text: str) -> None:
    assert chat.say(text) == said("utter_confirm_forgetting")


@pytest.mark.parametrize("text", ["is my data safe?", "how long do you keep what I write here",
                                  "who can read this conversation"])
def test_a_question_about_privacy_gets_what_is_kept_and_how_to_delete_it(chat: Conversation, text: str) -> None:
    messages = chat.send(text)
    reply = "\n".join(m.get("text") or "" for m in messages)
    privacy = load_content().site.privacy
    assert f"{privacy.session_idle_minutes} minutes" in reply and privacy.widget["delete_button"] in reply
    assert load_content().title_for("forget_me") in [b["title"] for m in messages for b in m.get("buttons") or []]


def test_forget_it_during_a_booking_still_cancels_it(chat: Conversation) -> None:
    chat.say(STEPS[0][0])
    reply = chat.say("forget it")
    assert said_by_action(load_content().conversation.booking.cancelled, reply)
    assert said("utter_confirm_forgetting") not in reply
