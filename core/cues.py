"""The words that tell whether a message is about the page at all (`content/scope.yml`) and
whether it continues the previous question (`content/follow_ups.yml`), checked."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from core.checking import Checker
from core.paths import FOLLOW_UPS_FILE, SCOPE_FILE

FOLLOW_UP_KINDS = ("openers", "next", "more", "first", "second", "last", "same_topic", "back_reference")
ORDINALS = {"first": 0, "second": 1, "last": -1}


@dataclass(frozen=True)
class Scope:
    topic_words: tuple[str, ...]
    min_confidence: float
    chat_words: tuple[str, ...] = ()
    likeness_words: tuple[str, ...] = ()


@dataclass(frozen=True)
class FollowUpWords:
    phrases: dict[str, tuple[str, ...]]  # kind → phrases
    max_words: int


def parse_scope(raw: Any, path: Path = SCOPE_FILE) -> Scope:
    check = Checker(path)
    data = check.mapping(raw, "top level", {"topic_words", "min_confidence"},
                         {"chat_words", "likeness_words"})
    confidence = data.get("min_confidence")
    if not isinstance(confidence, (int, float)) or isinstance(confidence, bool) or not 0 <= confidence <= 1:
        check.fail("min_confidence", "expected a number from 0 to 1")
        confidence = 1.0
    words = check.phrases(data.get("topic_words"), "topic_words")
    chat = check.phrases(data.get("chat_words"), "chat_words") if "chat_words" in data else []
    likeness = check.phrases(data.get("likeness_words"), "likeness_words") if "likeness_words" in data else []
    check.raise_if_any()
    return Scope(tuple(words), float(confidence), tuple(w.lower() for w in chat), tuple(w.lower() for w in likeness))


def parse_follow_ups(raw: Any, path: Path = FOLLOW_UPS_FILE) -> FollowUpWords:
    check = Checker(path)
    data = check.mapping(raw, "top level", {*FOLLOW_UP_KINDS, "max_words"})
    phrases = {kind: tuple(check.phrases(data.get(kind), kind)) for kind in FOLLOW_UP_KINDS}
    max_words = data.get("max_words")
    if not isinstance(max_words, int) or isinstance(max_words, bool) or max_words < 1:
        check.fail("max_words", "expected a whole number of words")
        max_words = 8
    check.raise_if_any()
    return FollowUpWords(phrases, max_words)
