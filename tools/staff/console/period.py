"""The date range of the console's reports (charts, what visitors asked): from and to, both
days included, in the server's local time; the last 30 days unless the page says otherwise."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from multidict import MultiMapping

DEFAULT_DAYS = 30
MAX_DAYS = 3 * 366


@dataclass(frozen=True)
class Period:
    first: dt.date
    last: dt.date
    problem: str = ""

    @property
    def since(self) -> float:
        return dt.datetime.combine(self.first, dt.time()).timestamp()

    @property
    def until(self) -> float:
        return dt.datetime.combine(self.last + dt.timedelta(days=1), dt.time()).timestamp()

    def days(self) -> list[dt.date]:
        return [self.first + dt.timedelta(days=n) for n in range((self.last - self.first).days + 1)]

    @property
    def query(self) -> str:
        return f"from={self.first.isoformat()}&to={self.last.isoformat()}"


def _date(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


def period_of(query: MultiMapping[str], today: dt.date | None = None) -> Period:
    """The period a page's `from` and `to` ask for; a wrong one falls back to the default, saying why."""
    today = today or dt.date.today()
    first, last = _date(query.get("from")), _date(query.get("to"))
    problem = ""
    if (query.get("from") and first is None) or (query.get("to") and last is None):
        problem = "Dates are written like 2026-11-30; showing the last 30 days."
        first = last = None
    last = last or today
    first = first or last - dt.timedelta(days=DEFAULT_DAYS - 1)
    if first > last:
        first, last, problem = last, first, "The first day was after the last one; they have been swapped."
    if (last - first).days >= MAX_DAYS:
        first, problem = last - dt.timedelta(days=MAX_DAYS - 1), "At most three years are shown at once."
    return Period(first, last, problem)
