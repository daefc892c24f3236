"""`make import-page FILE=…`: carry a re-reviewed page into `content/all_page.yml`.

Reads the page as published (the plain-text export or the HTML page), prints the review
report (what was added, changed and removed; the question types whose answers change; the
answers that would point at something removed, which stop the import until they are
re-mapped in `content/answers.yml`; the sections no question type answers yet), writes it to
`reports/page-import.md`, and updates the content file. An identical page prints
"No changes" and writes nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import json
import re
import sys
from pathlib import Path

from core.checking import ContentError
from core.page_import import ContentFiles, ImportPlan, plan_import, write_import
from core.paths import CONTENT_DIR, PROJECT_DIR
from core.replies import format_date

REPORT_NAME = "page-import.md"
# The question types whose answers changed, for the answer sign-off to mark stale.
CHANGED_ANSWERS_NAME = "page-import-answers.json"
# Enough to keep page text plain in Markdown: no emphasis, code, link, image or HTML.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]])")


def quoted(text: str) -> str:
    """Page text shown as text in Markdown (never a link, an image or HTML)."""
    return _MD_SPECIAL.sub(r"\\\1", html.escape(" ".join(text.split()), quote=False))


def _changes(plan: ImportPlan) -> list[str]:
    lines = [f"## What changed ({len(plan.changes)})", ""]
    for change in plan.changes:
        lines.append(f"- **{change.action}** {change.where}")
        if change.old:
            lines.append(f"  - before: {quoted(change.old)}")
        if change.new:
            lines.append(f"  - {'now' if change.old else 'text'}: {quoted(change.new)}")
    return lines


def _answers(plan: ImportPlan) -> list[str]:
    lines = ["", f"## Question types whose answers change ({len(plan.answers_changed)})", ""]
    if not plan.answers_changed:
        lines.append("None: no answer says a changed sentence.")
    for intent, reasons in plan.answers_changed.items():
        lines.append(f"- `{intent}` ({quoted(plan.current_title(intent))}): {'; '.join(reasons)}")
    if plan.answers_changed:
        lines += ["", "Check these answers again (`make answers` writes the sheet staff sign off)."]
    return lines


def _blocking(plan: ImportPlan) -> list[str]:
    if not plan.blocking:
        return []
    return ["", "## Not written: re-map these first", "", "```", *[line.replace("`", "'") for line in plan.blocking],
            "```", "",
            "Point each of them at a sentence or list that is still on the page (the new ones are "
            "listed above with their ids), in content/answers.yml or content/synonyms.yml, then run "
            "`make import-page` again."]


def _unanswered(plan: ImportPlan) -> list[str]:
    if not plan.unanswered:
        return []
    lines = ["", "## Sections not yet answered by any question type", ""]
    for section in plan.unanswered:
        new = " (new)" if section.id in plan.new_section_ids else ""
        sentences = ", ".join(s.id for p in section.paragraphs for s in p)
        lines.append(f"- `{section.id}`{new}: {quoted(section.title)}; sentences: {sentences}")
    lines += ["", "Add a question type for each (docs/TRAINING.md, \"Adding a question type\")."]
    return lines


def render_report(plan: ImportPlan, content_file: str, now: dt.datetime, dry_run: bool = False) -> str:
    source = plan.page.source
    if plan.unchanged:
        status = f"No changes: {content_file} already matches this page."
    elif plan.blocking:
        status = f"NOT written: {len(plan.blocking)} answer(s) or term(s) would point at what was removed."
    else:
        status = f"{'Would be written (dry run)' if dry_run else 'Written'}: {content_file} updated."
    lines = [f"# Page import: {quoted(plan.source)}", "",
             f"{now:%Y-%m-%d %H:%M}. The page: reviewed by {quoted(source.reviewer)}, "
             f"updated {format_date(source.updated)}.", "", f"**{status}**"]
    if not plan.unchanged:
        lines += ["", *_changes(plan), *_answers(plan), *_blocking(plan), *_unanswered(plan)]
        if plan.notes:
            lines += ["", "## Terms dropped", "", *[f"- {quoted(note)}" for note in plan.notes]]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make import-page", description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path, help="the page: plain-text export (.txt) or HTML (.html)")
    parser.add_argument("--content", type=Path, default=CONTENT_DIR, help="the content folder to update")
    parser.add_argument("--reports", type=Path, default=PROJECT_DIR / "reports", help="where the report goes")
    parser.add_argument("--dry-run", action="store_true", help="print the report, write nothing")
    args = parser.parse_args(argv)
    files = ContentFiles(args.content)
    try:
        plan = plan_import(args.file, files)
    except ContentError as error:
        print(f"Page import failed:\n{error}", file=sys.stderr)
        return 1
    report = render_report(plan, "content/all_page.yml", dt.datetime.now(), args.dry_run)
    print(report, end="")
    if plan.unchanged or args.dry_run:
        return 1 if plan.blocking else 0
    args.reports.mkdir(parents=True, exist_ok=True)
    (args.reports / REPORT_NAME).write_text(report, encoding="utf-8")
    changed = {"page": plan.source, "imported": dt.datetime.now().isoformat(timespec="seconds"),
               "written": not plan.blocking, "answers_changed": sorted(plan.answers_changed)}
    (args.reports / CHANGED_ANSWERS_NAME).write_text(json.dumps(changed, indent=2) + "\n", encoding="utf-8")
    print(f"Report: {args.reports / REPORT_NAME}")
    if plan.blocking:
        return 1
    write_import(plan, files)
    print("Next: make content-check, make validate, then make train (docs/TRAINING.md, \"A re-review\").")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
