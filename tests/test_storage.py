"""Storing appointment requests: commit, newest first, no duplicates, failures reported."""

from __future__ import annotations

import datetime as dt
import logging
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from records import bookings, database
from records.bookings import (
    REFERENCE_ALPHABET,
    REFERENCE_LENGTH,
    BookingRequest,
    StorageError,
    idempotency_key,
    list_requests,
    new_reference,
    store_request,
)

REQUEST = BookingRequest(
    booking_for="child", patient_name="Jane Doe", phone="+16025550134", email="jane@example.com",
    preferred_time="Weekday morning", consent=True,
)


# The same code on PostgreSQL: set TEST_POSTGRES_URL (an empty database) to run these tests there too.
POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL", "")


@pytest.fixture(params=["sqlite", *(["postgresql"] if POSTGRES_URL else [])])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'nested' / 'bookings.db'}"
    else:
        yield POSTGRES_URL
        bookings.booking_requests.drop(database.get_engine(POSTGRES_URL), checkfirst=True)
    database.forget_engines()


def test_first_use_creates_folder_and_table_and_stores(db_url: str, tmp_path: Path) -> None:
    reference = store_request(REQUEST, idempotency_key("visitor-1", "a1"), db_url)
    if db_url.startswith("sqlite"):
        assert (tmp_path / "nested" / "bookings.db").exists()
    [stored] = list_requests(db_url)
    assert stored.reference == reference
    assert stored.request == REQUEST
    assert stored.status == "new"
    assert stored.created_at.tzinfo is not None


def test_a_new_engine_sees_the_committed_request(db_url: str) -> None:
    reference = store_request(REQUEST, idempotency_key("visitor-1", "a1"), db_url)
    database.forget_engines()  # as after an action-server restart
    assert [b.reference for b in list_requests(db_url)] == [reference]


def test_requests_are_listed_newest_first(db_url: str) -> None:
    start = dt.datetime(2026, 1, 1, 9, 0, tzinfo=dt.timezone.utc)
    refs = [
        store_request(REQUEST, idempotency_key("v", str(i)), db_url, now=start + dt.timedelta(hours=i))
        for i in (2, 0, 1)
    ]
    listed = list_requests(db_url)
    assert [b.reference for b in listed] == [refs[0], refs[2], refs[1]]
    assert [b.reference for b in list_requests(db_url, limit=1)] == [refs[0]]


def test_a_repeated_confirmation_is_stored_once(db_url: str) -> None:
    key = idempotency_key("visitor-1", "attempt-1")
    first = store_request(REQUEST, key, db_url)
    again = store_request(REQUEST, key, db_url)
    assert again == first
    assert len(list_requests(db_url)) == 1
    other = store_request(REQUEST, idempotency_key("visitor-1", "attempt-2"), db_url)
    assert other != first and len(list_requests(db_url)) == 2


def test_reference_codes_are_short_and_unambiguous() -> None:
    codes = {new_reference() for _ in range(2000)}
    assert len(codes) > 1990  # random, not a counter
    for code in codes:
        assert len(code) == REFERENCE_LENGTH
        assert set(code) <= set(REFERENCE_ALPHABET)
    assert not set("01OI") & set(REFERENCE_ALPHABET)


def test_a_taken_reference_code_is_drawn_again(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    codes = iter(["AAAAAA", "AAAAAA", "BBBBBB"])
    monkeypatch.setattr(bookings, "new_reference", lambda: next(codes))
    assert store_request(REQUEST, idempotency_key("v", "1"), db_url) == "AAAAAA"
    assert store_request(REQUEST, idempotency_key("v", "2"), db_url) == "BBBBBB"


def test_reference_codes_are_unique_in_the_database(db_url: str) -> None:
    store_request(REQUEST, idempotency_key("v", "1"), db_url)
    [stored] = list_requests(db_url)
    engine = database.get_engine(db_url)
    with pytest.raises(sa.exc.IntegrityError), engine.begin() as connection:
        connection.execute(bookings.booking_requests.insert().values(
            reference=stored.reference, idempotency_key="other", created_at=stored.created_at,
            booking_for="self", patient_name="X Y", phone="+16025550134", email=None,
            preferred_time="Any time", consent=True,
        ))


def test_default_database_is_var_assistant_db(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert database.database_url().endswith("var/assistant.db")
    monkeypatch.setenv("DATABASE_URL", "postgresql://staff@db.internal/bookings")
    assert database.database_url() == "postgresql://staff@db.internal/bookings"


@pytest.mark.parametrize("url", ["not a url", "nosuchdialect://x/y", "sqlite:////proc/no/such/dir/bookings.db"])
def test_an_unusable_database_raises_storage_error(url: str) -> None:
    with pytest.raises(StorageError):
        store_request(REQUEST, idempotency_key("v", "1"), url)
    with pytest.raises(StorageError):
        list_requests(url)


def test_a_failing_database_names_no_personal_data(db_url: str, monkeypatch: pytest.MonkeyPatch,
                                                   caplog: pytest.LogCaptureFixture) -> None:
    engine = database.get_engine(db_url)

    def broken_begin() -> None:
        raise sa.exc.OperationalError("INSERT ...", {"patient_name": "Jane Doe"}, Exception("disk I/O error"))

    monkeypatch.setattr(engine, "begin", broken_begin)
    caplog.set_level(logging.DEBUG)
    with pytest.raises(StorageError) as raised:
        store_request(REQUEST, idempotency_key("v", "1"), db_url)
    for text in (str(raised.value), caplog.text):
        assert "Jane" not in text and "0134" not in text and "example.com" not in text


def test_storing_logs_no_personal_data(db_url: str, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    reference = store_request(REQUEST, idempotency_key("v", "1"), db_url)
    assert reference in caplog.text
    for personal in ("Jane", "0134", "jane@example.com"):
        assert personal not in caplog.text
