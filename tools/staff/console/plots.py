"""Bar charts as SVG, drawn on the server with matplotlib (no script, nothing from a CDN).

matplotlib's object API is used (a Figure per chart, never pyplot's global state), so charts
can be drawn from the console's worker threads. Letters are drawn as shapes (matplotlib's own
font), so a chart looks the same in every browser; the page gives each chart a text
alternative and the table of its numbers.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Sequence

# matplotlib 3.5 (the version rasa's dependencies allow) calls pyparsing 3 by names it deprecates.
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    import matplotlib

    matplotlib.use("Agg")  # no display: before anything else of matplotlib is imported
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

# Colours with at least 3:1 contrast on white (WCAG 2.1, 1.4.11), told apart without colour too
# (each series is also named in the legend and in the table under the chart).
COLOURS = ("#1f5fa8", "#b35c00", "#2e7d32", "#b3261e", "#5e35b1", "#00695c")
TEXT = "#1a1a1a"


def _figure(rows: int, horizontal: bool) -> Figure:
    height = max(2.6, 0.42 * rows + 1.2) if horizontal else 3.2
    figure = Figure(figsize=(8, height), dpi=96)
    figure.patch.set_alpha(0)
    return figure


def _svg(figure: Figure) -> str:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    return buffer.getvalue()


def bars(labels: Sequence[str], series: Sequence[tuple[str, Sequence[float]]], horizontal: bool = False,
         value_label: str = "", percent: bool = False) -> str:
    """A bar chart (stacked when there are several series) as an SVG document."""
    with matplotlib.rc_context({"svg.fonttype": "path", "font.size": 10, "text.color": TEXT,
                                "axes.labelcolor": TEXT, "xtick.color": TEXT, "ytick.color": TEXT,
                                "svg.hashsalt": "staff-console"}):
        figure = _figure(len(labels), horizontal)
        axes = figure.add_subplot()
        positions = list(range(len(labels)))
        base = [0.0] * len(labels)
        for (name, values), colour in zip(series, COLOURS, strict=False):
            if horizontal:
                axes.barh(positions, values, left=base, color=colour, label=name)
            else:
                axes.bar(positions, values, bottom=base, color=colour, label=name, width=0.8)
            base = [b + v for b, v in zip(base, values, strict=True)]
        top = 100 if percent else max([1.0, *base]) * 1.05
        if horizontal:
            axes.set_yticks(positions, labels)
            axes.invert_yaxis()  # the first label on top
            axes.xaxis.set_major_locator(MaxNLocator(integer=not percent))
            axes.set_xlabel(value_label)
            axes.set_xlim(0, top)
        else:
            step = max(1, len(labels) // 15)
            axes.set_xticks(positions[::step], [labels[i] for i in positions[::step]], rotation=45, ha="right")
            axes.yaxis.set_major_locator(MaxNLocator(integer=True))
            axes.set_ylabel(value_label)
            axes.set_ylim(0, top)
        if not labels:
            axes.text(0.5, 0.5, "No data for these days", ha="center", va="center", transform=axes.transAxes)
        if len(series) > 1:
            axes.legend(frameon=False, loc="lower right", bbox_to_anchor=(1.0, 1.0), ncol=len(series))
        for side in ("top", "right"):
            axes.spines[side].set_visible(False)
        return _svg(figure)
