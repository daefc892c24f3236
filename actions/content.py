"""The project's structured copy of the hospital page, loaded and checked.

Every medical fact the assistant says comes from `content/all_page.yml`; this module turns
that file into typed objects and refuses a malformed one with a message that names the file,
the place and the problem, so that a bad edit stops training and the tests instead of
reaching a visitor.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

PROJECT_DIR = Path(__file__).resolve().parent.parent
PAGE_FILE = PROJECT_DIR / "content" / "all_page.yml"

TERM_KINDS = ("disease", "cell_type", "age_group", "symptom", "body_site", "treatment", "phase")
_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


class ContentError(ValueError):
    """A content file that cannot be used; the message lists every problem found."""


@dataclass(frozen=True)
class Sentence:
    id: str
    text: str
    terms: dict[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class ListItem:
    text: str
    terms: dict[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class BulletList:
    id: str
    intro: str
    items: tuple[ListItem, ...]


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    paragraphs: tuple[tuple[Sentence, ...], ...]
    lists: tuple[BulletList, ...] = ()

    def sentence(self, sentence_id: str) -> Sentence:
        for paragraph in self.paragraphs:
            for sentence in paragraph:
                if sentence.id == sentence_id:
                    return sentence
        raise KeyError(f"section {self.id!r} has no sentence {sentence_id!r}")

    def bullet_list(self, list_id: str) -> BulletList:
        for bullet_list in self.lists:
            if bullet_list.id == list_id:
                return bullet_list
        raise KeyError(f"section {self.id!r} has no list {list_id!r}")


@dataclass(frozen=True)
class Source:
    title: str
    reviewer: str
    reviewer_role: str
    review_policy: str
    updated: dt.date
    next_topic: str
    call_to_action: tuple[str, ...]


@dataclass(frozen=True)
class Page:
    source: Source
    sections: tuple[Section, ...]

    def section(self, section_id: str) -> Section:
        for section in self.sections:
            if section.id == section_id:
                return section
        raise KeyError(f"no section {section_id!r}")

    def sentences(self) -> list[tuple[Section, Sentence]]:
        return [(s, sentence) for s in self.sections for p in s.paragraphs for sentence in p]


class _Checker:
    """Collects every problem in one pass, so an editor sees them all at once."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.problems: list[str] = []

    def fail(self, where: str, problem: str) -> None:
        self.problems.append(f"{self.path.name}: {where}: {problem}")

    def mapping(self, value: Any, where: str, required: set[str], optional: set[str] = frozenset()) -> dict:
        if not isinstance(value, dict):
            self.fail(where, f"expected a mapping, found {type(value).__name__}")
            return {}
        for key in sorted(required - value.keys()):
            self.fail(where, f"missing '{key}'")
        # key=str: YAML keys can be numbers, dates or null too, which don't sort with text.
        for key in sorted(value.keys() - required - optional, key=str):
            self.fail(where, f"unknown key '{key}'")
        return value

    def text(self, value: Any, where: str) -> str:
        if not isinstance(value, str) or not value.strip():
            self.fail(where, "expected non-empty text")
            return ""
        return " ".join(value.split())

    def ident(self, value: Any, where: str) -> str:
        if not isinstance(value, str) or not _ID.match(value):
            self.fail(where, f"id {value!r} must be lowercase words joined by '-'")
            return str(value)
        return value

    def terms(self, value: Any, text: str, where: str) -> dict[str, tuple[str, ...]]:
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.fail(where, "'terms' must map a kind to a list of words")
            return {}
        result: dict[str, tuple[str, ...]] = {}
        for kind, words in value.items():
            if kind not in TERM_KINDS:
                self.fail(where, f"unknown term kind '{kind}' (known: {', '.join(TERM_KINDS)})")
                continue
            if not isinstance(words, list) or not words:
                self.fail(where, f"terms '{kind}' must be a non-empty list")
                continue
            for word in words:
                if not isinstance(word, str) or word.lower() not in text.lower():
                    self.fail(where, f"term {word!r} ({kind}) does not appear in the text")
            result[kind] = tuple(str(w) for w in words)
        return result


def _parse_source(check: _Checker, raw: Any) -> Source:
    keys = {"title", "reviewer", "reviewer_role", "review_policy", "updated", "next_topic", "call_to_action"}
    data = check.mapping(raw, "source", keys)
    updated = data.get("updated")
    if not isinstance(updated, dt.date):
        check.fail("source", f"'updated' must be a date like 2023-08-11, found {updated!r}")
        updated = dt.date.min
    cta = data.get("call_to_action")
    if not isinstance(cta, list) or not cta:
        check.fail("source", "'call_to_action' must be a non-empty list of lines")
        cta = []
    return Source(
        title=check.text(data.get("title"), "source.title"),
        reviewer=check.text(data.get("reviewer"), "source.reviewer"),
        reviewer_role=check.text(data.get("reviewer_role"), "source.reviewer_role"),
        review_policy=check.text(data.get("review_policy"), "source.review_policy"),
        updated=updated,
        next_topic=check.text(data.get("next_topic"), "source.next_topic"),
        call_to_action=tuple(check.text(line, "source.call_to_action") for line in cta),
    )


def _parse_sentence(check: _Checker, raw: Any, where: str) -> Sentence:
    data = check.mapping(raw, where, {"id", "text"}, {"terms"})
    sentence_id = check.ident(data.get("id"), where)
    where = f"{where} (sentence '{sentence_id}')"
    text = check.text(data.get("text"), where)
    return Sentence(sentence_id, text, check.terms(data.get("terms"), text, where))


def _parse_list(check: _Checker, raw: Any, where: str) -> BulletList:
    data = check.mapping(raw, where, {"id", "intro", "items"})
    list_id = check.ident(data.get("id"), where)
    where = f"{where} (list '{list_id}')"
    items_raw = data.get("items")
    if not isinstance(items_raw, list) or not items_raw:
        check.fail(where, "'items' must be a non-empty list")
        items_raw = []
    items = []
    for n, item in enumerate(items_raw, 1):
        item_where = f"{where} item {n}"
        item_data = check.mapping(item, item_where, {"text"}, {"terms"})
        text = check.text(item_data.get("text"), item_where)
        items.append(ListItem(text, check.terms(item_data.get("terms"), text, item_where)))
    return BulletList(list_id, check.text(data.get("intro"), where), tuple(items))


def _parse_section(check: _Checker, raw: Any, n: int) -> Section:
    raw_id = raw.get("id") if isinstance(raw, dict) else None
    where = f"section '{raw_id}'" if isinstance(raw_id, str) else f"section {n}"
    data = check.mapping(raw, where, {"id", "title", "paragraphs"}, {"lists"})
    section_id = check.ident(data.get("id"), where)
    paragraphs_raw = data.get("paragraphs")
    if not isinstance(paragraphs_raw, list) or not paragraphs_raw:
        check.fail(where, "'paragraphs' must be a non-empty list of paragraphs")
        paragraphs_raw = []
    paragraphs = []
    for p, paragraph in enumerate(paragraphs_raw, 1):
        if not isinstance(paragraph, list) or not paragraph:
            check.fail(f"{where} paragraph {p}", "a paragraph must be a non-empty list of sentences")
            continue
        paragraphs.append(tuple(_parse_sentence(check, s, f"{where} paragraph {p}") for s in paragraph))
    lists = tuple(_parse_list(check, raw_list, where) for raw_list in data.get("lists") or [])
    section = Section(section_id, check.text(data.get("title"), where), tuple(paragraphs), lists)
    _check_unique(check, where, [s.id for p in section.paragraphs for s in p], "sentence")
    _check_unique(check, where, [b.id for b in section.lists], "list")
    return section


def _check_unique(check: _Checker, where: str, ids: list[str], what: str) -> None:
    for repeated in sorted({i for i in ids if ids.count(i) > 1}):
        check.fail(where, f"{what} id '{repeated}' is used more than once")


def parse_page(raw: Any, path: Path = PAGE_FILE) -> Page:
    """Build a Page from parsed YAML, or raise ContentError listing every problem."""
    check = _Checker(path)
    data = check.mapping(raw, "top level", {"source", "sections"})
    source = _parse_source(check, data.get("source"))
    sections_raw = data.get("sections")
    if not isinstance(sections_raw, list) or not sections_raw:
        check.fail("top level", "'sections' must be a non-empty list")
        sections_raw = []
    sections = tuple(_parse_section(check, s, n) for n, s in enumerate(sections_raw, 1))
    _check_unique(check, "top level", [s.id for s in sections], "section")
    if check.problems:
        raise ContentError("\n".join(check.problems))
    return Page(source, sections)


def read_yaml(path: Path) -> Any:
    """Parse a YAML file, turning every way it can be unreadable into a ContentError."""
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ContentError(f"{path}: file not found") from None
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        raise ContentError(f"{path.name}: not valid YAML: {error}") from None


@cache
def load_page(path: Path = PAGE_FILE) -> Page:
    return parse_page(read_yaml(path), path)


def main() -> int:
    """`python -m actions.content`: check the content files, as training and tests do."""
    from actions.answers import load_answer_map

    try:
        page = load_page()
        answer_map = load_answer_map()
    except ContentError as error:
        print(f"Content check failed:\n{error}", file=sys.stderr)
        return 1
    print(f"Content OK: {len(page.sections)} sections, {len(answer_map.questions)} question types.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
