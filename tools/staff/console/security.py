"""Who may see what: the login session, the CSRF check and the security headers, as aiohttp
middlewares, and the role check for the pages with personal data.

- Every URL but the login page and the stylesheet needs a live session: a page asked for by a
  browser (GET, HTML) is sent to the login page, everything else (CSV, SVG, the API, a form
  sent) gets 401.
- Every form sent (POST) must carry the session's CSRF token (the login form: the token of its
  own cookie), and a browser's Origin, when it sends one, must be this console's.
- Every answer carries the security headers: no script, style or image from elsewhere, no
  framing, no caching of pages that can hold personal data.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import quote, urlsplit

from aiohttp import web

from records import audit_log
from records.staff_accounts import Account, get_account
from records.staff_sessions import Session, find_session
from tools.staff.console.settings import ConsoleConfig
from web.security_headers import BASE_HEADERS, security_middleware

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

SESSION_COOKIE = "staff_session"
LOGIN_CSRF_COOKIE = "staff_login_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"
PUBLIC_PATHS = {"/login"}
PUBLIC_PREFIXES = ("/static/",)

SECURITY_HEADERS = {
    **BASE_HEADERS,
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
}

CONFIG = web.AppKey("config", ConsoleConfig)
ACCOUNT = "account"
SESSION = "session"


def is_public(path: str) -> bool:
    return path in PUBLIC_PATHS or path.startswith(PUBLIC_PREFIXES)


def wants_page(request: web.Request) -> bool:
    """A browser asking for a page (sent to the login page), rather than a file or the API."""
    last = request.path.rsplit("/", 1)[-1]
    return (request.method == "GET" and "." not in last and not request.path.startswith("/api/")
            and "text/html" in request.headers.get("Accept", "text/html"))


def login_redirect(request: web.Request) -> web.HTTPSeeOther:
    target = request.path_qs if request.path != "/" else ""
    return web.HTTPSeeOther("/login" + (f"?next={quote(target, safe='')}" if target else ""))


def safe_next(target: str | None) -> str:
    """Where to go after logging in: a path of this console only, never another site."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    parts = urlsplit(target)
    return "/" if parts.scheme or parts.netloc else target


def client_address(request: web.Request) -> str:
    return request.remote or ""


def _transport_and_caching(request: web.Request, response: web.StreamResponse) -> None:
    if request.app[CONFIG].secure_cookies:
        response.headers["Strict-Transport-Security"] = "max-age=31536000"
    # Staff pages show visitors' questions and bookings: never kept in a browser's cache.
    response.headers["Cache-Control"] = "no-cache" if request.path.startswith("/static/") else "no-store"


security_headers = security_middleware(SECURITY_HEADERS, _transport_and_caching, raise_from=0)


def current_session(request: web.Request) -> tuple[Session, Account] | None:
    config = request.app[CONFIG]
    token = request.cookies.get(SESSION_COOKIE, "")
    session = find_session(token, config.idle, config.lifetime) if token else None
    if session is None:
        return None
    account = get_account(session.account_id)
    if account is None or not account.active:
        return None
    return session, account


@web.middleware
async def require_login(request: web.Request, handler: Handler) -> web.StreamResponse:
    if is_public(request.path):
        return await handler(request)
    found = current_session(request)
    if found is None:
        if wants_page(request):
            raise login_redirect(request)
        raise web.HTTPUnauthorized(text="Log in first: this console needs a staff login.",
                                   headers={"WWW-Authenticate": 'FormLogin realm="staff console"'})
    request[SESSION], request[ACCOUNT] = found
    return await handler(request)


def _same_origin(request: web.Request) -> bool:
    """No Origin (an older browser, a script): the CSRF token decides. Behind a proxy, the
    proxy must pass the Host header on, as nginx's `proxy_set_header Host $host` does."""
    origin = request.headers.get("Origin")
    return origin is None or urlsplit(origin).netloc == request.host


async def _sent_token(request: web.Request) -> str:
    header = request.headers.get(CSRF_HEADER)
    if header:
        return header
    if request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        form = await request.post()
        value = form.get(CSRF_FIELD)
        return value if isinstance(value, str) else ""
    return ""


@web.middleware
async def csrf_protection(request: web.Request, handler: Handler) -> web.StreamResponse:
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return await handler(request)
    if not _same_origin(request):
        raise web.HTTPForbidden(text="This form was sent from another site.")
    sent = await _sent_token(request)
    if request.path == "/login":
        expected = request.cookies.get(LOGIN_CSRF_COOKIE, "")
    else:
        session: Session | None = request.get(SESSION)
        expected = session.csrf_token if session else ""
    if not expected or not sent or not hmac.compare_digest(sent, expected):
        raise web.HTTPForbidden(text="The form has expired or did not come from this console. "
                                     "Go back, reload the page and try again.")
    return await handler(request)


def new_login_token() -> str:
    return secrets.token_urlsafe(24)


def set_cookie(response: web.StreamResponse, request: web.Request, name: str, value: str,
               max_age: int | None = None) -> None:
    response.set_cookie(name, value, max_age=max_age, path="/", httponly=True, samesite="Strict",
                        secure=request.app[CONFIG].secure_cookies)


def requires_role(role: str) -> Callable[[Handler], Handler]:
    """Only accounts with `role` get past; the others get 403, and the attempt is audited."""

    def decorate(handler: Handler) -> Handler:
        async def checked(request: web.Request) -> web.StreamResponse:
            account: Account = request[ACCOUNT]
            if not account.has_role(role):
                audit_log.record(account.name, audit_log.ROLE_REFUSED, f"{role}: {request.path}",
                                 client_address(request))
                raise web.HTTPForbidden(text=f"Your account does not have the '{role}' role this page needs. "
                                             "Ask whoever manages staff accounts.")
            return await handler(request)

        checked.__doc__ = handler.__doc__
        checked.role = role  # type: ignore[attr-defined]  # the tests list the role of each route
        return checked

    return decorate


def account_of(request: web.Request) -> Account:
    return request[ACCOUNT]


def csrf_of(request: web.Request) -> str:
    session: Session | None = request.get(SESSION)
    return session.csrf_token if session else ""


def form_text(form: Any, name: str, limit: int = 2000) -> str:
    value = form.get(name)
    return value.strip()[:limit] if isinstance(value, str) else ""
