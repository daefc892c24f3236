"""The appointment requests: the list newest first, filtered by status, the CSV export of
`make bookings` (tools/staff/bookings.py writes both), marking a request contacted or closed
(records/booking_handling.py keeps who and when), and deleting one when its visitor asks
(docs/privacy.md: the appointment line deletes a request on request, after a confirmation).

Only accounts with the `bookings` role get here, and every view, export, change and deletion is
written to the audit log (which requests, never what they hold).
"""

from __future__ import annotations

import io

from aiohttp import web

from records import audit_log
from records.booking_fields import display_phone
from records.booking_handling import STATUSES, delete_request, latest_changes, set_status
from records.bookings import StoredBooking, list_requests
from records.database import StorageError
from records.staff_accounts import BOOKINGS_ROLE
from tools.staff.bookings import COLUMNS, row, write_csv
from tools.staff.console.pages import page
from tools.staff.console.security import account_of, client_address, form_text, requires_role

FILTERS = ("open", *STATUSES, "all")
OPEN = ("new", "contacted")


def _filter(request: web.Request) -> str:
    status = request.query.get("status", "open")
    return status if status in FILTERS else "open"


def _matching(status: str) -> list[StoredBooking]:
    bookings = list_requests()
    if status == "all":
        return bookings
    wanted = OPEN if status == "open" else (status,)
    return [b for b in bookings if b.status in wanted]


@requires_role(BOOKINGS_ROLE)
async def bookings_page(request: web.Request) -> web.Response:
    status = _filter(request)
    try:
        bookings, problem = _matching(status), ""
    except StorageError as error:
        bookings, problem = [], f"The appointment requests can't be read: {error}. Check DATABASE_URL."
    audit_log.record(account_of(request).name, audit_log.BOOKINGS_VIEWED,
                     f"status={status}: {len(bookings)} request(s)", client_address(request))
    phone = COLUMNS.index("phone")
    rows = [(b, [display_phone(cell) if i == phone else cell for i, cell in enumerate(row(b))]) for b in bookings]
    return page(request, "bookings.html.j2", "Appointment requests", rows=rows, columns=COLUMNS, shown=status,
                filters=FILTERS, changes=latest_changes(), problem=problem, statuses=STATUSES,
                notice=request.query.get("marked", ""), deleted=request.query.get("deleted", ""))


@requires_role(BOOKINGS_ROLE)
async def bookings_csv(request: web.Request) -> web.Response:
    status = _filter(request)
    bookings = _matching(status)
    buffer = io.StringIO()
    count = write_csv(bookings, buffer)
    audit_log.record(account_of(request).name, audit_log.BOOKINGS_EXPORTED, f"status={status}: {count} request(s)",
                     client_address(request))
    return web.Response(text=buffer.getvalue(), content_type="text/csv", charset="utf-8",
                        headers={"Content-Disposition": f'attachment; filename="appointment-requests-{status}.csv"'})


@requires_role(BOOKINGS_ROLE)
async def mark(request: web.Request) -> web.Response:
    reference = request.match_info["reference"]
    form = await request.post()
    status = form_text(form, "status", 20)
    back = form_text(form, "back", 20)
    if status not in STATUSES:
        raise web.HTTPBadRequest(text=f"A request can be marked {', '.join(STATUSES)}.")
    account = account_of(request)
    change = set_status(reference, status, account.name)
    if change is None:
        raise web.HTTPNotFound(text=f"No appointment request {reference!r}.")
    audit_log.record(account.name, audit_log.BOOKING_STATUS, f"{reference}: {status}", client_address(request))
    raise web.HTTPSeeOther(f"/bookings?status={back if back in FILTERS else 'open'}&marked={reference}")


def _one(reference: str) -> StoredBooking:
    found = next((b for b in list_requests() if b.reference == reference), None)
    if found is None:
        raise web.HTTPNotFound(text=f"No appointment request {reference!r}: it may have been deleted already "
                                    "(retention, or at the visitor's request).")
    return found


@requires_role(BOOKINGS_ROLE)
async def delete_form(request: web.Request) -> web.Response:
    """Which request would go, to compare with what the caller says, before deleting it."""
    booking = _one(request.match_info["reference"])
    audit_log.record(account_of(request).name, audit_log.BOOKINGS_VIEWED, f"{booking.reference}: before deleting",
                     client_address(request))
    return page(request, "booking_delete.html.j2", f"Delete request {booking.reference}?", booking=booking)


@requires_role(BOOKINGS_ROLE)
async def delete(request: web.Request) -> web.Response:
    reference = request.match_info["reference"]
    account = account_of(request)
    if not delete_request(reference):
        raise web.HTTPNotFound(text=f"No appointment request {reference!r}.")
    audit_log.record(account.name, audit_log.BOOKING_DELETED, f"{reference}: at the visitor's request",
                     client_address(request))
    raise web.HTTPSeeOther(f"/bookings?deleted={reference}")
