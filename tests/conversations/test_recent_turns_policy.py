"""Our rule policy (addons/rule_policy.py) predicts what Rasa's RulePolicy predicts, both loaded
from the trained model: at every prediction of long conversations driven through the model's
rules in this process (every intent of the domain, so the booking form, its cancel, an
emergency in the middle of it and "forget me" too). test_policy_equivalence.py compares them
on conversations through the real servers."""

from __future__ import annotations

import copy
import itertools
import logging
import random
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from rasa.core.policies.rule_policy import DEFAULT_ACTION_MAPPINGS, RulePolicy
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.log_utils import configure_structlog

from addons.rule_policy import longest_key, recent_states
from tools.common.paths import DEFAULT_MODEL
from tools.perf.policy_turns import RulePolicies, conversation, load_rule_policies, predicted_action, start

pytestmark = pytest.mark.conversation  # the trained model's rules (no servers: the policies in this process)

TURNS = 150


@pytest.fixture(scope="module")
def policies(tmp_path_factory: pytest.TempPathFactory) -> RulePolicies:
    configure_structlog(logging.INFO)  # as the Rasa server logs: no debug lines
    assert DEFAULT_MODEL.exists(), "no trained model: run `make model`"
    return load_rule_policies(DEFAULT_MODEL, Path(tmp_path_factory.mktemp("model")))


def mixed_intents(policies: RulePolicies, seed: int) -> list[str]:
    """Every intent of the domain in a shuffled order, again and again; after a request for an
    appointment, answers, an emergency and then in turn a cancel, a "forget me", a question or
    one more answer (tools/perf/policy_turns.py: the form asks three times, then is complete);
    after a "forget me", in turn a no and a yes."""
    # Not Rasa's own /restart, /back and /session_start: their actions come before any rule
    # (the same code in both policies), and what follows them is the processor's business;
    # nor nlu_fallback, whose two-stage fallback answers with events this driver doesn't make
    # (the conversations through the servers have it).
    intents = sorted(set(policies.domain.intents) - set(DEFAULT_ACTION_MAPPINGS) - {"nlu_fallback"})
    order = random.Random(seed)
    in_form = itertools.cycle(["cancel_booking", "forget_me", "ask_symptoms", "inform_booking"])
    yes_or_no = itertools.cycle(["deny", "affirm"])
    turns: list[str] = []
    while len(turns) < TURNS:
        order.shuffle(intents)
        for intent in intents:
            turns.append(intent)
            if intent == "request_appointment":
                turns += ["inform_booking", "report_emergency", next(in_form)]
            if turns[-1] == "forget_me":
                turns.append(next(yes_or_no))
            if intent == "request_appointment":
                turns.append("inform_booking")
    return turns[:TURNS]


def compared(policies: RulePolicies, intents: list[str], ours: RulePolicy) -> Iterator[tuple[int, str, bool]]:
    """(number of states, Rasa's action, same prediction?) at every prediction of a conversation
    whose next actions are Rasa's."""
    seen: list[tuple[int, str, bool]] = []

    def visit(tracker: DialogueStateTracker, turn: int) -> None:
        theirs = policies.rasa.predict_action_probabilities(tracker, policies.domain)
        mine = ours.predict_action_probabilities(tracker, policies.domain)
        action = policies.domain.action_names_or_texts[theirs.max_confidence_index]
        seen.append((len(tracker.past_states(policies.domain)), action, theirs == mine))

    conversation(intents, policies.domain, policies.rasa, visit=visit)
    return iter(seen)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_every_prediction_of_a_long_conversation_is_rasas(policies: RulePolicies, seed: int) -> None:
    results = list(compared(policies, mixed_intents(policies, seed), policies.ours))
    different = [(states, action) for states, action, same in results if not same]
    assert not different, f"{len(different)} of {len(results)} predictions differ (states, Rasa's action): " \
                          f"{different[:10]}"
    # The comparison covered what it is meant to: long histories beyond the window, the form.
    window = policies.ours.window()
    assert sum(states > window for states, _, _ in results) > TURNS
    actions = Counter(action for _, action, _ in results)
    for action in ("booking_form", "action_submit_booking", "action_deactivate_loop", "utter_emergency",
                   "action_confirm_forgetting", "action_forget_conversation", "action_booking_status"):
        assert actions[action], (action, actions)
    assert actions["action_listen"] >= 0.9 * TURNS, actions  # the turns end as a visitor's do


def test_the_window_is_one_longer_than_the_longest_rule(policies: RulePolicies) -> None:
    lookup = policies.rasa.lookup
    assert policies.ours.window() == 1 + max(longest_key(lookup[key]) for key in lookup if isinstance(lookup[key], dict)
                                             or key == "rules_not_in_stories")
    assert policies.ours.window() >= 3  # the booking form's rules span several actions


def test_a_window_too_short_for_the_rules_is_caught(policies: RulePolicies) -> None:
    """The comparison above can fail: with the last state only, a yes is taken for a yes to
    "delete this conversation?" wherever it comes, and predictions change."""
    short = copy.copy(policies.ours)
    short._window = 1
    results = list(compared(policies, mixed_intents(policies, 1), short))
    assert any(not same for _, _, same in results)


def test_recent_states_are_the_last_of_rasas_states(policies: RulePolicies) -> None:
    domain = policies.domain
    tracker = conversation(mixed_intents(policies, 4)[:40], domain, policies.rasa)
    everything = tracker.past_states(domain)
    for window in (2, 5, 11):
        assert recent_states(tracker, domain, window) == everything[-window:]
    assert recent_states(tracker, domain, len(everything)) is None  # short: Rasa's own code builds them


def test_a_new_conversation_is_predicted_as_by_rasa(policies: RulePolicies) -> None:
    tracker = start("new", policies.domain)
    assert predicted_action(policies.ours, tracker, policies.domain) == predicted_action(
        policies.rasa, tracker, policies.domain)
    assert policies.ours.predict_action_probabilities(tracker, policies.domain) == \
        policies.rasa.predict_action_probabilities(tracker, policies.domain)
