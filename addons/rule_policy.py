"""Rasa's RulePolicy, building only the states its rules can reach, so that a prediction no
longer costs more with every turn of the conversation (but for replaying its events: cheap).

Rasa 3.6's RulePolicy works out the state of EVERY past turn of the conversation for each of
its two or three predictions a turn (`_prediction_states` → `Domain.get_active_state` at every
action so far), then matches its rules against them. But a rule of L states only ever looks at
the last L states: `RulePolicy._is_rule_applicable` answers True for any turn further back
than the rule is long. So this policy works out the states of the last `window` turns only,
where `window` is one more than the longest rule (or other key the policy compares states
with) it learned. The slots and the active loop at those turns still come from applying every
event of the conversation in order, as Rasa does (cheap); only the state-building is skipped
for the turns no rule can reach. Training is Rasa's own, unchanged.

Every prediction is the one RulePolicy makes, and reported under RulePolicy's name (Rasa and
`rasa test` tell rule predictions by that name). tests/conversations/test_recent_turns_policy.py
and test_policy_equivalence.py compare the two prediction by prediction; `make policy-turns`
times one prediction of each at turn 1-10 and 71-80.
"""

from __future__ import annotations

import json
import logging
import warnings
from typing import Any

from rasa.core.featurizers.tracker_featurizers import MaxHistoryTrackerFeaturizer
from rasa.core.policies.policy import PolicyPrediction
from rasa.core.policies.rule_policy import RULES, RULES_FOR_LOOP_UNHAPPY_PATH, RULES_NOT_IN_STORIES, RulePolicy
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.shared.core.constants import RULE_SNIPPET_ACTION_NAME, USER
from rasa.shared.core.domain import Domain, State
from rasa.shared.core.events import ActionExecuted
from rasa.shared.core.generator import TrackerWithCachedStates
from rasa.shared.core.trackers import DialogueStateTracker

# Rasa's recipe validator looks for RulePolicy by exact class, so it would warn that default
# intents such as /restart have no rule policy: this one handles them exactly as RulePolicy.
warnings.filterwarnings("ignore", message="'RulePolicy' is not included in the model's policy configuration")

rule_policy_logger = logging.getLogger("rasa.core.policies.rule_policy")


def longest_key(keys: Any) -> int:
    """How many states the longest of these lookup keys holds (keys that are JSON lists of
    states; the others, such as the default-action sources, hold none)."""
    longest = 0
    for key in keys:
        if isinstance(key, str) and key.startswith("["):
            longest = max(longest, len(json.loads(key)))
    return longest


def recent_states(tracker: DialogueStateTracker, domain: Domain, window: int) -> list[State] | None:
    """The last `window` of the states `tracker.past_states(domain)` returns, or None when
    the conversation has no more states than that (or holds a rule snippet: never at run
    time), where the caller works them all out as Rasa does.

    The same walk as `Domain.states_for_tracker_history` over
    `DialogueStateTracker.generate_all_prior_trackers`: a state before every action and one
    at the end; every event is applied, the states of older turns are just not built."""
    events = tracker.applied_events()
    actions = [index for index, event in enumerate(events) if isinstance(event, ActionExecuted)]
    if len(actions) + 1 <= window or any(events[i].action_name == RULE_SNIPPET_ACTION_NAME for i in actions):
        return None
    # The first state of the window is the one before this event (the end, for a window of one).
    first = actions[len(actions) + 1 - window] if window > 1 else len(events)
    replay = tracker.init_copy()
    for event in events[:first]:
        replay.update(event)
    states: list[State] = []
    for event in events[first:]:
        if isinstance(event, ActionExecuted):
            states.append(domain._clean_state(domain.get_active_state(replay)))
        replay.update(event)
    states.append(domain._clean_state(domain.get_active_state(replay)))
    return states


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=True)
class RecentTurnsRulePolicy(RulePolicy):
    """RulePolicy that builds the states of the turns its rules can reach, not of all turns."""

    _window: int | None = None  # worked out from the lookup at the first prediction
    # A prediction looks at the states twice (for the user's text, then the intent): the
    # states of the tracker being predicted, worked out once a prediction. Keyed by the tracker
    # and its length, and dropped when the prediction ends (Rasa predicts in one thread: its
    # graph runs on dask's synchronous scheduler).
    _recent: tuple[int, int, list[State] | None] | None = None

    def train(self, training_trackers: list[TrackerWithCachedStates], domain: Domain, **kwargs: Any) -> Resource:
        # The recipe validator checks this for RulePolicy itself only.
        self.raise_if_incompatible_with_domain(self.config, domain)
        self._window = None  # the lookup is about to change
        return super().train(training_trackers, domain, **kwargs)

    def window(self) -> int:
        """How many of the last states a prediction needs: one more than the longest key that
        states are compared with, so that a key built from the window (the prediction's
        source when no rule applies) can never equal a learned one either, as the key of a
        whole long conversation can't."""
        if self._window is None:
            lookups = (self.lookup.get(RULES, {}), self.lookup.get(RULES_FOR_LOOP_UNHAPPY_PATH, {}),
                       self.lookup.get(RULES_NOT_IN_STORIES, []))
            self._window = max(longest_key(keys) for keys in lookups) + 1
        return self._window

    def _prediction_states(self, tracker: DialogueStateTracker, domain: Domain,
                           use_text_for_last_user_input: bool = False,
                           rule_only_data: dict[str, Any] | None = None) -> list[State]:
        featurizer = self.featurizer
        states = None
        # Training's trackers (TrackerWithCachedStates) get Rasa's own states, so training
        # and its contradiction checks are RulePolicy's, unchanged.
        if (isinstance(featurizer, MaxHistoryTrackerFeaturizer) and featurizer.max_history is None
                and not isinstance(tracker, TrackerWithCachedStates)):
            key = (id(tracker), len(tracker.events))
            if self._recent is None or self._recent[:2] != key:
                self._recent = (*key, recent_states(tracker, domain, self.window()))
            if self._recent[2] is not None:
                # The featurizer edits only the user sub-states (drops the text or intent).
                states = [{**state, USER: dict(state[USER])} if USER in state else dict(state)
                          for state in self._recent[2]]
        if states is None:
            return super()._prediction_states(tracker, domain, use_text_for_last_user_input, rule_only_data)
        # What MaxHistoryTrackerFeaturizer.prediction_states does after building the states
        # (RulePolicy ignores no rule-only turns, and slices nothing with max_history None).
        featurizer._choose_last_user_input([states], use_text_for_last_user_input)
        return states

    def _predict(self, tracker: DialogueStateTracker, domain: Domain) -> tuple[PolicyPrediction, str | None]:
        self._recent = None
        try:
            return super()._predict(tracker, domain)
        finally:
            self._recent = None

    def format_tracker_states(self, states: list[dict]) -> str:  # type: ignore[override]
        # RulePolicy formats (and deep-copies) the states for a debug log on every prediction.
        if not rule_policy_logger.isEnabledFor(logging.DEBUG):
            return ""
        return RulePolicy.format_tracker_states(states)

    def _rule_prediction(self, probabilities: list[float], prediction_source: str,
                         returning_from_unhappy_path: bool = False, is_end_to_end_prediction: bool = False,
                         is_no_user_prediction: bool = False) -> PolicyPrediction:
        prediction = super()._rule_prediction(probabilities, prediction_source, returning_from_unhappy_path,
                                              is_end_to_end_prediction, is_no_user_prediction)
        prediction.policy_name = RulePolicy.__name__
        return prediction
