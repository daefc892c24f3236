"""`make ask FILE=questions.txt [OUT=reports/ask-results.csv]`: ask the assistant many questions.

The file is either text (one question a line; blank lines and lines starting with `#` are
skipped) or CSV with a `question` column (`.csv`). Each question goes to the trained model and
the action server as the first message of a new visitor; the result CSV holds the question,
the predicted intent and its confidence, the entities, and the assistant's full reply (texts
and button titles). Nothing is kept in the assistant's databases (see tools/servers/toolserver.py).
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from tools.common.paths import REPORTS
from tools.common.reports import csv_safe
from tools.servers import Parse, ServiceError, ToolAssistant

DEFAULT_OUT = REPORTS / "ask-results.csv"
COLUMNS = ["question", "intent", "confidence", "entities", "reply", "buttons"]


class AskError(ValueError):
    """A questions file that cannot be used; the message says which and why."""


def _read_text(path: Path) -> str:
    if not path.exists():
        raise AskError(f"{path}: file not found")
    if not path.is_file():
        raise AskError(f"{path}: not a file")
    try:
        return path.read_text(encoding="utf-8-sig")  # -sig: files saved by Excel start with a BOM
    except UnicodeDecodeError:
        raise AskError(f"{path}: not a UTF-8 text file (save it as UTF-8 text or CSV)") from None
    except OSError as error:
        raise AskError(f"{path}: cannot be read: {error.strerror}") from None


def parse_questions(path: Path) -> list[str]:
    """The questions in a text or CSV file, in order, without blank entries."""
    return questions_in(_read_text(path), path)


def questions_in(text: str, name: Path | str) -> list[str]:
    """The questions in the text of a file called `name` (CSV when it ends in .csv): the
    staff console's upload reads them the same way."""
    name = Path(name)
    if "\x00" in text:
        raise AskError(f"{name}: looks like a binary file, not text or CSV")
    if name.suffix.lower() == ".csv":
        questions = _csv_questions(name, text)
    else:
        lines = (" ".join(line.split()) for line in text.splitlines())
        questions = [line for line in lines if line and not line.startswith("#")]
    if not questions:
        raise AskError(f"{name}: no questions found (one question a line, or a CSV with a 'question' column)")
    return questions


def _csv_questions(path: Path, text: str) -> list[str]:
    try:
        reader = csv.DictReader(io.StringIO(text))
        header = {(name or "").strip().lower(): name for name in reader.fieldnames or []}
        if "question" not in header:
            found = ", ".join(repr(n) for n in reader.fieldnames or []) or "none"
            raise AskError(f"{path}: the CSV needs a 'question' column (columns found: {found})")
        column = header["question"]
        return [" ".join((row.get(column) or "").split()) for row in reader if (row.get(column) or "").strip()]
    except csv.Error as error:
        raise AskError(f"{path}: not a readable CSV file: {error}") from None


@dataclass(frozen=True)
class Result:
    question: str
    parse: Parse
    reply: str
    buttons: tuple[str, ...]

    def row(self) -> dict[str, str]:
        return {
            "question": self.question,
            "intent": self.parse.intent,
            "confidence": f"{self.parse.confidence:.3f}",
            "entities": "; ".join(f"{name}={value}" for name, value in self.parse.entities),
            "reply": self.reply,
            "buttons": " | ".join(self.buttons),
        }


def ask_one(bot: ToolAssistant, question: str) -> Result:
    reply = bot.reply(question)
    return Result(question, bot.parse(question), reply.text, reply.buttons)


def ask_all(bot: ToolAssistant, questions: list[str]) -> list[Result]:
    return [ask_one(bot, question) for question in questions]


def write_rows(results: list[Result], handle: TextIO) -> None:
    """The result CSV; cells that a spreadsheet would run as a formula are shown as text."""
    writer = csv.DictWriter(handle, fieldnames=COLUMNS)
    writer.writeheader()
    writer.writerows({key: csv_safe(value) for key, value in r.row().items()} for r in results)


def write_results(results: list[Result], out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", newline="", encoding="utf-8") as handle:
        write_rows(results, handle)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Ask the assistant every question in a text or CSV file.")
    parser.add_argument("file", nargs="?", type=Path, help="questions: .txt (one a line) or .csv ('question' column)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"result CSV (default {DEFAULT_OUT})")
    args = parser.parse_args(argv)
    if args.file is None:
        print("Which questions? Usage: make ask FILE=questions.txt [OUT=reports/ask-results.csv]", file=sys.stderr)
        return 2
    try:
        questions = parse_questions(args.file)
    except AskError as error:
        print(f"Cannot ask: {error}", file=sys.stderr)
        return 2
    print(f"Asking {len(questions)} question(s); starting the assistant (about 30 s) ...", flush=True)
    try:
        with ToolAssistant() as bot:
            results = ask_all(bot, questions)
    except ServiceError as error:
        print(error, file=sys.stderr)
        return 1
    write_results(results, args.out)
    counts = Counter(r.parse.intent for r in results)
    print(f"Wrote {len(results)} answers to {args.out}")
    print("Intents: " + ", ".join(f"{intent} {n}" for intent, n in counts.most_common()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
