"""`make evaluate [FOLDS=5]`: how well the assistant understands and follows conversations.

1. NLU cross-validation: `rasa test nlu --cross-validation --folds N` with a config made from
   config.yml minus the FallbackClassifier (generated here each run, never kept by hand): the
   fallback would turn low-confidence predictions into `nlu_fallback` and hide what the
   classifier itself gets wrong. → per-intent precision/recall/F1 (reports/intent-report.md,
   .csv), confusion matrix and confidence histogram (reports/*.png).
2. `rasa test core --e2e --stories tests/test_stories.yml` with the trained model (understanding
   of each message and the next action, along whole conversation paths). → reports/evaluation/.
3. The conversation tests (`pytest -m conversation`: real servers, real model).
   → reports/conversation-tests.xml (JUnit) and .txt.
Summary with the macro-averaged F1: reports/evaluation.md. Exit status 1 if a step failed.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from tools.common.paths import BUILD as BUILD_DIR
from tools.common.paths import DEFAULT_MODEL, PROJECT_DIR, REPORTS, VENV_BIN
from tools.common.reports import markdown_table
from tools.trainer.cv_config import write_cv_config

BUILD = BUILD_DIR / "evaluate"

TEST_STORIES = PROJECT_DIR / "tests" / "test_stories.yml"
_AVERAGES = ("accuracy", "macro avg", "weighted avg", "micro avg")


# --- the intent table ------------------------------------------------------------------------

@dataclass(frozen=True)
class IntentScore:
    intent: str
    precision: float
    recall: float
    f1: float
    support: int
    confused_with: str


def intent_scores(report: dict[str, Any]) -> tuple[list[IntentScore], dict[str, Any]]:
    """Per-intent rows (worst F1 first) and the averages, from rasa's intent_report.json."""
    rows = []
    for intent, values in report.items():
        if intent in _AVERAGES or not isinstance(values, dict):
            continue
        confused = ", ".join(f"{k} ({v})" for k, v in (values.get("confused_with") or {}).items())
        rows.append(IntentScore(intent, float(values["precision"]), float(values["recall"]),
                                float(values["f1-score"]), int(values["support"]), confused))
    rows.sort(key=lambda r: (r.f1, r.intent))
    return rows, {k: report[k] for k in _AVERAGES if k in report}


def macro_f1(averages: dict[str, Any]) -> float:
    return float(averages["macro avg"]["f1-score"])


def render_intent_table(rows: list[IntentScore], averages: dict[str, Any]) -> str:
    table = [(r.intent, f"{r.precision:.3f}", f"{r.recall:.3f}", f"{r.f1:.3f}", r.support, r.confused_with)
             for r in rows]
    for name in ("macro avg", "weighted avg"):
        if name in averages:
            a = averages[name]
            table.append((f"**{name}**", f"{a['precision']:.3f}", f"{a['recall']:.3f}", f"{a['f1-score']:.3f}",
                          a["support"], ""))
    if "accuracy" in averages:
        table.append(("**accuracy**", "", "", f"{float(averages['accuracy']):.3f}", "", ""))
    headers = ["Intent", "Precision", "Recall", "F1", "Examples", "Confused with"]
    return markdown_table(headers, table) + "\n"


def write_intent_csv(rows: list[IntentScore], averages: dict[str, Any], path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["intent", "precision", "recall", "f1", "support", "confused_with"])
        for r in rows:
            writer.writerow([r.intent, f"{r.precision:.4f}", f"{r.recall:.4f}", f"{r.f1:.4f}", r.support,
                             r.confused_with])
        for name in ("macro avg", "weighted avg"):
            if name in averages:
                a = averages[name]
                writer.writerow([name, f"{a['precision']:.4f}", f"{a['recall']:.4f}", f"{a['f1-score']:.4f}",
                                 a["support"], ""])


# --- conversation test results ---------------------------------------------------------------

@dataclass(frozen=True)
class TestCounts:
    tests: int
    failures: int
    errors: int
    skipped: int

    @property
    def passed(self) -> int:
        return self.tests - self.failures - self.errors - self.skipped


def junit_counts(path: Path) -> TestCounts:
    root = ET.parse(path).getroot()
    suites = [root] if root.tag == "testsuite" else list(root.iter("testsuite"))
    total = [sum(int(s.get(k, 0)) for s in suites) for k in ("tests", "failures", "errors", "skipped")]
    return TestCounts(*total)


def failed_stories(path: Path) -> int:
    if not path.exists():
        return 0
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return len(data.get("stories") or [])


# --- running ---------------------------------------------------------------------------------

def _run(command: list[str], log: Path, env: dict[str, str] | None = None) -> int:
    print(f"$ {' '.join(command)}   (log: {log.relative_to(PROJECT_DIR)})", flush=True)
    with log.open("w", encoding="utf-8") as handle:
        return subprocess.call(command, cwd=PROJECT_DIR, stdout=handle, stderr=subprocess.STDOUT,
                               env=env or os.environ.copy())


def _copy(source: Path, target: Path) -> bool:
    if source.exists():
        shutil.copy(source, target)
        return True
    return False


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="NLU cross-validation, story tests and conversation tests.")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--model", type=Path, default=DEFAULT_MODEL)
    parser.add_argument("--skip-conversations", action="store_true", help="leave out the conversation tests")
    args = parser.parse_args(argv)
    rasa = str(VENV_BIN / "rasa")
    details = REPORTS / "evaluation"
    shutil.rmtree(BUILD, ignore_errors=True)
    for path in (BUILD, details):
        path.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, RASA_TELEMETRY_ENABLED="false", TF_CPP_MIN_LOG_LEVEL="3")
    summary = [f"# Evaluation, {dt.datetime.now():%Y-%m-%d %H:%M}", ""]
    ok = True

    # 1. NLU cross-validation
    eval_config = write_cv_config(PROJECT_DIR / "config.yml", BUILD / "config-no-fallback.yml")
    nlu_out = BUILD / "nlu"
    nlu_command = [rasa, "test", "nlu", "--nlu", "data", "--domain", "domain",
                   "--config", str(eval_config.relative_to(PROJECT_DIR)), "--cross-validation",
                   "--folds", str(args.folds), "--out", str(nlu_out.relative_to(PROJECT_DIR))]
    code = _run(nlu_command, details / "nlu-cross-validation.log", env)
    report_file = nlu_out / "intent_report.json"
    if code != 0 or not report_file.exists():
        print(f"NLU cross-validation failed; see {details / 'nlu-cross-validation.log'}", file=sys.stderr)
        ok = False
        summary += ["## NLU", "", "Cross-validation failed: see evaluation/nlu-cross-validation.log.", ""]
    else:
        rows, averages = intent_scores(json.loads(report_file.read_text(encoding="utf-8")))
        table = render_intent_table(rows, averages)
        (REPORTS / "intent-report.md").write_text(
            f"# Intent classification, {args.folds}-fold cross-validation\n\nWorst F1 first.\n\n{table}",
            encoding="utf-8")
        write_intent_csv(rows, averages, REPORTS / "intent-report.csv")
        for name in ("intent_report.json", "intent_errors.json"):
            _copy(nlu_out / name, details / name)
        plots = [p.name for p in sorted(nlu_out.glob("*.png")) if _copy(p, REPORTS / p.name)]
        print(f"Intent macro-F1 ({args.folds}-fold cross-validation): {macro_f1(averages):.3f}")
        summary += [
            f"## NLU: {args.folds}-fold cross-validation (config.yml without FallbackClassifier)", "",
            f"- Intent macro-F1: **{macro_f1(averages):.3f}**, weighted F1 "
            f"{float(averages['weighted avg']['f1-score']):.3f}, accuracy {float(averages.get('accuracy', 0)):.3f}",
            f"- Command: `{' '.join(['rasa', *nlu_command[1:]])}`",
            "- Per intent: intent-report.md / intent-report.csv; plots: " + ", ".join(plots), "",
            table,
        ]

    # 2. Story tests
    if TEST_STORIES.exists():
        core_out = BUILD / "core"
        # --e2e: each user message goes through the NLU model too, not only the intent written down.
        core_command = [rasa, "test", "core", "--e2e", "--model", str(args.model), "--stories",
                        str(TEST_STORIES.relative_to(PROJECT_DIR)), "--out", str(core_out.relative_to(PROJECT_DIR))]
        code = _run(core_command, details / "story-tests.log", env)
        for path in core_out.glob("*"):
            if path.is_file():
                _copy(path, details / path.name)
        stories = len((yaml.safe_load(TEST_STORIES.read_text(encoding="utf-8")) or {}).get("stories") or [])
        failed = failed_stories(core_out / "failed_test_stories.yml")
        ok = ok and code == 0 and failed == 0
        print(f"Story tests: {stories - failed}/{stories} stories passed")
        summary += ["## Story tests (tests/test_stories.yml)", "",
                    f"- {stories - failed} of {stories} stories passed"
                    + (" (failures: evaluation/failed_test_stories.yml)" if failed else ""), ""]

    # 3. Conversation tests
    if not args.skip_conversations:
        junit = REPORTS / "conversation-tests.xml"
        command = [str(VENV_BIN / "python"), "-m", "pytest", "-m", "conversation", "-q", "-p", "no:cacheprovider",
                   f"--junitxml={junit}"]
        code = _run(command, REPORTS / "conversation-tests.txt", env)
        if junit.exists():
            counts = junit_counts(junit)
            print(f"Conversation tests: {counts.passed} passed, {counts.failures + counts.errors} failed")
            summary += ["## Conversation tests (pytest -m conversation)", "",
                        f"- {counts.passed} passed, {counts.failures} failed, {counts.errors} errors, "
                        f"{counts.skipped} skipped (conversation-tests.xml / .txt)", ""]
        ok = ok and code == 0
    (REPORTS / "evaluation.md").write_text("\n".join(summary), encoding="utf-8")
    print(f"Written: {REPORTS / 'evaluation.md'} (and intent-report.*, *.png, conversation-tests.*, evaluation/)")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
