"""The actions that read earlier events of the conversation see the same in the condensed
request the Rasa server sends (addons/action_requests.py) as in Rasa's full one: on a
conversation held with the trained model, at every custom action it ran, through the readers
listed in READERS (symptoms named turns earlier, answers and the 👍/👎 question, an appointment
request interrupted, cancelled and started again)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from rasa.core.actions.action import RemoteAction
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

import addons  # noqa: F401  (loading the add-ons installs the condensed request, as in the Rasa server)
from actions.booking import earlier_messages
from actions.feedback import answered_question, ask_for_feedback, feedback_due
from actions.safety import symptoms_in_session
from addons.action_requests import RASA_CALL_FORMAT, READERS
from addons.tracker_crypto import KEY_ENV
from core.content import load_content
from tests.support.booking_flow import STEPS
from tests.support.tracker_stores import retrieve_with_key
from tools.common.http_client import Conversation
from tools.common.paths import PROJECT_DIR
from tools.common.project_data import Project, examples_by_intent
from tools.perf.measure import messages_for
from tools.servers import Assistant

pytestmark = pytest.mark.conversation


def _feedback_asked(tracker: Tracker) -> list[dict[str, Any]]:
    dispatcher = CollectingDispatcher()
    ask_for_feedback(dispatcher, tracker.events)
    return dispatcher.messages


READ: dict[str, Callable[[Tracker], object]] = {
    "actions.booking.earlier_messages": earlier_messages,
    "actions.safety.symptoms_in_session": lambda t: symptoms_in_session(t, load_content().vocabulary),
    "actions.feedback.feedback_due": lambda t: feedback_due(t.events),
    "actions.feedback.ask_for_feedback": _feedback_asked,
    "actions.feedback.answered_question": lambda t: answered_question(t.events),
}


def hold_conversation(chat: Conversation) -> None:
    examples = examples_by_intent(Project())
    questions = iter(messages_for(Project(), 40, "ask_"))
    symptoms = [t.canonical.lower() for t in load_content().vocabulary.terms if t.kind == "symptom"][:3]
    chat.say(f"my son has {symptoms[0]} and {symptoms[1]}")
    for _ in range(8):
        chat.say(next(questions))
    chat.say(f"now {symptoms[2]} too, could it be leukemia?")
    chat.say(examples["request_diagnosis"][0].text)
    for text, _ in STEPS[:3]:
        chat.say(text)
    chat.say(next(questions))
    chat.say(examples["cancel_booking"][0].text)
    for _ in range(8):
        chat.say(next(questions))
    chat.say(STEPS[0][0])
    chat.say(STEPS[1][0])


def requests_sent(tracker: DialogueStateTracker, domain: Domain) -> list[tuple[str, dict, dict]]:
    """(action, Rasa's request, ours) at every custom action of the stored conversation."""
    events, found = list(tracker.events), []
    for index, event in enumerate(events):
        if isinstance(event, ActionExecuted) and event.action_name in domain.user_actions:
            prefix = DialogueStateTracker.from_events(tracker.sender_id, events[:index], slots=domain.slots)
            action = RemoteAction(str(event.action_name), EndpointConfig("http://127.0.0.1:1/webhook"))
            found.append((str(event.action_name), RASA_CALL_FORMAT(action, prefix, domain),
                          action._action_call_format(prefix, domain)))
    return found


def test_the_readers_of_earlier_events_see_the_same_in_the_condensed_request(assistant: Assistant) -> None:
    assert set(READ) == set(READERS), "every reader of earlier events is checked here"
    chat = Conversation(assistant.ports.rasa_url, timeout=120)
    hold_conversation(chat)
    tracker = retrieve_with_key(f"sqlite:///{assistant.extra_env['TRACKER_DB']}",
                                assistant.extra_env[KEY_ENV], chat.sender)
    sent = requests_sent(tracker, Domain.load(PROJECT_DIR / "domain"))
    assert len(sent) > 20, [name for name, _, _ in sent]
    smaller = 0
    for name, full, condensed in sent:
        theirs, ours = Tracker.from_dict(full["tracker"]), Tracker.from_dict(condensed["tracker"])
        for reader, read in READ.items():
            assert read(ours) == read(theirs), (name, reader)
        smaller += len(str(condensed)) < len(str(full))
    assert smaller > len(sent) // 2
    seen = {name: any(READ[name](Tracker.from_dict(full["tracker"])) for _, full, _ in sent)
            for name in ("actions.booking.earlier_messages", "actions.safety.symptoms_in_session",
                         "actions.feedback.answered_question")}
    assert all(seen.values()), f"the conversation never gave these readers anything to read: {seen}"
