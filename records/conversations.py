"""The conversations Rasa keeps in its SQL tracker store (table `events`), seen from outside
Rasa: where they are, and deleting those past their retention period.

The Rasa server writes them (addons/tracker_store.py); `make purge` (records/retention.py)
and the staff report `make unanswered` read them with the same settings as the endpoints
files: TRACKER_DB_HOST, _PORT, _NAME, _USER and _PASSWORD for PostgreSQL
(deploy/scale-out/endpoints.scale.yml), else the SQLite file TRACKER_DB (endpoints.yml,
default var/tracker.db).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from core.paths import PROJECT_DIR

DEFAULT_TRACKER_DB = PROJECT_DIR / "var" / "tracker.db"
SESSION_STARTED = "session_started"
SESSION_START_ACTION = "action_session_start"
# The slot actions/privacy.py sets when a visitor confirmed "forget me": the tracker store
# (addons/tracker_store.py) then deletes the conversation instead of saving the turn.
FORGET_SLOT = "conversation_forgotten"

events = sa.table("events", *(sa.column(name) for name in (
    "id", "sender_id", "type_name", "timestamp", "intent_name", "action_name", "data")))


def tracker_database_url() -> str:
    """The tracker store's SQLAlchemy URL, from the same environment the Rasa server reads."""
    env = os.environ
    if env.get("TRACKER_DB_HOST"):
        return sa.engine.URL.create(
            "postgresql", username=env.get("TRACKER_DB_USER") or None, password=env.get("TRACKER_DB_PASSWORD") or None,
            host=env["TRACKER_DB_HOST"], port=int(env.get("TRACKER_DB_PORT") or 5432),
            database=env.get("TRACKER_DB_NAME") or None,
        ).render_as_string(hide_password=False)
    return f"sqlite:///{env.get('TRACKER_DB') or DEFAULT_TRACKER_DB}"


def sqlite_file_missing(url: str) -> bool:
    """An SQLite URL whose file does not exist yet (nothing stored, and nothing to create)."""
    parsed = sa.engine.make_url(url)
    return parsed.get_backend_name() == "sqlite" and not Path(parsed.database or "").is_file()


@dataclass(frozen=True)
class ConversationPurge:
    conversations: int  # removed entirely: nothing newer than the cut-off
    sessions: int  # earlier sessions removed from conversations that went on
    events: int  # rows removed, both kinds together


def purge_conversations(engine: Engine, cutoff: float) -> ConversationPurge:
    """Delete what is older than `cutoff` (a Unix time), a whole session at a time.

    A conversation whose latest event is older goes entirely. In one that went on, each
    earlier session that ended before the cut-off goes, while the session that spans it stays
    whole: Rasa needs a session's events from its start.
    """
    if not sa.inspect(engine).has_table("events"):
        return ConversationPurge(0, 0, 0)
    recent = sa.select(events.c.sender_id).where(events.c.timestamp >= cutoff)
    whole = events.c.sender_id.not_in(recent)
    later = events.alias("later")
    first_recent = (sa.select(sa.func.min(later.c.id))
                    .where(later.c.sender_id == events.c.sender_id, later.c.timestamp >= cutoff)
                    .correlate_except(later).scalar_subquery())
    starts = events.alias("starts")
    # A new session begins between this event and the first recent one: it is in an earlier session.
    earlier_session = sa.exists().where(
        starts.c.sender_id == events.c.sender_id,
        # Rasa opens every session with this action, just before the session_started event.
        starts.c.type_name == "action", starts.c.action_name == SESSION_START_ACTION,
        starts.c.id > events.c.id, starts.c.id <= first_recent,
    ).correlate_except(starts)
    old_sessions = sa.and_(sa.or_(events.c.timestamp < cutoff, events.c.timestamp.is_(None)), earlier_session)
    with engine.begin() as connection:
        conversations = connection.execute(
            sa.select(sa.func.count(sa.distinct(events.c.sender_id))).where(whole)).scalar_one()
        sessions = connection.execute(sa.select(sa.func.count()).select_from(events).where(
            old_sessions, events.c.type_name == SESSION_STARTED)).scalar_one()
        removed = connection.execute(events.delete().where(whole)).rowcount or 0
        removed += connection.execute(events.delete().where(old_sessions)).rowcount or 0
    return ConversationPurge(conversations, sessions, removed)
