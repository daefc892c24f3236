"""Which part of the page answers which question type (`content/answers.yml`), checked
against the page: every sentence, list and related question it names must exist."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from core.checking import Checker
from core.page import TERM_KINDS, Page
from core.paths import ANSWERS_FILE

SOURCE_SECTION = "source"  # the page's metadata (reviewer, date) rather than a body section


@dataclass(frozen=True)
class Question:
    intent: str
    title: str
    section: str
    say: tuple[str, ...]
    list_id: str | None
    related: tuple[str, ...]
    # Follow-ups (content/answers.yml explains them): other question types.
    next: str | None = None
    more: str | None = None
    parts: tuple[str, ...] = ()
    when_named: tuple[tuple[str, str], ...] = ()
    about: tuple[str, ...] = ()  # kinds of page term, most specific first

    def instead_when_named(self, kind: str) -> str | None:
        return dict(self.when_named).get(kind)

    def follow_up_targets(self) -> list[str]:
        return [t for t in (self.next, self.more, *self.parts, *dict(self.when_named).values()) if t]


@dataclass(frozen=True)
class AnswerMap:
    questions: dict[str, Question]
    not_covered: dict[str, str]


def _check_references(check: Checker, page: Page, where: str, section_id: str,
                      say: tuple[str, ...], list_id: str | None) -> None:
    try:
        section = page.section(section_id)
    except KeyError:
        check.fail(where, f"section '{section_id}' is not in the page")
        return
    for sentence_id in say:
        try:
            section.sentence(sentence_id)
        except KeyError as error:
            check.fail(where, str(error).strip('"'))
    if list_id is not None:
        try:
            section.bullet_list(list_id)
        except KeyError as error:
            check.fail(where, str(error).strip('"'))
    if not say and list_id is None:
        check.fail(where, "needs 'say' sentences or a 'list' to answer with")


def _parse_question(check: Checker, page: Page, intent: str, raw: Any) -> Question:
    where = f"question '{intent}'"
    data = check.mapping(raw, where, {"title", "section", "related"},
                         {"say", "list", "next", "more", "parts", "when_named", "about"})
    section_id = str(data.get("section"))
    say = check.ids(data.get("say") or [], where, "say")
    list_id = data.get("list")
    if list_id is not None and not isinstance(list_id, str):
        check.fail(where, "'list' must be a list id")
        list_id = None
    if section_id != SOURCE_SECTION:
        _check_references(check, page, where, section_id, say, list_id)
    related = check.ids(data.get("related") or [], where, "related")
    if not related:
        check.fail(where, "'related' must list 1-3 other question types")
    single = {key: data.get(key) for key in ("next", "more")}
    for key, value in single.items():
        if value is not None and not isinstance(value, str):
            check.fail(where, f"'{key}' must be one question type")
            single[key] = None
    when_named = data.get("when_named") or {}
    if not isinstance(when_named, dict) or not all(isinstance(v, str) for v in when_named.values()):
        check.fail(where, "'when_named' must map a term kind to a question type")
        when_named = {}
    about = check.ids(data.get("about") or [], where, "about")
    unknown_kinds = sorted((set(when_named) | set(about)) - set(TERM_KINDS))
    if unknown_kinds:
        check.fail(where, f"unknown term kinds: {', '.join(map(str, unknown_kinds))}")
    return Question(intent, check.field(data, "title", where), section_id, say, list_id, tuple(related),
                    single["next"], single["more"], check.ids(data.get("parts") or [], where, "parts"),
                    tuple((str(k), v) for k, v in when_named.items()), about)


def parse_answer_map(raw: Any, page: Page, path: Path = ANSWERS_FILE) -> AnswerMap:
    check = Checker(path)
    data = check.mapping(raw, "top level", {"questions", "not_covered"})
    listed = data.get("questions")
    questions_raw = check.mapping(listed, "questions", set(), set(listed) if isinstance(listed, dict) else set())
    questions = {intent: _parse_question(check, page, intent, q) for intent, q in questions_raw.items()}
    for question in questions.values():
        for other in question.related:
            if other not in questions:
                check.fail(f"question '{question.intent}'", f"related question '{other}' is not defined")
        for other in question.follow_up_targets():
            if other not in questions:
                check.fail(f"question '{question.intent}'", f"follow-up question '{other}' is not defined")
    not_covered = data.get("not_covered")
    if not isinstance(not_covered, dict) or not all(isinstance(v, str) for v in not_covered.values()):
        check.fail("not_covered", "must map an intent to the words naming what the page lacks")
        not_covered = {}
    check.raise_if_any()
    return AnswerMap(questions, dict(not_covered))
