"""Answer sign-off: the answer sheet as a page, approve or flag each question type with a
comment, the export as CSV and a printable page. A new staff member signs off here with a
browser only: no terminal, no `make answers`."""

from __future__ import annotations

import csv
import io
from collections import Counter

from aiohttp import web

from core.content import content_version
from records.answer_approvals import APPROVED, DECISIONS, FLAGGED, Decision, all_decisions, decide
from tools.common.reports import csv_safe
from tools.staff.answers_sheet import CSV_COLUMNS, GROUPS, csv_row
from tools.staff.console.pages import page, render
from tools.staff.console.security import account_of, form_text
from tools.staff.console.sheet import (
    NOT_REVIEWED,
    STALE,
    RowState,
    Sheet,
    SheetMaker,
    fingerprint,
    read_page_import,
    row_state,
)
from tools.staff.console.test_pane import ASSISTANT

SHEET = web.AppKey("sheet_maker", SheetMaker)
FILTERS = {"all": "All", "review": "To review (not reviewed or stale)", "flagged": "Flagged", "approved": "Approved"}
SIGNOFF_COLUMNS = ["state", "decision", "decided_by", "decided_at_utc", "decided_on_content", "comment",
                   "stale_because"]


def sheet_rows(sheet: Sheet) -> tuple[list[tuple[object, RowState, list[Decision]]], Counter[str]]:
    """Each entry with its state and its decisions (newest first), and how many of each state."""
    history: dict[str, list[Decision]] = {}
    for decision in all_decisions():
        history.setdefault(decision.question_type, []).append(decision)
    page_import = read_page_import()
    rows = []
    for entry in sheet.entries:
        decisions = history.get(entry.intent, [])
        rows.append((entry, row_state(entry, decisions[0] if decisions else None, page_import), decisions))
    return rows, Counter(state.state for _, state, _ in rows)


def _wanted(state: RowState, show: str) -> bool:
    return (show == "all" or (show == "review" and state.needs_review) or state.state == show)


async def signoff_page(request: web.Request) -> web.Response:
    maker = request.app[SHEET]
    sheet = maker.sheet
    show = request.query.get("show", "all")
    show = show if show in FILTERS else "all"
    values: dict[str, object] = {"sheet": sheet, "busy": maker.busy, "progress": maker.progress,
                                 "problem": maker.problem, "assistant_status": request.app[ASSISTANT].status_text(),
                                 "filters": FILTERS, "show": show, "groups": [], "counts": Counter(),
                                 "content_now": content_version(), "notice": request.query.get("saved", "")}
    if sheet is not None:
        rows, counts = sheet_rows(sheet)
        values["counts"] = counts
        values["groups"] = [(group, [r for r in rows if r[0].group == group and _wanted(r[1], show)])
                            for group in GROUPS]
    return page(request, "signoff.html.j2", "Answer sign-off", approved=APPROVED, flagged=FLAGGED,
                stale=STALE, not_reviewed=NOT_REVIEWED, fingerprint=fingerprint, **values)


async def remake(request: web.Request) -> web.Response:
    request.app[SHEET].start()
    raise web.HTTPSeeOther("/signoff")


async def sign(request: web.Request) -> web.Response:
    intent = request.match_info["intent"]
    sheet = request.app[SHEET].sheet
    entry = sheet.entry(intent) if sheet else None
    if sheet is None or entry is None:
        raise web.HTTPNotFound(text=f"No question type {intent!r} on the current sheet.")
    form = await request.post()
    decision = form_text(form, "decision", 20)
    comment = form_text(form, "comment", 2000)
    if decision not in DECISIONS:
        raise web.HTTPBadRequest(text="Choose approve or flag.")
    if form_text(form, "fingerprint", 64) != fingerprint(entry):
        raise web.HTTPConflict(text="The reply changed while you were reading it: reload the sheet and look again.")
    if decision == FLAGGED and not comment:
        raise web.HTTPSeeOther(f"/signoff?saved=comment#{intent}")
    decide(intent, decision, comment, account_of(request).name, sheet.content_version, fingerprint(entry))
    raise web.HTTPSeeOther(f"/signoff?saved={decision}#{intent}")


def _csv_text(sheet: Sheet) -> str:
    rows, _ = sheet_rows(sheet)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=[*CSV_COLUMNS, *SIGNOFF_COLUMNS])
    writer.writeheader()
    for entry, state, _ in rows:
        decision = state.decision
        row = {**csv_row(entry), "state": state.state, "stale_because": state.reason,
               "decision": decision.decision if decision else "", "decided_by": decision.reviewer if decision else "",
               "decided_at_utc": f"{decision.decided_at:%Y-%m-%d %H:%M}" if decision else "",
               "decided_on_content": decision.content_version if decision else "",
               "comment": decision.comment if decision else ""}
        writer.writerow({key: csv_safe(value) for key, value in row.items()})
    return buffer.getvalue()


def _sheet_or_404(request: web.Request) -> Sheet:
    sheet = request.app[SHEET].sheet
    if sheet is None:
        raise web.HTTPNotFound(text="The answer sheet is not ready yet: open Answer sign-off and wait for it.")
    return sheet


async def signoff_csv(request: web.Request) -> web.Response:
    sheet = _sheet_or_404(request)
    return web.Response(text=_csv_text(sheet), content_type="text/csv", charset="utf-8",
                        headers={"Content-Disposition": 'attachment; filename="answer-sign-off.csv"'})


async def signoff_print(request: web.Request) -> web.Response:
    sheet = _sheet_or_404(request)
    rows, counts = sheet_rows(sheet)
    groups = [(group, [r for r in rows if r[0].group == group]) for group in GROUPS]
    html = render("signoff_print.html.j2", sheet=sheet, groups=[g for g in groups if g[1]], counts=counts,
                  printed_by=account_of(request).name, approved=APPROVED)
    return web.Response(text=html, content_type="text/html", charset="utf-8")
