"""The project's structured copy of the hospital page (`content/all_page.yml`), checked.

Every medical fact the assistant says comes from that file; this module turns it into typed
objects and refuses a malformed one with a message that names the file, the place and the
problem.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from core.checking import Checker
from core.paths import PAGE_FILE

TERM_KINDS = ("disease", "cell_type", "age_group", "symptom", "body_site", "treatment", "phase")


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


def _terms(check: Checker, value: Any, text: str, where: str) -> dict[str, tuple[str, ...]]:
    """A sentence's or item's terms; each must appear in its own text, so it adds no fact."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        check.fail(where, "'terms' must map a kind to a list of words")
        return {}
    result: dict[str, tuple[str, ...]] = {}
    for kind, words in value.items():
        if kind not in TERM_KINDS:
            check.fail(where, f"unknown term kind '{kind}' (known: {', '.join(TERM_KINDS)})")
            continue
        if not isinstance(words, list) or not words:
            check.fail(where, f"terms '{kind}' must be a non-empty list")
            continue
        for word in words:
            if not isinstance(word, str) or word.lower() not in text.lower():
                check.fail(where, f"term {word!r} ({kind}) does not appear in the text")
        result[kind] = tuple(str(w) for w in words)
    return result


def _parse_source(check: Checker, raw: Any) -> Source:
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
        title=check.field(data, "title", "source.title"),
        reviewer=check.field(data, "reviewer", "source.reviewer"),
        reviewer_role=check.field(data, "reviewer_role", "source.reviewer_role"),
        review_policy=check.field(data, "review_policy", "source.review_policy"),
        updated=updated,
        next_topic=check.field(data, "next_topic", "source.next_topic"),
        call_to_action=tuple(check.text(line, "source.call_to_action") for line in cta),
    )


def _parse_sentence(check: Checker, raw: Any, where: str) -> Sentence:
    data = check.mapping(raw, where, {"id", "text"}, {"terms"})
    sentence_id = check.ident(data.get("id"), where)
    where = f"{where} (sentence '{sentence_id}')"
    text = check.field(data, "text", where)
    return Sentence(sentence_id, text, _terms(check, data.get("terms"), text, where))


def _parse_list(check: Checker, raw: Any, where: str) -> BulletList:
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
        text = check.field(item_data, "text", item_where)
        items.append(ListItem(text, _terms(check, item_data.get("terms"), text, item_where)))
    return BulletList(list_id, check.field(data, "intro", where), tuple(items))


def _parse_section(check: Checker, raw: Any, n: int) -> Section:
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
    lists_raw = data.get("lists") or []
    if not isinstance(lists_raw, list):
        check.fail(where, "'lists' must be a list of bullet lists")
        lists_raw = []
    lists = tuple(_parse_list(check, raw_list, where) for raw_list in lists_raw)
    section = Section(section_id, check.field(data, "title", where), tuple(paragraphs), lists)
    check.unique(where, [s.id for p in section.paragraphs for s in p], "sentence")
    check.unique(where, [b.id for b in section.lists], "list")
    return section


def parse_page(raw: Any, path: Path = PAGE_FILE) -> Page:
    """Build a Page from parsed YAML, or raise ContentError listing every problem."""
    check = Checker(path)
    data = check.mapping(raw, "top level", {"source", "sections"})
    source = _parse_source(check, data.get("source"))
    sections_raw = data.get("sections")
    if not isinstance(sections_raw, list) or not sections_raw:
        check.fail("top level", "'sections' must be a non-empty list")
        sections_raw = []
    sections = tuple(_parse_section(check, s, n) for n, s in enumerate(sections_raw, 1))
    check.unique("top level", [s.id for s in sections], "section")
    check.raise_if_any()
    return Page(source, sections)
