"""The staff console's login, sessions, CSRF, security headers and roles, and the audit log
they write (tools/staff/console/security.py, auth_pages.py; records/staff_*.py, audit_log.py)."""

from __future__ import annotations

import asyncio
import datetime as dt
import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from aiohttp.test_utils import TestClient

from records import audit_log, database
from records.staff_accounts import AccountError, save_account, staff_accounts, verify_login
from tests.support.console import (
    BOOKER,
    CLERK,
    HTML,
    PASSWORD,
    console_config,
    log_in,
    make_accounts,
    page_token,
    with_console,
)
from tools.staff.console import __main__ as console_cli
from tools.staff.console.app import ROUTES
from tools.staff.console.security import SECURITY_HEADERS, SESSION_COOKIE


@pytest.fixture(autouse=True)
def database_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    url = f"sqlite:///{tmp_path / 'assistant.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("TRACKER_DB", str(tmp_path / "tracker.db"))
    database.forget_engines()
    make_accounts()
    yield url
    database.forget_engines()


def actions_of(actor: str) -> list[str]:
    return [e.action for e in audit_log.entries(actor=actor)]


def concrete(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "x", path)


def test_every_page_and_api_refuses_without_a_login() -> None:
    async def check(client: TestClient) -> None:
        public = {"/login"}
        assert {path for _, path, _ in ROUTES} - public, "no routes found"
        for method, path, _ in ROUTES:
            if path in public:
                continue
            url = concrete(path)
            response = await client.request(method, url, headers=HTML, allow_redirects=False)
            if method == "GET" and "." not in url.rsplit("/", 1)[-1] and not url.startswith("/api/"):
                assert response.status == 303, f"{method} {url}"
                assert response.headers["Location"].startswith("/login"), f"{method} {url}"
            else:
                assert response.status == 401, f"{method} {url}"
            # And without a browser's Accept header: never a page, never data.
            plain = await client.request(method, url, allow_redirects=False)
            assert plain.status in (303, 401), f"{method} {url}"
        unknown = await client.get("/anything/else", allow_redirects=False)
        assert unknown.status == 401

    asyncio.run(with_console(check))


def test_login_opens_the_console_and_both_kinds_of_login_are_audited() -> None:
    async def check(client: TestClient) -> None:
        wrong = await log_in(client, CLERK, "not the password at all")
        assert wrong.status == 401
        assert "not right" in await wrong.text()
        assert SESSION_COOKIE not in wrong.cookies
        unknown = await log_in(client, "nobody", PASSWORD)
        assert unknown.status == 401
        right = await log_in(client, CLERK)
        assert right.status == 303 and right.headers["Location"] == "/"
        home = await client.get("/", headers=HTML)
        assert home.status == 200
        assert CLERK in await home.text()

    asyncio.run(with_console(check))
    assert actions_of(CLERK) == [audit_log.LOGIN, audit_log.LOGIN_FAILED]
    assert actions_of("nobody") == [audit_log.LOGIN_FAILED]
    assert PASSWORD not in " ".join(e.detail for e in audit_log.entries())


def test_a_login_goes_back_to_the_page_asked_for_but_never_to_another_site() -> None:
    async def check(client: TestClient) -> None:
        first = await client.get("/signoff?show=review", headers=HTML, allow_redirects=False)
        target = first.headers["Location"]
        assert target.startswith("/login?next=")
        form = await client.get(target, headers=HTML)
        html = await form.text()
        assert 'name="next" value="/signoff?show=review"' in html
        token = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
        elsewhere = await client.post("/login", data={"name": CLERK, "password": PASSWORD, "csrf_token": token,
                                                      "next": "//evil.example/"}, allow_redirects=False)
        assert elsewhere.headers["Location"] == "/"

    asyncio.run(with_console(check))


def test_passwords_are_kept_as_argon2_hashes_only(database_url: str) -> None:
    with database.get_engine().connect() as connection:
        stored = connection.execute(sa.select(staff_accounts.c.password_hash)).scalars().all()
    assert stored and all(h.startswith("$argon2id$") and PASSWORD not in h for h in stored)
    assert verify_login(CLERK, PASSWORD) is not None
    assert verify_login(CLERK, PASSWORD + "x") is None
    with pytest.raises(AccountError, match="at least"):
        save_account("shorty", "short", set())
    with pytest.raises(AccountError, match="Unknown role"):
        save_account("someone", PASSWORD, {"superuser"})


def test_too_many_failed_logins_lock_the_name_for_a_while() -> None:
    config = console_config(max_failures=3)

    async def check(client: TestClient) -> None:
        for _ in range(3):
            assert (await log_in(client, CLERK, "wrong wrong wrong")).status == 401
        locked = await log_in(client, CLERK)  # the right password, too late
        assert locked.status == 429
        assert "Too many failed logins" in await locked.text()

    asyncio.run(with_console(check, config))
    assert actions_of(CLERK).count(audit_log.LOGIN_FAILED) == 4
    assert audit_log.LOGIN not in actions_of(CLERK)


def test_sessions_expire_after_the_idle_time() -> None:
    config = console_config(idle=dt.timedelta(seconds=0))

    async def check(client: TestClient) -> None:
        assert (await log_in(client, CLERK)).status == 303
        await asyncio.sleep(0.05)
        again = await client.get("/", headers=HTML, allow_redirects=False)
        assert again.status == 303 and again.headers["Location"].startswith("/login")

    asyncio.run(with_console(check, config))


def test_logging_out_ends_the_session_even_for_a_copied_cookie() -> None:
    async def check(client: TestClient) -> None:
        await log_in(client, CLERK)
        cookie = client.session.cookie_jar.filter_cookies(client.make_url("/"))[SESSION_COOKIE].value
        token = await page_token(client)
        out = await client.post("/logout", data={"csrf_token": token}, allow_redirects=False)
        assert out.status == 303
        client.session.cookie_jar.update_cookies({SESSION_COOKIE: cookie})
        after = await client.get("/test", headers=HTML, allow_redirects=False)
        assert after.status == 303 and after.headers["Location"].startswith("/login")

    asyncio.run(with_console(check))
    assert actions_of(CLERK)[0] == audit_log.LOGOUT


def test_forms_without_the_sessions_csrf_token_or_from_another_site_are_refused() -> None:
    async def check(client: TestClient) -> None:
        no_cookie = await client.post("/login", data={"name": CLERK, "password": PASSWORD, "csrf_token": "x"})
        assert no_cookie.status == 403
        await log_in(client, CLERK)
        token = await page_token(client)
        missing = await client.post("/test", data={"text": "what is ALL?"}, allow_redirects=False)
        assert missing.status == 403
        wrong = await client.post("/test", data={"text": "what is ALL?", "csrf_token": token[:-2] + "xx"},
                                  allow_redirects=False)
        assert wrong.status == 403
        foreign = await client.post("/test", data={"text": "what is ALL?", "csrf_token": token},
                                    headers={"Origin": "http://evil.example"}, allow_redirects=False)
        assert foreign.status == 403
        fine = await client.post("/test", data={"text": "what is ALL?", "csrf_token": token}, allow_redirects=False)
        assert fine.status == 303

    asyncio.run(with_console(check))


def test_every_page_carries_the_security_headers_and_is_not_cached() -> None:
    async def check(client: TestClient) -> None:
        login = await client.get("/login", headers=HTML)
        await log_in(client, BOOKER)
        for response in [login, *[await client.get(p, headers=HTML) for p in ("/", "/test", "/bookings")]]:
            for name, value in SECURITY_HEADERS.items():
                assert response.headers.get(name) == value, (response.url, name)
            assert response.headers["Cache-Control"] == "no-store"
            cookie = response.cookies.get(SESSION_COOKIE)
            if cookie is not None:
                assert cookie["httponly"] and cookie["samesite"] == "Strict"

    asyncio.run(with_console(check))


def test_only_the_bookings_role_opens_the_bookings_and_refusals_are_audited() -> None:
    async def check(client: TestClient) -> None:
        await log_in(client, CLERK)
        for path in ("/bookings", "/bookings.csv"):
            response = await client.get(path, headers=HTML)
            assert response.status == 403, path
            assert "bookings" in await response.text()
        home = await client.get("/", headers=HTML)
        assert 'href="/bookings"' not in await home.text()

    asyncio.run(with_console(check))
    assert actions_of(CLERK).count(audit_log.ROLE_REFUSED) == 2
    assert audit_log.BOOKINGS_VIEWED not in actions_of(CLERK)


def test_a_password_change_needs_the_current_password_and_ends_other_sessions() -> None:
    new_password = "another long password"

    async def check(client: TestClient) -> None:
        await log_in(client, CLERK)
        token = await page_token(client, "/account")
        wrong = await client.post("/account", data={"csrf_token": token, "current": "nope nope nope",
                                                    "new": new_password, "again": new_password})
        assert wrong.status == 400
        done = await client.post("/account", data={"csrf_token": token, "current": PASSWORD, "new": new_password,
                                                   "again": new_password})
        assert done.status == 200
        assert "has been changed" in await done.text()
        assert (await client.get("/account", headers=HTML)).status == 200  # this session goes on

    asyncio.run(with_console(check))
    assert verify_login(CLERK, new_password) is not None
    assert verify_login(CLERK, PASSWORD) is None
    assert audit_log.PASSWORD_CHANGED in actions_of(CLERK)


def test_make_staff_user_creates_an_account_with_roles(monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("yet another long password\n"))
    assert console_cli.main(["add-user", "NewStaff", "--roles", "bookings", "--password-stdin"]) == 0
    assert "Created the staff account 'newstaff' (roles: bookings)" in capsys.readouterr().out
    account = verify_login("newstaff", "yet another long password")
    assert account is not None and account.has_role("bookings")
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    assert console_cli.main(["add-user", "other", "--password-stdin"]) == 2
    assert "No account saved" in capsys.readouterr().err
    assert console_cli.main(["disable", "newstaff"]) == 0
    assert verify_login("newstaff", "yet another long password") is None
