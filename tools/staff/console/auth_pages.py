"""Logging in and out, and changing one's own password.

Every login and failed login goes to the audit log (records/audit_log.py) with the name
typed, never the password. After `max_failures` failed logins of one name within `lockout`,
that name can't log in until the time has passed (the correct password included).
"""

from __future__ import annotations

import asyncio
import datetime as dt

from aiohttp import web

from records import audit_log
from records.staff_accounts import MIN_PASSWORD_LENGTH, AccountError, change_password, verify_login
from records.staff_sessions import end_session, end_sessions_of, start_session
from tools.staff.console.pages import page
from tools.staff.console.security import (
    CONFIG,
    LOGIN_CSRF_COOKIE,
    SESSION,
    SESSION_COOKIE,
    account_of,
    client_address,
    form_text,
    new_login_token,
    safe_next,
    set_cookie,
)
from tools.staff.console.test_pane import PANES

WRONG = "The name or the password is not right."


def _login_page(request: web.Request, problem: str = "", name: str = "", next_path: str = "",
                status: int = 200) -> web.Response:
    token = request.cookies.get(LOGIN_CSRF_COOKIE) or new_login_token()
    notice = "You have logged out." if request.query.get("done") == "logout" else ""
    response = page(request, "login.html.j2", "Log in", status=status, problem=problem, notice=notice, name=name,
                    next=next_path or safe_next(request.query.get("next")), login_csrf=token)
    set_cookie(response, request, LOGIN_CSRF_COOKIE, token, max_age=3600)
    return response


async def login_form(request: web.Request) -> web.Response:
    return _login_page(request)


async def login(request: web.Request) -> web.Response:
    config = request.app[CONFIG]
    form = await request.post()
    name = form_text(form, "name", 40).lower()
    password = form.get("password")
    next_path = safe_next(form_text(form, "next"))
    address = client_address(request)
    if not name or not isinstance(password, str) or not password:
        return _login_page(request, "Type your name and your password.", name, next_path, status=400)
    since = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None) - config.lockout
    if audit_log.failures_since(name, since) >= config.max_failures:
        audit_log.record(name, audit_log.LOGIN_FAILED, "locked: too many failed logins", address)
        minutes = int(config.lockout.total_seconds() // 60)
        return _login_page(request, f"Too many failed logins for this name: wait {minutes} minutes, "
                                    "or ask whoever manages staff accounts.", name, next_path, status=429)
    # argon2 takes a moment on purpose: not on the event loop.
    account = await asyncio.get_running_loop().run_in_executor(None, verify_login, name, password)
    if account is None:
        audit_log.record(name, audit_log.LOGIN_FAILED, "", address)
        return _login_page(request, WRONG, name, next_path, status=401)
    token, _ = start_session(account.id)
    audit_log.record(account.name, audit_log.LOGIN, "", address)
    response = web.HTTPSeeOther(next_path)
    set_cookie(response, request, SESSION_COOKIE, token)
    response.del_cookie(LOGIN_CSRF_COOKIE, path="/")
    raise response


async def logout(request: web.Request) -> web.Response:
    token_hash = request[SESSION].token_hash
    end_session(token_hash)
    request.app[PANES].pop(token_hash, None)  # the test pane's conversation goes too
    audit_log.record(account_of(request).name, audit_log.LOGOUT, "", client_address(request))
    response = web.HTTPSeeOther("/login?done=logout")
    response.del_cookie(SESSION_COOKIE, path="/")
    raise response


def _account_page(request: web.Request, problem: str = "", notice: str = "", status: int = 200) -> web.Response:
    config = request.app[CONFIG]
    return page(request, "account.html.j2", "Your account", status=status, problem=problem, notice=notice,
                idle_minutes=int(config.idle.total_seconds() // 60), min_length=MIN_PASSWORD_LENGTH)


async def account_form(request: web.Request) -> web.Response:
    return _account_page(request)


async def account_update(request: web.Request) -> web.Response:
    form = await request.post()
    current, new, again = (form.get(k) for k in ("current", "new", "again"))
    if not all(isinstance(v, str) and v for v in (current, new, again)):
        return _account_page(request, "Fill in all three fields.", status=400)
    if new != again:
        return _account_page(request, "The two new passwords are not the same.", status=400)
    account = account_of(request)
    try:
        await asyncio.get_running_loop().run_in_executor(None, change_password, account, current, new)
    except AccountError as error:
        return _account_page(request, str(error), status=400)
    # Every other session of this account ends; this one goes on with a new session.
    end_sessions_of(account.id)
    audit_log.record(account.name, audit_log.PASSWORD_CHANGED, "", client_address(request))
    token, session = start_session(account.id)
    request[SESSION] = session
    response = _account_page(request, notice="Your password has been changed.")
    set_cookie(response, request, SESSION_COOKIE, token)
    return response
