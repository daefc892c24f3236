"""What the assistant's databases say went unanswered: the visitors' messages that ended in a
fallback or an out-of-scope reply (Rasa's SQL tracker store, table `events`) and the 👍/👎
votes (the `answer_feedback` table of records/votes.py). Read-only, always.

Visitors' texts come out masked (records/masking.py: names, phone numbers and emails become
[name], [phone], [email]); messages the tracker store keeps encrypted (booking answers, texts
with contact details) have no readable text and are left out (docs/privacy.md)."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

from records.conversations import tracker_database_url
from records.masking import content_words, mask_personal

FALLBACK_ACTIONS = {"action_explain_not_covered", "action_two_stage_fallback", "action_default_fallback"}
NOT_ANSWERED_INTENTS = {"nlu_fallback", "out_of_scope", "ask_other_disease", "ask_how_diagnosed", "ask_causes",
                        "ask_prevention"}
# Actions Rasa runs between a message and the reply that say nothing about the reply.
SILENT_ACTIONS = {"action_listen", "action_unlikely_intent", "action_extract_slots", "action_session_start"}


class ReportError(RuntimeError):
    """A database that cannot be read; the message says which and why."""


@dataclass(frozen=True)
class Message:
    text: str
    intent: str
    action: str
    timestamp: float



# --- finding the messages --------------------------------------------------------------------

def unanswered_messages(rows: Iterable[tuple[str, str, float | None, str | None, str | None, str | None]]
                        ) -> list[Message]:
    """Visitor messages whose reply was a fallback or an out-of-scope reply.

    `rows`: (sender_id, type_name, timestamp, intent_name, action_name, data) of the events
    table, ordered by sender and then by id, as Rasa wrote them.
    """
    found: list[Message] = []
    sender = None
    pending: Message | None = None

    def settle(message: Message | None) -> None:
        if message and (message.action in FALLBACK_ACTIONS or message.intent in NOT_ANSWERED_INTENTS):
            found.append(message)

    for sender_id, type_name, timestamp, intent_name, action_name, data in rows:
        if sender_id != sender:
            settle(pending)
            sender, pending = sender_id, None
        if type_name == "user":
            settle(pending)
            pending = None
            text = _text(data)
            if text and not text.startswith("/"):  # "/..." is a button the bot offered, not typed
                # Staff see what was asked, never who asked (names, numbers, emails masked).
                pending = Message(mask_personal(text, content_words()), intent_name or "", "", float(timestamp or 0))
        elif type_name == "action" and pending is not None and action_name not in SILENT_ACTIONS:
            settle(Message(pending.text, pending.intent, action_name or "", pending.timestamp))
            pending = None
    settle(pending)
    return found


def _text(data: str | None) -> str:
    try:
        return " ".join(str(json.loads(data or "{}").get("text") or "").split())
    except (ValueError, AttributeError):
        return ""


# --- reading the databases -------------------------------------------------------------------

def read_only_engine(url: str) -> sa.engine.Engine:
    sa_url = sa.engine.make_url(url)
    if sa_url.get_backend_name() == "sqlite":
        path = Path(sa_url.database or "")
        if not path.is_file():
            raise FileNotFoundError(path)
        # mode=ro: the report can never change or lock-upgrade the assistant's database.
        return sa.create_engine("sqlite://", creator=lambda: sqlite3.connect(f"file:{path}?mode=ro", uri=True))
    return sa.create_engine(sa_url)


def tracker_url() -> str:
    """Where the Rasa server keeps the conversations (TRACKER_DB_HOST … or TRACKER_DB)."""
    return tracker_database_url()


EVENTS = sa.table("events", *(sa.column(c) for c in
                              ("id", "sender_id", "type_name", "timestamp", "intent_name", "action_name", "data")))
EventRow = tuple[str, str, float | None, str | None, str | None, str | None]


def read_events(url: str, types: list[str], since: float | None = None, until: float | None = None,
                sender: str | None = None) -> list[EventRow]:
    """(sender, type, time, intent, action, data) of the events of these types in the tracker
    store at `url` (read-only), by conversation in order, between two Unix times. A missing
    SQLite file raises FileNotFoundError; another failure ReportError."""
    columns = EVENTS.c
    query = (sa.select(columns.sender_id, columns.type_name, columns.timestamp, columns.intent_name,
                       columns.action_name, columns.data)
             .where(columns.type_name.in_(types)).order_by(columns.sender_id, columns.id))
    if since is not None:
        query = query.where(columns.timestamp >= since)
    if until is not None:
        query = query.where(columns.timestamp < until)
    if sender is not None:
        query = query.where(columns.sender_id == sender)
    with reading(url) as connection:
        return [tuple(row) for row in connection.execute(query)]


@contextmanager
def reading(url: str) -> Iterator[sa.engine.Connection]:
    """A read-only connection to the tracker store at `url`; a database failure becomes a
    ReportError that names the store and the kind of failure, never the data."""
    engine = read_only_engine(url)
    try:
        with engine.connect() as connection:
            yield connection
    except sa.exc.SQLAlchemyError as error:
        raise ReportError(f"cannot read the conversations at {describe(url)}: "
                          f"{type(getattr(error, 'orig', error)).__name__}") from None
    finally:
        engine.dispose()


def read_unanswered(url: str, since: float | None = None) -> list[Message]:
    return unanswered_messages(read_events(url, ["user", "action"], since))


@dataclass(frozen=True)
class FeedbackLine:
    question_type: str
    down: int
    up: int
    answer_text: str


def read_feedback(url: str, since: float | None = None) -> list[FeedbackLine]:
    """Votes per question type, the most 👎 first."""
    engine = read_only_engine(url)
    table = sa.table("answer_feedback", *(sa.column(c) for c in
                                          ("question_type", "answer_text", "helpful", "created_at")))
    query = sa.select(table.c.question_type, table.c.answer_text, table.c.helpful)
    if since is not None:
        query = query.where(table.c.created_at >= dt.datetime.utcfromtimestamp(since))
    try:
        with engine.connect() as connection:
            rows = list(connection.execute(query))
    except sa.exc.OperationalError as error:
        if "no such table" in str(error):
            return []
        raise ReportError(f"cannot read the feedback at {describe(url)}: {getattr(error, 'orig', error)}") from None
    finally:
        engine.dispose()
    down: Counter[str] = Counter()
    up: Counter[str] = Counter()
    texts: dict[str, Counter[str]] = {}
    for question_type, answer_text, helpful in rows:
        (up if helpful else down)[question_type] += 1
        texts.setdefault(question_type, Counter())[answer_text or ""] += 1
    lines = [FeedbackLine(q, down[q], up[q], texts[q].most_common(1)[0][0]) for q in texts]
    return sorted(lines, key=lambda f: (-f.down, f.up, f.question_type))


def describe(url: str) -> str:
    """The database URL without its password, for messages and reports."""
    return sa.engine.make_url(url).render_as_string(hide_password=True)
