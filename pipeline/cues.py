"""What a message is read for besides the page's terms: the spans of the project pipeline's
`cue_ruler` (built from content/safety.yml, answer_limits.yml, scope.yml and follow_ups.yml
by pipeline/build.py), and the rules that use them:
- emergencies that count only together ("bumped his head" + "confused") and a high
  temperature next to a fever word ("a fever of 104");
- details a question asks for that the page may lack ("how long", "which drugs"), unless the
  words are part of a term the visitor named ("off his food" is a symptom, not a diet question);
- topic words, and the words of a follow-up ("and for kids?", "the last one").
Labels: "together:<kind>:<group>", "fever_word", "detail:<kind>", "topic", "follow:<kind>".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

CUE_SPANS = "cues"
TOGETHER = "together:"
FEVER_WORD = "fever_word"
DETAIL = "detail:"
TOPIC = "topic"
FOLLOW_UP = "follow:"
OPENERS = "openers"
TEMPERATURE_KIND = "high_temperature"
TEMPERATURE_REACH = 4  # words between the fever word and the figure
_FIGURE = re.compile(r"^(\d{2,3}(?:[.,]\d)?)(?:°|º)?(?:c|f)?$")
NOT_A_TEMPERATURE = {"year", "years", "yr", "yrs", "month", "months", "week", "weeks", "day", "days", "kg", "lbs",
                     "lb", "pounds", "percent", "%", "minutes", "hours", "times", "mg", "old"}


@dataclass(frozen=True)
class Cue:
    label: str
    start: int  # character offsets in the original text
    end: int
    token_start: int
    token_end: int
    text: str

    def kind(self, prefix: str) -> str | None:
        return self.label[len(prefix):] if self.label.startswith(prefix) else None


def together_kinds(cues: Iterable[Cue], groups: dict[str, int]) -> list[tuple[str, Cue]]:
    """(kind, its first cue) for each together-rule whose every group was named."""
    found: dict[str, dict[int, Cue]] = {}
    for cue in cues:
        label = cue.kind(TOGETHER)
        if label is None:
            continue
        kind, _, group = label.rpartition(":")
        found.setdefault(kind, {}).setdefault(int(group), cue)
    return [(kind, min(parts.values(), key=lambda c: c.start)) for kind, parts in found.items()
            if len(parts) == groups.get(kind, -1)]


def _figure(text: str) -> float | None:
    match = _FIGURE.match(text.lower())
    return float(match.group(1).replace(",", ".")) if match else None


def is_high(value: float, thresholds: dict[str, float]) -> bool:
    """A reading in Celsius (up to 45) or Fahrenheit (90-115) at or above its threshold."""
    if value <= 45:
        return value >= thresholds["celsius_from"]
    return 90 <= value <= 115 and value >= thresholds["fahrenheit_from"]


def high_temperature(doc: Any, cues: Iterable[Cue], thresholds: dict[str, float] | None) -> tuple[int, int] | None:
    """Token range of a high temperature within reach of a fever word, if any."""
    if not thresholds:
        return None
    fever_tokens = [c.token_start for c in cues if c.label == FEVER_WORD]
    if not fever_tokens:
        return None
    for token in doc:
        value = _figure(token.text)
        if value is None or not is_high(value, thresholds):
            continue
        following = doc[token.i + 1].norm_ if token.i + 1 < len(doc) else ""
        if following in NOT_A_TEMPERATURE:
            continue
        if any(abs(token.i - f) <= TEMPERATURE_REACH for f in fever_tokens):
            return token.i, token.i + 1
    return None


def details(cues: Iterable[Cue], named_ranges: Iterable[tuple[int, int]]) -> list[str]:
    """Detail kinds asked for, in the order asked, except words inside a named term."""
    ranges = list(named_ranges)
    kinds: list[str] = []
    for cue in sorted(cues, key=lambda c: c.start):
        kind = cue.kind(DETAIL)
        inside = any(start <= cue.start and cue.end <= end for start, end in ranges)
        if kind and not inside and kind not in kinds:
            kinds.append(kind)
    return kinds


def follow_up_kinds(cues: Iterable[Cue], first_word: int) -> list[str]:
    """Follow-up kinds found; an opener counts only at the start of the message."""
    kinds: list[str] = []
    for cue in sorted(cues, key=lambda c: c.start):
        kind = cue.kind(FOLLOW_UP)
        if kind is None or (kind == OPENERS and cue.token_start != first_word):
            continue
        if kind not in kinds:
            kinds.append(kind)
    return kinds


def has_topic_word(cues: Iterable[Cue]) -> bool:
    return any(c.label == TOPIC for c in cues)
