"""The one percentile of the tools' reports (benchmarks and load test alike)."""

from __future__ import annotations

import math
from collections.abc import Sequence


def percentile(values: Sequence[float], q: float) -> float:
    """The nearest-rank percentile: the smallest value that at least q % of the values are at
    or below (p95 of 100 latencies is the 95th fastest). A measured value, never an
    interpolation between two; NaN when there are no values."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]
