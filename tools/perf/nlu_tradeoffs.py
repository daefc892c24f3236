"""`make nlu-tradeoffs`: NLU settings side by side: training time, time to understand a message,
and cross-validated intent macro-F1, into the trade-off section of docs/benchmarks.md.

Each variant is config.yml with a few settings changed (VARIANTS below; `--only` picks some).
For each: `rasa train nlu` from scratch (an empty cache; wall clock), the median time the
trained NLU model takes to parse the benchmark's messages in-process (no HTTP, no dialogue),
and `rasa test nlu --cross-validation` (as `make crossval`, without the FallbackClassifier,
whose thresholds are chosen afterwards: docs/fallback.md). The table says which variant
config.yml runs now.
"""

from __future__ import annotations

import argparse
import asyncio
import copy
import datetime as dt
import json
import os
import shutil
import statistics
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

from tools.common.machine import load_average
from tools.common.paths import PROJECT_DIR, VENV_BIN
from tools.common.project_data import Project
from tools.common.reports import markdown_table
from tools.perf.bench_report import TRADEOFFS_END, TRADEOFFS_START
from tools.perf.measure import messages_for
from tools.perf.nlu_variants import VARIANTS, Config

BUILD = PROJECT_DIR / "build" / "nlu-tradeoffs"
DOC = PROJECT_DIR / "docs" / "benchmarks.md"


@dataclass
class Result:
    key: str
    description: str
    training_s: float
    parse_ms: float
    macro_f1: float
    accuracy: float
    # Of the held-out examples classified right / wrong: the share at or above the
    # FallbackClassifier's threshold (answered; below it the assistant asks "Did you mean…?").
    right_kept: float | None = None
    wrong_kept: float | None = None
    # The threshold (0.30–0.80) that catches the most wrong guesses net of right ones delayed,
    # docs/fallback.md's measure, and that net figure: confidences differ between classifiers.
    best_threshold: float | None = None
    best_net: int | None = None


def variant_config(base: Config, change: Callable[[Config], None]) -> Config:
    config = copy.deepcopy(base)
    change(config)
    return config


def without_fallback(config: Config) -> Config:
    """As `make crossval` (tools/trainer/cv_config.py): confidences not clipped by the fallback."""
    return {**config, "pipeline": [c for c in config["pipeline"] if c.get("name") != "FallbackClassifier"]}


def _rasa(args: list[str], log: Path, cache: Path) -> float:
    env = dict(os.environ, RASA_CACHE_DIRECTORY=str(cache), RASA_TELEMETRY_ENABLED="false", TF_CPP_MIN_LOG_LEVEL="3")
    start = time.perf_counter()
    with log.open("w") as handle:
        code = subprocess.call([str(VENV_BIN / "rasa"), *args], cwd=PROJECT_DIR, env=env, stdout=handle,
                               stderr=subprocess.STDOUT)
    if code:
        raise RuntimeError(f"rasa {args[0]} {args[1]} failed; see {log}")
    return time.perf_counter() - start


def parse_time_ms(model: Path, texts: list[str]) -> float:
    """Median wall time of the NLU model parsing each text, after a few warm-up parses."""
    from rasa.core.agent import Agent

    agent = Agent.load(str(model))

    async def timed() -> list[float]:
        for text in texts[:10]:
            await agent.parse_message(text)
        times = []
        for text in texts:
            start = time.perf_counter()
            await agent.parse_message(text)
            times.append((time.perf_counter() - start) * 1000)
        return times

    return statistics.median(asyncio.run(timed()))


def run_variant(key: str, description: str, config: Config, folds: int, texts: list[str]) -> Result:
    out = BUILD / key
    shutil.rmtree(out, ignore_errors=True)
    (out / "cache").mkdir(parents=True)
    (out / "config.yml").write_text(yaml.safe_dump(config, sort_keys=False))
    (out / "cv-config.yml").write_text(yaml.safe_dump(without_fallback(config), sort_keys=False))
    print(f"{key}: training ...", flush=True)
    training = _rasa(["train", "nlu", "--config", str(out / "config.yml"), "--nlu", "data/nlu", "--out", str(out),
                      "--fixed-model-name", "nlu"], out / "train.log", out / "cache")
    parse_ms = parse_time_ms(out / "nlu.tar.gz", texts)
    print(f"{key}: trained in {training:.0f} s, {parse_ms:.1f} ms a message; cross-validating ...", flush=True)
    _rasa(["test", "nlu", "--cross-validation", "-f", str(folds), "--config", str(out / "cv-config.yml"),
           "--nlu", "data/nlu", "--domain", "domain", "--out", str(out / "cv"), "--no-plot", "--successes"],
          out / "cv.log", out / "cache")
    report = json.loads((out / "cv" / "intent_report.json").read_text())
    right, wrong = (_confidences(out / "cv" / name) for name in ("intent_successes.json", "intent_errors.json"))
    threshold = fallback_threshold(config)
    best = best_threshold(right, wrong)
    result = Result(key, description, training, parse_ms, report["macro avg"]["f1-score"], report["accuracy"],
                    _share_at_least(right, threshold), _share_at_least(wrong, threshold), *best)
    print(f"{key}: macro-F1 {result.macro_f1:.3f}", flush=True)
    (out / "result.json").write_text(json.dumps(result.__dict__))
    return result


def _confidences(path: Path) -> list[float]:
    try:
        return [item["intent_prediction"]["confidence"] for item in json.loads(path.read_text())]
    except (OSError, ValueError):
        return []


def _share_at_least(values: list[float], threshold: float | None) -> float | None:
    return sum(v >= threshold for v in values) / len(values) if values and threshold is not None else None


def best_threshold(right: list[float], wrong: list[float]) -> tuple[float | None, int | None]:
    """docs/fallback.md's choice: wrong guesses caught minus right ones delayed, at its best."""
    if not right or not wrong:
        return None, None
    nets = {t / 100: sum(c < t / 100 for c in wrong) - sum(c < t / 100 for c in right) for t in range(30, 81, 5)}
    threshold = max(nets, key=lambda t: (nets[t], t))
    return threshold, nets[threshold]


def fallback_threshold(config: Config) -> float | None:
    found = [c.get("threshold") for c in config["pipeline"] if c.get("name") == "FallbackClassifier"]
    return float(found[0]) if found and found[0] is not None else None


def current_variants(base: Config) -> set[str]:
    """The variants that are what config.yml runs (their changes change nothing)."""
    return {key for key, (_, change) in VARIANTS.items() if variant_config(base, change) == base}


def _percent(value: float | None) -> str:
    return f"{100 * value:.0f} %" if value is not None else "—"


def section(results: list[Result], current: set[str], folds: int, info: str) -> str:
    rows = [[f"**{r.description}** (config.yml now)" if r.key in current else r.description,
             f"{r.training_s:.0f} s", f"{r.parse_ms:.1f} ms", f"{r.macro_f1:.3f}", f"{r.accuracy:.3f}",
             _percent(r.right_kept), _percent(r.wrong_kept),
             f"{r.best_threshold:.2f} ({r.best_net})" if r.best_threshold is not None else "—"]
            for r in results]
    table = markdown_table(["NLU setting", "training (`rasa train nlu`, from scratch)", "parsing a message (median)",
                            f"intent macro-F1 ({folds}-fold cross-validation)", "accuracy",
                            "right guesses at or above config.yml's fallback threshold",
                            "wrong guesses at or above it",
                            "best fallback threshold (wrong caught − right delayed)"], rows)
    return (f"{TRADEOFFS_START}\n## NLU settings: speed against understanding\n\n"
            f"From `make nlu-tradeoffs` (tools/perf/nlu_tradeoffs.py), {info}. Each row is config.yml with "
            "the setting named changed, on the training data of that day (data/nlu/). Training and parsing "
            "times are on the same machine in one run; macro-F1 as `make crossval` computes it.\n\n"
            f"{table}\n{TRADEOFFS_END}")


def write_section(doc: Path, text: str) -> None:
    page = doc.read_text(encoding="utf-8") if doc.exists() else "# Benchmarks\n"
    start, end = page.find(TRADEOFFS_START), page.find(TRADEOFFS_END)
    if 0 <= start < end:
        page = page[:start] + text + page[end + len(TRADEOFFS_END):]
    else:
        page = page.rstrip("\n") + "\n\n" + text + "\n"
    doc.write_text(page, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", choices=sorted(VARIANTS), help="variants to run (default: all)")
    parser.add_argument("--folds", type=int, default=3)
    parser.add_argument("--messages", type=int, default=200, help="messages parsed for the timing")
    parser.add_argument("--out", type=Path, default=DOC)
    parser.add_argument("--collect", action="store_true",
                        help="measure nothing: write the table from the results in build/nlu-tradeoffs/")
    args = parser.parse_args(argv)
    base = yaml.safe_load((PROJECT_DIR / "config.yml").read_text(encoding="utf-8"))
    texts = messages_for(Project(), args.messages)
    info = f"{dt.datetime.now():%Y-%m-%d %H:%M}, load average at the start {load_average()}"
    if args.collect:
        info = "collected from earlier runs (build/nlu-tradeoffs/), on a machine shared with other work"
    current = current_variants(base)
    # config.yml itself is run only when no named variant is what it runs.
    keys = args.only or [k for k in VARIANTS if k != "config.yml" or current == {"config.yml"}]
    results = []
    for key in keys:
        description, change = VARIANTS[key]
        if args.collect:
            saved = BUILD / key / "result.json"
            if saved.exists():
                results.append(Result(**{**json.loads(saved.read_text()), "description": description}))
            continue
        results.append(run_variant(key, description, variant_config(base, change), args.folds, texts))
    text = section(results, current, args.folds, info + f", at the end {load_average()}")
    write_section(args.out, text)
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
