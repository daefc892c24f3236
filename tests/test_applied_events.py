"""Trackers that remember their applied events (addons/applied_events.py) give, call by call,
what Rasa's own `applied_events` gives: over random conversations with loops, reverts,
restarts and new sessions, asked after every event or every few events."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.events import (
    ActionExecuted,
    ActionExecutionRejected,
    ActionReverted,
    ActiveLoop,
    Event,
    Restarted,
    SessionStarted,
    SlotSet,
    UserUtteranceReverted,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker

import addons  # noqa: F401  (loading the add-ons installs the memo, as in the Rasa server)
from addons.applied_events import MEMO, RASA_APPLIED_EVENTS

LOOPS = ["booking_form", "other_form"]
ACTIONS = [ACTION_LISTEN_NAME, "action_answer_question", *LOOPS]

EVENTS = st.one_of(
    st.builds(lambda i: UserUttered(f"text {i}", {"name": "ask", "confidence": 1.0}), st.integers(0, 9)),
    st.builds(ActionExecuted, st.sampled_from(ACTIONS)),
    st.builds(ActiveLoop, st.sampled_from([*LOOPS, None])),
    st.builds(ActionExecutionRejected, st.sampled_from(LOOPS)),
    st.builds(SlotSet, st.just("topic"), st.sampled_from(["a", "b", None])),
    st.just(ActionReverted()),
    st.just(UserUtteranceReverted()),
    st.just(Restarted()),
    st.just(SessionStarted()),
)


def rasa_answer(tracker: DialogueStateTracker) -> list[Event]:
    """Rasa's own walk, on a tracker that has never remembered anything."""
    fresh = DialogueStateTracker("fresh", [])
    fresh.events.extend(tracker.events)
    return RASA_APPLIED_EVENTS(fresh)


def same_events(left: list[Event], right: list[Event]) -> bool:
    return len(left) == len(right) and all(a is b for a, b in zip(left, right, strict=True))


@settings(max_examples=300, deadline=None)
@given(st.lists(EVENTS, max_size=40), st.lists(st.integers(1, 4), min_size=1, max_size=40))
def test_the_remembered_applied_events_are_rasas(events: list[Event], steps: list[int]) -> None:
    tracker = DialogueStateTracker("visitor", [])
    position, calls = 0, 0
    for step in steps * (len(events) // len(steps) + 1):
        if position >= len(events):
            break
        for event in events[position:position + step]:
            tracker.update(event)
        position += step
        assert same_events(tracker.applied_events(), rasa_answer(tracker))
        calls += 1
    assert calls == 0 or MEMO in tracker.__dict__


def test_a_changed_list_does_not_change_the_next_answer() -> None:
    tracker = DialogueStateTracker("visitor", [])
    tracker.update(UserUttered("hello", {"name": "greet", "confidence": 1.0}))
    tracker.update(ActionExecuted("utter_greet"))
    tracker.applied_events().clear()
    assert same_events(tracker.applied_events(), rasa_answer(tracker))
    assert len(tracker.applied_events()) == 2


def test_a_tracker_that_is_not_the_remembered_one_is_worked_out_again() -> None:
    tracker = DialogueStateTracker("visitor", [])
    tracker.update(UserUttered("hello", {"name": "greet", "confidence": 1.0}))
    tracker.applied_events()
    tracker.events.clear()  # not something Rasa does; the memo must not trust it anyway
    tracker.events.append(ActionExecuted("utter_other"))
    assert same_events(tracker.applied_events(), rasa_answer(tracker))
