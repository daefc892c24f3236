"""The charts page: conversations per day, how questions ended (answered, answered in part,
deflected, fallback, emergency), the top question types, 👍/👎 per answer and appointment
requests per day, each for a date range, each with the table behind it.

The conversations come from the tracker store (read-only, tools/staff/turns.py); the votes
and the requests are counted in the assistant's database (no personal data is read).
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

import sqlalchemy as sa
from aiohttp import web

from core.content import load_content
from records.bookings import booking_requests
from records.database import get_engine, storage_error
from records.votes import feedback_table
from tools.staff.console.pages import page
from tools.staff.console.period import Period, period_of
from tools.staff.console.plots import bars
from tools.staff.conversations import ReportError, tracker_url
from tools.staff.turns import ANSWERED, DOESNT_SAY, OTHER, QUESTION_OUTCOMES, VisitorTurn, read_turns

TOP_QUESTION_TYPES = 12


@dataclass(frozen=True)
class Chart:
    name: str
    title: str
    summary: str  # the image's text alternative
    headers: tuple[str, ...]
    rows: list[tuple[object, ...]]
    svg: Callable[[], str]


def _local_day(moment: float | dt.datetime) -> dt.date:
    if isinstance(moment, dt.datetime):
        aware = moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)
        return aware.astimezone().date()
    return dt.datetime.fromtimestamp(moment).date()


def _utc_naive(timestamp: float) -> dt.datetime:
    return dt.datetime.fromtimestamp(timestamp, dt.timezone.utc).replace(tzinfo=None)


def conversations_per_day(turns: list[VisitorTurn], period: Period) -> Chart:
    senders: dict[dt.date, set[str]] = {}
    for turn in turns:
        senders.setdefault(_local_day(turn.timestamp), set()).add(turn.sender)
    days = period.days()
    counts = [len(senders.get(day, ())) for day in days]
    labels = [f"{day:%b %d}" for day in days]
    return Chart("conversations", "Conversations per day",
                 f"{sum(counts)} conversation-days from {period.first} to {period.last}; busiest day "
                 f"{max(counts, default=0)}.", ("Day", "Conversations"),
                 [(day.isoformat(), n) for day, n in zip(days, counts, strict=True)],
                 lambda: bars(labels, [("Conversations", counts)], value_label="conversations"))


def outcome_share(turns: list[VisitorTurn]) -> Chart:
    counts = Counter(t.outcome for t in turns if t.outcome != OTHER)
    total = sum(counts.values())
    shares = [100 * counts[o] / total if total else 0.0 for o in QUESTION_OUTCOMES]
    rows = [(o, counts[o], f"{share:.0f} %") for o, share in zip(QUESTION_OUTCOMES, shares, strict=True)]
    summary = "; ".join(f"{o} {s:.0f} %" for o, s in zip(QUESTION_OUTCOMES, shares, strict=True))
    return Chart("outcomes", "How questions ended", f"Of {total} questions: {summary}.",
                 ("Outcome", "Questions", "Share"), rows,
                 lambda: bars(list(QUESTION_OUTCOMES) if total else [], [("Share", shares if total else [])],
                              horizontal=True, value_label="% of questions", percent=True))


def top_question_types(turns: list[VisitorTurn]) -> Chart:
    content = load_content()
    counts = Counter(t.intent for t in turns if t.outcome in (ANSWERED, DOESNT_SAY)).most_common(TOP_QUESTION_TYPES)
    labels = [content.title_for(intent) or intent for intent, _ in counts]
    rows = [(intent, title, n) for (intent, n), title in zip(counts, labels, strict=True)]
    top = f"; the most asked: {labels[0]} ({counts[0][1]})" if counts else ""
    return Chart("question-types", "Top question types answered", f"{len(counts)} question types{top}.",
                 ("Question type", "Title", "Answers"), rows,
                 lambda: bars(labels, [("Answers", [n for _, n in counts])], horizontal=True, value_label="answers"))


def _count_query(query: sa.sql.Select) -> list[sa.engine.Row]:
    try:
        with get_engine().connect() as connection:
            return connection.execute(query).all()
    except sa.exc.SQLAlchemyError as error:
        raise storage_error(error) from error


def votes_per_answer(period: Period) -> Chart:
    table = feedback_table
    query = (sa.select(table.c.question_type, table.c.helpful, sa.func.count())
             .where(table.c.created_at >= _utc_naive(period.since), table.c.created_at < _utc_naive(period.until))
             .group_by(table.c.question_type, table.c.helpful))
    up: Counter[str] = Counter()
    down: Counter[str] = Counter()
    for question_type, helpful, n in _count_query(query):
        (up if helpful else down)[question_type] += n
    types = sorted(set(up) | set(down), key=lambda q: (-down[q], -up[q], q))
    content = load_content()
    labels = [content.title_for(q) or q for q in types]
    rows = [(q, title, up[q], down[q]) for q, title in zip(types, labels, strict=True)]
    return Chart("votes", "👍 and 👎 per answer",
                 f"{sum(up.values())} 👍 and {sum(down.values())} 👎 on {len(types)} answers.",
                 ("Question type", "Title", "👍", "👎"), rows,
                 lambda: bars(labels, [("Helpful", [up[q] for q in types]), ("Not helpful", [down[q] for q in types])],
                              horizontal=True, value_label="votes"))


def bookings_per_day(period: Period) -> Chart:
    table = booking_requests
    query = sa.select(table.c.created_at).where(
        table.c.created_at >= _utc_naive(period.since - 86400), table.c.created_at < _utc_naive(period.until + 86400))
    per_day = Counter(_local_day(row.created_at) for row in _count_query(query))
    days = period.days()
    counts = [per_day.get(day, 0) for day in days]
    return Chart("bookings", "Appointment requests per day",
                 f"{sum(counts)} appointment requests from {period.first} to {period.last}.", ("Day", "Requests"),
                 [(day.isoformat(), n) for day, n in zip(days, counts, strict=True)],
                 lambda: bars([f"{day:%b %d}" for day in days], [("Requests", counts)], value_label="requests"))


def _turns(period: Period) -> tuple[list[VisitorTurn], str]:
    try:
        return read_turns(tracker_url(), period.since, period.until), ""
    except FileNotFoundError:
        return [], "No conversations are recorded yet (there is no tracker database)."
    except ReportError as error:
        return [], f"The conversations can't be read: {error}"


# Each chart from the period and the turns (read once per page).
CHARTS: dict[str, Callable[[Period, list[VisitorTurn]], Chart]] = {
    "conversations": lambda period, turns: conversations_per_day(turns, period),
    "outcomes": lambda period, turns: outcome_share(turns),
    "question-types": lambda period, turns: top_question_types(turns),
    "votes": lambda period, turns: votes_per_answer(period),
    "bookings": lambda period, turns: bookings_per_day(period),
}
NEEDS_TURNS = {"conversations", "outcomes", "question-types"}


def all_charts(period: Period) -> tuple[list[Chart], str]:
    turns, problem = _turns(period)
    return [make(period, turns) for make in CHARTS.values()], problem


async def charts_page(request: web.Request) -> web.Response:
    period = period_of(request.query)
    charts, problem = await asyncio.get_running_loop().run_in_executor(None, all_charts, period)
    return page(request, "charts.html.j2", "Charts", period=period, charts=charts,
                problem=problem or period.problem)


async def chart_svg(request: web.Request) -> web.Response:
    period = period_of(request.query)
    name = request.match_info["name"]

    if name not in CHARTS:
        raise web.HTTPNotFound(text=f"No chart called {name!r}.")

    def draw() -> str:
        turns = _turns(period)[0] if name in NEEDS_TURNS else []
        return CHARTS[name](period, turns).svg()

    svg = await asyncio.get_running_loop().run_in_executor(None, draw)
    return web.Response(text=svg, content_type="image/svg+xml", charset="utf-8")
