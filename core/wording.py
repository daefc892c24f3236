"""Sentences with {placeholders}, checked when the content loads, filled when they are said.

A wording file (content/conversation.yml) is described by frozen dataclasses whose fields are
`Template`s, each declaring which placeholders it may use (`says("hospital", "reference")`),
or nested dataclasses for its sections. `parse_wording` reads the YAML against them: a missing
or unknown key, an unknown placeholder, a placeholder a sentence must keep and lost, or a brace
without its pair is one plain line in the content check, never a failure at conversation time.
Texts are filled with `str.format`, as the rest of the site wording is.
"""

from __future__ import annotations

import dataclasses
import re
import string
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar, get_type_hints

from core.checking import Checker

T = TypeVar("T")


def placeholders(text: str) -> set[str] | None:
    """The {names} in a text, or None when its braces don't pair up."""
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError:
        return None


@dataclass(frozen=True)
class Template:
    """One sentence (or a few) as the trainer wrote it, with the site's numbers already known."""

    text: str
    allowed: frozenset[str] = frozenset()
    preset: Mapping[str, str] = field(default_factory=dict)  # {emergency}, {crisis_line}

    def fill(self, **values: str) -> str:
        """The text with every placeholder filled; the caller gives each one this template allows."""
        missing = self.allowed - values.keys()
        if missing:  # a programming error, found by the actions' unit tests, not a content error
            raise TypeError(f"{self.text!r} needs {', '.join(sorted(missing))}")
        # An optional part left empty ({page_promise}) must not leave two spaces behind.
        return " ".join(part for part in self.text.format_map({**self.preset, **values}).split(" ") if part)

    def pattern(self) -> re.Pattern[str]:
        """A regular expression that finds this sentence in a reply, whatever filled its
        placeholders: each is a group of its name (tools and tests read a reference code with it)."""
        tokens = [t for t in re.split(r"(\{[^{}]*\}| )", self.text) if t]
        regex: list[str] = []
        seen: set[str] = set()
        skip = False
        for i, token in enumerate(tokens):
            if skip:
                skip = False
                continue
            name = token[1:-1] if token.startswith("{") and token.endswith("}") else None
            if name is None or name in self.preset:
                literal = self.preset[name] if name else token.replace("{{", "{").replace("}}", "}")
                regex.append(r"\s+" if token == " " else re.escape(literal))
            elif name in seen:
                regex.append(f"(?P={name})")
            elif 0 < i < len(tokens) - 1 and tokens[i - 1] == tokens[i + 1] == " ":
                # Between two spaces it may be left empty, taking one space with it (see fill).
                seen.add(name)
                regex.append(f"(?:(?P<{name}>.+?)\\s+)?")
                skip = True  # its following space is in the optional group
            else:
                seen.add(name)
                regex.append(f"(?P<{name}>.+?)")
        return re.compile("".join(regex))


def says(*allowed: str, needs: tuple[str, ...] = ()) -> Any:
    """A dataclass field holding a Template: the placeholders it may use, and those it must keep
    (a reference code the visitor needs to quote, say)."""
    return field(metadata={"allowed": frozenset(allowed), "needs": frozenset(needs)})


def describe(names: set[str] | frozenset[str]) -> str:
    return ", ".join("{" + n + "}" for n in sorted(names)) or "none"


def parse_template(check: Checker, data: dict, key: str, where: str, allowed: frozenset[str],
                   needs: frozenset[str], numbers: Mapping[str, str]) -> Template:
    text = check.field(data, key, where)
    found = placeholders(text)
    if found is None:
        check.fail(where, "a '{' or '}' without its pair (placeholders look like {hospital})")
        return Template(text)
    unknown = found - allowed - numbers.keys()
    if unknown:
        known = describe(allowed | numbers.keys())
        check.fail(where, f"unknown placeholder {describe(unknown)} (allowed here: {known})")
    lost = needs - found
    if text and lost:
        check.fail(where, f"must contain {describe(lost)}")
    return Template(text, allowed, dict(numbers))


def parse_wording(cls: type[T], check: Checker, raw: Any, numbers: Mapping[str, str], where: str = "") -> T:
    """An instance of the dataclass `cls` read from `raw`; every problem goes to `check`."""
    hints = get_type_hints(cls)
    fields = dataclasses.fields(cls)  # type: ignore[arg-type]
    data = check.mapping(raw, where or "top level", {f.name for f in fields})
    values: dict[str, Any] = {}
    for f in fields:
        place = f"{where}.{f.name}" if where else f.name
        kind = hints[f.name]
        if kind is not Template and dataclasses.is_dataclass(kind):
            # A missing section is reported once (by `mapping` above), not once per sentence in it.
            section_check = check if f.name in data else Checker(check.path)
            values[f.name] = parse_wording(kind, section_check, data.get(f.name, {}), numbers, place)
        else:
            values[f.name] = parse_template(check, data, f.name, place, f.metadata.get("allowed", frozenset()),
                                            f.metadata.get("needs", frozenset()), numbers)
    return cls(**values)
