"""Reading the classifier's intent ranking: its own best guess (the FallbackClassifier's
nlu_fallback skipped), the runner-up, and the confidence of one intent."""

from __future__ import annotations

from typing import Any

from pipeline.scope_settings import FALLBACK


def runner_up(ranking: list[dict[str, Any]], top: str) -> float:
    """The confidence of DIET's second guess."""
    others = [float(e.get("confidence") or 0.0) for e in ranking if e.get("name") not in (FALLBACK, top)]
    return max(others, default=0.0)


def second_guess(ranking: list[dict[str, Any]], top: str) -> str:
    others = [e for e in ranking if e.get("name") not in (FALLBACK, top)]
    return str(max(others, key=lambda e: float(e.get("confidence") or 0.0)).get("name")) if others else ""


def holding(first: str, second: str, parts: dict[str, frozenset[str]]) -> str | None:
    """Of two page questions, the one whose answer holds all of the other's, if either does."""
    a, b = parts.get(first), parts.get(second)
    if not a or not b:
        return None
    return first if b <= a else second if a <= b else None


def classifier_top(ranking: list[dict[str, Any]]) -> tuple[str, float]:
    """DIET's own best guess (the FallbackClassifier's nlu_fallback skipped)."""
    for entry in ranking:
        if entry.get("name") != FALLBACK:
            return str(entry.get("name") or ""), float(entry.get("confidence") or 0.0)
    return "", 0.0


def confidence_of(ranking: list[dict[str, Any]], intent: str) -> float:
    return max((float(e.get("confidence") or 0.0) for e in ranking if e.get("name") == intent), default=0.0)


def given_not(ranking: list[dict[str, Any]], intent: str) -> list[dict[str, Any]]:
    """The other intents' confidences given that the message is not `intent` (nlu_fallback left out)."""
    left = max(1.0 - confidence_of(ranking, intent), 1e-6)
    return [{**e, "confidence": min(1.0, float(e.get("confidence") or 0.0) / left)} for e in ranking
            if e.get("name") not in (intent, FALLBACK)]


def without(ranking: list[dict[str, Any]], intent: str, sure: float) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The intent and ranking had the classifier not known `intent`, with nlu_fallback first
    when the best of the others is below `sure`."""
    rest = given_not(ranking, intent)
    top = rest[0] if rest else {"name": FALLBACK, "confidence": 1.0}
    if float(top["confidence"]) >= sure:
        return top, rest
    fallback = {"name": FALLBACK, "confidence": sure}
    return fallback, [fallback, *rest]
