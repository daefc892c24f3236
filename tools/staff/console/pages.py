"""The console's pages: Jinja2 templates (tools/staff/console/templates/) that escape every
value, the navigation, and the small formatting filters the templates share."""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
from aiohttp import web

from records.staff_accounts import BOOKINGS_ROLE, Account
from tools.staff.console.security import ACCOUNT, csrf_of

TEMPLATES = Path(__file__).resolve().parent / "templates"
STATIC = Path(__file__).resolve().parent / "static"

# (path, label, role needed or "")
NAV = (
    ("/", "Home", ""),
    ("/test", "Test pane", ""),
    ("/signoff", "Answer sign-off", ""),
    ("/asked", "What visitors asked", ""),
    ("/charts", "Charts", ""),
    ("/bookings", "Bookings", BOOKINGS_ROLE),
)


def local_time(value: dt.datetime | float | None, with_seconds: bool = False) -> str:
    """A stored UTC time (naive or aware) or a Unix time, in the server's local time."""
    if value is None:
        return ""
    if isinstance(value, (int, float)):
        moment = dt.datetime.fromtimestamp(value)
    else:
        moment = (value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)).astimezone().replace(tzinfo=None)
    return moment.strftime("%Y-%m-%d %H:%M:%S" if with_seconds else "%Y-%m-%d %H:%M")


def percent(value: float) -> str:
    return f"{value * 100:.0f} %"


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["local_time"] = local_time
    env.filters["percent"] = percent
    env.filters["confidence"] = lambda value: f"{value:.3f}"
    return env


def render(template: str, /, **values: Any) -> str:
    return environment().get_template(template).render(**values)


def nav_for(account: Account | None) -> list[tuple[str, str]]:
    if account is None:
        return []
    return [(path, label) for path, label, role in NAV if not role or account.has_role(role)]


def page(request: web.Request, template: str, title: str, /, status: int = 200, **values: Any) -> web.Response:
    """A whole page: the layout with the navigation, the account and the CSRF token."""
    account: Account | None = request.get(ACCOUNT)
    section = "/" + request.path.strip("/").split("/", 1)[0] if request.path != "/" else "/"
    html = render(template, title=title, account=account, csrf=csrf_of(request), nav=nav_for(account),
                  section=section.removesuffix(".csv"), **values)
    return web.Response(text=html, content_type="text/html", charset="utf-8", status=status)


def error_page(request: web.Request, status: int, message: str) -> web.Response:
    titles = {401: "Please log in", 403: "Not allowed", 404: "Not found", 405: "Not allowed",
              413: "Too large", 500: "Something went wrong"}
    return page(request, "error.html.j2", titles.get(status, "Error"), status=status, message=message)
