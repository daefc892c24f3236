"""👍 / 👎 votes on answers, in the assistant's database (records/database.py).

A vote is kept with the question type and the answer it is about, never with the visitor's
words or sender id: only a one-way hash of it, so repeated votes of one conversation can be
told apart.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa

from records.database import conversation_key, get_engine, metadata, storage_error

__all__ = ["Vote", "conversation_key", "delete_votes_of", "feedback_table", "store_vote"]

feedback_table = sa.Table(
    "answer_feedback",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("conversation", sa.String(16), nullable=False),
    sa.Column("question_type", sa.String(100), nullable=False),
    sa.Column("answer_text", sa.Text, nullable=False),
    sa.Column("helpful", sa.Boolean, nullable=False),
)


@dataclass(frozen=True)
class Vote:
    conversation: str
    question_type: str
    answer_text: str
    helpful: bool
    created_at: dt.datetime


def store_vote(vote: Vote, url: str | None = None) -> None:
    """Raises StorageError when the database can't be written."""
    try:
        with get_engine(url).begin() as connection:
            connection.execute(feedback_table.insert().values(
                created_at=vote.created_at, conversation=vote.conversation, question_type=vote.question_type,
                answer_text=vote.answer_text, helpful=vote.helpful,
            ))
    except (sa.exc.SQLAlchemyError, OSError) as error:
        raise storage_error(error) from error


def delete_votes_of(conversation: str, url: str | None = None) -> int:
    """Delete the votes of one conversation ("forget me"); how many there were.
    Raises StorageError when the database can't be written."""
    try:
        with get_engine(url).begin() as connection:
            deleted = connection.execute(feedback_table.delete().where(feedback_table.c.conversation == conversation))
            return deleted.rowcount or 0
    except (sa.exc.SQLAlchemyError, OSError) as error:
        raise storage_error(error) from error
