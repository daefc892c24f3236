"""What the appointment team did with a request: contacted, closed (or opened again), who and
when, in the assistant's database (records/database.py); and deleting a request when its
visitor asks (docs/privacy.md), which takes that history with it.

The request's `status` column (records/bookings.py) holds the current state, as `make bookings`
shows it; every change is also kept as a row here, so the history says who changed it when.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa

from records.bookings import booking_requests
from records.database import get_engine, latest_rows, metadata, storage_error

NEW, CONTACTED, CLOSED = "new", "contacted", "closed"
STATUSES = (NEW, CONTACTED, CLOSED)

booking_status_changes = sa.Table(
    "booking_status_changes",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("reference", sa.String(6), nullable=False, index=True),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("changed_by", sa.String(40), nullable=False),
    sa.Column("changed_at", sa.DateTime, nullable=False),
)


@dataclass(frozen=True)
class StatusChange:
    reference: str
    status: str
    changed_by: str
    changed_at: dt.datetime


def set_status(reference: str, status: str, changed_by: str, url: str | None = None) -> StatusChange | None:
    """Mark a request; None when there is no request with that reference.
    Raises ValueError for an unknown status, StorageError when the database fails."""
    if status not in STATUSES:
        raise ValueError(f"status must be one of {', '.join(STATUSES)}")
    change = StatusChange(reference, status, changed_by, dt.datetime.now(dt.timezone.utc).replace(tzinfo=None))
    try:
        with get_engine(url).begin() as connection:  # both rows, or neither
            updated = connection.execute(booking_requests.update()
                                         .where(booking_requests.c.reference == reference).values(status=status))
            if not updated.rowcount:
                return None
            connection.execute(booking_status_changes.insert().values(**change.__dict__))
    except sa.exc.SQLAlchemyError as error:
        raise storage_error(error) from error
    return change


def delete_request(reference: str, url: str | None = None) -> bool:
    """Delete one request and its history (the visitor asked); False when there is none.
    Raises StorageError when the database fails."""
    try:
        with get_engine(url).begin() as connection:  # both, or neither
            deleted = connection.execute(booking_requests.delete().where(booking_requests.c.reference == reference))
            forget_changes_of_deleted(connection)
    except sa.exc.SQLAlchemyError as error:
        raise storage_error(error) from error
    return bool(deleted.rowcount)


def forget_changes_of_deleted(connection: sa.engine.Connection) -> int:
    """Delete the history of requests that are gone (retention, or deleted at the visitor's
    request), in the caller's transaction: a reference that leads nowhere is kept no longer."""
    gone = booking_status_changes.c.reference.not_in(sa.select(booking_requests.c.reference))
    return connection.execute(booking_status_changes.delete().where(gone)).rowcount or 0


def latest_changes(url: str | None = None) -> dict[str, StatusChange]:
    """The latest change of each request that was ever marked, by reference."""
    rows = latest_rows(booking_status_changes, booking_status_changes.c.reference, url)
    return {r.reference: StatusChange(r.reference, r.status, r.changed_by, r.changed_at) for r in rows}


def changes_of(reference: str, url: str | None = None) -> list[StatusChange]:
    """Every change of one request, oldest first."""
    table = booking_status_changes
    query = sa.select(table).where(table.c.reference == reference).order_by(table.c.id)
    try:
        with get_engine(url).connect() as connection:
            rows = connection.execute(query).all()
    except sa.exc.SQLAlchemyError as error:
        raise storage_error(error) from error
    return [StatusChange(r.reference, r.status, r.changed_by, r.changed_at) for r in rows]
