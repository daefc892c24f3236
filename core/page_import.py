"""A re-reviewed page, checked against everything that depends on it before it is written.

`plan_import` reads the published page, merges it into the current `all_page.yml`
(`core.page_merge`) and works out what the review report says: what changed, which question
types now answer differently, which answers or vocabulary entries would point at something
that is gone (then nothing may be written until `answers.yml`/`synonyms.yml` are re-mapped),
and which sections no question type answers yet.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from core.answer_map import AnswerMap, parse_answer_map
from core.checking import ContentError, read_yaml
from core.page import Page, Section, parse_page
from core.page_merge import Change, merge_page
from core.page_yaml import header_of, render_page_yaml
from core.published_page import PublishedPage, read_published
from core.replies import answer_text
from core.vocabulary import build_vocabulary


@dataclass(frozen=True)
class ContentFiles:
    """The content files an import reads (a copy of content/ in the tests)."""

    folder: Path

    @property
    def page(self) -> Path:
        return self.folder / "all_page.yml"

    @property
    def answers(self) -> Path:
        return self.folder / "answers.yml"

    @property
    def synonyms(self) -> Path:
        return self.folder / "synonyms.yml"

    @property
    def safety(self) -> Path:
        return self.folder / "safety.yml"


@dataclass
class ImportPlan:
    source: str  # the imported file's name
    current: Page
    page: Page
    text: str  # the new all_page.yml
    changes: list[Change]
    notes: list[str]
    answers_changed: dict[str, list[str]] = field(default_factory=dict)  # intent → what changed in it
    blocking: list[str] = field(default_factory=list)  # problems that stop the import, one a line
    unanswered: list[Section] = field(default_factory=list)
    new_section_ids: set[str] = field(default_factory=set)
    titles: dict[str, str] = field(default_factory=dict)  # intent → its question in plain words

    def current_title(self, intent: str) -> str:
        return self.titles.get(intent, intent)

    @property
    def unchanged(self) -> bool:
        return not self.changes

    @property
    def can_write(self) -> bool:
        return not self.unchanged and not self.blocking


def _changed_answers(current: Page, new: Page, answers: AnswerMap, changes: list[Change]) -> dict[str, list[str]]:
    touched: dict[str, list[str]] = {}
    for intent, question in answers.questions.items():
        try:
            if answer_text(current, question) == answer_text(new, question):
                continue
        except KeyError:
            continue  # a missing reference: reported as blocking
        reasons = [c.where for c in changes if c.section == question.section and (
            c.what == "section" or c.name in question.say or c.name == question.list_id)]
        if question.section == "source":
            reasons = [c.where for c in changes if c.what == "page detail"]
        touched[intent] = reasons or ["its text"]
    return touched


def _blocking(files: ContentFiles, page: Page) -> list[str]:
    problems: list[str] = []
    try:
        parse_answer_map(read_yaml(files.answers), page, files.answers)
    except ContentError as error:
        problems += str(error).splitlines()
    try:
        build_vocabulary(page, read_yaml(files.synonyms), read_yaml(files.safety), files.synonyms, files.safety)
    except ContentError as error:
        problems += str(error).splitlines()
    return problems


def plan_from(published: PublishedPage, files: ContentFiles, source: str) -> ImportPlan:
    current_text = files.page.read_text(encoding="utf-8") if files.page.exists() else ""
    current = parse_page(read_yaml(files.page), files.page)
    answers = parse_answer_map(read_yaml(files.answers), current, files.answers)
    merged = merge_page(current, published)
    text = render_page_yaml(merged.page, header_of(current_text))
    # Read back what would be written: the file on disk must be exactly the page planned.
    page = parse_page(yaml.safe_load(text), files.page)
    plan = ImportPlan(source, current, page, text, merged.changes, merged.notes)
    if plan.unchanged:
        return plan
    plan.titles = {intent: q.title for intent, q in answers.questions.items()}
    plan.answers_changed = _changed_answers(current, page, answers, merged.changes)
    plan.blocking = _blocking(files, page)
    answered = {q.section for q in answers.questions.values()}
    plan.unanswered = [s for s in page.sections if s.id not in answered]
    plan.new_section_ids = {c.section for c in merged.changes if c.what == "section" and c.action == "added"}
    return plan


def plan_import(page_file: Path, files: ContentFiles) -> ImportPlan:
    """What importing this published page (text export or HTML) would do; ContentError if unreadable."""
    return plan_from(read_published(page_file), files, page_file.name)


def write_import(plan: ImportPlan, files: ContentFiles) -> None:
    if not plan.can_write:
        raise ContentError("nothing to write" if plan.unchanged else "\n".join(plan.blocking))
    files.page.write_text(plan.text, encoding="utf-8")
