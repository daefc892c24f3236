"""Turns a question type into a chat-sized answer taken word for word from the page.

`content/answers.yml` says which sentences and lists answer which question; this module
checks that map against the page and renders replies (text plus quick-reply buttons).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from actions.content import PROJECT_DIR, ContentError, Page, _Checker, load_page, read_yaml

ANSWERS_FILE = PROJECT_DIR / "content" / "answers.yml"
SOURCE_SECTION = "source"  # the page's metadata (reviewer, date) rather than a body section
BOOKING_BUTTON = {"title": "Book an appointment", "payload": "/request_appointment"}


@dataclass(frozen=True)
class Question:
    intent: str
    title: str
    section: str
    say: tuple[str, ...]
    list_id: str | None
    related: tuple[str, ...]


@dataclass(frozen=True)
class AnswerMap:
    questions: dict[str, Question]
    not_covered: dict[str, str]


@dataclass(frozen=True)
class Reply:
    text: str
    buttons: tuple[dict[str, str], ...] = ()

    def as_message(self) -> dict[str, Any]:
        """Keyword arguments for `CollectingDispatcher.utter_message`."""
        return {"text": self.text, "buttons": [dict(b) for b in self.buttons]}


def _ids(check: _Checker, where: str, key: str, value: Any) -> tuple[str, ...]:
    """A list of ids (text), or a problem reported and nothing."""
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        check.fail(where, f"'{key}' must be a list of ids")
        return ()
    return tuple(value)


def _parse_question(check: _Checker, page: Page, intent: str, raw: Any) -> Question:
    where = f"question '{intent}'"
    data = check.mapping(raw, where, {"title", "section", "related"}, {"say", "list"})
    section_id = str(data.get("section"))
    say = _ids(check, where, "say", data.get("say") or [])
    list_id = data.get("list")
    if list_id is not None and not isinstance(list_id, str):
        check.fail(where, "'list' must be a list id")
        list_id = None
    if section_id != SOURCE_SECTION:
        try:
            section = page.section(section_id)
        except KeyError:
            check.fail(where, f"section '{section_id}' is not in the page")
        else:
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
    related = _ids(check, where, "related", data.get("related") or [])
    if not related:
        check.fail(where, "'related' must list 1-3 other question types")
    return Question(intent, check.text(data.get("title"), where), section_id, say, list_id, tuple(related))


def parse_answer_map(raw: Any, page: Page, path: Path = ANSWERS_FILE) -> AnswerMap:
    check = _Checker(path)
    data = check.mapping(raw, "top level", {"questions", "not_covered"})
    listed = data.get("questions")
    questions_raw = check.mapping(listed, "questions", set(), set(listed) if isinstance(listed, dict) else set())
    questions = {intent: _parse_question(check, page, intent, q) for intent, q in questions_raw.items()}
    for question in questions.values():
        for other in question.related:
            if other not in questions:
                check.fail(f"question '{question.intent}'", f"related question '{other}' is not defined")
    not_covered = data.get("not_covered")
    if not isinstance(not_covered, dict) or not all(isinstance(v, str) for v in not_covered.values()):
        check.fail("not_covered", "must map an intent to the words naming what the page lacks")
        not_covered = {}
    if check.problems:
        raise ContentError("\n".join(check.problems))
    return AnswerMap(questions, dict(not_covered))


@cache
def load_answer_map(path: Path = ANSWERS_FILE) -> AnswerMap:
    return parse_answer_map(read_yaml(path), load_page(), path)


def format_date(date: Any) -> str:
    return f"{date:%B} {date.day}, {date.year}"


def related_buttons(answer_map: AnswerMap, question: Question) -> tuple[dict[str, str], ...]:
    buttons = [
        {"title": answer_map.questions[i].title, "payload": f"/{i}"} for i in question.related[:3]
    ]
    return (*buttons, BOOKING_BUTTON)


def source_text(page: Page) -> str:
    src = page.source
    return (
        f"{src.review_policy} by {src.reviewer}, {src.reviewer_role}. "
        f"It was last updated on {format_date(src.updated)}."
    )


def answer_text(page: Page, question: Question) -> str:
    if question.section == SOURCE_SECTION:
        return source_text(page)
    section = page.section(question.section)
    lines = [" ".join(section.sentence(s).text for s in question.say)] if question.say else []
    if question.list_id:
        bullet_list = section.bullet_list(question.list_id)
        lines.append(bullet_list.intro)
        lines.extend(f"• {item.text}" for item in bullet_list.items)
    return "\n".join(lines)


def answer(intent: str, page: Page | None = None, answer_map: AnswerMap | None = None) -> Reply:
    """The page's answer to a question type, with buttons for related questions and booking."""
    page = page or load_page()
    answer_map = answer_map or load_answer_map()
    question = answer_map.questions[intent]
    return Reply(answer_text(page, question), related_buttons(answer_map, question))
