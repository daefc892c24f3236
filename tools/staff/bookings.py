"""`make bookings`: the appointment requests visitors sent, newest first, for the staff.

    make bookings                    a table in the terminal
    make bookings CSV=requests.csv   the same as a CSV file (for a spreadsheet)
    make bookings FORMAT=csv         CSV on standard output
    python -m tools.staff.bookings --limit 20 --database-url postgresql://...

Columns: reference, received (UTC), for whom, the patient's name, whom to ask for on the phone
(the contact person's name when the patient is a child or someone else), phone, email,
preferred time, consent, status.

The database is DATABASE_URL (default: the SQLite file var/assistant.db), as for the action
server. CSV cells that a spreadsheet would run as a formula (starting with = + - @, a tab or
a carriage return) get a leading apostrophe, so a visitor's text can never run as one; phone
numbers therefore read '+16025550134, which also keeps the + in spreadsheets.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TextIO

from records.booking_fields import FOR_CHILD, FOR_SELF, FOR_SOMEONE_ELSE, display_phone
from records.bookings import BookingRequest, StoredBooking, list_requests
from records.database import StorageError, database_url
from tools.common.reports import csv_safe, text_table

COLUMNS = ("reference", "received_utc", "for", "patient_name", "ask_for", "phone", "email", "preferred_time",
           "consent", "status")
# Who the patient is, from the staff's side of the conversation.
STAFF_FOR_LABELS = {FOR_SELF: "the visitor", FOR_CHILD: "visitor's child", FOR_SOMEONE_ELSE: "someone else"}
# Whom to ask for on the phone when the visitor is the patient (no contact name is kept then).
ASK_FOR_PATIENT = "(the patient)"


def ask_for(request: BookingRequest) -> str:
    """The contact person's name; for a request made before that was asked, nothing."""
    if request.contact_name:
        return request.contact_name
    return ASK_FOR_PATIENT if request.booking_for == FOR_SELF else ""


def row(booking: StoredBooking) -> tuple[str, ...]:
    request = booking.request
    return (
        booking.reference,
        booking.created_at.strftime("%Y-%m-%d %H:%M"),
        STAFF_FOR_LABELS.get(request.booking_for, request.booking_for),
        request.patient_name,
        ask_for(request),
        request.phone,
        request.email or "",
        request.preferred_time,
        "yes" if request.consent else "no",
        booking.status,
    )


def write_csv(bookings: Iterable[StoredBooking], out: TextIO) -> int:
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    count = 0
    for booking in bookings:
        writer.writerow([csv_safe(cell) for cell in row(booking)])
        count += 1
    return count


def table(bookings: Sequence[StoredBooking]) -> str:
    if not bookings:
        return "No appointment requests yet."
    rows = [
        tuple(display_phone(cell) if i == COLUMNS.index("phone") else cell for i, cell in enumerate(row(b)))
        for b in bookings
    ]
    return text_table(COLUMNS, rows) + f"\n\n{len(bookings)} request(s), newest first."


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="List or export appointment requests, newest first.")
    parser.add_argument("--csv", type=Path, metavar="PATH", help="write CSV to this file")
    parser.add_argument("--format", choices=("table", "csv"), default="table", help="output on the terminal")
    parser.add_argument("--limit", type=int, help="only the newest N requests")
    parser.add_argument("--database-url", help="default: DATABASE_URL, else var/assistant.db")
    args = parser.parse_args(argv)
    url = args.database_url or database_url()
    try:
        bookings = list_requests(url, limit=args.limit)
    except StorageError as error:
        print(f"Could not read the appointment requests: {error}. Check DATABASE_URL.", file=sys.stderr)
        return 1
    if args.csv:
        args.csv.parent.mkdir(parents=True, exist_ok=True)
        with args.csv.open("w", newline="", encoding="utf-8") as out:
            count = write_csv(bookings, out)
        print(f"Wrote {count} request(s), newest first, to {args.csv}")
    elif args.format == "csv":
        buffer = io.StringIO()
        write_csv(bookings, buffer)
        sys.stdout.write(buffer.getvalue())
    else:
        print(table(bookings))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
