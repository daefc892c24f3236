"""`make answers`: the answer review sheet staff sign off (reports/answers.html and .csv).

For every question type (content/answers.yml), every question the page does not cover, and
every other intent of domain.yml: three example phrasings from the NLU data (first, middle and
last example of the intent), the exact reply of the trained assistant to them (the real Rasa
server and action server, a new visitor for each phrasing), the page section the answer comes
from and the date the content was last reviewed. Phrasings the model understands as another
intent, or that get a different reply, are flagged in the notes column.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

from core.answer_map import SOURCE_SECTION, AnswerMap
from core.checking import ContentError
from core.content import load_content
from core.page import Page
from core.replies import format_date
from tools.common.paths import DEFAULT_MODEL, REPORTS
from tools.common.project_data import DataError, Project, domain_intents, examples_by_intent, spread
from tools.common.reports import render
from tools.servers import BotReply, Parse, ServiceError, ToolAssistant

GROUPS = ("Answered from the page", "Not covered by the page", "Safety and conversation")
NOT_ON_PAGE = "(not on the page)"


@dataclass
class Entry:
    """One question type on the sheet."""

    intent: str
    group: str
    title: str
    section_id: str
    section_title: str
    phrasings: list[str]
    reviewed: str = ""  # the content's review date, for answers taken from the page
    reply: BotReply | None = None
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class SheetInfo:
    generated: str
    model: str
    content_reviewed: str
    reviewer: str
    settings: str


def plan_entries(project: Project, page: Page, answer_map: AnswerMap) -> list[Entry]:
    """The sheet's rows without replies, read from content/answers.yml, domain.yml and data/."""
    examples = examples_by_intent(project)
    intents = domain_intents(project)

    def phrasings(intent: str) -> list[str]:
        return [e.text for e in spread(examples.get(intent, []), 3)]

    entries = []
    for intent, question in answer_map.questions.items():
        if question.section == SOURCE_SECTION:
            section_title = f"Page details: {page.source.title} (reviewer and date)"
        else:
            section_title = page.section(question.section).title
        entries.append(Entry(intent, GROUPS[0], question.title, question.section, section_title, phrasings(intent),
                             reviewed=format_date(page.source.updated)))
    for intent, topic in answer_map.not_covered.items():
        if intent in intents:
            entries.append(Entry(intent, GROUPS[1], f"Not covered: {topic}", "", NOT_ON_PAGE, phrasings(intent)))
    listed = {e.intent for e in entries}
    for intent in intents:
        if intent not in listed and examples.get(intent):
            entries.append(Entry(intent, GROUPS[2], intent.replace("_", " "), "", NOT_ON_PAGE, phrasings(intent)))
    return entries


def fill_replies(bot: ToolAssistant, entries: list[Entry]) -> None:
    """Ask each phrasing as a new visitor; the sheet shows the reply to the first one understood."""
    for entry in entries:
        if not entry.phrasings:
            entry.notes.append("No NLU examples: add some to data/nlu/.")
            continue
        answers: list[tuple[str, Parse, BotReply]] = [(p, bot.parse(p), bot.reply(p)) for p in entry.phrasings]
        understood = [a for a in answers if a[1].intent == entry.intent]
        entry.reply = (understood or answers)[0][2]
        for phrasing, parse, reply in answers:
            if parse.intent != entry.intent:
                entry.notes.append(f"“{phrasing}” is understood as {parse.intent or 'nothing'} "
                                   f"(confidence {parse.confidence:.2f}).")
            if reply != entry.reply:
                entry.notes.append(f"“{phrasing}” gets a different reply: {reply.text}")


def sheet_info(page: Page, model: Path) -> SheetInfo:
    phone = os.environ.get("APPOINTMENT_PHONE", "").strip()
    hospital = os.environ.get("HOSPITAL_NAME", "").strip()
    settings = (f"HOSPITAL_NAME={hospital or '(not set)'}, APPOINTMENT_PHONE={phone or '(not set)'}")
    built = dt.datetime.fromtimestamp(model.stat().st_mtime).strftime("%Y-%m-%d %H:%M") if model.exists() else "?"
    return SheetInfo(
        generated=dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
        model=f"{model.name} (trained {built})",
        content_reviewed=format_date(page.source.updated),
        reviewer=f"{page.source.reviewer}, {page.source.reviewer_role}",
        settings=settings,
    )


# --- output ----------------------------------------------------------------------------------

CSV_COLUMNS = ["group", "question_type", "title", "phrasing_1", "phrasing_2", "phrasing_3", "reply", "buttons",
               "section_id", "section_title", "content_reviewed", "notes"]

TEMPLATES = Path(__file__).resolve().parent / "templates"


def render_html(entries: list[Entry], info: SheetInfo) -> str:
    """The printable sheet (templates/answers.html.j2); every value is HTML-escaped."""
    groups = [(group, [e for e in entries if e.group == group]) for group in GROUPS]
    return render(TEMPLATES, "answers.html.j2", info=info, groups=[(g, rows) for g, rows in groups if rows])


def csv_row(entry: Entry) -> dict[str, str]:
    """One row of the CSV sheet (the staff console's export adds the sign-off columns)."""
    phrasings = [*entry.phrasings, "", "", ""][:3]
    return {
        "group": entry.group, "question_type": entry.intent, "title": entry.title,
        "phrasing_1": phrasings[0], "phrasing_2": phrasings[1], "phrasing_3": phrasings[2],
        "reply": entry.reply.text if entry.reply else "",
        "buttons": " | ".join(entry.reply.buttons) if entry.reply else "",
        "section_id": entry.section_id, "section_title": entry.section_title,
        "content_reviewed": entry.reviewed, "notes": " ".join(entry.notes),
    }


def write_csv(entries: list[Entry], out: Path) -> None:
    with out.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=CSV_COLUMNS)
        writer.writeheader()
        writer.writerows(csv_row(entry) for entry in entries)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write the answer review sheet (HTML and CSV).")
    parser.add_argument("--out-dir", type=Path, default=REPORTS)
    parser.add_argument("--model", type=Path, default=DEFAULT_MODEL)
    args = parser.parse_args(argv)
    try:
        content = load_content()
        page, answer_map = content.page, content.answers
        entries = plan_entries(Project(), page, answer_map)
    except (ContentError, DataError) as error:
        print(f"Cannot build the sheet:\n{error}", file=sys.stderr)
        return 1
    print(f"Asking {sum(len(e.phrasings) for e in entries)} phrasings of {len(entries)} question types; "
          "starting the assistant (about 30 s) ...", flush=True)
    try:
        with ToolAssistant(model=args.model) as bot:
            fill_replies(bot, entries)
    except ServiceError as error:
        print(error, file=sys.stderr)
        return 1
    info = sheet_info(page, args.model)
    args.out_dir.mkdir(parents=True, exist_ok=True)
    (args.out_dir / "answers.html").write_text(render_html(entries, info), encoding="utf-8")
    write_csv(entries, args.out_dir / "answers.csv")
    flagged = sum(1 for e in entries if e.notes)
    print(f"Wrote {args.out_dir / 'answers.html'} and answers.csv: {len(entries)} question types, "
          f"{flagged} with notes to look at.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
