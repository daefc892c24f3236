"""Faults: the visitor hears an apology and the appointment line, never silence; answers resume."""

from __future__ import annotations

import pytest

from tools.client import Conversation
from tools.servers import Assistant

pytestmark = pytest.mark.conversation

APPOINTMENT_PHONE = "(602) 555-0134"  # tests/conftest.py's fictional number


def test_action_server_down_gives_an_apology_with_the_phone_and_answers_resume(assistant: Assistant) -> None:
    chat = Conversation(assistant.ports.rasa_url)
    assert "blood cancer" in chat.say("what is acute lymphoblastic leukemia?")

    action_server = assistant.services[0]
    assert action_server.name == "action server"
    action_server.stop()
    try:
        while_down = chat.say("what are the symptoms of ALL?")
        assert "technical problem" in while_down
        assert APPOINTMENT_PHONE in while_down
        assert "Fever" not in while_down
        # Replies that need no custom action still work while it is down.
        assert "automated assistant" in chat.say("am i talking to a real person?")
    finally:
        restarted = assistant.action_server()
        assistant.services[0] = restarted  # the fixture's teardown stops the new one
        restarted.start()
        restarted.wait_ready()

    assert "Fever" in chat.say("what are the symptoms of ALL?")
    assert "71.3 percent" in chat.say("what is the survival rate?")
