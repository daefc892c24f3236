"""What the load test checks and reports: every turn stored once in the tracker store, every
confirmed booking stored once, and the figures (into docs/reliability.md)."""

from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3
import statistics
from collections.abc import Callable
from pathlib import Path

from addons.tracker_crypto import EventCipher
from tools.common.paths import PROJECT_DIR
from tools.common.reports import markdown_table
from tools.common.stats import percentile
from tools.perf.load_script import Results

REPORT = PROJECT_DIR / "docs" / "reliability.md"
BEGIN, END = "<!-- load:begin -->", "<!-- load:end -->"


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

def summary(results: Results, setup: str, command: str, stored: dict[str, int],
            bookings: dict[str, int] | None, machine_text: str) -> tuple[str, bool]:
    ok = [t.seconds for t in results.turns if t.status == 200]
    errors = [t for t in results.turns if t.error]
    kinds: dict[str, int] = {}
    for turn in errors:
        kinds[turn.error or ""] = kinds.get(turn.error or "", 0) + 1
    ms = [s * 1000 for s in ok]
    kinds_text = f" ({', '.join(f'{k}: {v}' for k, v in kinds.items())})" if kinds else ""
    rows: list[tuple[str, object]] = [
        ("errors", f"{len(errors)}{kinds_text}"),
        ("latency p50", f"{percentile(ms, 50):.0f} ms"),
        ("latency p95", f"{percentile(ms, 95):.0f} ms"),
        ("latency p99", f"{percentile(ms, 99):.0f} ms"),
        ("latency max", f"{max(ms, default=float('nan')):.0f} ms"),
        ("mean", f"{statistics.fmean(ms) if ms else float('nan'):.0f} ms"),
        ("turns lost from the tracker store", stored["lost"]),
        ("turns stored twice", stored["duplicated"]),
    ]
    passed = not errors and stored["lost"] == 0 and stored["duplicated"] == 0
    if bookings is None:
        rows.append(("bookings", "the booking form is not on this branch: no bookings made"))
    else:
        confirmed = len(results.booking_references)
        missing = sum(1 for r in results.booking_references if bookings.get(r, 0) == 0)
        twice = sum(1 for r in set(results.booking_references) if bookings.get(r, 0) > 1)
        unconfirmed = sum(1 for r, c in bookings.items() if r not in results.booking_references and c)
        rows += [
            ("complete bookings sent", results.bookings_attempted),
            ("bookings confirmed (reference in the reply)", confirmed),
            ("confirmed but not in the database", missing),
            ("in the database more than once", twice),
            ("in the database but never confirmed", unconfirmed),
        ]
        passed = (passed and missing == 0 and twice == 0 and unconfirmed == 0
                  and len(set(results.booking_references)) == confirmed == results.bookings_attempted)
    lines = [
        f"Run on {dt.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}: `{command}`",
        "",
        f"- Setup: {setup}",
        f"- Machine: {machine_text} (the load generator runs on the same machine)",
        f"- Load: {len(results.senders)} concurrent conversations, {len(results.turns)} turns in "
        f"{results.wall_seconds:.1f} s ({len(results.turns) / max(results.wall_seconds, 1e-9):.1f} turns/s)",
        "- Latencies: nearest-rank percentiles of the turns that got an HTTP 200 (tools/common/stats.py, "
        "as in docs/benchmarks.md)",
        "",
        markdown_table(["measure", "value"], rows),
        "",
        f"Target (no errors, nothing lost or duplicated): **{'met' if passed else 'MISSED'}**.",
    ]
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
