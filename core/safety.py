"""The emergency wording visitors use (`content/safety.yml`), checked: phrases by kind,
phrases that count only together, and the temperatures that make a fever an emergency.

A phrase may name one of the site's numbers as a placeholder ("call {emergency}"): the number
has one home, content/site.yml, and a visitor typing it is filled in from there."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from core.checking import Checker

SUICIDE_KIND = "suicide"  # the emergency message has a variation for it (the crisis line first)
GAP = "..."  # in an emergency phrase: up to a few words in between
_KIND = re.compile(r"^[a-z]+(_[a-z]+)*$")
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True)
class EmergencyPhrase:
    kind: str
    phrase: str


@dataclass(frozen=True)
class TogetherRule:
    """An emergency only when every group has a phrase in the message."""

    kind: str
    groups: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class HighTemperature:
    words: tuple[str, ...]
    celsius_from: float
    fahrenheit_from: float

    def is_high(self, value: float) -> bool:
        """A reading in Celsius (up to 45) or Fahrenheit (from 90) at or above its threshold."""
        if value <= 45:
            return value >= self.celsius_from
        return 90 <= value <= 115 and value >= self.fahrenheit_from


@dataclass(frozen=True)
class SafetyWords:
    phrases: tuple[EmergencyPhrase, ...]
    together: tuple[TogetherRule, ...]
    temperature: HighTemperature | None


def _phrase_ok(check: Checker, where: str, phrase: str) -> bool:
    parts = [p.strip() for p in phrase.split(GAP)]
    if not all(parts):
        check.fail(where, f"{phrase!r}: '{GAP}' must stand between words")
        return False
    return True


def _kinds(check: Checker, raw: Any, where: str) -> dict[str, Any]:
    if not isinstance(raw, dict) or not raw:
        check.fail(where, "expected kinds (breathing, bleeding, …) mapping to phrases")
        return {}
    kinds = {}
    for kind, value in raw.items():
        if not isinstance(kind, str) or not _KIND.match(kind):
            check.fail(f"{where}.{kind}", "a kind is a lowercase word (words joined by '_')")
        else:
            kinds[kind] = value
    return kinds


def _filled(check: Checker, where: str, phrase: str, numbers: Mapping[str, str] | None) -> str:
    """The phrase with the site's numbers filled in; without them (a check of the files alone)
    it is kept as written, which no message matches."""
    for name in _PLACEHOLDER.findall(phrase):
        if numbers is not None and name not in numbers:
            check.fail("emergencies", f"{phrase!r}: unknown placeholder {{{name}}} "
                                      f"(allowed: {', '.join('{' + n + '}' for n in sorted(numbers))})")
            return phrase
    return _PLACEHOLDER.sub(lambda m: numbers[m.group(1)], phrase) if numbers else phrase


def _phrases(check: Checker, raw: Any, numbers: Mapping[str, str] | None) -> list[EmergencyPhrase]:
    found: list[EmergencyPhrase] = []
    seen: dict[str, str] = {}
    for kind, phrases in _kinds(check, raw, "emergencies").items():
        where = f"emergencies.{kind}"
        for phrase in (_filled(check, where, p, numbers) for p in check.phrases(phrases, where)):
            key = " ".join(phrase.lower().split())
            if key in seen:
                check.fail(where, f"{phrase!r} is already listed under {seen[key]}")
            elif _phrase_ok(check, where, phrase):
                seen[key] = where
                found.append(EmergencyPhrase(kind, phrase))
    return found


def _together(check: Checker, raw: Any) -> list[TogetherRule]:
    if raw is None:
        return []
    rules = []
    for kind, groups in _kinds(check, raw, "together").items():
        where = f"together.{kind}"
        if not isinstance(groups, list) or len(groups) < 2:
            check.fail(where, "expected two or more groups of phrases, each a list")
            continue
        parsed = tuple(tuple(p for p in check.phrases(g, f"{where} group {n}") if _phrase_ok(check, where, p))
                       for n, g in enumerate(groups, 1))
        rules.append(TogetherRule(kind, parsed))
    return rules


def _temperature(check: Checker, raw: Any) -> HighTemperature | None:
    if raw is None:
        return None
    data = check.mapping(raw, "high_temperature", {"words", "celsius_from", "fahrenheit_from"})
    figures = [data.get("celsius_from"), data.get("fahrenheit_from")]
    if not all(isinstance(f, (int, float)) and not isinstance(f, bool) for f in figures):
        check.fail("high_temperature", "celsius_from and fahrenheit_from must be numbers")
        return None
    return HighTemperature(tuple(check.phrases(data.get("words"), "high_temperature.words")),
                           float(figures[0]), float(figures[1]))


def parse_safety(check: Checker, raw: Any, numbers: Mapping[str, str] | None = None) -> SafetyWords:
    """Every problem goes to `check`; the caller raises. `numbers` are the site's (site.yml)."""
    data = check.mapping(raw, "top level", {"emergencies"}, {"together", "high_temperature"})
    phrases = _phrases(check, data.get("emergencies"), numbers)
    if SUICIDE_KIND not in {p.kind for p in phrases}:
        check.fail("emergencies", f"the kind '{SUICIDE_KIND}' is required (its message gives the crisis line first)")
    return SafetyWords(tuple(phrases), tuple(_together(check, data.get("together"))),
                       _temperature(check, data.get("high_temperature")))
