"""Our rule policy (addons/rule_policy.py, the one config.yml trains) predicts what Rasa's
RulePolicy predicts, on conversations held with the trained model through the Rasa server and
the action server: the paths of tests/test_stories.yml (each on its own, then all in one
conversation) and a conversation of over 100 turns with page questions, small talk, an
unclear message, two appointment requests (one with an emergency and a question in the
middle, then cancelled; one sent) and a "forget me".

Every tracker the server predicted on is a prefix of the stored conversation: at each action,
the conversation up to it goes to both policies, loaded from the same model, and the
predictions must be equal (PolicyPrediction's equality: every probability, the events such as
LoopInterrupted, hide_rule_turn, the end-to-end and no-user flags, the policy's name).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from rasa.shared.core.events import ActionExecuted
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.training_data.entities_parser import replace_entities
from rasa.utils.log_utils import configure_structlog

from addons.tracker_crypto import KEY_ENV
from tests.support.booking_flow import REFERENCE, SEND, STEPS
from tests.support.tracker_stores import retrieve_with_key
from tools.common.http_client import Conversation
from tools.common.paths import DEFAULT_MODEL, PROJECT_DIR
from tools.common.project_data import Project, examples_by_intent
from tools.perf.measure import messages_for
from tools.perf.policy_turns import RulePolicies, load_rule_policies
from tools.servers import Assistant
from tools.trainer.confidence_report import load_probes

pytestmark = pytest.mark.conversation

STORIES = PROJECT_DIR / "tests" / "test_stories.yml"
# Two page questions at once: the two-stage fallback.
UNCLEAR = next(p["text"] for p in load_probes() if p["kind"] == "two_questions")


@pytest.fixture(scope="module")
def policies(tmp_path_factory: pytest.TempPathFactory) -> RulePolicies:
    assert DEFAULT_MODEL.exists(), "no trained model: run `make model`"
    configure_structlog(logging.INFO)  # as the Rasa server logs: no debug lines
    return load_rule_policies(DEFAULT_MODEL, Path(tmp_path_factory.mktemp("model")))


def stored(assistant: Assistant, sender: str) -> DialogueStateTracker:
    """The conversation as the Rasa server reads it from the tracker store (decrypted)."""
    return retrieve_with_key(f"sqlite:///{assistant.extra_env['TRACKER_DB']}", assistant.extra_env[KEY_ENV], sender)

def compare(policies: RulePolicies, tracker: DialogueStateTracker) -> Iterator[tuple[int, str, bool]]:
    """(number of states, the action taken, same prediction?) before every action but the first."""
    domain, events = policies.domain, list(tracker.events)
    for index, event in enumerate(events):
        if index == 0 or not isinstance(event, ActionExecuted):
            continue
        prefix = DialogueStateTracker.from_events(tracker.sender_id, events[:index], slots=domain.slots)
        theirs = policies.rasa.predict_action_probabilities(prefix, domain)
        ours = policies.ours.predict_action_probabilities(prefix, domain)
        yield len(prefix.past_states(domain)), str(event.action_name), theirs == ours


def assert_same(policies: RulePolicies, tracker: DialogueStateTracker) -> list[tuple[int, str, bool]]:
    results = list(compare(policies, tracker))
    different = [(states, action) for states, action, same in results if not same]
    assert results, f"no action in {tracker.sender_id}'s conversation"
    assert not different, f"{len(different)} of {len(results)} predictions differ (states, action taken): " \
                          f"{different[:10]}"
    return results


def story_messages() -> list[list[str]]:
    """The visitor's messages of each story of tests/test_stories.yml, as typed (no markup)."""
    stories = yaml.safe_load(STORIES.read_text(encoding="utf-8"))["stories"]
    return [[replace_entities(step["user"].strip()) for step in story["steps"] if "user" in step]
            for story in stories]


def test_the_test_stories_are_predicted_as_by_rasa(assistant: Assistant, policies: RulePolicies) -> None:
    stories = story_messages()
    assert stories, f"{STORIES} holds no stories"
    together = Conversation(assistant.ports.rasa_url)
    for messages in stories:
        alone = Conversation(assistant.ports.rasa_url)
        for text in messages:
            assert alone.say(text) and together.say(text)
        assert_same(policies, stored(assistant, alone.sender))
    results = assert_same(policies, stored(assistant, together.sender))
    assert max(states for states, _, _ in results) > policies.ours.window()


def example(intent: str) -> str:
    return examples_by_intent(Project())[intent][0].text


def book(chat: Conversation) -> str:
    """Answer each question of the booking form (tests/support/booking_flow.py) until it is sent."""
    reply = chat.say(STEPS[0][0])
    for _ in range(2 * len(STEPS)):
        asked = [number for number, (_, question) in enumerate(STEPS) if question in reply]
        if not asked:
            return reply
        number = asked[-1]
        reply = chat.say(SEND if number == len(STEPS) - 1 else STEPS[number + 1][0])
    return reply


def test_a_long_conversation_is_predicted_as_by_rasa(assistant: Assistant, policies: RulePolicies) -> None:
    chat = Conversation(assistant.ports.rasa_url, timeout=120)
    questions = iter(messages_for(Project(), 90, "ask_"))
    small_talk = [example(intent) for intent in ("greet", "thanks", "request_human", "request_diagnosis",
                                                 "feedback", "out_of_scope", "deny")]
    for _ in range(40):
        chat.say(next(questions))
    for text in small_talk:
        chat.say(text)
    chat.say(UNCLEAR)
    chat.say(next(questions))
    # A request interrupted by an emergency and a question, then cancelled.
    for text, _ in STEPS[:3]:
        chat.say(text)
    chat.say(example("report_emergency"))
    chat.say(next(questions))
    chat.say(example("cancel_booking"))
    for _ in range(30):
        chat.say(next(questions))
    # A request sent (the form may remember who it was for from the cancelled one).
    assert REFERENCE.search(book(chat))
    for _ in range(10):
        chat.say(next(questions))
    chat.say(example("forget_me"))
    before_forgetting = stored(assistant, chat.sender)
    results = assert_same(policies, before_forgetting)
    assert len(results) > 2 * 80 and max(states for states, _, _ in results) > 2 * 80
    taken = {action for _, action, _ in results}
    for action in ("booking_form", "action_submit_booking", "action_deactivate_loop", "action_cancel_booking",
                   "utter_emergency", "action_two_stage_fallback", "action_confirm_forgetting"):
        assert action in taken, (action, sorted(taken))
    # Forgotten: what follows is a conversation of its own.
    chat.say("/affirm")
    for _ in range(3):
        chat.say(next(questions))
    assert_same(policies, stored(assistant, chat.sender))
