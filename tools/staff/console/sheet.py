"""The answer sheet of `make answers` (tools/staff/answers_sheet.py), made by the console's
test assistant, and each question type's sign-off state.

The sheet is made in the background when the test assistant is ready (a minute or two: three
phrasings of every question type) and again on request. A decision (records/answer_approvals)
goes stale when the reply it was made on is not the reply of today (its fingerprint differs),
or when a page import that came after it (`make import-page`, which names the question types
whose answers changed in reports/page-import-answers.json) changed that answer.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import threading
from dataclasses import dataclass, field
from pathlib import Path

from core.content import content_version, load_content
from records.answer_approvals import APPROVED, Decision, reply_fingerprint
from tools.common.paths import REPORTS
from tools.common.project_data import Project
from tools.staff.answers_sheet import Entry, SheetInfo, fill_replies, plan_entries, sheet_info
from tools.staff.console.sources import Sources, quoted_sources
from tools.staff.console.tester import ConsoleAssistant, NotReady

log = logging.getLogger("console.sheet")

PAGE_IMPORT_ANSWERS = REPORTS / "page-import-answers.json"
NOT_REVIEWED, STALE = "not reviewed", "stale"


@dataclass(frozen=True)
class PageImport:
    when: dt.datetime  # UTC, naive, like the decisions' times
    changed: frozenset[str]


def read_page_import(path: Path | None = None) -> PageImport | None:
    """The question types the latest written page import changed, if there was one."""
    path = path or PAGE_IMPORT_ANSWERS
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not data.get("written"):
            return None
        when = dt.datetime.fromisoformat(str(data["imported"]))
        when = (when.astimezone() if when.tzinfo is None else when).astimezone(dt.timezone.utc).replace(tzinfo=None)
        return PageImport(when, frozenset(str(i) for i in data.get("answers_changed") or []))
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
        log.warning("Ignoring %s: %s", path, type(error).__name__)
        return None


def fingerprint(entry: Entry) -> str:
    messages = entry.reply.messages if entry.reply else ()
    return reply_fingerprint([(m.text, m.buttons) for m in messages])


@dataclass(frozen=True)
class RowState:
    """A question type's sign-off state on today's sheet."""

    state: str  # approved, flagged, stale or not reviewed
    decision: Decision | None
    reason: str = ""

    @property
    def needs_review(self) -> bool:
        return self.state in (NOT_REVIEWED, STALE)


def row_state(entry: Entry, decision: Decision | None, page_import: PageImport | None) -> RowState:
    if decision is None:
        return RowState(NOT_REVIEWED, None)
    done = "approved" if decision.decision == APPROVED else "flagged"
    if decision.fingerprint != fingerprint(entry):
        return RowState(STALE, decision, f"The reply has changed since it was {done}.")
    if page_import and entry.intent in page_import.changed and page_import.when > decision.decided_at:
        return RowState(STALE, decision, f"A page import after it was {done} changed this answer.")
    return RowState(decision.decision, decision)


@dataclass
class Sheet:
    entries: list[Entry]
    info: SheetInfo
    content_version: str
    sources: dict[str, Sources] = field(default_factory=dict)

    def entry(self, intent: str) -> Entry | None:
        return next((e for e in self.entries if e.intent == intent), None)


class SheetMaker:
    """Makes the sheet in a worker thread; `sheet` is the latest finished one."""

    def __init__(self, assistant: ConsoleAssistant) -> None:
        self.assistant = assistant
        self.sheet: Sheet | None = None
        self.progress = (0, 0)
        self.problem = ""
        self._busy = threading.Lock()

    @property
    def busy(self) -> bool:
        return self._busy.locked()

    def start(self) -> bool:
        """Start making a sheet; False when one is being made already."""
        if not self._busy.acquire(blocking=False):
            return False
        threading.Thread(target=self._make, name="answer-sheet", daemon=True).start()
        return True

    def _make(self) -> None:
        try:
            content = load_content()
            version = content_version()
            entries = plan_entries(Project(), content.page, content.answers)
            self.progress, self.problem = (0, len(entries)), ""
            bot = self.assistant.bot
            for done, entry in enumerate(entries, 1):
                fill_replies(bot, [entry])
                self.progress = (done, len(entries))
            sources = {e.intent: quoted_sources(content, e.reply.text if e.reply else "") for e in entries}
            self.sheet = Sheet(entries, sheet_info(content.page, self.assistant.config.model), version, sources)
        except NotReady as error:
            self.problem = str(error)
        except Exception as error:  # shown on the page; the console goes on
            log.exception("The answer sheet could not be made")
            self.problem = f"The answer sheet could not be made ({type(error).__name__}: {error})."
        finally:
            self._busy.release()
