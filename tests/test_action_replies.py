"""The action server's replies are still checked against Rasa's schema (addons/action_replies.py):
through RemoteAction.run, as the Rasa server calls it, and exactly as jsonschema.validate
would check them."""

from __future__ import annotations

import asyncio
from typing import Any

import jsonschema
import pytest
from rasa.core.actions.action import RemoteAction
from rasa.core.channels.channel import CollectingOutputChannel
from rasa.core.nlg import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import SlotSet
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

import addons  # noqa: F401  (loading the add-ons installs the check, as in the Rasa server)
from addons.action_replies import check_action_reply

GOOD = {"events": [{"event": "slot", "name": "topic", "value": "symptoms"}],
        "responses": [{"text": "An answer.", "buttons": [{"title": "More", "payload": "/more"}]}]}
MALFORMED = [
    {"events": {"event": "slot"}},                                   # events not a list
    {"events": [{"event": "no_such_event"}]},                         # an event Rasa doesn't know
    {"events": [{"event": "slot", "value": 1}]},                      # a slot event without a name
    {"events": [{"name": "topic"}]},                                  # an event without a type
    {"responses": {"text": "not a list"}},                            # responses not a list
    {"responses": ["a bare string"]},                                 # a response that's not an object
]


def run_remote_action(reply: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """RemoteAction.run against an action server that answers `reply`."""
    async def answer(self: EndpointConfig, **kwargs: Any) -> dict[str, Any]:
        return reply

    monkeypatch.setattr(EndpointConfig, "request", answer)
    domain = Domain.from_dict({"actions": ["action_answer"], "slots": {
        "topic": {"type": "any", "mappings": [{"type": "custom"}]}}})
    action = RemoteAction("action_answer", EndpointConfig("http://actions.invalid/webhook"))
    tracker = DialogueStateTracker.from_events("visitor", [], domain.slots)
    return asyncio.run(action.run(CollectingOutputChannel(), TemplatedNaturalLanguageGenerator(domain.responses),
                                  tracker, domain))


def test_the_rasa_server_uses_the_validator_built_once() -> None:
    assert RemoteAction._validate_action_result.__module__ == "addons.action_replies"


def test_a_well_formed_reply_is_run(monkeypatch: pytest.MonkeyPatch) -> None:
    events = run_remote_action(GOOD, monkeypatch)
    assert SlotSet("topic", "symptoms") in events


@pytest.mark.parametrize("reply", MALFORMED)
def test_a_malformed_reply_is_rejected_before_rasa_uses_it(reply: dict[str, Any],
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(jsonschema.ValidationError, match="Failed to validate Action server response"):
        run_remote_action(reply, monkeypatch)


@pytest.mark.parametrize("reply", [GOOD, {}, *MALFORMED])
def test_it_decides_and_explains_as_jsonschema_validate_does(reply: dict[str, Any]) -> None:
    schema = RemoteAction.action_response_format_spec()
    try:
        jsonschema.validate(reply, schema)
        expected = None
    except jsonschema.ValidationError as error:
        expected = error.message
    try:
        assert check_action_reply(reply)
        got = None
    except jsonschema.ValidationError as error:
        got = error.message.split(". Failed to validate")[0]
    assert got == expected
