"""`python -m records.retention` (`make purge`; `make run` and the scale-out run it once a day):
delete what the assistant keeps about visitors once its retention period is over.

    CONVERSATION_RETENTION_DAYS  conversations in the tracker store       (default 30)
    BOOKING_RETENTION_DAYS       appointment requests in DATABASE_URL     (default 90)
    VOTE_RETENTION_DAYS          👍 / 👎 votes in DATABASE_URL            (default 90)

It prints how much it removed, as counts only: never a sender id, a text or a reference.
docs/privacy.md lists everything that is kept and for how long.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from dataclasses import dataclass

import sqlalchemy as sa

from records.booking_handling import forget_changes_of_deleted
from records.bookings import booking_requests
from records.conversations import ConversationPurge, purge_conversations, sqlite_file_missing, tracker_database_url
from records.database import StorageError, get_engine, storage_error
from records.votes import feedback_table

DEFAULTS = {"CONVERSATION_RETENTION_DAYS": 30, "BOOKING_RETENTION_DAYS": 90, "VOTE_RETENTION_DAYS": 90}


class SettingError(ValueError):
    """A retention setting that is not a whole number of days."""


@dataclass(frozen=True)
class Retention:
    conversation_days: int
    booking_days: int
    vote_days: int

    @classmethod
    def from_env(cls) -> Retention:
        return cls(*(_days(name) for name in DEFAULTS))


def _days(name: str) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return DEFAULTS[name]
    try:
        days = int(raw)
    except ValueError:
        raise SettingError(f"{name}={raw!r} is not a whole number of days") from None
    if days < 1:
        raise SettingError(f"{name} must be at least 1 day, not {days}")
    return days


@dataclass(frozen=True)
class PurgeResult:
    conversations: ConversationPurge
    bookings: int
    votes: int


def purge_bookings(url: str | None, days: int, now: dt.datetime) -> int:
    """Delete appointment requests made more than `days` ago, with the staff's record of what was
    done with them (records/booking_handling.py); how many requests there were."""
    cutoff = now - dt.timedelta(days=days)
    try:
        with get_engine(url).begin() as connection:
            removed = connection.execute(booking_requests.delete().where(booking_requests.c.created_at < cutoff))
            forget_changes_of_deleted(connection)
            return removed.rowcount
    except (sa.exc.SQLAlchemyError, OSError) as error:
        raise storage_error(error) from error


def purge_votes(url: str | None, days: int, now: dt.datetime) -> int:
    """Delete votes older than `days` (kept as naive UTC); how many there were."""
    cutoff = (now - dt.timedelta(days=days)).astimezone(dt.timezone.utc).replace(tzinfo=None)
    try:
        with get_engine(url).begin() as connection:
            return connection.execute(feedback_table.delete().where(feedback_table.c.created_at < cutoff)).rowcount
    except (sa.exc.SQLAlchemyError, OSError) as error:
        raise storage_error(error) from error


def purge_tracker(url: str, days: int, now: dt.datetime) -> ConversationPurge:
    if sqlite_file_missing(url):
        return ConversationPurge(0, 0, 0)  # nothing was ever stored: create nothing either
    engine = sa.create_engine(url, hide_parameters=True, future=True)
    try:
        return purge_conversations(engine, (now - dt.timedelta(days=days)).timestamp())
    except (sa.exc.SQLAlchemyError, OSError) as error:
        raise storage_error(error) from error
    finally:
        engine.dispose()


def purge(retention: Retention, tracker_url: str, database_url: str | None = None,
          now: dt.datetime | None = None) -> PurgeResult:
    now = now or dt.datetime.now(dt.timezone.utc)
    return PurgeResult(
        conversations=purge_tracker(tracker_url, retention.conversation_days, now),
        bookings=purge_bookings(database_url, retention.booking_days, now),
        votes=purge_votes(database_url, retention.vote_days, now),
    )


def summary(result: PurgeResult, retention: Retention) -> str:
    conversations = result.conversations
    return "\n".join([
        f"Purged what is past its retention period ({dt.datetime.now():%Y-%m-%d %H:%M}):",
        f"  conversations older than {retention.conversation_days} days: {conversations.conversations} removed, "
        f"and {conversations.sessions} earlier session(s) of conversations that went on "
        f"({conversations.events} events in all)",
        f"  appointment requests older than {retention.booking_days} days: {result.bookings} removed",
        f"  answer votes older than {retention.vote_days} days: {result.votes} removed",
    ])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m records.retention", description=__doc__.splitlines()[0])
    parser.add_argument("--tracker-url", help="the tracker store's SQLAlchemy URL (default: as the Rasa server)")
    parser.add_argument("--database-url", help="bookings and votes (default: DATABASE_URL, as the actions)")
    args = parser.parse_args(argv)
    try:
        retention = Retention.from_env()
        result = purge(retention, args.tracker_url or tracker_database_url(), args.database_url)
    except SettingError as error:
        print(f"Nothing purged: {error}.", file=sys.stderr)
        return 2
    except StorageError as error:  # names the kind of failure only, never data
        print(f"Purge failed: {error}", file=sys.stderr)
        return 1
    print(summary(result, retention), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
