"""Pure parts of `make evaluate` and `make bench` (no training, no timing)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import asdict
from pathlib import Path

import yaml

from tools.common.machine import rss_mb
from tools.common.project_data import PROJECT_DIR, Project, examples_by_intent
from tools.perf.bench_report import TRADEOFFS_END, TRADEOFFS_START, Figures, rerender
from tools.perf.measure import Run, messages_for
from tools.perf.verdict import summary_line, targets
from tools.trainer.cv_config import cv_config as config_without_fallback
from tools.trainer.cv_config import write_cv_config as write_eval_config
from tools.trainer.evaluate import (
    failed_stories,
    intent_scores,
    junit_counts,
    macro_f1,
    render_intent_table,
)

REPORT = {
    "greet": {"precision": 1.0, "recall": 0.9, "f1-score": 0.947, "support": 20, "confused_with": {"thanks": 2}},
    "thanks": {"precision": 0.8, "recall": 1.0, "f1-score": 0.889, "support": 16, "confused_with": {}},
    "accuracy": 0.94,
    "macro avg": {"precision": 0.9, "recall": 0.95, "f1-score": 0.918, "support": 36},
    "weighted avg": {"precision": 0.91, "recall": 0.94, "f1-score": 0.92, "support": 36},
}


def test_evaluation_config_is_config_yml_without_the_fallback(tmp_path: Path) -> None:
    original = yaml.safe_load((PROJECT_DIR / "config.yml").read_text())
    generated = yaml.safe_load(write_eval_config(PROJECT_DIR / "config.yml", tmp_path / "c.yml").read_text())
    names = [c["name"] for c in generated["pipeline"]]
    assert "FallbackClassifier" not in names
    assert names == [c["name"] for c in original["pipeline"] if c["name"] != "FallbackClassifier"]
    assert generated["policies"] == original["policies"]
    assert config_without_fallback({"pipeline": None}) == {"pipeline": []}


def test_intent_table_worst_first_with_averages() -> None:
    rows, averages = intent_scores(REPORT)
    assert [r.intent for r in rows] == ["thanks", "greet"]
    assert rows[1].confused_with == "thanks (2)"
    assert macro_f1(averages) == 0.918
    table = render_intent_table(rows, averages)
    assert "| greet | 1.000 | 0.900 | 0.947 | 20 | thanks (2) |" in table
    assert "| **macro avg** | 0.900 | 0.950 | 0.918 | 36 |  |" in table  # the last cell is empty


def test_junit_and_failed_story_counts(tmp_path: Path) -> None:
    junit = tmp_path / "j.xml"
    junit.write_text('<testsuites><testsuite tests="10" failures="2" errors="1" skipped="1"/></testsuites>')
    counts = junit_counts(junit)
    assert (counts.passed, counts.failures) == (6, 2)
    failed = tmp_path / "failed.yml"
    failed.write_text("# None of the test stories failed - all good!\n")
    assert failed_stories(failed) == 0
    failed.write_text('version: "3.1"\nstories:\n- story: a\n  steps: []\n- story: b\n  steps: []\n')
    assert failed_stories(failed) == 2
    assert failed_stories(tmp_path / "missing.yml") == 0


def test_percentiles_are_nearest_rank() -> None:
    run = Run(latencies_ms=[float(n) for n in range(1, 101)], wall_s=2.0)
    assert (run.percentile(50), run.percentile(95), run.per_second) == (50.0, 95.0, 50.0)


def test_bench_messages_take_every_intent_in_turn() -> None:
    examples = examples_by_intent(Project())
    texts = messages_for(Project(), 2 * len(examples))
    assert [e.text for e in examples[sorted(examples)[0]][:2]] == [texts[0], texts[len(examples)]]
    assert len(set(texts)) == len(texts)


ALLOCATE_MB = 300
# A child that holds ALLOCATE_MB of touched memory until its stdin closes.
HOLDER = f"import sys; block = bytearray({ALLOCATE_MB} * 2**20); print('ready', flush=True); sys.stdin.read()"


def test_memory_counts_a_process_and_its_children() -> None:
    before = rss_mb(os.getpid())
    child = subprocess.Popen([sys.executable, "-c", HOLDER], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "ready"
        held = rss_mb(child.pid)
        assert ALLOCATE_MB <= held < ALLOCATE_MB + 100  # the block, plus an interpreter
        assert rss_mb(os.getpid()) - before >= ALLOCATE_MB  # the parent's figure includes its child
    finally:
        child.communicate("")
    assert rss_mb(child.pid) == 0.0  # a process that has ended holds nothing


def _figures(latency: float, wall_s: float, rss: float, training_s: float = 60.0,
             growth: float = 1.0) -> Figures:
    run = Run(latencies_ms=[latency] * 10, wall_s=wall_s)
    long = [[latency] * 70 + [latency * growth] * 10]
    return Figures(training_s, 30.0, run, Run(latencies_ms=[latency * 5] * 10, wall_s=wall_s), {"Rasa server": rss},
                   16, long)


BENCH_DATA = {
    "machine": {"cpu": "Test CPU", "cpus": "2", "ram": "8 GB", "os": "Linux", "python": "3.10",
                "date": "2026-11-23 20:00", "load": "0.1 0.1 0.1", "load_end": "2.5 1.0 0.5"},
    "settings": {"rounds": 1, "sequential": 10, "per_conversation": 5, "concurrency": 16, "warmup": 1,
                 "long_turns": 80, "long_conversations": 1},
}


def test_benchmark_page_states_the_verdict_and_can_be_rewritten(tmp_path: Path) -> None:
    data = {**BENCH_DATA,
            "ours": asdict(_figures(10.0, 0.5, 800.0, training_s=30.0)),  # every target met
            "baseline": asdict(_figures(20.0, 1.0, 1000.0))}
    raw = tmp_path / "bench.json"
    raw.write_text(json.dumps(data))
    assert rerender(raw, tmp_path / "benchmarks.md") == 0
    page = (tmp_path / "benchmarks.md").read_text()
    assert "| Latency p95, one at a time | 10.0 ms | 20.0 ms |" in page
    assert "| Messages per second, 16 conversations at once | 20.0 | 10.0 |" in page
    assert "| Latency p50, one at a time | 10.0 ms | 20.0 ms (baseline) | 0.50× | ≤ 0.6× | **met** |" in page
    assert "**6 of 6 targets met**" in page and "Test CPU" in page and "2.5 1.0 0.5" in page
    assert "What still grows with the conversation" in page and "why the turn target is missed" not in page
    # Slower than 0.6x, more memory, slower training, and turns that grow slower: each is NOT met.
    data["ours"] = asdict(_figures(15.0, 1.0, 950.0, training_s=40.0, growth=2.0))
    raw.write_text(json.dumps(data))
    rerender(raw, tmp_path / "benchmarks.md")
    page = (tmp_path / "benchmarks.md").read_text()
    assert "**0 of 6 targets met**" in page
    assert "why the turn target is missed" in page  # the page explains the target it misses
    assert "| 0.75× | ≤ 0.6× | **NOT met** |" in page
    turns = "| Latency at turn 71–80 of a conversation (median), ours | 30.0 ms | 15.0 ms (ours at turn 1–10) | 2.00× |"
    assert turns in page


def test_the_benchmark_keeps_the_nlu_tradeoff_section(tmp_path: Path) -> None:
    out = tmp_path / "benchmarks.md"
    section = f"{TRADEOFFS_START}\n## NLU settings\n\n| a | b |\n{TRADEOFFS_END}"
    out.write_text(f"# Benchmarks\nold figures\n\n{section}\n")
    raw = tmp_path / "bench.json"
    raw.write_text(json.dumps({**BENCH_DATA, "ours": asdict(_figures(10.0, 0.5, 800.0)),
                               "baseline": asdict(_figures(20.0, 1.0, 1000.0))}))
    rerender(raw, out)
    page = out.read_text()
    assert section in page and "old figures" not in page


def test_a_target_without_a_figure_is_not_measured_rather_than_met() -> None:
    ours, base = _figures(10.0, 0.5, 800.0), _figures(20.0, 1.0, 1000.0)
    ours.training_s = None
    found = {t.what: t for t in targets(ours, base)}
    assert found["Training time from scratch"].verdict == "not measured"
    assert summary_line(list(found.values())) == "5 of 6 targets met (1 not measured)"
