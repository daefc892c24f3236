"""Whatever visitors type reaches the staff reports as text: no HTML, links, images or
spreadsheet formulas come out of it (tools/staff/unanswered.py, tools/staff/answers_sheet.py,
tools/staff/bookings.py)."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import markdown
import pytest

from tools.common.reports import csv_safe
from tools.servers import BotMessage, BotReply
from tools.staff.answers_sheet import GROUPS, Entry, SheetInfo, render_html
from tools.staff.conversations import FeedbackLine, Message
from tools.staff.similar import Group
from tools.staff.unanswered import render_markdown, write_csvs

EVIL = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(2)>",
    "[click here](javascript:alert(3))",
    "![track](http://tracker.example/pixel.png)",
    "<a href='http://evil.example'>help</a>",
    "what | breaks | the table",
    "`code` **bold** _it_ # heading\nsecond line",
    "=HYPERLINK(\"http://evil.example\",\"open\")",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "-2+3",
]
TAGS = re.compile(r"<(script|img|a|iframe|style)\b", re.I)


def groups_of(texts: list[str]) -> list[Group]:
    return [Group(messages=[Message(text, "nlu_fallback", "action_explain_not_covered", 1_700_000_000.0)])
            for text in texts]


def rendered(md: str) -> str:
    return markdown.markdown(md, extensions=["tables"])


def test_the_unanswered_report_shows_visitor_text_as_text() -> None:
    feedback = [FeedbackLine("ask_symptoms", 1, 0, text) for text in EVIL]
    md = render_markdown(groups_of(EVIL), feedback, "test", "test")
    page = rendered(md)
    assert not TAGS.search(page), "HTML from a visitor's message would be live in the report"
    assert "<a " not in page and "<img" not in page
    # Every row of both tables keeps its columns: a visitor's "|" doesn't add cells.
    for row in re.findall(r"<tr>(.*?)</tr>", page, re.S)[1:]:
        assert len(re.findall(r"<t[dh]>", row)) in (4, 6)
    assert "alert(1)" in page  # still there, as text for staff to read


def test_the_unanswered_csv_cells_are_not_formulas(tmp_path: Path) -> None:
    write_csvs(groups_of(EVIL), [FeedbackLine("ask_symptoms", 1, 0, "=1+1")], tmp_path)
    for name in ("unanswered.csv", "feedback.csv"):
        with (tmp_path / name).open(newline="", encoding="utf-8") as handle:
            for row in list(csv.reader(handle))[1:]:
                for cell in row:
                    assert not cell.startswith(("=", "+", "-", "@")), f"{name}: {cell!r}"


@pytest.mark.parametrize("text", EVIL)
def test_the_booking_export_cells_are_not_formulas(text: str) -> None:
    assert not csv_safe(text).startswith(("=", "+", "-", "@"))


def test_the_answer_sheet_escapes_replies_and_phrasings() -> None:
    entry = Entry(intent="ask_symptoms", group=GROUPS[0], title="Symptoms", section_id="symptoms",
                  section_title="Symptoms", phrasings=EVIL[:3],
                  reply=BotReply((BotMessage(EVIL[1], (EVIL[0],)),)), notes=[EVIL[4]])
    page = render_html([entry], SheetInfo("now", "model", "the review date", "reviewer", "settings"))
    body = page.split("<body", 1)[-1]
    assert not TAGS.search(body)
    assert "&lt;script&gt;" in body
