"""`make bench`: speed and size of the assistant next to a baseline, written to docs/benchmarks.md.

A benchmark, not a test: it prints and records numbers and never fails on them.

Ours: this project (config.yml, data, the action server, the SQLite tracker store of
endpoints.yml), trained from scratch (an empty Rasa cache) into build/bench/ours.
Baseline: `rasa init`'s default project (its files, copied by rasa's own scaffold function into
build/bench/baseline, trained there from scratch with its default config: DIET, TED,
UnexpecTED; no action server, in-memory tracker store), served on its own port.

A third column, ours with conversations kept in memory (endpoints.yml without its tracker
store, same model and action server), shows what the SQLite tracker store costs.

All are served at once on 127.0.0.1 and measured in turns (ours, ours in memory, baseline,
...), so a change in the machine's load hits them alike. The verdict (tools/perf/verdict.py)
compares ours with the baseline as ratios against issue 11's targets and marks each met or not
met; the page records the machine's load before and during the run. Per system: training time, model size,
latency of each message through the REST channel (p50 / p95) sent one at a time and with
--concurrency conversations at once, messages per second in both modes, the latency of each
turn of --long-turns conversations (does a turn get slower as the conversation grows?), and the resident
memory (RSS, including child processes, via psutil) of each server process. Every system gets the same
messages (the length and words of a message cost time too): this project's NLU examples,
intent by intent in turn, each conversation a new sender.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import tempfile
from dataclasses import asdict
from pathlib import Path

from tools.common.machine import load_average, machine, rss_mb
from tools.common.paths import PROJECT_DIR
from tools.common.project_data import Project
from tools.perf.baseline import (
    baseline_server,
    endpoints_without_tracker_store,
    make_baseline_project,
    memory_tracker_server,
    train,
)
from tools.perf.bench_report import Figures, kept_tradeoffs, render_page, rerender
from tools.perf.measure import Run, latency_by_turn, measure, messages_for
from tools.perf.verdict import summary_line, targets, verdict_table
from tools.servers import Assistant, Ports, ServiceError

BUILD = PROJECT_DIR / "build" / "bench"
DOC = PROJECT_DIR / "docs" / "benchmarks.md"
RAW = PROJECT_DIR / "reports" / "bench.json"


def _run_rounds(systems: dict[str, tuple[str, list[str]]], args: argparse.Namespace) -> dict[str, tuple[Run, Run]]:
    totals = {name: (Run(), Run()) for name in systems}
    for url, texts in systems.values():
        measure(url, texts[: args.warmup], 1, args.per_conversation)
    for round_number in range(1, args.rounds + 1):
        for mode in ("sequential", "concurrent"):
            for name, (url, texts) in systems.items():
                if mode == "sequential":
                    run = measure(url, texts[: args.sequential], 1, args.per_conversation)
                    totals[name][0].add(run)
                else:
                    count = args.concurrency * args.per_conversation
                    run = measure(url, texts[:count], args.concurrency, args.per_conversation)
                    totals[name][1].add(run)
                print(f"  round {round_number}, {mode:10} {name:11}: p50 {run.percentile(50):6.1f} ms, "
                      f"p95 {run.percentile(95):6.1f} ms, {run.per_second:5.1f} msg/s", flush=True)
    return totals


def _long_conversations(systems: dict[str, tuple[str, list[str]]], args: argparse.Namespace,
                        texts: list[str]) -> dict[str, list[list[float]]]:
    """Long conversations, one at a time, in turns between the systems; latency by turn."""
    by_turn: dict[str, list[list[float]]] = {name: [] for name in systems}
    for number in range(args.long_conversations):
        chunk = texts[number * args.long_turns:(number + 1) * args.long_turns]
        for name, (url, _) in systems.items():
            latencies, run = latency_by_turn(url, chunk, 1, args.long_turns)
            by_turn[name] += latencies
            print(f"  long conversation {number + 1} ({args.long_turns} turns) {name:11}: "
                  f"p50 {run.percentile(50):6.1f} ms", flush=True)
    return by_turn


def _busy(cpus: int) -> str:
    """What says the machine was busy before the benchmark started, or ''."""
    one_minute = float(load_average().split()[0])
    return f"load average {one_minute:.2f} on {cpus} CPUs" if one_minute > 0.5 * cpus else ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark the assistant against rasa init's default project.")
    parser.add_argument("--sequential", type=int, default=200, help="messages one at a time, per round")
    parser.add_argument("--concurrency", type=int, default=16, help="conversations at once")
    parser.add_argument("--per-conversation", type=int, default=25, help="messages per conversation")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--long-turns", type=int, default=80, help="turns of each long conversation")
    parser.add_argument("--long-conversations", type=int, default=3)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--no-train", action="store_true", help="reuse the models in build/bench (no training time)")
    parser.add_argument("--no-memory-variant", action="store_true", help="leave out ours with an in-memory tracker")
    parser.add_argument("--out", type=Path, default=DOC)
    parser.add_argument("--render-from", type=Path, help="only rewrite --out from the raw figures of an earlier run")
    args = parser.parse_args(argv)
    if args.render_from:
        return rerender(args.render_from, args.out)
    env = os.environ
    ours_ports = Ports("127.0.0.1", int(env.get("BENCH_RASA_PORT", 5305)), int(env.get("BENCH_ACTIONS_PORT", 5355)))
    baseline_port = int(env.get("BENCH_BASELINE_PORT", 5306))
    memory_port = int(env.get("BENCH_MEMORY_PORT", 5307))
    info = {**machine(), "date": dt.datetime.now().strftime("%Y-%m-%d %H:%M"), "load": load_average()}
    info["busy"] = _busy(int(info["cpus"]))
    if info["busy"]:
        print(f"Note: the machine is busy ({info['busy']}); the ratios will be noisier.", flush=True)
    BUILD.mkdir(parents=True, exist_ok=True)
    baseline_dir, ours_out, base_out = BUILD / "baseline", BUILD / "ours-model", BUILD / "baseline-model"
    ours_model, base_model = ours_out / "bench-ours.tar.gz", base_out / "bench-baseline.tar.gz"
    try:
        if args.no_train:
            ours_train = base_train = None
            if not (ours_model.exists() and base_model.exists()):
                raise ServiceError("No models in build/bench yet: run `make bench` without --no-train once.")
        else:
            info["load_training_ours"] = load_average()
            ours_train = train(PROJECT_DIR, ours_out, "bench-ours", BUILD / "train-ours.log")
            make_baseline_project(baseline_dir)
            info["load_training_baseline"] = load_average()
            base_train = train(baseline_dir, base_out, "bench-baseline", BUILD / "train-baseline.log")
            print(f"Training: ours {ours_train:.0f} s, baseline {base_train:.0f} s", flush=True)
        with tempfile.TemporaryDirectory(prefix="all-bench-") as scratch:
            extra = {"TRACKER_DB": f"{scratch}/tracker.db", "DATABASE_URL": f"sqlite:///{scratch}/assistant.db"}
            ours = Assistant(ports=ours_ports, model=ours_model, extra_env=extra, log_dir=BUILD / "log")
            others = {"baseline": baseline_server(baseline_dir, base_model, baseline_port, BUILD / "log")}
            if not args.no_memory_variant:
                endpoints = endpoints_without_tracker_store(PROJECT_DIR / "endpoints.yml",
                                                            BUILD / "endpoints-memory.yml")
                others["ours-memory"] = memory_tracker_server(ours, memory_port, endpoints)
            print("Starting the servers ...", flush=True)
            try:
                ours.start()
                for service in others.values():
                    service.start()
                for service in others.values():
                    service.wait_ready()
                count = max(args.sequential, args.concurrency * args.per_conversation, args.warmup)
                ours_texts = messages_for(Project(), count)
                systems = {"ours": (ours_ports.rasa_url, ours_texts)}
                if "ours-memory" in others:
                    systems["ours-memory"] = (f"http://127.0.0.1:{memory_port}", ours_texts)
                # The same visitor messages for every system: the text's length and words cost time too.
                systems["baseline"] = (f"http://127.0.0.1:{baseline_port}", ours_texts)
                info["load_measuring"] = load_average()
                totals = _run_rounds(systems, args)
                # Questions only, so each conversation really grows to --long-turns turns: a
                # "forget me" would delete it, a booking form would take questions as answers.
                questions = messages_for(Project(), args.long_turns * args.long_conversations, prefix="ask_")
                by_turn = _long_conversations(systems, args, questions)
                info["load_end"] = load_average()
                memory: dict[str, dict[str, float | None]] = {
                    "ours": {s.name: rss_mb(s.process.pid) for s in ours.services if s.process},
                    "baseline": {"action server": None, "Rasa server": rss_mb(others["baseline"].process.pid)},
                }
                if "ours-memory" in others:
                    memory["ours-memory"] = {"action server": None,
                                             "Rasa server": rss_mb(others["ours-memory"].process.pid)}
            finally:
                for service in others.values():
                    service.stop()
                ours.stop()
    except ServiceError as error:
        print(error, file=sys.stderr)
        return 1
    sizes = {"ours": ours_model.stat().st_size / 1e6, "baseline": base_model.stat().st_size / 1e6}
    sizes["ours-memory"] = sizes["ours"]
    trainings = {"ours": ours_train, "ours-memory": ours_train, "baseline": base_train}
    figures = {name: Figures(trainings[name], sizes[name], *totals[name], memory[name], args.concurrency,
                             by_turn[name])
               for name in systems}
    command = "make bench" + (" (python -m tools.perf.bench " + " ".join(argv) + ")" if argv else "")
    settings = {k: getattr(args, k) for k in ("rounds", "sequential", "per_conversation", "concurrency", "warmup",
                                              "long_turns", "long_conversations")}
    text = render_page(figures, info, command, settings, kept_tradeoffs(args.out))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    RAW.parent.mkdir(parents=True, exist_ok=True)
    RAW.write_text(json.dumps({"machine": info, "settings": settings, "command": command,
                               **{name: asdict(f) for name, f in figures.items()}}, indent=1))
    print(text.split("## Results", 1)[1].split("## What", 1)[0].strip())
    found = targets(figures["ours"], figures["baseline"])
    print(f"\nVerdict against the baseline, measured in this run ({summary_line(found)}; "
          f"load average before: {info['load']}, at the end: {info['load_end']}):\n")
    print(verdict_table(found))
    print(f"Written: {args.out} (raw latencies: {RAW})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
