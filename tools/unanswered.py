"""`make unanswered`: what visitors asked that the assistant could not answer, and the 👎 answers.

Reads Rasa's SQL tracker store (table `events`, read-only; the Rasa server's settings, see
records/conversations.py, or --url for another database) and lists the visitors' messages that ended in a fallback or
an out-of-scope reply: the assistant's next action was one of FALLBACK_ACTIONS, or the message
was understood as one of NOT_ANSWERED_INTENTS. Similar messages are grouped (shared words,
and spelling-level similarity: no downloaded model), with counts, newest group first.

Visitors' texts are shown masked (records/masking.py: names, phone numbers and emails become
[name], [phone], [email]); messages the tracker store keeps encrypted (booking answers, texts
with contact details) are left out.

Then the answers with the most 👎 from the feedback table (see actions/feedback.py).
Writes reports/unanswered.md, reports/unanswered.csv and reports/feedback.csv.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import difflib
import html
import json
import re
import sqlite3
import sys
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa

from records.conversations import tracker_database_url
from records.database import database_url
from records.masking import content_words, mask_personal
from tools.bookings import csv_safe
from tools.servers import PROJECT_DIR

REPORTS = PROJECT_DIR / "reports"
FALLBACK_ACTIONS = {"action_explain_not_covered", "action_two_stage_fallback", "action_default_fallback"}
NOT_ANSWERED_INTENTS = {"nlu_fallback", "out_of_scope", "ask_other_disease", "ask_how_diagnosed", "ask_causes",
                        "ask_prevention"}
# Actions Rasa runs between a message and the reply that say nothing about the reply.
_SILENT_ACTIONS = {"action_listen", "action_unlikely_intent", "action_extract_slots", "action_session_start"}
SIMILAR = 0.5  # share at least half their content words
SAME_WORD = 0.8  # difflib ratio of two spellings of one word
SAME_MESSAGE = 0.85  # difflib ratio of two typings of one message
_STOPWORD_TEXT = """a an the is are was were be been am do does did i me my you your it its this that of to in on
for with and or but can could would should will what how why when where who which there any about please
tell know want need get have has had if so just whats hows im dont does doesnt"""
_STOPWORDS = frozenset(_STOPWORD_TEXT.split())


class ReportError(RuntimeError):
    """A database that cannot be read; the message says which and why."""


@dataclass(frozen=True)
class Message:
    text: str
    intent: str
    action: str
    timestamp: float


@dataclass
class Group:
    messages: list[Message] = field(default_factory=list)
    _tokens: list[frozenset[str]] = field(default_factory=list)

    @property
    def example(self) -> Message:
        return self.messages[0]

    @property
    def latest(self) -> float:
        return max(m.timestamp for m in self.messages)

    def variants(self, limit: int = 5) -> list[str]:
        seen: dict[str, str] = {}
        for message in self.messages[1:]:
            seen.setdefault(normalised(message.text), message.text)
        seen.pop(normalised(self.example.text), None)
        return list(seen.values())[:limit]

    def ended_in(self) -> str:
        counts = Counter(m.intent or m.action for m in self.messages)
        return ", ".join(f"{name} ×{n}" if n > 1 else name for name, n in counts.most_common())


# --- finding the messages --------------------------------------------------------------------

def unanswered_messages(rows: Iterable[tuple[str, str, float | None, str | None, str | None, str | None]]
                        ) -> list[Message]:
    """Visitor messages whose reply was a fallback or an out-of-scope reply.

    `rows`: (sender_id, type_name, timestamp, intent_name, action_name, data) of the events
    table, ordered by sender and then by id, as Rasa wrote them.
    """
    found: list[Message] = []
    sender = None
    pending: Message | None = None

    def settle(message: Message | None) -> None:
        if message and (message.action in FALLBACK_ACTIONS or message.intent in NOT_ANSWERED_INTENTS):
            found.append(message)

    for sender_id, type_name, timestamp, intent_name, action_name, data in rows:
        if sender_id != sender:
            settle(pending)
            sender, pending = sender_id, None
        if type_name == "user":
            settle(pending)
            pending = None
            text = _text(data)
            if text and not text.startswith("/"):  # "/..." is a button the bot offered, not typed
                # Staff see what was asked, never who asked (names, numbers, emails masked).
                pending = Message(mask_personal(text, content_words()), intent_name or "", "", float(timestamp or 0))
        elif type_name == "action" and pending is not None and action_name not in _SILENT_ACTIONS:
            settle(Message(pending.text, pending.intent, action_name or "", pending.timestamp))
            pending = None
    settle(pending)
    return found


def _text(data: str | None) -> str:
    try:
        return " ".join(str(json.loads(data or "{}").get("text") or "").split())
    except (ValueError, AttributeError):
        return ""


# --- grouping --------------------------------------------------------------------------------

def normalised(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


def tokens(text: str) -> frozenset[str]:
    """Content words, crudely singular: 'Leukemias?' and 'leukemia' are the same word."""
    words = (w for w in re.findall(r"[a-z0-9]+", text.lower().replace("'s", "")) if w not in _STOPWORDS)
    return frozenset(w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w for w in words)


def _same_word(a: str, b: str) -> bool:
    """Equal, or a spelling variant of a longer word (leukemia / leukaemia, diagnose / diagnosed)."""
    return a == b or (min(len(a), len(b)) > 3 and difflib.SequenceMatcher(None, a, b).ratio() >= SAME_WORD)


def similarity(a: str, b: str, tokens_a: frozenset[str] | None = None, tokens_b: frozenset[str] | None = None) -> float:
    """Shared content words over all content words (Jaccard, counting spelling variants as shared);
    a near-identical whole message (a typo) counts as similar too."""
    tokens_a = tokens(a) if tokens_a is None else tokens_a
    tokens_b = tokens(b) if tokens_b is None else tokens_b
    if not tokens_a or not tokens_b:
        jaccard = 1.0 if tokens_a == tokens_b else 0.0
    else:
        shared = sum(1 for word in tokens_a if any(_same_word(word, other) for other in tokens_b))
        jaccard = shared / (len(tokens_a) + len(tokens_b) - shared)
    whole = difflib.SequenceMatcher(None, normalised(a), normalised(b)).ratio()
    return max(jaccard, whole if whole >= SAME_MESSAGE else 0.0)


def group_messages(messages: list[Message], threshold: float = SIMILAR) -> list[Group]:
    """Groups of similar messages, the group with the newest message first."""
    groups: list[Group] = []
    for message in sorted(messages, key=lambda m: m.timestamp, reverse=True):
        message_tokens = tokens(message.text)
        best, best_score = None, threshold
        for group in groups:
            score = max(similarity(message.text, m.text, message_tokens, t)
                        for m, t in zip(group.messages[:20], group._tokens[:20], strict=False))
            if score >= best_score:
                best, best_score = group, score
        if best is None:
            best = Group()
            groups.append(best)
        best.messages.append(message)
        best._tokens.append(message_tokens)
    return groups


# --- reading the databases -------------------------------------------------------------------

def _read_only_engine(url: str) -> sa.engine.Engine:
    sa_url = sa.engine.make_url(url)
    if sa_url.get_backend_name() == "sqlite":
        path = Path(sa_url.database or "")
        if not path.is_file():
            raise FileNotFoundError(path)
        # mode=ro: the report can never change or lock-upgrade the assistant's database.
        return sa.create_engine("sqlite://", creator=lambda: sqlite3.connect(f"file:{path}?mode=ro", uri=True))
    return sa.create_engine(sa_url)


def tracker_url() -> str:
    return tracker_database_url()


def read_unanswered(url: str, since: float | None = None) -> list[Message]:
    engine = _read_only_engine(url)
    events = sa.table("events", *(sa.column(c) for c in
                                  ("id", "sender_id", "type_name", "timestamp", "intent_name", "action_name", "data")))
    query = sa.select(events.c.sender_id, events.c.type_name, events.c.timestamp, events.c.intent_name,
                      events.c.action_name, events.c.data).where(events.c.type_name.in_(["user", "action"]))
    if since is not None:
        query = query.where(events.c.timestamp >= since)
    query = query.order_by(events.c.sender_id, events.c.id)
    try:
        with engine.connect() as connection:
            return unanswered_messages(connection.execute(query))
    except sa.exc.SQLAlchemyError as error:
        raise ReportError(f"cannot read the conversations at {_describe(url)}: "
                          f"{getattr(error, 'orig', error)}") from None
    finally:
        engine.dispose()


@dataclass(frozen=True)
class FeedbackLine:
    question_type: str
    down: int
    up: int
    answer_text: str


def read_feedback(url: str, since: float | None = None) -> list[FeedbackLine]:
    """Votes per question type, the most 👎 first."""
    engine = _read_only_engine(url)
    table = sa.table("answer_feedback", *(sa.column(c) for c in
                                          ("question_type", "answer_text", "helpful", "created_at")))
    query = sa.select(table.c.question_type, table.c.answer_text, table.c.helpful)
    if since is not None:
        query = query.where(table.c.created_at >= dt.datetime.utcfromtimestamp(since))
    try:
        with engine.connect() as connection:
            rows = list(connection.execute(query))
    except sa.exc.OperationalError as error:
        if "no such table" in str(error):
            return []
        raise ReportError(f"cannot read the feedback at {_describe(url)}: {getattr(error, 'orig', error)}") from None
    finally:
        engine.dispose()
    down: Counter[str] = Counter()
    up: Counter[str] = Counter()
    texts: dict[str, Counter[str]] = {}
    for question_type, answer_text, helpful in rows:
        (up if helpful else down)[question_type] += 1
        texts.setdefault(question_type, Counter())[answer_text or ""] += 1
    lines = [FeedbackLine(q, down[q], up[q], texts[q].most_common(1)[0][0]) for q in texts]
    return sorted(lines, key=lambda f: (-f.down, f.up, f.question_type))


# --- output ----------------------------------------------------------------------------------

def _when(timestamp: float) -> str:
    return dt.datetime.fromtimestamp(timestamp).strftime("%Y-%m-%d %H:%M")


def _short(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# Markdown's own punctuation, escaped so a visitor's text can't become a link, an image,
# emphasis or an extra table cell; < > & become entities, so it can't become HTML either.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~-])")


def _md(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", html.escape(" ".join(text.split()), quote=False))


def _cell(text: str) -> str:
    """A CSV cell a spreadsheet shows as text, never runs as a formula."""
    return csv_safe(text)


def render_markdown(groups: list[Group], feedback: list[FeedbackLine], source: str, feedback_source: str) -> str:
    lines = ["# What visitors asked that went unanswered", "",
             f"Generated {dt.datetime.now():%Y-%m-%d %H:%M} from {source}.", ""]
    total = sum(len(g.messages) for g in groups)
    if groups:
        lines += [f"{total} message(s) in {len(groups)} group(s) of similar questions, newest first.", "",
                  "| # | Count | Latest | Question (as typed) | Similar | Ended in |", "|---|---|---|---|---|---|"]
        for number, group in enumerate(groups, 1):
            lines.append(f"| {number} | {len(group.messages)} | {_when(group.latest)} | {_md(group.example.text)} | "
                         f"{_md('; '.join(group.variants(3)))} | {group.ended_in()} |")
    else:
        lines.append("No unanswered messages.")
    lines += ["", "## Answers with the most 👎", "", f"From {feedback_source}.", ""]
    if feedback:
        lines += ["| Question type | 👎 | 👍 | Answer (start) |", "|---|---|---|---|"]
        lines += [f"| {f.question_type} | {f.down} | {f.up} | {_md(_short(f.answer_text))} |" for f in feedback]
    else:
        lines.append("No votes yet.")
    return "\n".join(lines) + "\n"


def write_csvs(groups: list[Group], feedback: list[FeedbackLine], out_dir: Path) -> None:
    with (out_dir / "unanswered.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["group", "count", "latest", "question", "similar", "ended_in"])
        for number, group in enumerate(groups, 1):
            writer.writerow([number, len(group.messages), _when(group.latest), _cell(group.example.text),
                             _cell(" | ".join(group.variants(20))), group.ended_in()])
    with (out_dir / "feedback.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["question_type", "thumbs_down", "thumbs_up", "answer_text"])
        writer.writerows([f.question_type, f.down, f.up, _cell(f.answer_text)] for f in feedback)


def _describe(url: str) -> str:
    return sa.engine.make_url(url).render_as_string(hide_password=True)


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
    report = render_markdown(groups, feedback, _describe(url), _describe(feedback_url))
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
