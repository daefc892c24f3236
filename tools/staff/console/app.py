"""The staff console's aiohttp application: the routes, the middlewares (security headers,
error pages, login, CSRF) and what runs beside the pages (the test assistant, the answer sheet).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
from collections.abc import AsyncIterator

from aiohttp import web

from core.content import content_version, load_content
from core.replies import format_date
from records import audit_log
from records.masking import content_words
from records.staff_accounts import ADMIN_ROLE, BOOKINGS_ROLE
from tools.staff.console import asked, auth_pages, batch, bookings_pages, charts, signoff, test_pane
from tools.staff.console.pages import STATIC, error_page, page
from tools.staff.console.security import (
    CONFIG,
    Handler,
    account_of,
    csrf_protection,
    require_login,
    requires_role,
    security_headers,
)
from tools.staff.console.settings import ConsoleConfig
from tools.staff.console.sheet import SheetMaker
from tools.staff.console.tester import READY, STARTING, ConsoleAssistant

log = logging.getLogger("console")
MAX_BODY_BYTES = batch.MAX_UPLOAD_BYTES + 64 * 1024


def _wants_html(request: web.Request) -> bool:
    return "text/html" in request.headers.get("Accept", "")


@web.middleware
async def error_pages(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Errors a browser sees as a page of the console (with its language, title and way back)."""
    try:
        return await handler(request)
    except web.HTTPException as error:
        if error.status < 400 or not _wants_html(request):
            raise
        response = error_page(request, error.status, error.text or error.reason)
        for name in ("WWW-Authenticate", "Allow"):
            if name in error.headers:
                response.headers[name] = error.headers[name]
        return response
    except Exception:  # a bug or a database failure: logged, and a plain page without details
        log.exception("Error on %s %s", request.method, request.path)
        message = "Something went wrong on the console's side; the error is in its log. Try again, or tell IT."
        if _wants_html(request):
            return error_page(request, 500, message)
        raise web.HTTPInternalServerError(text=message) from None


async def home(request: web.Request) -> web.Response:
    account = account_of(request)
    assistant = request.app[test_pane.ASSISTANT]
    maker = request.app[signoff.SHEET]
    counts = None
    if maker.sheet is not None:
        rows, _ = signoff.sheet_rows(maker.sheet)
        counts = {"review": sum(1 for _, state, _ in rows if state.needs_review), "total": len(rows)}
    return page(request, "home.html.j2", "Staff console", assistant_status=assistant.status_text(),
                waiting=assistant.state == STARTING, counts=counts, version=content_version(),
                reviewed=format_date(load_content().page.source.updated),
                can_see_bookings=account.has_role(BOOKINGS_ROLE), is_admin=account.has_role(ADMIN_ROLE))


@requires_role(ADMIN_ROLE)
async def audit_page(request: web.Request) -> web.Response:
    return page(request, "audit.html.j2", "Audit log", entries=audit_log.entries())


ROUTES = [
    ("GET", "/login", auth_pages.login_form), ("POST", "/login", auth_pages.login),
    ("POST", "/logout", auth_pages.logout),
    ("GET", "/", home),
    ("GET", "/account", auth_pages.account_form), ("POST", "/account", auth_pages.account_update),
    ("GET", "/api/status", test_pane.status),
    ("GET", "/test", test_pane.test_page), ("POST", "/test", test_pane.ask),
    ("POST", "/test/new", test_pane.new_conversation),
    ("GET", "/test/batch", batch.batch_form), ("POST", "/test/batch", batch.start_batch),
    ("GET", "/test/batch/{job}.csv", batch.job_csv), ("GET", "/test/batch/{job}", batch.job_page),
    ("GET", "/signoff", signoff.signoff_page), ("POST", "/signoff/remake", signoff.remake),
    ("GET", "/signoff.csv", signoff.signoff_csv), ("GET", "/signoff/print", signoff.signoff_print),
    ("POST", "/signoff/{intent}", signoff.sign),
    ("GET", "/asked", asked.asked_page), ("GET", "/asked/conversation/{key}", asked.conversation_page),
    ("POST", "/asked/example", asked.example),
    ("GET", "/charts", charts.charts_page), ("GET", "/charts/{name}.svg", charts.chart_svg),
    ("GET", "/bookings", bookings_pages.bookings_page), ("GET", "/bookings.csv", bookings_pages.bookings_csv),
    ("POST", "/bookings/{reference}/status", bookings_pages.mark),
    ("GET", "/bookings/{reference}/delete", bookings_pages.delete_form),
    ("POST", "/bookings/{reference}/delete", bookings_pages.delete),
    ("GET", "/audit", audit_page),
]


async def _make_sheet_when_ready(app: web.Application) -> None:
    """The answer sheet is made once the test assistant is ready (and again on request)."""
    assistant, maker = app[test_pane.ASSISTANT], app[signoff.SHEET]
    while assistant.state in (STARTING, READY):
        if assistant.state == READY:
            if maker.sheet is None and not maker.busy:
                maker.start()
            return
        await asyncio.sleep(2)


async def _background(app: web.Application) -> AsyncIterator[None]:
    # The masking word lists take a few seconds to load: now, not on the first page that needs them.
    threading.Thread(target=content_words, name="masking", daemon=True).start()
    assistant = app[test_pane.ASSISTANT]
    if app[CONFIG].start_assistant:
        assistant.start_in_background()
    waiter = asyncio.ensure_future(_make_sheet_when_ready(app))
    yield
    waiter.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await waiter
    await asyncio.get_running_loop().run_in_executor(None, assistant.stop)


def make_app(config: ConsoleConfig, assistant: ConsoleAssistant | None = None) -> web.Application:
    app = web.Application(middlewares=[security_headers, error_pages, require_login, csrf_protection],
                          client_max_size=MAX_BODY_BYTES)
    app[CONFIG] = config
    app[test_pane.ASSISTANT] = assistant or ConsoleAssistant(config)
    app[signoff.SHEET] = SheetMaker(app[test_pane.ASSISTANT])
    app[test_pane.PANES] = {}
    app[batch.JOBS] = {}
    for method, path, handler in ROUTES:
        app.router.add_route(method, path, handler)
    app.router.add_static("/static/", STATIC, follow_symlinks=False)
    app.cleanup_ctx.append(_background)
    return app
