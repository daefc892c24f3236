"""Checking trainer-edited YAML: every problem found in one pass, one plain line each.

Every content file (the page, the answer map, the vocabulary, the site wording, the intent
titles) is checked with a `Checker`, so an editor sees all the problems of a file at once, each
as "file: place: problem", and a bad edit stops training and the tests instead of reaching a
visitor.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

IDENTIFIER = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


class ContentError(ValueError):
    """A content file that cannot be used; the message lists every problem found, one a line."""


class Checker:
    """Collects the problems of one file; `raise_if_any` turns them into a ContentError."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.problems: list[str] = []

    def fail(self, where: str, problem: str) -> None:
        self.problems.append(f"{self.path.name}: {where}: {problem}")

    def raise_if_any(self) -> None:
        if self.problems:
            raise ContentError("\n".join(self.problems))

    def mapping(self, value: Any, where: str, required: set[str],
                optional: set[str] | frozenset[str] = frozenset()) -> dict:
        if not isinstance(value, dict):
            self.fail(where, f"expected a mapping, found {type(value).__name__}")
            return {}
        for key in sorted(required - value.keys()):
            self.fail(where, f"missing '{key}'")
        # key=str: YAML keys can be numbers, dates or null too, which don't sort with text.
        for key in sorted(value.keys() - required - optional, key=str):
            self.fail(where, f"unknown key '{key}'")
        return value

    def text(self, value: Any, where: str) -> str:
        if not isinstance(value, str) or not value.strip():
            self.fail(where, "expected non-empty text")
            return ""
        return " ".join(value.split())

    def field(self, data: dict, key: str, where: str) -> str:
        """The text under `key`; a missing key is reported once, by `mapping`, not again here."""
        return self.text(data[key], where) if key in data else ""

    def ident(self, value: Any, where: str) -> str:
        if not isinstance(value, str) or not IDENTIFIER.match(value):
            self.fail(where, f"id {value!r} must be lowercase words joined by '-'")
            return str(value)
        return value

    def ids(self, value: Any, where: str, key: str) -> tuple[str, ...]:
        """A list of ids (text), or a problem reported and nothing."""
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.fail(where, f"'{key}' must be a list of ids")
            return ()
        return tuple(value)

    def unique(self, where: str, ids: list[str], what: str) -> None:
        for repeated in sorted({i for i in ids if ids.count(i) > 1}):
            self.fail(where, f"{what} id '{repeated}' is used more than once")

    def phrases(self, value: Any, where: str) -> list[str]:
        """A non-empty list of words, each with its spaces normalised."""
        if not isinstance(value, list) or not value:
            self.fail(where, "expected a non-empty list of words")
            return []
        words = []
        for word in value:
            if not isinstance(word, str) or not word.strip():
                self.fail(where, f"expected words, found {word!r}")
            else:
                words.append(" ".join(word.split()))
        return words


def read_yaml(path: Path) -> Any:
    """Parse a YAML file, turning every way it can be unreadable into a ContentError."""
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ContentError(f"{path}: file not found") from None
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        raise ContentError(f"{path.name}: not valid YAML: {' '.join(str(error).split())}") from None
