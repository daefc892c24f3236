"""How confident the NLU is when it is right and when it is wrong: the basis for the
FallbackClassifier thresholds in config.yml (see docs/fallback.md).

    make crossval                     # runs this after `rasa test nlu --cross-validation`
    python -m tools.trainer.confidence_report build/crossval [--model models/all-assistant.tar.gz]

Reads intent_successes.json and intent_errors.json written by `rasa test nlu
--cross-validation --successes` and prints, for each candidate threshold, how many correct
predictions would needlessly fall back and how many wrong ones would be caught. With
--model it also parses the held-out probes of tests/data/fallback_probes.yml (gibberish,
unrelated and borderline messages that are in no training file) and prints each one's top
two intents and their confidences: the model's confidences are read below the
`nlu_fallback` entry, so the production model (with its FallbackClassifier) can be used.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
from pathlib import Path
from typing import Any

import yaml

from tools.common.paths import PROJECT_DIR
from tools.common.reports import text_table

PROBES_FILE = PROJECT_DIR / "tests" / "data" / "fallback_probes.yml"
THRESHOLDS = [round(0.30 + 0.05 * i, 2) for i in range(14)]


def _confidences(path: Path) -> list[float]:
    if not path.exists():
        return []
    return [float(r["intent_prediction"]["confidence"]) for r in json.loads(path.read_text())]


def quantiles(values: list[float]) -> str:
    if not values:
        return "none"
    if len(values) < 5:
        return ", ".join(f"{v:.2f}" for v in sorted(values))
    q = statistics.quantiles(values, n=20, method="inclusive")  # 5% steps
    return (f"min {min(values):.2f}  p5 {q[0]:.2f}  p10 {q[1]:.2f}  p25 {q[4]:.2f}  "
            f"median {statistics.median(values):.2f}  max {max(values):.2f}")


def threshold_table(correct: list[float], wrong: list[float]) -> str:
    rows = []
    for t in THRESHOLDS:
        lost = sum(c < t for c in correct)
        caught = sum(w < t for w in wrong)
        rows.append((f"{t:.2f}", f"{lost} ({lost / max(len(correct), 1):.1%})",
                     f"{caught}/{len(wrong)} ({caught / max(len(wrong), 1):.1%})"))
    return text_table(["threshold", "correct→fallback", "wrong caught"], rows)


def load_probes(path: Path = PROBES_FILE) -> list[dict[str, str]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [{"kind": kind, "text": text} for kind, texts in data["probes"].items() for text in texts]


def top_two(parse: dict[str, Any]) -> list[tuple[str, float]]:
    ranking = [r for r in parse.get("intent_ranking") or [] if r.get("name") != "nlu_fallback"]
    return [(r["name"], float(r.get("confidence") or 0.0)) for r in ranking[:2]]


def probe_report(model: Path, probes: list[dict[str, str]]) -> str:
    from rasa.core.agent import Agent  # slow import: only when probing

    agent = Agent.load(str(model))
    rows = []
    for probe in probes:
        parse = asyncio.run(agent.parse_message(probe["text"]))
        (first, c1), *rest = top_two(parse) or [("-", 0.0)]
        c2 = rest[0][1] if rest else 0.0
        decided = (parse.get("intent") or {}).get("name")
        rows.append((probe["kind"], first, f"{c1:.2f}", f"{c1 - c2:.2f}",
                     "fallback" if decided == "nlu_fallback" else "intent", probe["text"]))
    return text_table(["kind", "top intent", "conf", "gap", "decision", "text"], rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("results", type=Path, help="the --out folder of rasa test nlu --cross-validation")
    parser.add_argument("--model", type=Path, help="also parse the held-out probes with this model")
    args = parser.parse_args(argv)
    correct = _confidences(args.results / "intent_successes.json")
    wrong = _confidences(args.results / "intent_errors.json")
    if not correct:
        print(f"No intent_successes.json in {args.results}: run rasa test nlu with --successes", file=sys.stderr)
        return 1
    print(f"Cross-validation: {len(correct)} correct, {len(wrong)} wrong "
          f"({len(correct) / (len(correct) + len(wrong)):.1%} accuracy)")
    print(f"  confidence when correct: {quantiles(correct)}")
    print(f"  confidence when wrong:   {quantiles(wrong)}\n")
    print(threshold_table(correct, wrong))
    if args.model:
        print("\nHeld-out probes (tests/data/fallback_probes.yml):")
        print(probe_report(args.model, load_probes()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
