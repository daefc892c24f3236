"""The contact person's name in the stored request: a new column that older databases get on
first use (their rows stay readable), and a column of its own in `make bookings`."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from records import database
from records.bookings import BookingRequest, idempotency_key, list_requests, store_request
from tools.staff.bookings import ASK_FOR_PATIENT, main

# The table as it was before the contact person's name was asked (issue 4).
OLD_TABLE = """CREATE TABLE booking_requests (
    id INTEGER PRIMARY KEY, reference VARCHAR(6) NOT NULL UNIQUE, idempotency_key VARCHAR(64) NOT NULL UNIQUE,
    created_at DATETIME NOT NULL, booking_for VARCHAR(20) NOT NULL, patient_name VARCHAR(100) NOT NULL,
    phone VARCHAR(20) NOT NULL, email VARCHAR(254), preferred_time VARCHAR(120) NOT NULL,
    consent BOOLEAN NOT NULL, status VARCHAR(20) DEFAULT 'new' NOT NULL)"""
OLD_ROW = ("INSERT INTO booking_requests VALUES (1, 'OLDROW', 'k', '2026-01-02 10:00:00', 'child', 'Old Row', "
           "'+16025550134', NULL, 'Any time', 1, 'new')")


@pytest.fixture
def db_url(tmp_path: Path) -> Iterator[str]:
    yield f"sqlite:///{tmp_path / 'assistant.db'}"
    database.forget_engines()


def make_old_database(url: str) -> None:
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        connection.execute(sa.text(OLD_TABLE))
        connection.execute(sa.text(OLD_ROW))
    engine.dispose()


def test_an_older_database_gets_the_column_and_its_rows_stay_readable(db_url: str) -> None:
    make_old_database(db_url)
    [old] = list_requests(db_url)
    assert (old.reference, old.request.patient_name, old.request.contact_name) == ("OLDROW", "Old Row", None)
    request = BookingRequest("child", "Leo Doe", "+16025550134", None, "Any time", True, contact_name="Sam Doe")
    reference = store_request(request, idempotency_key("visitor", "1"), db_url)
    stored = {b.reference: b.request.contact_name for b in list_requests(db_url)}
    assert stored == {"OLDROW": None, reference: "Sam Doe"}


def test_adding_missing_columns_is_idempotent(db_url: str) -> None:
    make_old_database(db_url)
    engine = database.get_engine(db_url)  # adds the column
    assert database.add_missing_columns(engine) == []


def test_make_bookings_says_whom_to_ask_for(db_url: str, capsys: pytest.CaptureFixture) -> None:
    make_old_database(db_url)
    now = dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.timezone.utc)
    store_request(BookingRequest("child", "Leo Doe", "+16025550134", None, "Any time", True, contact_name="Sam Doe"),
                  idempotency_key("a", "1"), db_url, now=now)
    store_request(BookingRequest("self", "Ann Lee", "+16025550134", None, "Any time", True),
                  idempotency_key("b", "1"), db_url, now=now + dt.timedelta(hours=1))
    assert main(["--database-url", db_url, "--format", "csv"]) == 0
    rows = {r["patient_name"]: r["ask_for"] for r in csv.DictReader(io.StringIO(capsys.readouterr().out))}
    assert rows == {"Ann Lee": ASK_FOR_PATIENT, "Leo Doe": "Sam Doe", "Old Row": ""}
    assert main(["--database-url", db_url]) == 0
    table = capsys.readouterr().out
    assert "ask_for" in table and "Sam Doe" in table and ASK_FOR_PATIENT in table
