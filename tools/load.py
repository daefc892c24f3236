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
import datetime as dt
import json
import os
import platform
import random
import re
import sqlite3
import statistics
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import requests

from addons.tracker_crypto import KEY_ENV, EventCipher, generate_key
from tools.servers import PROJECT_DIR, Assistant, Ports

REPORT = PROJECT_DIR / "docs" / "reliability.md"
BEGIN, END = "<!-- load:begin -->", "<!-- load:end -->"
APOLOGY_MARK = "technical problem"  # addons/resilient_rest.py apology_text()

QUESTIONS = [
    "what is acute lymphoblastic leukemia?", "what are b cells and t cells", "who gets ALL",
    "what are the symptoms of ALL", "are there any other signs", "where does it spread",
    "how is it treated", "what are the phases of treatment", "what is induction therapy",
    "what happens in consolidation", "what is maintenance chemo for", "are there clinical trials",
    "survival rate?", "is survival better for children than adults", "who reviewed this information",
]
OTHER = [
    "hello", "thank you", "what can you do?", "are you a bot?", "what causes leukemia",
    "how is ALL diagnosed", "what is the weather today", "my child has a fever, does he have ALL?",
]


@dataclass
class Turn:
    conversation: int
    text: str
    seconds: float
    status: int | None
    reply: str
    error: str | None = None


@dataclass
class Results:
    turns: list[Turn] = field(default_factory=list)
    senders: dict[int, str] = field(default_factory=dict)
    booking_references: list[str] = field(default_factory=list)
    bookings_attempted: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)
    wall_seconds: float = 0.0

    def add(self, turn: Turn) -> None:
        with self.lock:
            self.turns.append(turn)


# --- bookings: driven by the booking form when the domain has one -----------------------------

NAMES = ["Jane Doe", "John Smith", "Maria Garcia", "Wei Chen", "Amal Haddad", "Olivia Brown", "Noah Wilson"]
WHO = ["me", "my child", "someone else"]
TIMES = ["Weekday morning", "Monday afternoon", "any weekday after 3pm", "Friday morning"]


def booking_turns(n: int) -> list[str]:
    """A complete appointment request (the booking form's questions, in order): who it is for,
    name, phone (fictional 555-01xx numbers), email skipped, preferred time, consent, send."""
    return ["I'd like to book an appointment", WHO[n % len(WHO)], NAMES[n % len(NAMES)],
            f"602 555 01{n % 100:02d}", "skip", TIMES[n % len(TIMES)], "/affirm", "/affirm"]


BOOKING_REFERENCE = re.compile(r"Your reference is ([A-Z2-9]{6})\.")


def booking_reference(reply: str) -> str | None:
    match = BOOKING_REFERENCE.search(reply)
    return match.group(1) if match else None


def count_bookings(database_url: str, references: list[str]) -> dict[str, int]:
    """How often each reference is stored (issue 4's storage; a SQLAlchemy URL)."""
    import sqlalchemy as sa

    engine = sa.create_engine(database_url)
    try:
        if not sa.inspect(engine).has_table("booking_requests"):
            return dict.fromkeys(references, 0)
        table = sa.Table("booking_requests", sa.MetaData(), autoload_with=engine)
        with engine.connect() as db:
            rows = db.execute(sa.select(table.c.reference, sa.func.count()).group_by(table.c.reference)).fetchall()
    finally:
        engine.dispose()
    stored = {str(r): int(c) for r, c in rows}
    return {ref: stored.get(ref, 0) for ref in references} | {r: c for r, c in stored.items() if r not in references}


# --- the conversations ------------------------------------------------------------------------

def script(n: int, turns: int, with_booking: bool, rng: random.Random) -> list[str]:
    """What visitor n types: mostly page questions, some small talk and out-of-scope, and for
    every other visitor a complete booking somewhere in the middle."""
    texts = [rng.choice(QUESTIONS) if rng.random() < 0.75 else rng.choice(OTHER) for _ in range(turns)]
    if with_booking and n % 2 == 0:
        booking = booking_turns(n)
        start = rng.randrange(1, max(2, turns - len(booking)))
        texts[start:start + len(booking)] = booking
        texts = texts[:turns]
    return texts


def converse(url: str, n: int, texts: list[str], results: Results, deadline: float) -> None:
    sender = f"load-{uuid.uuid4().hex[:12]}"
    results.senders[n] = sender
    session = requests.Session()
    for text in texts:
        if time.monotonic() > deadline:
            results.add(Turn(n, text, 0.0, None, "", "deadline passed"))
            continue
        started = time.perf_counter()
        try:
            response = session.post(url, json={"sender": sender, "message": text}, timeout=60)
            seconds = time.perf_counter() - started
            reply = "\n".join(m.get("text") or "" for m in response.json()) if response.ok else response.text
            error = None
            if not response.ok:
                error = f"HTTP {response.status_code}"
            elif not reply.strip():
                error = "empty reply"
            elif APOLOGY_MARK in reply:
                error = "apology (a turn failed)"
            results.add(Turn(n, text, seconds, response.status_code, reply, error))
            reference = booking_reference(reply) if response.ok else None
            if reference:
                with results.lock:
                    results.booking_references.append(reference)
        except (requests.RequestException, ValueError) as exc:
            results.add(Turn(n, text, time.perf_counter() - started, None, "", type(exc).__name__))
    session.close()


def run_load(url: str, conversations: int, turns: int, with_booking: bool, seed: int, deadline_s: float) -> Results:
    rng = random.Random(seed)
    scripts = [script(n, turns, with_booking, rng) for n in range(conversations)]
    results = Results()
    results.bookings_attempted = sum(1 for s in scripts if booking_turns(0)[0] in s)
    deadline = time.monotonic() + deadline_s
    started = time.perf_counter()
    with ThreadPoolExecutor(conversations) as pool:
        for future in [pool.submit(converse, url, n, s, results, deadline) for n, s in enumerate(scripts)]:
            future.result()
    results.wall_seconds = time.perf_counter() - started
    return results


# --- what was stored --------------------------------------------------------------------------

def stored_user_turns(tracker_events: Callable[[str], list[str]], results: Results) -> dict[str, int]:
    """Turns sent but missing from the tracker store, and turns stored more than once."""
    lost = duplicated = 0
    for n, sender in results.senders.items():
        sent = [t.text for t in results.turns if t.conversation == n and t.status is not None]
        stored = tracker_events(sender)
        for text in set(sent):
            lost += max(0, sent.count(text) - stored.count(text))
            duplicated += max(0, stored.count(text) - sent.count(text))
    return {"lost": lost, "duplicated": duplicated}


def sqlite_user_texts(db_path: str, key: str) -> Callable[[str], list[str]]:
    cipher = EventCipher(key)  # booking answers are stored encrypted (docs/privacy.md)

    def texts(sender: str) -> list[str]:
        with sqlite3.connect(db_path) as db:
            rows = db.execute("SELECT data FROM events WHERE sender_id = ? AND type_name = 'user' ORDER BY id",
                              (sender,))
            return [cipher.open(json.loads(data)).get("text") or "" for (data,) in rows]
    return texts


def sqlalchemy_user_texts(url: str, key: str) -> Callable[[str], list[str]]:
    import sqlalchemy as sa

    engine = sa.create_engine(url)
    cipher = EventCipher(key)

    def texts(sender: str) -> list[str]:
        with engine.connect() as db:
            rows = db.execute(sa.text("SELECT data FROM events WHERE sender_id = :s AND type_name = 'user' "
                                      "ORDER BY id"), {"s": sender})
            return [cipher.open(json.loads(data)).get("text") or "" for (data,) in rows]
    return texts


# --- the report -------------------------------------------------------------------------------

def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100
    low, high = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (k - low)


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        mem_kb = int(next(x for x in Path("/proc/meminfo").read_text().splitlines() if x.startswith("MemTotal"))
                     .split()[1])
        memory = f"{mem_kb / 1024 / 1024:.0f} GB RAM"
    except (OSError, StopIteration, ValueError):
        memory = "unknown RAM"
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return (f"{cpu}, {os.cpu_count()} cores, {memory}; {platform.platform()}; Python {platform.python_version()}; "
            f"load average before the run {load}")


def summary(results: Results, setup: str, command: str, stored: dict[str, int],
            bookings: dict[str, int] | None, machine_text: str) -> tuple[str, bool]:
    ok = [t.seconds for t in results.turns if t.status == 200]
    errors = [t for t in results.turns if t.error]
    kinds: dict[str, int] = {}
    for turn in errors:
        kinds[turn.error or ""] = kinds.get(turn.error or "", 0) + 1
    ms = [s * 1000 for s in ok]
    kinds_text = f" ({', '.join(f'{k}: {v}' for k, v in kinds.items())})" if kinds else ""
    lines = [
        f"Run on {dt.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}: `{command}`",
        "",
        f"- Setup: {setup}",
        f"- Machine: {machine_text} (the load generator runs on the same machine)",
        f"- Load: {len(results.senders)} concurrent conversations, {len(results.turns)} turns in "
        f"{results.wall_seconds:.1f} s ({len(results.turns) / max(results.wall_seconds, 1e-9):.1f} turns/s)",
        "",
        "| measure | value |",
        "|---|---|",
        f"| errors | {len(errors)}{kinds_text} |",
        f"| latency p50 | {percentile(ms, 50):.0f} ms |",
        f"| latency p95 | {percentile(ms, 95):.0f} ms |",
        f"| latency p99 | {percentile(ms, 99):.0f} ms |",
        f"| latency max | {max(ms, default=float('nan')):.0f} ms |",
        f"| mean | {statistics.fmean(ms) if ms else float('nan'):.0f} ms |",
        f"| turns lost from the tracker store | {stored['lost']} |",
        f"| turns stored twice | {stored['duplicated']} |",
    ]
    passed = not errors and stored["lost"] == 0 and stored["duplicated"] == 0
    if bookings is None:
        lines.append("| bookings | the booking form is not on this branch: no bookings made |")
    else:
        confirmed = len(results.booking_references)
        missing = sum(1 for r in results.booking_references if bookings.get(r, 0) == 0)
        twice = sum(1 for r in set(results.booking_references) if bookings.get(r, 0) > 1)
        unconfirmed = sum(1 for r, c in bookings.items() if r not in results.booking_references and c)
        lines += [
            f"| complete bookings sent | {results.bookings_attempted} |",
            f"| bookings confirmed (reference in the reply) | {confirmed} |",
            f"| confirmed but not in the database | {missing} |",
            f"| in the database more than once | {twice} |",
            f"| in the database but never confirmed | {unconfirmed} |",
        ]
        passed = (passed and missing == 0 and twice == 0 and unconfirmed == 0
                  and len(set(results.booking_references)) == confirmed == results.bookings_attempted)
    lines += ["", f"Target (no errors, nothing lost or duplicated): **{'met' if passed else 'MISSED'}**."]
    return "\n".join(lines), passed


def write_report(section_title: str, text: str, path: Path = REPORT) -> None:
    """Replace this setup's block between the markers, keeping the other setups' and the prose."""
    begin, end = f"{BEGIN} {section_title}", f"{END} {section_title}"
    block = f"{begin}\n### {section_title}\n\n{text}\n{end}"
    current = path.read_text() if path.exists() else "# Reliability\n"
    pattern = re.compile(re.escape(begin) + r".*?" + re.escape(end), re.S)
    updated = pattern.sub(lambda _: block, current) if pattern.search(current) else current.rstrip() + "\n\n" + block
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(updated.rstrip() + "\n")


# --- the servers ------------------------------------------------------------------------------

@dataclass
class Target:
    url: str
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
        yield Target(f"{ports.rasa_url}/webhooks/rest/webhook",
                     "one Rasa server + one action server, SQLite tracker store (the default `make run`)",
                     sqlite_user_texts(tracker_db, key), database_url)


@contextmanager
def scale_out(workdir: Path) -> Iterator[Target]:
    from tools.scaleout import ScaleOut, ScalePorts

    env = {"APPOINTMENT_PHONE": "(602) 555-0134", "HOSPITAL_NAME": "Load Test Hospital"}
    with ScaleOut(ScalePorts(base=int(os.environ.get("LOAD_SCALE_PORT_BASE", 5600))), extra_env=env) as scale:
        yield Target(f"{scale.nginx_url}/webhooks/rest/webhook",
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
        command = f"python -m tools.load --conversations {args.conversations} --turns {args.turns}" + (
            " --scale-out" if args.scale_out else "")
    with tempfile.TemporaryDirectory(prefix="all-load-") as tmp:
        start = scale_out if args.scale_out else single_server
        print("Starting the assistant ...", flush=True)
        with start(Path(tmp)) as target:
            print(f"{args.conversations} conversations x {args.turns} turns against {target.url} ...", flush=True)
            machine_text = machine()
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
