"""`make profile`: where the Rasa server's time goes under the benchmark's load.

Starts the assistant as `make run` does (the model in models/, the action server, the SQLite
tracker store, on the benchmark's ports and a throw-away database), sends the benchmark's
messages with --concurrency conversations at once, and samples the Rasa server (or, with
--server actions, the action server) with py-spy for --seconds. Writes the raw stacks
(reports/profile/<server>.txt, py-spy's collapsed format, for speedscope or a flame graph) and
prints and writes a summary by component (tools/perf/profile_summary.py).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from tools.common.machine import describe_machine, load_average
from tools.common.paths import DEFAULT_MODEL, PROJECT_DIR, VENV_BIN
from tools.common.project_data import Project
from tools.perf.measure import measure, messages_for
from tools.perf.profile_summary import summarise
from tools.servers import Assistant, Ports, ServiceError

OUT = PROJECT_DIR / "reports" / "profile"


def _keep_busy(url: str, texts: list[str], conversations: int, per_conversation: int,
               until: threading.Event) -> None:
    while not until.is_set():
        measure(url, texts, conversations, per_conversation)


def record(pid: int, seconds: int, rate: int, out: Path) -> None:
    """py-spy's collapsed stacks of one process; --nonblocking: the server is not paused to sample."""
    command = [str(VENV_BIN / "py-spy"), "record", "--pid", str(pid), "--duration", str(seconds),
               "--rate", str(rate), "--format", "raw", "--output", str(out), "--nonblocking"]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0 or not out.exists():
        raise ServiceError(f"py-spy failed ({result.returncode}): {result.stderr.strip()[-800:]}\n"
                           "It needs permission to read another process's memory (root, or "
                           "kernel.yama.ptrace_scope=0).")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Sample the Rasa server under the benchmark's load.")
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--rate", type=int, default=100, help="samples per second")
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--per-conversation", type=int, default=25)
    parser.add_argument("--server", choices=("rasa", "actions"), default="rasa")
    parser.add_argument("--model", type=Path, default=DEFAULT_MODEL)
    parser.add_argument("--top", type=int, default=15, help="functions listed by their own time")
    parser.add_argument("--questions-only", action="store_true",
                        help="only the ask_ intents (for long conversations: --concurrency 1 --per-conversation 120)")
    args = parser.parse_args(argv)
    env = os.environ
    ports = Ports("127.0.0.1", int(env.get("BENCH_RASA_PORT", 5305)), int(env.get("BENCH_ACTIONS_PORT", 5355)))
    OUT.mkdir(parents=True, exist_ok=True)
    stacks = OUT / f"{args.server}.txt"
    texts = messages_for(Project(), args.concurrency * args.per_conversation, "ask_" if args.questions_only else "")
    machine_before = describe_machine()
    try:
        with tempfile.TemporaryDirectory(prefix="all-profile-") as scratch:
            extra = {"TRACKER_DB": f"{scratch}/tracker.db", "DATABASE_URL": f"sqlite:///{scratch}/assistant.db"}
            with Assistant(ports=ports, model=args.model, extra_env=extra, log_dir=OUT / "log") as assistant:
                measure(ports.rasa_url, texts[:20], 1, 10)  # warm-up, not sampled
                target = assistant.services[0 if args.server == "actions" else 1]
                assert target.process is not None
                done = threading.Event()
                load = threading.Thread(target=_keep_busy, daemon=True,
                                        args=(ports.rasa_url, texts, args.concurrency, args.per_conversation, done))
                print(f"Sampling the {target.name} (pid {target.process.pid}) for {args.seconds} s under "
                      f"{args.concurrency} conversations at once ...", flush=True)
                load.start()
                try:
                    record(target.process.pid, args.seconds, args.rate, stacks)
                finally:
                    done.set()
                    load.join()
    except ServiceError as error:
        print(error, file=sys.stderr)
        return 1
    header = (f"Profile of the {args.server} server, {dt.datetime.now():%Y-%m-%d %H:%M}, {args.seconds} s at "
              f"{args.rate} Hz, {args.concurrency} conversations at once (`make profile`).\n"
              f"Machine at the start: {machine_before}; load average at the end: {load_average()}.")
    text = header + "\n\n" + summarise(stacks.read_text(encoding="utf-8"), top=args.top)
    summary = OUT / f"{args.server}-summary.md"
    summary.write_text(text + "\n", encoding="utf-8")
    print(text)
    print(f"\nWritten: {summary}; raw stacks: {stacks} (open in https://www.speedscope.app or flamegraph.pl)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
