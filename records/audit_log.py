"""The staff console's audit log, in the assistant's database (records/database.py): logins,
failed logins and logouts, and every view or export of personal data (appointment requests,
visitors' conversations) and every change to a request's status, and every request deleted.

An entry says who, when, what and which records (a filter, a reference code, a count), never
the personal data itself. Entries are only ever added.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa

from records.database import get_engine, metadata, storage_error

LOGIN = "login"
LOGIN_FAILED = "login failed"
LOGOUT = "logout"
PASSWORD_CHANGED = "password changed"
ACCOUNT_SAVED = "account saved"
BOOKINGS_VIEWED = "bookings viewed"
BOOKINGS_EXPORTED = "bookings exported"
BOOKING_STATUS = "booking status changed"
BOOKING_DELETED = "booking deleted"
CONVERSATION_VIEWED = "conversation viewed"
ROLE_REFUSED = "refused: missing role"

audit_log = sa.Table(
    "staff_audit_log",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("at", sa.DateTime, nullable=False, index=True),
    sa.Column("actor", sa.String(40), nullable=False, index=True),
    sa.Column("action", sa.String(40), nullable=False),
    sa.Column("detail", sa.String(300), nullable=False, server_default=""),
    sa.Column("address", sa.String(64), nullable=False, server_default=""),
)


@dataclass(frozen=True)
class AuditEntry:
    at: dt.datetime
    actor: str
    action: str
    detail: str
    address: str


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


def record(actor: str, action: str, detail: str = "", address: str = "", url: str | None = None) -> None:
    """Add an entry. Raises StorageError: an action that must be audited does not happen unaudited."""
    try:
        with get_engine(url).begin() as connection:
            connection.execute(audit_log.insert().values(
                at=_now(), actor=actor[:40], action=action, detail=detail[:300], address=address[:64]))
    except sa.exc.SQLAlchemyError as error:
        raise storage_error(error) from error


def entries(limit: int = 500, actor: str | None = None, url: str | None = None) -> list[AuditEntry]:
    """The newest entries first."""
    query = sa.select(audit_log).order_by(audit_log.c.id.desc()).limit(limit)
    if actor:
        query = query.where(audit_log.c.actor == actor)
    try:
        with get_engine(url).connect() as connection:
            rows = connection.execute(query).all()
    except sa.exc.SQLAlchemyError as error:
        raise storage_error(error) from error
    return [AuditEntry(r.at, r.actor, r.action, r.detail, r.address) for r in rows]


def failures_since(actor: str, since: dt.datetime, url: str | None = None) -> int:
    """Failed logins for this name since then, not counting those before its latest login."""
    table = audit_log
    last_login = (sa.select(sa.func.max(table.c.at))
                  .where(table.c.actor == actor, table.c.action == LOGIN).scalar_subquery())
    query = sa.select(sa.func.count()).select_from(table).where(
        table.c.actor == actor, table.c.action == LOGIN_FAILED, table.c.at >= since,
        sa.or_(last_login.is_(None), table.c.at > last_login))
    try:
        with get_engine(url).connect() as connection:
            return int(connection.execute(query).scalar_one())
    except sa.exc.SQLAlchemyError as error:
        raise storage_error(error) from error
