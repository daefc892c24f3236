"""`make unanswered`: what visitors asked that the assistant could not answer, and the 👎 answers.

Reads Rasa's SQL tracker store (table `events`, read-only; found as the Rasa server finds it,
see records/conversations.py, or --url for another database) and lists the visitors' messages
that ended in a fallback or an out-of-scope reply: the assistant's next action was one of
FALLBACK_ACTIONS, or the message was understood as one of NOT_ANSWERED_INTENTS. Similar
messages are grouped (shared words, and spelling-level similarity: no downloaded model), with
counts, newest group first.

Visitors' texts are shown masked: names, phone numbers and emails become [name], [phone],
[email] (docs/privacy.md).

Then the answers with the most 👎 from the feedback table (see records/votes.py).
Writes reports/unanswered.md, reports/unanswered.csv and reports/feedback.csv.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import sys
from pathlib import Path

from records.database import database_url
from tools.common.paths import REPORTS
from tools.common.reports import csv_safe, markdown_table, markdown_text
from tools.staff.conversations import (
    FeedbackLine,
    ReportError,
    describe,
    read_feedback,
    read_unanswered,
    tracker_url,
)
from tools.staff.similar import Group, group_messages


def _when(timestamp: float) -> str:
    return dt.datetime.fromtimestamp(timestamp).strftime("%Y-%m-%d %H:%M")


def _short(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def render_markdown(groups: list[Group], feedback: list[FeedbackLine], source: str, feedback_source: str) -> str:
    """The report; every visitor text in it is escaped (markdown_text), so it stays text."""
    lines = ["# What visitors asked that went unanswered", "",
             f"Generated {dt.datetime.now():%Y-%m-%d %H:%M} from {source}.", ""]
    total = sum(len(g.messages) for g in groups)
    if groups:
        rows = [(number, len(group.messages), _when(group.latest), markdown_text(group.example.text),
                 markdown_text("; ".join(group.variants(3))), group.ended_in())
                for number, group in enumerate(groups, 1)]
        lines += [f"{total} message(s) in {len(groups)} group(s) of similar questions, newest first.", "",
                  markdown_table(["#", "Count", "Latest", "Question (as typed)", "Similar", "Ended in"], rows)]
    else:
        lines.append("No unanswered messages.")
    lines += ["", "## Answers with the most 👎", "", f"From {feedback_source}.", ""]
    if feedback:
        rows = [(f.question_type, f.down, f.up, markdown_text(_short(f.answer_text))) for f in feedback]
        lines.append(markdown_table(["Question type", "👎", "👍", "Answer (start)"], rows))
    else:
        lines.append("No votes yet.")
    return "\n".join(lines) + "\n"


def write_csvs(groups: list[Group], feedback: list[FeedbackLine], out_dir: Path) -> None:
    with (out_dir / "unanswered.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["group", "count", "latest", "question", "similar", "ended_in"])
        for number, group in enumerate(groups, 1):
            writer.writerow([number, len(group.messages), _when(group.latest), csv_safe(group.example.text),
                             csv_safe(" | ".join(group.variants(20))), group.ended_in()])
    with (out_dir / "feedback.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["question_type", "thumbs_down", "thumbs_up", "answer_text"])
        writer.writerows([f.question_type, f.down, f.up, csv_safe(f.answer_text)] for f in feedback)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Unanswered visitor questions and the most 👎 answers.")
    parser.add_argument("--url", default=None, help="tracker store SQLAlchemy URL (default: sqlite at TRACKER_DB)")
    parser.add_argument("--feedback-url", default=None, help="feedback database URL (default as the actions use)")
    parser.add_argument("--days", type=float, default=None, help="only the last N days")
    parser.add_argument("--out-dir", type=Path, default=REPORTS)
    parser.add_argument("--show", type=int, default=25, help="groups to print (the files hold all)")
    args = parser.parse_args(argv)
    since = dt.datetime.now().timestamp() - args.days * 86400 if args.days else None
    url, feedback_url = args.url or tracker_url(), args.feedback_url or database_url()
    try:
        messages = read_unanswered(url, since)
    except FileNotFoundError as missing:
        print(f"No conversations recorded yet: there is no tracker database at {missing} "
              "(set TRACKER_DB, or --url, if the assistant keeps them elsewhere).")
        messages = []
    except ReportError as error:
        print(f"Cannot make the report: {error}", file=sys.stderr)
        return 1
    try:
        feedback = read_feedback(feedback_url, since)
    except FileNotFoundError:
        feedback = []
    except ReportError as error:
        print(f"Cannot read the feedback votes: {error}", file=sys.stderr)
        return 1
    groups = group_messages(messages)
    args.out_dir.mkdir(parents=True, exist_ok=True)
    report = render_markdown(groups, feedback, describe(url), describe(feedback_url))
    (args.out_dir / "unanswered.md").write_text(report, encoding="utf-8")
    write_csvs(groups, feedback, args.out_dir)
    print(f"Unanswered: {len(messages)} message(s) in {len(groups)} group(s), newest first:")
    for number, group in enumerate(groups[: args.show], 1):
        print(f"{number:3}. [{len(group.messages)}×, latest {_when(group.latest)}] {_short(group.example.text, 100)}")
        for variant in group.variants(3):
            print(f"        also: {_short(variant, 100)}")
    if len(groups) > args.show:
        print(f"     ... {len(groups) - args.show} more in {args.out_dir / 'unanswered.csv'}")
    print("Answers with the most 👎:" if feedback else "No 👍/👎 votes yet.")
    for line in feedback[:10]:
        print(f"     {line.question_type}: 👎 {line.down}, 👍 {line.up}")
    print(f"Written: {args.out_dir / 'unanswered.md'}, unanswered.csv, feedback.csv")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
