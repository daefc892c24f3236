"""What pipeline/scope.py decides with: the content's settings (pipeline/scope_meta.py writes
them into the spaCy pipeline's meta.json) and the decision it returns."""

from __future__ import annotations

from dataclasses import dataclass, field

FALLBACK = "nlu_fallback"  # the FallbackClassifier's intent


@dataclass(frozen=True)
class Settings:
    page_questions: frozenset[str]
    not_covered: frozenset[str]
    min_confidence: float  # a page question below it needs a page term or topic word
    emergency_confidence: float  # the classifier's report_emergency at or above it is an emergency
    follow_up_max_words: int
    about: dict[str, tuple[str, ...]]  # page question → kinds of term it is about
    detail_intents: dict[str, str]  # detail → the not-covered intent asking for it
    answer_parts: dict[str, frozenset[str]]  # page question → the sentences and lists of its answer
    detail_of: dict[str, tuple[str, ...]] = field(default_factory=dict)  # detail → kinds of term it is asked of
    detail_questions: dict[str, str] = field(default_factory=dict)  # detail → the page question it belongs to
    lacking: dict[str, frozenset[str]] = field(default_factory=dict)  # page question → details its answer lacks
    mentions: dict[str, frozenset[str]] = field(default_factory=dict)  # page question → "kind:term" its answer names
    parts: dict[str, tuple[str, ...]] = field(default_factory=dict)  # page question → its first … last parts
    more: dict[str, str] = field(default_factory=dict)  # page question → the one that answers "any others?"
    when_named: dict[str, dict[str, str]] = field(default_factory=dict)  # page question → term kind → narrower one
    next_after: dict[str, str] = field(default_factory=dict)  # "kind:term" → the page question that follows it

    def narrower(self, question: str) -> set[str]:
        """The narrower versions of a page question (survival → survival by age)."""
        return set(self.when_named.get(question, {}).values())


@dataclass(frozen=True)
class Decision:
    intent: str
    reason: str
