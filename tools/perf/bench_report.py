"""The benchmark's page (docs/benchmarks.md): the verdict against issue 11's targets, the figures
of each system side by side, and how they were measured (templates/benchmarks.md.j2)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from tools.common.paths import PROJECT_DIR
from tools.common.reports import markdown_table, render
from tools.perf.measure import Run
from tools.perf.verdict import WINDOW, summary_line, targets, turn_window, turns_compared, verdict_table

TEMPLATES = Path(__file__).resolve().parent / "templates"
COLUMNS = {
    "ours": "Ours, as deployed (SQLite tracker store)",
    "ours-memory": "Ours, in-memory tracker store",
    "baseline": "Baseline (`rasa init` default project)",
}


@dataclass
class Figures:
    training_s: float | None
    model_mb: float
    sequential: Run
    concurrent: Run
    rss_mb: dict[str, float | None]
    concurrency: int
    # Latency of each turn of the long conversations (one list per conversation), in ms.
    by_turn: list[list[float]] = field(default_factory=list)

    def row(self) -> dict[str, str]:
        s, c, n = self.sequential, self.concurrent, self.concurrency
        return {
            "Latency p50, one at a time": f"{s.percentile(50):.1f} ms",
            "Latency p95, one at a time": f"{s.percentile(95):.1f} ms",
            "Messages per second, one at a time": f"{s.per_second:.1f}",
            f"Latency p50, {n} conversations at once": f"{c.percentile(50):.1f} ms",
            f"Latency p95, {n} conversations at once": f"{c.percentile(95):.1f} ms",
            f"Messages per second, {n} conversations at once": f"{c.per_second:.1f}",
            **self.turn_rows(),
            "Failed / empty replies": f"{s.errors + c.errors} / {s.empty + c.empty}",
            "Training time (from scratch)": f"{self.training_s:.0f} s" if self.training_s else "not measured",
            "Model size": f"{self.model_mb:.1f} MB",
            **{f"Memory (RSS): {name}": f"{mb:.0f} MB" if mb is not None else "— (none)"
               for name, mb in self.rss_mb.items()},
        }


    def turn_rows(self) -> dict[str, str]:
        last, start = turns_compared(self.by_turn)
        if not last:
            return {}
        return {f"Latency at turn 1–{WINDOW} of a long conversation (median)":
                f"{turn_window(self.by_turn, 1, WINDOW):.1f} ms",
                f"Latency at turn {start}–{last} of a long conversation (median)":
                f"{turn_window(self.by_turn, start, last):.1f} ms"}


def figures_table(figures: dict[str, Figures]) -> str:
    rows = {name: f.row() for name, f in figures.items()}
    measures = list(dict.fromkeys(k for row in rows.values() for k in row))
    return markdown_table(["", *(COLUMNS[n] for n in figures)],
                          [[measure, *(rows[n].get(measure, "—") for n in figures)] for measure in measures])


def ours_config(config: Path = PROJECT_DIR / "config.yml") -> str:
    """What config.yml runs, named from the file itself so the page can't describe an old one."""
    data = yaml.safe_load(config.read_text(encoding="utf-8")) or {}
    components = []
    for component in data.get("pipeline") or []:
        name = component.get("name", "?")
        if name == "DIETClassifier" and component.get("entity_recognition") is False:
            name = "DIET with entity recognition off"
        components.append(name.rsplit(".", 1)[-1])
    policies = " + ".join(p.get("name", "?") for p in data.get("policies") or [])
    return f"{', '.join(components)}; {policies}"


TRADEOFFS_START, TRADEOFFS_END = "<!-- nlu-tradeoffs: start -->", "<!-- nlu-tradeoffs: end -->"


def kept_tradeoffs(page: Path) -> str:
    """The NLU trade-off section of an earlier page (measured by `make crossval`, not by the
    benchmark), markers included, so re-running the benchmark keeps it."""
    try:
        text = page.read_text(encoding="utf-8")
    except OSError:
        return ""
    start, end = text.find(TRADEOFFS_START), text.find(TRADEOFFS_END)
    return text[start:end + len(TRADEOFFS_END)] if 0 <= start < end else ""


def render_page(figures: dict[str, Figures], info: dict[str, str], command: str, settings: dict[str, int],
                tradeoffs: str = "") -> str:
    ours, base = figures["ours"], figures["baseline"]
    found = targets(ours, base)
    memory: dict[str, float] | None = None
    if "ours-memory" in figures:
        mem = figures["ours-memory"]
        memory = {"rate": mem.concurrent.per_second, "deployed_rate": ours.concurrent.per_second,
                  "p50": mem.sequential.percentile(50), "deployed_p50": ours.sequential.percentile(50)}
    return render(TEMPLATES, "benchmarks.md.j2", command=command, info=info, settings=settings,
                  table=figures_table(figures), verdict=verdict_table(found), summary=summary_line(found),
                  turns_met=found[-1].met,
                  memory=memory, ours_config=ours_config(), tradeoffs=tradeoffs)


def figures_from_json(data: dict[str, Any]) -> Figures:
    return Figures(data["training_s"], data["model_mb"], Run(**data["sequential"]), Run(**data["concurrent"]),
                   data["rss_mb"], data["concurrency"], data.get("by_turn", []))


def rerender(raw: Path, out: Path) -> int:
    """Rewrite the benchmark page from reports/bench.json, without measuring again."""
    data = json.loads(raw.read_text(encoding="utf-8"))
    figures = {name: figures_from_json(data[name]) for name in COLUMNS if name in data}
    page = render_page(figures, data["machine"], data.get("command", "make bench"), data["settings"],
                       kept_tradeoffs(out))
    out.write_text(page, encoding="utf-8")
    print(f"Written: {out} (from {raw})")
    return 0
