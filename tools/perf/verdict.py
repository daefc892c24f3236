"""The benchmark's verdict: issue 11's targets, each a ratio of two figures measured in the
same run, marked met or not met."""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from tools.common.reports import markdown_table
from tools.perf.measure import Run

# How many turns at each end of a long conversation are compared (their median): a single
# turn's latency is too noisy to compare with another single turn.
WINDOW = 10


class Measured(Protocol):
    training_s: float | None
    sequential: Run
    concurrent: Run
    rss_mb: dict[str, float | None]
    by_turn: list[list[float]]
    concurrency: int


@dataclass(frozen=True)
class Target:
    what: str
    ours: float | None
    reference: float | None
    reference_name: str
    unit: str
    limit: float
    at_most: bool = True  # met when ours/reference <= limit (else >= limit)

    @property
    def ratio(self) -> float | None:
        if self.ours is None or not self.reference or math.isnan(self.ours) or math.isnan(self.reference):
            return None
        return self.ours / self.reference

    @property
    def met(self) -> bool | None:
        if self.ratio is None:
            return None
        return self.ratio <= self.limit if self.at_most else self.ratio >= self.limit

    @property
    def verdict(self) -> str:
        return {True: "met", False: "NOT met", None: "not measured"}[self.met]

    def needed(self) -> str:
        return f"{'≤' if self.at_most else '≥'} {self.limit:g}×"


def turn_window(by_turn: Sequence[Sequence[float]], first: int, last: int) -> float:
    """The median latency of turns first..last (1-based) over all long conversations."""
    values = [latency for conversation in by_turn for latency in conversation[first - 1:last]]
    return statistics.median(values) if values else float("nan")


def turns_compared(by_turn: Sequence[Sequence[float]]) -> tuple[int, int]:
    """(the last turn, the first turn of the last window): 80 and 71 for 80-turn conversations."""
    longest = min((len(c) for c in by_turn), default=0)
    return longest, max(1, longest - WINDOW + 1)


def targets(ours: Measured, baseline: Measured) -> list[Target]:
    n = ours.concurrency
    last, start = turns_compared(ours.by_turn)
    rasa = "Rasa server"
    return [
        Target("Latency p50, one at a time", ours.sequential.percentile(50), baseline.sequential.percentile(50),
               "baseline", "ms", 0.6),
        Target("Latency p95, one at a time", ours.sequential.percentile(95), baseline.sequential.percentile(95),
               "baseline", "ms", 0.6),
        Target(f"Messages per second, {n} conversations at once", ours.concurrent.per_second,
               baseline.concurrent.per_second, "baseline", "msg/s", 1.6, at_most=False),
        Target("Training time from scratch", ours.training_s, baseline.training_s, "baseline", "s", 0.6),
        Target("Memory (RSS) of the Rasa server", ours.rss_mb.get(rasa), baseline.rss_mb.get(rasa),
               "baseline", "MB", 0.9),
        Target(f"Latency at turn {start}–{last} of a conversation (median), ours",
               turn_window(ours.by_turn, start, last) if last else None,
               turn_window(ours.by_turn, 1, WINDOW) if last else None,
               f"ours at turn 1–{WINDOW}", "ms", 1.5),
    ]


def _figure(value: float | None, unit: str) -> str:
    if value is None or math.isnan(value):
        return "—"
    return f"{value:.0f} {unit}" if unit in ("s", "MB") else f"{value:.1f} {unit}"


def verdict_table(found: list[Target]) -> str:
    rows = [[t.what, _figure(t.ours, t.unit), f"{_figure(t.reference, t.unit)} ({t.reference_name})",
             f"{t.ratio:.2f}×" if t.ratio is not None else "—", t.needed(), f"**{t.verdict}**"]
            for t in found]
    return markdown_table(["target (issue 11)", "ours", "compared with", "ratio", "needed", "verdict"], rows)


def summary_line(found: list[Target]) -> str:
    met = sum(t.met is True for t in found)
    measured = sum(t.met is not None for t in found)
    return f"{met} of {len(found)} targets met" + (f" ({len(found) - measured} not measured)"
                                                     if measured < len(found) else "")
