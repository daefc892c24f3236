"""The staff console and privacy (docs/privacy.md): what the tracker store keeps encrypted stays
closed to staff (the console holds no key), and what retention deleted is simply not there —
conversations, requests, votes and the record of what staff did with a request."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from aiohttp.test_utils import TestClient

from records import audit_log
from records.booking_handling import changes_of, set_status
from records.bookings import list_requests
from records.retention import Retention, purge
from records.votes import conversation_key
from tests.support.console import BOOKER, CLERK, HTML, SEEDED_AT, log_in, page_token, run
from tests.support.console_data import BOOKING_PARTS, BOOKING_VISITOR, NAMED_QUESTION
from tests.support.tracker_stores import everything_stored

pytestmark = pytest.mark.usefixtures("console_stores")


def tracker_url() -> str:
    return f"sqlite:///{os.environ['TRACKER_DB']}"


def test_the_appointment_request_in_a_conversation_stays_encrypted_for_staff() -> None:
    stored = everything_stored(tracker_url())
    assert not any(part in stored for part in BOOKING_PARTS)  # the seed really went through the encryption

    async def check(client: TestClient) -> None:
        await log_in(client, BOOKER)
        page = await client.get(f"/asked/conversation/{conversation_key(BOOKING_VISITOR)}", headers=HTML)
        html = await page.text()
        assert page.status == 200 and "book an appointment" in html
        assert html.count("kept encrypted: personal details") == len(BOOKING_PARTS)
        assert not any(part in html for part in BOOKING_PARTS)

    run(check)


def test_what_retention_deleted_is_not_in_the_console() -> None:
    [request] = list_requests()
    set_status(request.reference, "contacted", BOOKER)
    later = SEEDED_AT + dt.timedelta(days=100)
    purge(Retention(conversation_days=30, booking_days=90, vote_days=90), tracker_url(), None, now=later)
    assert list_requests() == [] and changes_of(request.reference) == []

    async def check(client: TestClient) -> None:
        await log_in(client, BOOKER)
        asked = await (await client.get("/asked", headers=HTML)).text()
        assert "[name]" not in asked and "what causes leukemia" not in asked
        gone = await client.get(f"/asked/conversation/{conversation_key(BOOKING_VISITOR)}", headers=HTML)
        assert gone.status == 404 and "retention" in await gone.text()
        bookings = await (await client.get("/bookings?status=all", headers=HTML)).text()
        assert "0 request(s)" in bookings and request.reference not in bookings
        exported = await (await client.get("/bookings.csv?status=all")).text()
        assert request.reference not in exported and request.request.patient_name not in exported

    run(check)


def test_before_retention_the_same_pages_do_show_them() -> None:
    """The check above can fail: without the purge, the same pages list what it removed."""
    [request] = list_requests()

    async def check(client: TestClient) -> None:
        await log_in(client, BOOKER)
        asked = await (await client.get("/asked", headers=HTML)).text()
        assert NAMED_QUESTION.replace("Jane Doe", "[name]") in asked
        bookings = await (await client.get("/bookings?status=all", headers=HTML)).text()
        assert request.reference in bookings

    run(check)


def test_a_request_is_deleted_at_the_visitors_request_after_a_confirmation_and_audited() -> None:
    [request] = list_requests()
    set_status(request.reference, "contacted", BOOKER)
    delete_path = f"/bookings/{request.reference}/delete"

    async def check(client: TestClient) -> None:
        await log_in(client, CLERK)
        refused = await client.post(delete_path, data={"csrf_token": await page_token(client, "/")}, headers=HTML)
        assert refused.status == 403
        await client.post("/logout", data={"csrf_token": await page_token(client, "/")})
        await log_in(client, BOOKER)
        listed = await (await client.get("/bookings", headers=HTML)).text()
        assert f'href="{delete_path}"' in listed
        confirm = await (await client.get(delete_path, headers=HTML)).text()
        assert request.reference in confirm and request.request.patient_name in confirm
        no_token = await client.post(delete_path, headers=HTML)
        assert no_token.status == 403 and len(list_requests()) == 1
        token = await page_token(client, delete_path)
        done = await client.post(delete_path, data={"csrf_token": token}, headers=HTML)
        assert f"Request {request.reference} deleted." in await done.text()
        again = await client.post(delete_path, data={"csrf_token": token}, headers=HTML)
        assert again.status == 404

    run(check)
    assert list_requests() == [] and changes_of(request.reference) == []
    deleted = [e for e in audit_log.entries(actor=BOOKER) if e.action == audit_log.BOOKING_DELETED]
    assert [e.detail for e in deleted] == [f"{request.reference}: at the visitor's request"]
    assert audit_log.ROLE_REFUSED in [e.action for e in audit_log.entries(actor=CLERK)]
