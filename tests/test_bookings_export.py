"""`make bookings`: the staff list and CSV export, newest first, safe in a spreadsheet."""

from __future__ import annotations

import csv
import datetime as dt
import io
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from records import database
from records.bookings import BookingRequest, idempotency_key, store_request
from tools.common.reports import csv_safe
from tools.staff.bookings import COLUMNS, main

PROJECT = Path(__file__).resolve().parent.parent
START = dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.timezone.utc)


def request(name: str, **changes: str) -> BookingRequest:
    values = dict(booking_for="self", patient_name=name, phone="+16025550134", email=None,
                  preferred_time="Weekday morning", consent=True)
    values.update(changes)
    return BookingRequest(**values)


@pytest.fixture
def db_url(tmp_path: Path) -> Iterator[str]:
    url = f"sqlite:///{tmp_path / 'bookings.db'}"
    yield url
    database.forget_engines()


@pytest.fixture
def stored(db_url: str) -> list[str]:
    """Three requests stored out of order; returns their references, newest first."""
    older = store_request(request("Ann Older"), idempotency_key("a", "1"), db_url, now=START)
    newest = store_request(request("=HYPERLINK(\"http://evil\")", email="@x.example.com",
                                   preferred_time="-1+1", booking_for="child"),
                           idempotency_key("b", "1"), db_url, now=START + dt.timedelta(hours=2))
    middle = store_request(request("Bo Middle", email="bo@example.com"), idempotency_key("c", "1"), db_url,
                           now=START + dt.timedelta(hours=1))
    return [newest, middle, older]


@pytest.mark.parametrize(
    ("cell", "safe"),
    [("=1+1", "'=1+1"), ("+16025550134", "'+16025550134"), ("-2", "'-2"), ("@SUM(A1)", "'@SUM(A1)"),
     ("\tx", "'\tx"), ("\rx", "'\rx"), ("Jane Doe", "Jane Doe"), ("", ""), ("a=b", "a=b")],
)
def test_formula_like_cells_get_a_leading_apostrophe(cell: str, safe: str) -> None:
    assert csv_safe(cell) == safe


def test_csv_export_newest_first_and_escaped(stored: list[str], db_url: str, tmp_path: Path,
                                             capsys: pytest.CaptureFixture) -> None:
    out = tmp_path / "export" / "requests.csv"
    assert main(["--database-url", db_url, "--csv", str(out)]) == 0
    assert "Wrote 3 request(s)" in capsys.readouterr().out
    rows = list(csv.DictReader(out.open(encoding="utf-8", newline="")))
    assert tuple(rows[0].keys()) == COLUMNS
    assert [r["reference"] for r in rows] == stored
    newest = rows[0]
    assert newest["patient_name"] == "'=HYPERLINK(\"http://evil\")"
    assert newest["email"] == "'@x.example.com"
    assert newest["preferred_time"] == "'-1+1"
    assert newest["phone"] == "'+16025550134"
    assert newest["for"] == "visitor's child" and rows[1]["for"] == "the visitor"
    assert rows[1]["email"] == "bo@example.com" and rows[2]["email"] == ""
    assert rows[2]["received_utc"] == "2026-03-02 09:30"
    assert all(r["consent"] == "yes" and r["status"] == "new" for r in rows)


def test_csv_on_standard_output(stored: list[str], db_url: str, capsys: pytest.CaptureFixture) -> None:
    assert main(["--database-url", db_url, "--format", "csv"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert rows[0] == list(COLUMNS)
    assert [r[0] for r in rows[1:]] == stored


def test_table_lists_newest_first(stored: list[str], db_url: str, capsys: pytest.CaptureFixture) -> None:
    assert main(["--database-url", db_url]) == 0
    out = capsys.readouterr().out
    positions = [out.index(ref) for ref in stored]
    assert positions == sorted(positions)
    assert "+1 602-555-0134" in out and "3 request(s), newest first." in out
    assert main(["--database-url", db_url, "--limit", "1"]) == 0
    out = capsys.readouterr().out
    assert stored[0] in out and stored[1] not in out


def test_an_empty_database_says_so(db_url: str, capsys: pytest.CaptureFixture) -> None:
    assert main(["--database-url", db_url]) == 0
    assert "No appointment requests yet." in capsys.readouterr().out


def test_an_unreadable_database_is_a_clear_error(capsys: pytest.CaptureFixture) -> None:
    assert main(["--database-url", "nosuchdialect://db"]) == 1
    assert "Could not read the appointment requests" in capsys.readouterr().err


def test_make_bookings_reads_database_url(stored: list[str], db_url: str, tmp_path: Path) -> None:
    """The staff command as documented: `make bookings CSV=...` with DATABASE_URL set."""
    out = tmp_path / "make.csv"
    result = subprocess.run(
        ["make", "--no-print-directory", "bookings", f"CSV={out}"], cwd=PROJECT, capture_output=True, text=True,
        env={"PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin", "DATABASE_URL": db_url}, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert [r["reference"] for r in csv.DictReader(out.open(newline=""))] == stored
