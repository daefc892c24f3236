"""Staff sign-off of the assistant's answers, in the assistant's database (records/database.py).

Each decision is a new row (approved or flagged, with a comment), so the history stays: who
decided, when, on which content version (`core.content.content_version()`) and on which reply
(`fingerprint`: a hash of the reply exactly as the reviewer saw it). The latest row of a
question type is its current state; whether it has gone stale is decided by the console,
which knows the reply of today.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass

import sqlalchemy as sa

from records.database import get_engine, latest_rows, metadata, storage_error

APPROVED = "approved"
FLAGGED = "flagged"
DECISIONS = (APPROVED, FLAGGED)
MAX_COMMENT = 2000

answer_approvals = sa.Table(
    "answer_approvals",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("question_type", sa.String(100), nullable=False, index=True),
    sa.Column("decision", sa.String(20), nullable=False),
    sa.Column("comment", sa.Text, nullable=False, server_default=""),
    sa.Column("reviewer", sa.String(40), nullable=False),
    sa.Column("decided_at", sa.DateTime, nullable=False),
    sa.Column("content_version", sa.String(64), nullable=False),
    sa.Column("fingerprint", sa.String(64), nullable=False),
)


@dataclass(frozen=True)
class Decision:
    question_type: str
    decision: str
    comment: str
    reviewer: str
    decided_at: dt.datetime
    content_version: str
    fingerprint: str


def reply_fingerprint(messages: Sequence[tuple[str, Sequence[str]]]) -> str:
    """A hash of a reply: each message's text and button titles, in order."""
    data = json.dumps([[text, list(buttons)] for text, buttons in messages], ensure_ascii=False)
    return hashlib.sha256(data.encode()).hexdigest()[:16]


def decide(question_type: str, decision: str, comment: str, reviewer: str, content_version: str,
           fingerprint: str, url: str | None = None) -> Decision:
    """Store a decision. Raises ValueError for an unknown decision, StorageError on failure."""
    if decision not in DECISIONS:
        raise ValueError(f"decision must be one of {', '.join(DECISIONS)}")
    row = Decision(question_type, decision, comment.strip()[:MAX_COMMENT], reviewer,
                   dt.datetime.now(dt.timezone.utc).replace(tzinfo=None), content_version, fingerprint)
    try:
        with get_engine(url).begin() as connection:
            connection.execute(answer_approvals.insert().values(**row.__dict__))
    except sa.exc.SQLAlchemyError as error:
        raise storage_error(error) from error
    return row


def _decision(row: sa.engine.Row) -> Decision:
    return Decision(row.question_type, row.decision, row.comment, row.reviewer, row.decided_at,
                    row.content_version, row.fingerprint)


def latest_decisions(url: str | None = None) -> dict[str, Decision]:
    """The current decision of each question type that has one."""
    rows = latest_rows(answer_approvals, answer_approvals.c.question_type, url)
    return {row.question_type: _decision(row) for row in rows}


def history(question_type: str, url: str | None = None) -> list[Decision]:
    """Every decision on one question type, newest first."""
    table = answer_approvals
    query = sa.select(table).where(table.c.question_type == question_type).order_by(table.c.id.desc())
    try:
        with get_engine(url).connect() as connection:
            return [_decision(row) for row in connection.execute(query).all()]
    except sa.exc.SQLAlchemyError as error:
        raise storage_error(error) from error


def all_decisions(url: str | None = None) -> list[Decision]:
    """Every decision, newest first (the sign-off page shows each question type's history)."""
    table = answer_approvals
    try:
        with get_engine(url).connect() as connection:
            return [_decision(row) for row in connection.execute(sa.select(table).order_by(table.c.id.desc())).all()]
    except sa.exc.SQLAlchemyError as error:
        raise storage_error(error) from error
