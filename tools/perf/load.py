"""`make load`: many visitors at once against a running assistant on loopback.

Starts the assistant (one Rasa server, or with --scale-out two behind nginx with PostgreSQL
and Redis), runs CONVERSATIONS concurrent conversations of TURNS turns each (page questions,
small talk, questions the page doesn't cover and, when the booking form exists, complete
bookings), then reports:

* errors: failed requests, non-200 answers, empty replies, the technical-problem apology;
* latency per turn: p50, p95, p99, max; throughput;
* lost turns: every turn must be in the tracker store, once;
* bookings: every confirmed booking (its reference code in the reply) must be in the
  booking database exactly once.

The figures, the machine and the command go into docs/reliability.md (between the
`load:begin`/`load:end` markers). Exit status 1 when the target (no errors, nothing lost or
duplicated) is missed. Bounded: requests time out after 60 s, the whole run after --deadline.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from addons.tracker_crypto import KEY_ENV, generate_key
from tools.common.machine import describe_machine
from tools.common.paths import PROJECT_DIR
from tools.perf.load_report import (
    REPORT,
    count_bookings,
    sqlalchemy_user_texts,
    sqlite_user_texts,
    stored_user_turns,
    summary,
    write_report,
)
from tools.perf.load_script import run_load
from tools.servers import Assistant, Ports, ScaleOut, ScalePorts


@dataclass
class Target:
    url: str  # where the REST channel is (a Rasa server, or nginx in front of several)
    setup: str
    user_texts: Callable[[str], list[str]]
    database_url: str | None


@contextmanager
def single_server(workdir: Path) -> Iterator[Target]:
    ports = Ports(host="127.0.0.1", rasa=int(os.environ.get("LOAD_RASA_PORT", 5605)),
                  actions=int(os.environ.get("LOAD_ACTIONS_PORT", 5655)))
    tracker_db = str(workdir / "tracker.db")
    database_url = f"sqlite:///{workdir / 'bookings.db'}"
    key = generate_key()
    env = {"TRACKER_DB": tracker_db, "DATABASE_URL": database_url, KEY_ENV: key,
           "APPOINTMENT_PHONE": "(602) 555-0134", "HOSPITAL_NAME": "Load Test Hospital"}
    with Assistant(ports=ports, extra_env=env, log_dir=workdir / "log"):
        yield Target(ports.rasa_url,
                     "one Rasa server + one action server, SQLite tracker store (the default `make run`)",
                     sqlite_user_texts(tracker_db, key), database_url)


@contextmanager
def scale_out(workdir: Path) -> Iterator[Target]:
    env = {"APPOINTMENT_PHONE": "(602) 555-0134", "HOSPITAL_NAME": "Load Test Hospital"}
    with ScaleOut(ScalePorts(base=int(os.environ.get("LOAD_SCALE_PORT_BASE", 5600))), extra_env=env) as scale:
        yield Target(scale.nginx_url,
                     "nginx → two Rasa servers, PostgreSQL tracker store and booking database, Redis lock store, "
                     "one action server (deploy/scale-out, `make scale-out`)",
                     sqlalchemy_user_texts(scale.db_url, scale.tracker_key), scale.bookings_url)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--conversations", type=int, default=50)
    parser.add_argument("--turns", type=int, default=20)
    parser.add_argument("--scale-out", action="store_true", help="nginx + two Rasa servers + PostgreSQL + Redis")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--deadline", type=float, default=600, help="seconds for the whole run")
    parser.add_argument("--no-report", action="store_true", help=f"print only; leave {REPORT.name} alone")
    args = parser.parse_args(argv)

    with_booking = True
    command = "make load" + (" LOAD_ARGS=--scale-out" if args.scale_out else "")
    if (args.conversations, args.turns) != (50, 20):
        command = f"python -m tools.perf.load --conversations {args.conversations} --turns {args.turns}" + (
            " --scale-out" if args.scale_out else "")
    with tempfile.TemporaryDirectory(prefix="all-load-") as tmp:
        start = scale_out if args.scale_out else single_server
        print("Starting the assistant ...", flush=True)
        with start(Path(tmp)) as target:
            print(f"{args.conversations} conversations x {args.turns} turns against {target.url} ...", flush=True)
            machine_text = f"{describe_machine()} before the run"
            results = run_load(target.url, args.conversations, args.turns, with_booking, args.seed, args.deadline)
            stored = stored_user_turns(target.user_texts, results)
            bookings = None
            if with_booking and target.database_url:
                bookings = count_bookings(target.database_url, results.booking_references)
    text, passed = summary(results, target.setup, command, stored, bookings, machine_text)
    print(text)
    if not args.no_report:
        write_report("scale-out" if args.scale_out else "one server", text)
        print(f"Written to {REPORT.relative_to(PROJECT_DIR)}")
    return 0 if passed else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
