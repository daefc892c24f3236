"""Login sessions of the staff console, in the assistant's database (records/database.py).

The browser holds a random token; the database only its SHA-256, so a copy of the database
opens no session. A session ends at logout, after `idle` without a request, and in any case
`lifetime` after the login. Each session has its own CSRF token for the console's forms.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

import sqlalchemy as sa

from records.database import get_engine, metadata, storage_error
from records.staff_accounts import staff_accounts

staff_sessions = sa.Table(
    "staff_sessions",
    metadata,
    sa.Column("token_hash", sa.String(64), primary_key=True),
    sa.Column("account_id", sa.Integer, sa.ForeignKey(staff_accounts.c.id, ondelete="CASCADE"), nullable=False),
    sa.Column("csrf_token", sa.String(64), nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("last_seen", sa.DateTime, nullable=False),
)

# How often the last-seen time is written: not on every request of a busy page.
TOUCH_EVERY = dt.timedelta(seconds=60)


@dataclass(frozen=True)
class Session:
    token_hash: str
    account_id: int
    csrf_token: str
    created_at: dt.datetime
    last_seen: dt.datetime


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(account_id: int, url: str | None = None) -> tuple[str, Session]:
    """A new session: the token for the browser's cookie, and the session."""
    token = secrets.token_urlsafe(32)
    now = _now()
    session = Session(_hash(token), account_id, secrets.token_urlsafe(32), now, now)
    try:
        with get_engine(url).begin() as connection:
            connection.execute(staff_sessions.insert().values(
                token_hash=session.token_hash, account_id=account_id, csrf_token=session.csrf_token,
                created_at=now, last_seen=now))
    except sa.exc.SQLAlchemyError as error:
        raise storage_error(error) from error
    return token, session


def find_session(token: str, idle: dt.timedelta, lifetime: dt.timedelta, url: str | None = None) -> Session | None:
    """The live session of this token (its last-seen time brought up to date), else None; an
    expired one is deleted."""
    if not token or len(token) > 100:
        return None
    table = staff_sessions
    now = _now()
    try:
        with get_engine(url).begin() as connection:
            row = connection.execute(sa.select(table).where(table.c.token_hash == _hash(token))).one_or_none()
            if row is None:
                return None
            if now - row.last_seen > idle or now - row.created_at > lifetime:
                connection.execute(table.delete().where(table.c.token_hash == row.token_hash))
                return None
            last_seen = row.last_seen
            if now - last_seen > TOUCH_EVERY:
                last_seen = now
                connection.execute(table.update().where(table.c.token_hash == row.token_hash).values(last_seen=now))
    except sa.exc.SQLAlchemyError as error:
        raise storage_error(error) from error
    return Session(row.token_hash, row.account_id, row.csrf_token, row.created_at, last_seen)


def end_session(token_hash: str, url: str | None = None) -> None:
    try:
        with get_engine(url).begin() as connection:
            connection.execute(staff_sessions.delete().where(staff_sessions.c.token_hash == token_hash))
    except sa.exc.SQLAlchemyError as error:
        raise storage_error(error) from error


def end_sessions_of(account_id: int, url: str | None = None) -> int:
    """Log an account out everywhere (after a password change, or when it is disabled)."""
    try:
        with get_engine(url).begin() as connection:
            result = connection.execute(staff_sessions.delete().where(staff_sessions.c.account_id == account_id))
    except sa.exc.SQLAlchemyError as error:
        raise storage_error(error) from error
    return result.rowcount or 0


def purge_expired(idle: dt.timedelta, lifetime: dt.timedelta, url: str | None = None) -> int:
    now = _now()
    table = staff_sessions
    try:
        with get_engine(url).begin() as connection:
            result = connection.execute(table.delete().where(sa.or_(
                table.c.last_seen < now - idle, table.c.created_at < now - lifetime)))
    except sa.exc.SQLAlchemyError as error:
        raise storage_error(error) from error
    return result.rowcount or 0
