"""The one engine factory for everything the assistant stores.

`DATABASE_URL` chooses the database (any SQLAlchemy URL: `postgresql://user@host/db` in
production); without it, an SQLite file at var/assistant.db. Tables are created on first use,
and a column added to a table later (always nullable) is added to an older database then too,
so its rows stay readable.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from threading import Lock

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.engine.url import make_url
from sqlalchemy.schema import CreateColumn

from core.paths import PROJECT_DIR

DEFAULT_DATABASE = PROJECT_DIR / "var" / "assistant.db"
metadata = sa.MetaData()


class StorageError(RuntimeError):
    """The database can't be read or written; the message names no personal data."""


def database_url() -> str:
    return os.environ.get("DATABASE_URL", "").strip() or f"sqlite:///{DEFAULT_DATABASE}"


_engines: dict[str, Engine] = {}
_engines_lock = Lock()


def get_engine(url: str | None = None) -> Engine:
    """One engine per URL, with every table created (and the SQLite folder) on first use."""
    url = url or database_url()
    with _engines_lock:
        engine = _engines.get(url)
        if engine is None:
            parsed = make_url(url)
            if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
                Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
            # hide_parameters: a failed INSERT's message must not carry the visitor's details.
            engine = sa.create_engine(url, hide_parameters=True, pool_pre_ping=True, future=True)
            metadata.create_all(engine)
            add_missing_columns(engine)
            _engines[url] = engine
        return engine


def add_missing_columns(engine: Engine) -> list[str]:
    """ALTER TABLE … ADD COLUMN for every nullable column the database's tables lack.

    Additive only: a new column must be nullable, so the rows written before it keep working.
    Returns "table.column" for each column added.
    """
    added = []
    inspector = sa.inspect(engine)
    for table in metadata.sorted_tables:
        if not inspector.has_table(table.name):
            continue
        present = {column["name"] for column in inspector.get_columns(table.name)}
        for column in table.columns:
            if column.name in present:
                continue
            if not column.nullable:
                raise StorageError(f"table {table.name} lacks the required column {column.name}")
            name = engine.dialect.identifier_preparer.format_table(table)
            definition = CreateColumn(column).compile(dialect=engine.dialect)
            with engine.begin() as connection:
                connection.execute(sa.text(f"ALTER TABLE {name} ADD COLUMN {definition}"))
            added.append(f"{table.name}.{column.name}")
    return added


def conversation_key(sender_id: str) -> str:
    """A one-way stand-in for a conversation's sender id: what a vote or a booking request keeps
    to be found again by that conversation ("forget me"), without the id itself."""
    return hashlib.sha256(sender_id.encode()).hexdigest()[:16]


def forget_engines() -> None:
    """Close every cached engine (tests, and after the database moved)."""
    with _engines_lock:
        for engine in _engines.values():
            engine.dispose()
        _engines.clear()


def storage_error(error: Exception) -> StorageError:
    """The class name only: SQLAlchemy messages can quote the statement and its values."""
    kind = "database" if isinstance(error, sa.exc.SQLAlchemyError) else "storage"
    return StorageError(f"{kind} error ({type(error).__name__})")


def latest_rows(table: sa.Table, group: sa.Column, url: str | None = None) -> list[sa.engine.Row]:
    """The newest row (highest id) of each value of `group`: the current state of a log that
    is only ever appended to (answer sign-offs, booking status changes)."""
    newest = sa.select(sa.func.max(table.c.id)).group_by(group)
    try:
        with get_engine(url).connect() as connection:
            return connection.execute(sa.select(table).where(table.c.id.in_(newest))).all()
    except sa.exc.SQLAlchemyError as error:
        raise storage_error(error) from error
