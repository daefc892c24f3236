"""Appointment requests, in the assistant's database (records/database.py).

A request is committed before the visitor is told it was received; a repeated confirmation
of the same request (same idempotency key) returns the first reference code instead of
storing it twice. Nothing here logs a name, phone number or email.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import secrets
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from records.database import StorageError, get_engine, metadata, storage_error

logger = logging.getLogger(__name__)

# No 0/O or 1/I: a reference read out over the phone can't be mistaken.
REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
REFERENCE_LENGTH = 6
REFERENCE_ATTEMPTS = 8  # 32**6 ≈ 10**9 codes: a second collision in a row is practically impossible

booking_requests = sa.Table(
    "booking_requests",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("reference", sa.String(REFERENCE_LENGTH), nullable=False, unique=True),
    # sha256 of (conversation id, booking attempt): repeats are recognised without keeping the id.
    sa.Column("idempotency_key", sa.String(64), nullable=False, unique=True),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, index=True),
    sa.Column("booking_for", sa.String(20), nullable=False),
    sa.Column("patient_name", sa.String(100), nullable=False),
    # Who our team asks for when the patient is a child or someone else; NULL when the
    # visitor is the patient (and in rows stored before this column existed).
    sa.Column("contact_name", sa.String(100), nullable=True),
    sa.Column("phone", sa.String(20), nullable=False),
    sa.Column("email", sa.String(254), nullable=True),
    sa.Column("preferred_time", sa.String(120), nullable=False),
    sa.Column("consent", sa.Boolean, nullable=False),
    sa.Column("status", sa.String(20), nullable=False, server_default="new"),
)


@dataclass(frozen=True)
class BookingRequest:
    """What the visitor gave; phone in E.164, email None when skipped, contact_name None when
    the visitor is the patient."""

    booking_for: str
    patient_name: str
    phone: str
    email: str | None
    preferred_time: str
    consent: bool
    contact_name: str | None = None


@dataclass(frozen=True)
class StoredBooking:
    reference: str
    created_at: dt.datetime
    request: BookingRequest
    status: str


def idempotency_key(conversation_id: str, attempt: str) -> str:
    return hashlib.sha256(f"{conversation_id}\x1f{attempt}".encode()).hexdigest()


def new_reference() -> str:
    return "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))


def _existing_reference(connection: sa.engine.Connection, key: str) -> str | None:
    query = sa.select(booking_requests.c.reference).where(booking_requests.c.idempotency_key == key)
    return connection.execute(query).scalar_one_or_none()


def store_request(request: BookingRequest, key: str, url: str | None = None,
                  now: dt.datetime | None = None) -> str:
    """Commit the request and return its reference code (the first one again for a repeat).

    Raises StorageError when the database can't be reached or written.
    """
    try:
        engine = get_engine(url)
        for _ in range(REFERENCE_ATTEMPTS):
            reference = new_reference()
            try:
                with engine.begin() as connection:  # commits on leaving the block
                    existing = _existing_reference(connection, key)
                    if existing:
                        return existing
                    connection.execute(booking_requests.insert().values(
                        reference=reference, idempotency_key=key,
                        created_at=now or dt.datetime.now(dt.timezone.utc),
                        booking_for=request.booking_for, patient_name=request.patient_name,
                        contact_name=request.contact_name,
                        phone=request.phone, email=request.email, preferred_time=request.preferred_time,
                        consent=request.consent, status="new",
                    ))
            except IntegrityError:
                # Either the same request was stored meanwhile, or the code was taken: find out.
                with engine.connect() as connection:
                    existing = _existing_reference(connection, key)
                if existing:
                    return existing
                logger.info("Reference code collision; drawing another")
                continue
            logger.info("Stored appointment request %s", reference)
            return reference
    except (sa.exc.SQLAlchemyError, OSError) as error:
        raise storage_error(error) from error
    raise StorageError("no free reference code found")


def _as_utc(value: dt.datetime) -> dt.datetime:
    # SQLite hands back naive datetimes; they were written in UTC.
    return value.replace(tzinfo=dt.timezone.utc) if value.tzinfo is None else value.astimezone(dt.timezone.utc)


def list_requests(url: str | None = None, limit: int | None = None) -> list[StoredBooking]:
    """Stored requests, newest first. Raises StorageError when the database can't be read."""
    table = booking_requests
    query = sa.select(table).order_by(table.c.created_at.desc(), table.c.id.desc())
    if limit is not None:
        query = query.limit(limit)
    try:
        with get_engine(url).connect() as connection:
            rows = connection.execute(query).mappings().all()
    except (sa.exc.SQLAlchemyError, OSError) as error:
        raise storage_error(error) from error
    return [
        StoredBooking(
            reference=row["reference"],
            created_at=_as_utc(row["created_at"]),
            request=BookingRequest(
                booking_for=row["booking_for"], patient_name=row["patient_name"], phone=row["phone"],
                email=row["email"], preferred_time=row["preferred_time"], consent=bool(row["consent"]),
                contact_name=row["contact_name"],
            ),
            status=row["status"],
        )
        for row in rows
    ]
