"""Retention (`make purge`, records/retention.py) with the real tracker store, on SQLite and
PostgreSQL: exactly what is past its period goes, everything else stays untouched."""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path

import pytest
from rasa.shared.core.events import SlotSet

from records import database, retention
from records.bookings import BookingRequest, list_requests, store_request
from records.conversations import ConversationPurge
from records.retention import Retention, purge
from records.votes import Vote, feedback_table, store_vote
from tests.support.tracker_stores import open_store, rows, save, session

DAY = 86400.0
NOW = dt.datetime(2026, 11, 20, 12, 0, tzinfo=dt.timezone.utc)
T = NOW.timestamp()
RETENTION = Retention(conversation_days=30, booking_days=90, vote_days=90)
REQUEST = BookingRequest(booking_for="child", patient_name="Jane Doe", phone="+16025550134", email=None,
                         preferred_time="Weekday morning", consent=True)


# The tracker store encrypts personal data with a key from the environment (docs/privacy.md).
pytestmark = pytest.mark.usefixtures("tracker_key")


@pytest.fixture
def url(store_url: str) -> str:
    return store_url


def conversations(url: str, now: float = T) -> None:
    """Four visitors whose conversations are old, returning, spanning the cut-off and recent."""
    T = now  # noqa: N806 (the same name as the fixed time the other tests use)
    store = open_store(url)
    save(store, "old", session(T - 40 * DAY))
    # Two sessions long ago, then one yesterday: the early ones go, yesterday's stays.
    save(store, "returning", session(T - 45 * DAY, "first visit"))
    save(store, "returning", session(T - 40 * DAY, "second visit"))
    save(store, "returning", session(T - 1 * DAY, "third visit"))
    # One session that began before the cut-off and went on after it stays whole.
    save(store, "spanning", [*session(T - 30 * DAY - 600, "started long ago"),
                             SlotSet("emergency_kind", None, timestamp=T - 29 * DAY)])
    save(store, "recent", session(T - 2 * DAY))
    store.engine.dispose()


def user_texts(url: str, sender: str) -> list[str]:
    import json
    return [json.loads(r["data"]).get("text") for r in rows(url, sender) if r["type_name"] == "user"]


def test_retention_removes_exactly_the_conversations_past_their_period(url: str) -> None:
    conversations(url)
    before = {sender: rows(url, sender) for sender in ("old", "returning", "spanning", "recent")}

    result = purge(RETENTION, url, url, now=NOW)

    assert result.conversations == ConversationPurge(
        conversations=1, sessions=2, events=len(before["old"]) + 2 * len(session(0)))
    assert rows(url, "old") == []
    assert user_texts(url, "returning") == ["third visit"]
    assert rows(url, "returning") == before["returning"][-len(session(0)):]  # the newest session, untouched
    assert rows(url, "spanning") == before["spanning"]
    assert rows(url, "recent") == before["recent"]
    # Rasa still reads the conversations that went on as before.
    tracker = asyncio.run(open_store(url).retrieve("returning"))
    assert tracker is not None and tracker.latest_message.text == "third visit"


def test_a_second_purge_finds_nothing_more(url: str) -> None:
    conversations(url)
    purge(RETENTION, url, url, now=NOW)
    again = purge(RETENTION, url, url, now=NOW)
    assert again.conversations == ConversationPurge(0, 0, 0) and again.bookings == again.votes == 0


def test_bookings_and_votes_past_their_period_go_and_the_rest_stay(url: str) -> None:
    old, recent = NOW - dt.timedelta(days=91), NOW - dt.timedelta(days=89)
    kept = store_request(REQUEST, "key-recent", url, now=recent)
    store_request(REQUEST, "key-old", url, now=old)
    for when, question in ((old, "ask_symptoms"), (recent, "ask_treatment")):
        store_vote(Vote("c0ffee", question, "an answer", True, when.replace(tzinfo=None)), url)

    result = purge(RETENTION, url, url, now=NOW)

    assert (result.bookings, result.votes) == (1, 1)
    assert [b.reference for b in list_requests(url)] == [kept]
    with database.get_engine(url).connect() as db:
        assert [row.question_type for row in db.execute(feedback_table.select())] == ["ask_treatment"]


def test_the_periods_come_from_the_environment(url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    conversations(url)
    monkeypatch.setenv("CONVERSATION_RETENTION_DAYS", "44")
    result = purge(Retention.from_env(), url, url, now=NOW)
    # Only the session of 45 days ago is older than 44 days; "old" (40 days) stays.
    assert result.conversations == ConversationPurge(conversations=0, sessions=1, events=len(session(0)))
    assert user_texts(url, "returning") == ["second visit", "third visit"]


@pytest.mark.parametrize("value", ["0", "-3", "thirty", "1.5"])
def test_a_bad_setting_purges_nothing_and_says_why(value: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("BOOKING_RETENTION_DAYS", value)
    assert retention.main(["--tracker-url", f"sqlite:///{tmp_path / 't.db'}",
                           "--database-url", f"sqlite:///{tmp_path / 'a.db'}"]) == 2
    assert "BOOKING_RETENTION_DAYS" in capsys.readouterr().err


def test_make_purge_on_a_fresh_clone_prints_zero_counts_and_creates_no_tracker_database(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("TRACKER_DB", str(tmp_path / "var" / "tracker.db"))
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'var' / 'assistant.db'}")
    assert retention.main([]) == 0
    out = capsys.readouterr().out
    assert "conversations older than 30 days: 0 removed" in out
    assert "appointment requests older than 90 days: 0 removed" in out
    assert not (tmp_path / "var" / "tracker.db").exists()
    database.forget_engines()


def test_the_purge_prints_counts_only(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    now = dt.datetime.now(dt.timezone.utc)
    conversations(url, now.timestamp())
    reference = store_request(REQUEST, "key-old", url, now=now - dt.timedelta(days=100))
    assert retention.main(["--tracker-url", url, "--database-url", url]) == 0
    out = capsys.readouterr().out
    assert "conversations older than 30 days: 1 removed, and 2 earlier session(s)" in out
    assert "appointment requests older than 90 days: 1 removed" in out
    for private in ("returning", "spanning", "first visit", "Jane", "602", reference):
        assert private not in out


def test_the_purge_finds_the_tracker_store_as_the_rasa_server_does(monkeypatch: pytest.MonkeyPatch) -> None:
    from records.conversations import tracker_database_url

    monkeypatch.setenv("TRACKER_DB", "/data/tracker.db")
    assert tracker_database_url() == "sqlite:////data/tracker.db"  # endpoints.yml
    for name, value in {"TRACKER_DB_HOST": "10.0.0.6", "TRACKER_DB_PORT": "5433", "TRACKER_DB_NAME": "rasa",
                        "TRACKER_DB_USER": "rasa", "TRACKER_DB_PASSWORD": "p@ss/word"}.items():
        monkeypatch.setenv(name, value)
    # deploy/scale-out/endpoints.scale.yml; the password is quoted, not taken for a separator.
    assert tracker_database_url() == "postgresql://rasa:p%40ss%2Fword@10.0.0.6:5433/rasa"
