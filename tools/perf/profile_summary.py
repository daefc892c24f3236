"""A sampling profile (py-spy's collapsed stacks) summarised by the Rasa server's components.

Each sample is one stack, root first: `frame;frame;...;frame count`, a frame being
`function (path/file.py:line)`. A sample is given to the first component below that any of
its frames belongs to (the list runs from the most specific to the least, so a tracker store
write counts as the tracker store, not as the REST channel that led to it): the "own share"
column adds up to 100 %. "Anywhere in the stack" counts every sample a component appears in
at all, so those overlap (event serialisation runs inside the tracker store and inside the
call to the action server).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from tools.common.reports import markdown_table


@dataclass(frozen=True)
class Component:
    name: str
    patterns: tuple[str, ...]  # substrings of a frame ("function (path:line)")

    def matches(self, frame: str) -> bool:
        return any(p in frame for p in self.patterns)


COMPONENTS = (
    Component("checking action replies (jsonschema)", ("jsonschema/", "_validate_action_result")),
    Component("tracker store (SQL)", ("tracker_store.py", "sqlalchemy/", "sqlite3", "psycopg2")),
    Component("lock store", ("lock_store.py", "rasa/core/lock.py", "redis/")),
    Component("action request (tracker state, domain)", ("_action_call_format",)),
    Component("action server call (HTTP)", ("rasa/utils/endpoints.py", "aiohttp/")),
    Component("policies", ("rasa/core/policies/", "rasa/core/featurizers/", "addons/rule_policy.py")),
    Component("NLU: DIET (TensorFlow)", ("diet_classifier.py", "tensorflow/", "keras/")),
    Component("NLU: other classifiers", ("logistic_regression_classifier.py", "pipeline/intent_classifier.py",
                                         "fallback_classifier.py",
                                         "keyword_intent_classifier.py", "sklearn/")),
    Component("NLU: featurizers", ("rasa/nlu/featurizers/",)),
    Component("NLU: spaCy and tokenizer", ("spacy/", "thinc/", "rasa/nlu/utils/spacy_utils.py",
                                           "rasa/nlu/tokenizers/")),
    Component("NLU: page terms (pipeline/)", ("pipeline/rasa_component.py", "pipeline/matching.py")),
    Component("NLU: the rest (graph, messages)", ("rasa/nlu/", "rasa/engine/", "parse_message")),
    Component("events and trackers (de)serialised", ("rasa/shared/core/events.py", "rasa/shared/core/trackers.py",
                                                     "json/", "ujson", "copy.py")),
    Component("dialogue processing (Rasa core)", ("rasa/core/processor.py", "rasa/core/actions/",
                                                  "rasa/shared/core/domain.py")),
    Component("REST channel and web server", ("sanic/", "rasa/core/channels/", "addons/resilient_rest.py")),
)
OTHER = "other (event loop, logging, ...)"
# py-spy counts a server waiting for its next request in sanic's `serve` as busy when the
# machine is loaded: a sample whose innermost frame is this is waiting, not working.
WAITING = "waiting for requests (sanic's event loop)"
WAITING_LEAVES = ("serve (sanic/server/runners.py",)
_SAMPLE = re.compile(r"^(?P<stack>.*) (?P<count>\d+)$")


def parse(text: str) -> list[tuple[list[str], int]]:
    samples = []
    for line in text.splitlines():
        found = _SAMPLE.match(line.strip())
        if found:
            samples.append((found["stack"].split(";"), int(found["count"])))
    return samples


def own_component(stack: list[str]) -> str:
    if stack and stack[-1].startswith(WAITING_LEAVES):
        return WAITING
    for component in COMPONENTS:
        if any(component.matches(frame) for frame in stack):
            return component.name
    return OTHER


def shares(samples: list[tuple[list[str], int]]) -> tuple[Counter[str], Counter[str], int]:
    own: Counter[str] = Counter()
    anywhere: Counter[str] = Counter()
    for stack, count in samples:
        own[own_component(stack)] += count
        for component in COMPONENTS:
            if any(component.matches(frame) for frame in stack):
                anywhere[component.name] += count
    return own, anywhere, sum(count for _, count in samples)


def _leaf(frame: str) -> str:
    """`function (path:line)` without the line, so one function's lines add up."""
    return re.sub(r":\d+\)$", ")", frame)


def summarise(text: str, top: int = 15) -> str:
    samples = parse(text)
    own, anywhere, total = shares(samples)
    if not total:
        return "No samples: the server was idle or py-spy could not read it."
    names = [c.name for c in COMPONENTS] + [OTHER, WAITING]
    rows = [[name, f"{100 * own[name] / total:.1f} %",
             f"{100 * anywhere[name] / total:.1f} %" if name not in (OTHER, WAITING) else ""]
            for name in sorted(names, key=lambda n: -own[n]) if own[name] or anywhere[name]]
    leaves: Counter[str] = Counter()
    for stack, count in samples:
        leaves[_leaf(stack[-1])] += count
    hot = [[f"`{frame}`", f"{100 * count / total:.1f} %"] for frame, count in leaves.most_common(top)]
    return (f"{total} samples while busy (idle time is not sampled).\n\n"
            + markdown_table(["component", "own share", "anywhere in the stack"], rows)
            + f"\n\nThe {top} functions with the most time of their own:\n\n"
            + markdown_table(["function", "share"], hot))
