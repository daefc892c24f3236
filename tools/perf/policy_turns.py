"""`make policy-turns`: what one dialogue-policy prediction costs at turn 1–10 and at turn
71–80 of a conversation, for Rasa's RulePolicy and for ours (addons/rule_policy.py), both
loaded from the trained model and timed in the same run on the same conversations.

No servers: the policies are loaded from the model archive and driven in this process. A
conversation is made of the visitors' intents in turn (the questions about ALL, by default);
its next action is what Rasa's RulePolicy predicts, and the form and deactivation actions
change the active loop as they would when run. It prints the median time of a prediction by
turn and the ratio turn 71–80 / turn 1–10 of each policy: ratios, not milliseconds, are what
carry from one machine to another.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import rasa.utils.common
from rasa.core.policies.rule_policy import RulePolicy
from rasa.engine.graph import ExecutionContext
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.shared.core.constants import (
    ACTION_DEACTIVATE_LOOP_NAME,
    ACTION_LISTEN_NAME,
    ACTION_SESSION_START_NAME,
    REQUESTED_SLOT,
)
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    ActionExecutionRejected,
    ActiveLoop,
    BotUttered,
    Event,
    SessionStarted,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.log_utils import configure_structlog

from addons.rule_policy import RecentTurnsRulePolicy
from tools.common.paths import DEFAULT_MODEL

MAX_ACTIONS_A_TURN = 10  # as Rasa's processor: a rule loop would otherwise never end
LOOP_QUESTIONS = 3  # how many times a form asks before it is complete


@dataclass
class RulePolicies:
    """The trained model's rule policy, as Rasa's RulePolicy and as ours, from the same files."""

    domain: Domain
    rasa: RulePolicy
    ours: RecentTurnsRulePolicy


def load_rule_policies(model: Path, scratch: Path) -> RulePolicies:
    """Both policies from the rule policy the model was trained with (unpacked into `scratch`)."""
    storage, metadata = LocalModelStorage.from_model_archive(scratch, model)
    nodes = [node for node in metadata.predict_schema.nodes.values() if issubclass(node.uses, RulePolicy)]
    if len(nodes) != 1:
        raise ValueError(f"{model}: {len(nodes)} rule policies, expected 1")
    node = nodes[0]
    config = rasa.utils.common.override_defaults(node.uses.get_default_config(), node.config)
    context = ExecutionContext(metadata.predict_schema, metadata.model_id)
    return RulePolicies(
        metadata.domain,
        RulePolicy.load(dict(config), storage, node.resource, context),
        RecentTurnsRulePolicy.load(dict(config), storage, node.resource, context),
    )


def predicted_action(policy: RulePolicy, tracker: DialogueStateTracker, domain: Domain) -> str:
    prediction = policy.predict_action_probabilities(tracker, domain)
    return domain.action_names_or_texts[prediction.max_confidence_index]


def start(sender: str, domain: Domain) -> DialogueStateTracker:
    """A new conversation, as Rasa's processor starts a session."""
    tracker = DialogueStateTracker(sender, domain.slots)
    for event in (ActionExecuted(ACTION_SESSION_START_NAME), SessionStarted(), ActionExecuted(ACTION_LISTEN_NAME)):
        tracker.update(event)
    return tracker


def loop_runs(tracker: DialogueStateTracker, loop: str) -> int:
    """How often the active `loop` (a form) has run since it was activated."""
    runs = 0
    for event in reversed(tracker.events):
        if isinstance(event, ActiveLoop):
            break
        runs += isinstance(event, ActionExecuted) and event.action_name == loop
    return runs


def not_an_answer(domain: Domain, form: str) -> set[str]:
    """The intents none of the form's questions takes as an answer (their `not_intent`)."""
    slots = {slot.name: slot for slot in domain.slots}
    refused: set[str] | None = None
    for name in domain.required_slots_for_form(form):
        for mapping in slots[name].mappings:
            excluded = set(mapping.get("not_intent") or [])
            refused = excluded if refused is None else refused & excluded
    return refused or set()


def action_events(action: str, domain: Domain, tracker: DialogueStateTracker) -> list[Event]:
    """The events of running `action`, as far as the rule policy sees them: a form activates,
    asks twice more and completes, and rejects what is not an answer (so that the rules for a
    cancel or an emergency in the middle of it apply); the deactivation ends a form; the other
    actions say something."""
    intent = tracker.latest_message.intent.get("name") if tracker.latest_message else None
    if (action == tracker.active_loop_name and tracker.latest_action_name == ACTION_LISTEN_NAME
            and intent in not_an_answer(domain, action)):
        return [ActionExecutionRejected(action)]
    events: list[Event] = [ActionExecuted(action, policy="policy_0_RulePolicy", confidence=1.0)]
    if action in domain.form_names:
        if tracker.active_loop_name != action:
            events += [ActiveLoop(action), SlotSet(REQUESTED_SLOT, "asked")]
        elif loop_runs(tracker, action) >= LOOP_QUESTIONS:
            events += [ActiveLoop(None), SlotSet(REQUESTED_SLOT, None)]
    elif action == ACTION_DEACTIVATE_LOOP_NAME:
        events += [ActiveLoop(None), SlotSet(REQUESTED_SLOT, None)]
    elif action != ACTION_LISTEN_NAME:
        events.append(BotUttered(f"({action})"))
    return events


def conversation(intents: list[str], domain: Domain, reference: RulePolicy, sender: str = "policy-turns",
                 visit: Callable[[DialogueStateTracker, int], None] | None = None) -> DialogueStateTracker:
    """A conversation of these intents, one a turn, each followed by the actions `reference`
    predicts until it listens; `visit(tracker, turn)` is called before every prediction."""
    tracker = start(sender, domain)
    for turn, intent in enumerate(intents, start=1):
        tracker.update(UserUttered(f"/{intent}", intent={"name": intent, "confidence": 1.0}))
        for _ in range(MAX_ACTIONS_A_TURN):
            if visit:
                visit(tracker, turn)
            action = predicted_action(reference, tracker, domain)
            for event in action_events(action, domain, tracker):
                tracker.update(event)
            if action == ACTION_LISTEN_NAME:
                break
    return tracker


def question_intents(domain: Domain, turns: int, prefix: str = "ask_") -> list[str]:
    """`turns` intents whose names start with `prefix`, taken in turn."""
    names = sorted(name for name in domain.intents if name.startswith(prefix))
    if not names:
        raise ValueError(f"no intent of the domain starts with {prefix!r}")
    return [names[i % len(names)] for i in range(turns)]


def time_by_turn(policies: RulePolicies, intents: list[str], repeat: int) -> dict[str, dict[int, list[float]]]:
    """Seconds of each prediction of each policy, by turn (both timed on the same trackers,
    alternately, so that the machine's load hits them alike)."""
    timings: dict[str, dict[int, list[float]]] = {"RulePolicy": {}, "RecentTurnsRulePolicy": {}}

    def visit(tracker: DialogueStateTracker, turn: int) -> None:
        for _ in range(repeat):
            for name, policy in (("RulePolicy", policies.rasa), ("RecentTurnsRulePolicy", policies.ours)):
                began = time.perf_counter()
                policy.predict_action_probabilities(tracker, policies.domain)
                timings[name].setdefault(turn, []).append(time.perf_counter() - began)

    conversation(intents, policies.domain, policies.rasa, visit=visit)
    return timings


def median_ms(by_turn: dict[int, list[float]], turns: range) -> float:
    return statistics.median(t for turn in turns for t in by_turn.get(turn, [])) * 1000


def turns_label(turns: range) -> str:
    return f"turn {turns.start}–{turns.stop - 1}"


def report(timings: dict[str, dict[int, list[float]]], early: range, late: range) -> Iterator[str]:
    yield f"{'policy':<24}{turns_label(early):>14}{turns_label(late):>14}{'ratio':>9}"
    for name, by_turn in timings.items():
        first, last = median_ms(by_turn, early), median_ms(by_turn, late)
        yield f"{name:<24}{first:>11.3f} ms{last:>11.3f} ms{last / first:>8.2f}×"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", type=Path, default=DEFAULT_MODEL)
    parser.add_argument("--turns", type=int, default=80)
    parser.add_argument("--conversations", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=3, help="timings of each prediction per policy")
    parser.add_argument("--intents", default="ask_", help="the conversation's intents: those starting with this")
    args = parser.parse_args(argv)
    configure_structlog()  # as the Rasa server: at LOG_LEVEL (default INFO), no debug lines
    with tempfile.TemporaryDirectory(prefix="policy-turns-") as scratch:
        policies = load_rule_policies(args.model, Path(scratch))
    intents = question_intents(policies.domain, args.turns * args.conversations, args.intents)
    timings: dict[str, dict[int, list[float]]] = {}
    for number in range(args.conversations):
        chunk = intents[number * args.turns:(number + 1) * args.turns]
        for name, by_turn in time_by_turn(policies, chunk, args.repeat).items():
            for turn, seconds in by_turn.items():
                timings.setdefault(name, {}).setdefault(turn, []).extend(seconds)
    print(f"One prediction of the dialogue policy, median ({args.conversations} conversation(s) of "
          f"{args.turns} turns, every prediction timed {args.repeat}× per policy); window of "
          f"RecentTurnsRulePolicy: {policies.ours.window()} states")
    for line in report(timings, range(1, 11), range(max(1, args.turns - 9), args.turns + 1)):
        print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
