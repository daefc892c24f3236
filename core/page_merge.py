"""Matching a re-reviewed page against the current copy, so that every id survives that can.

A sentence whose text is unchanged keeps its id and its `terms`; a sentence that changed a
little (a figure, a word) is the same sentence, changed: it keeps its id, so the answers that
say it now say the new text, and keeps the terms that are still in its text. Sections are
matched by title, then by their text (a renamed heading); lists by their intro, then by their
items. What is left is added (with a generated id) or removed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from difflib import SequenceMatcher

from core.page import BulletList, ListItem, Page, Section, Sentence, Source
from core.published_page import PublishedList, PublishedPage, PublishedSection, split_reviewer

SAME_SENTENCE = 0.6  # similarity above which a sentence is "changed" rather than removed and added
SAME_SECTION = 0.5
_ARTICLES = {"a", "an", "the", "of", "and", "or", "to", "in", "for", "on", "with"}
_STOPWORDS = _ARTICLES | {"is", "are", "was", "were", "be", "by", "as", "at", "from", "that", "this", "it", "its",
                          "can", "may", "which", "who", "there", "their", "these", "those", "has", "have", "will"}


@dataclass(frozen=True)
class Change:
    action: str  # "added", "changed" or "removed"
    what: str  # "section", "sentence", "list", "list item" or "page detail"
    section: str  # the section id ("" for page details)
    name: str  # the sentence or list id, the item's text, the detail's name
    old: str = ""
    new: str = ""

    @property
    def where(self) -> str:
        if self.what == "page detail":
            return f"page detail '{self.name}'"
        if self.what == "section":
            return f"section '{self.section}'"
        if self.what == "list item":
            return f"section '{self.section}', list '{self.name}', an item"
        return f"section '{self.section}', {self.what} '{self.name}'"


@dataclass
class Merge:
    page: Page
    changes: list[Change]
    notes: list[str]  # terms that no longer appear in their changed text, and were dropped


def similarity(a: str, b: str) -> float:
    return SequenceMatcher(None, a.lower(), b.lower()).ratio()


def make_id(text: str, taken: set[str], stopwords: set[str] = _STOPWORDS, drop: str = "") -> str:
    """A new id from the first few meaningful words, unique among `taken` (which it joins)."""
    lowered = text.lower()
    if drop and drop.lower() in lowered and lowered.replace(drop.lower(), "").strip(" ?.:"):
        lowered = lowered.replace(drop.lower(), " ")
    words = [w for w in re.findall(r"[a-z0-9]+", lowered) if w not in stopwords]
    base = "-".join(words[:4]) or "part"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    taken.add(candidate)
    return candidate


def _pair(old: list[str], new: list[str]) -> dict[int, tuple[int, bool]]:
    """new index → (old index, unchanged?): equal texts first, then the most similar left."""
    pairs: dict[int, tuple[int, bool]] = {}
    used: set[int] = set()
    for j, text in enumerate(new):
        for i, before in enumerate(old):
            if i not in used and before == text:
                pairs[j] = (i, True)
                used.add(i)
                break
    scored = sorted(((similarity(old[i], new[j]), i, j) for j in range(len(new)) if j not in pairs
                     for i in range(len(old)) if i not in used), reverse=True)
    for score, i, j in scored:
        if score >= SAME_SENTENCE and i not in used and j not in pairs:
            pairs[j] = (i, False)
            used.add(i)
    return pairs


def _kept_terms(terms: dict[str, tuple[str, ...]], text: str, where: str,
                notes: list[str]) -> dict[str, tuple[str, ...]]:
    kept: dict[str, tuple[str, ...]] = {}
    for kind, words in terms.items():
        still = tuple(w for w in words if w.lower() in text.lower())
        for word in sorted(set(words) - set(still)):
            notes.append(f"{where}: term '{word}' ({kind}) is no longer in the text and was dropped")
        if still:
            kept[kind] = still
    return kept


def _merge_sentences(old: Section | None, new: PublishedSection, section_id: str,
                     changes: list[Change], notes: list[str]) -> tuple[tuple[Sentence, ...], ...]:
    before = [s for p in old.paragraphs for s in p] if old else []
    texts = [t for p in new.paragraphs for t in p]
    pairs = _pair([s.text for s in before], texts)
    taken = {s.id for s in before}
    made: list[Sentence] = []
    for j, text in enumerate(texts):
        if j in pairs:
            previous, unchanged = before[pairs[j][0]], pairs[j][1]
            if not unchanged:
                changes.append(Change("changed", "sentence", section_id, previous.id, previous.text, text))
                where = f"section '{section_id}', sentence '{previous.id}'"
                previous = Sentence(previous.id, text, _kept_terms(previous.terms, text, where, notes))
            made.append(previous)
        else:
            sentence = Sentence(make_id(text, taken), text)
            made.append(sentence)
            if old:
                changes.append(Change("added", "sentence", section_id, sentence.id, new=text))
    if old:
        paired = {i for i, _ in pairs.values()}
        changes += [Change("removed", "sentence", section_id, s.id, old=s.text)
                    for i, s in enumerate(before) if i not in paired]
    shape = iter(made)
    return tuple(tuple(next(shape) for _ in paragraph) for paragraph in new.paragraphs)


def _merge_items(old: BulletList, new: PublishedList, section_id: str,
                 changes: list[Change], notes: list[str]) -> tuple[ListItem, ...]:
    pairs = _pair([i.text for i in old.items], list(new.items))
    items = []
    for j, text in enumerate(new.items):
        if j not in pairs:
            items.append(ListItem(text))
            changes.append(Change("added", "list item", section_id, old.id, new=text))
            continue
        previous, unchanged = old.items[pairs[j][0]], pairs[j][1]
        if not unchanged:
            changes.append(Change("changed", "list item", section_id, old.id, previous.text, text))
            where = f"section '{section_id}', list '{old.id}'"
            previous = ListItem(text, _kept_terms(previous.terms, text, where, notes))
        items.append(previous)
    paired = {i for i, _ in pairs.values()}
    changes += [Change("removed", "list item", section_id, old.id, old=item.text)
                for i, item in enumerate(old.items) if i not in paired]
    return tuple(items)


def _merge_lists(old: Section | None, new: PublishedSection, section_id: str,
                 changes: list[Change], notes: list[str]) -> tuple[BulletList, ...]:
    before = list(old.lists) if old else []
    taken = {b.id for b in before}
    result = []
    for published in new.lists:
        match = next((b for b in before if b.intro == published.intro), None) or next(
            (b for b in before if len({i.text for i in b.items} & set(published.items)) * 2 >= len(b.items)), None)
        if match is None:
            created = BulletList(make_id(published.intro or "list", taken), published.intro,
                                 tuple(ListItem(t) for t in published.items))
            result.append(created)
            if old:
                changes.append(Change("added", "list", section_id, created.id, new=published.intro))
            continue
        before.remove(match)
        if match.intro != published.intro:
            changes.append(Change("changed", "list", section_id, match.id, match.intro, published.intro))
        result.append(BulletList(match.id, published.intro,
                                 _merge_items(match, published, section_id, changes, notes)))
    changes += [Change("removed", "list", section_id, b.id, old=b.intro) for b in before]
    return tuple(result)


def _section_text(section: Section | PublishedSection) -> str:
    if isinstance(section, Section):
        return " ".join(s.text for p in section.paragraphs for s in p)
    return " ".join(t for p in section.paragraphs for t in p)


def _match_sections(current: Page, published: PublishedPage) -> list[Section | None]:
    left = list(current.sections)
    matches: list[Section | None] = []
    for new in published.sections:
        found = next((s for s in left if s.title == new.title), None)
        if found is None:
            scored = [(similarity(_section_text(s), _section_text(new)), n) for n, s in enumerate(left)]
            best = max(scored, default=(0.0, -1))
            found = left[best[1]] if best[0] >= SAME_SECTION else None
        if found is not None:
            left.remove(found)
        matches.append(found)
    return matches


def _shown(value: object) -> str:
    return " / ".join(value) if isinstance(value, tuple) else str(value)


def _merge_source(current: Source, published: PublishedPage, changes: list[Change]) -> Source:
    joined = f"{current.reviewer}, {current.reviewer_role}"
    reviewer, role = ((current.reviewer, current.reviewer_role) if published.reviewer_line == joined
                      else split_reviewer(published.reviewer_line))
    source = replace(current, title=published.title, reviewer=reviewer, reviewer_role=role,
                     review_policy=published.review_policy, updated=published.updated,
                     next_topic=published.next_topic or current.next_topic,
                     call_to_action=published.call_to_action or current.call_to_action)
    for name in ("title", "reviewer", "reviewer_role", "review_policy", "updated", "next_topic", "call_to_action"):
        before, after = getattr(current, name), getattr(source, name)
        if before != after:
            changes.append(Change("changed", "page detail", "", name, _shown(before), _shown(after)))
    return source


def merge_page(current: Page, published: PublishedPage) -> Merge:
    changes: list[Change] = []
    notes: list[str] = []
    source = _merge_source(current.source, published, changes)
    taken = {s.id for s in current.sections}
    sections = []
    matches = _match_sections(current, published)
    for old, new in zip(matches, published.sections, strict=True):
        section_id = old.id if old else make_id(new.title, taken, _ARTICLES, drop=published.title)
        if old is None:
            changes.append(Change("added", "section", section_id, section_id, new=new.title))
        elif old.title != new.title:
            changes.append(Change("changed", "section", section_id, section_id, old.title, new.title))
        paragraphs = _merge_sentences(old, new, section_id, changes, notes)
        lists = _merge_lists(old, new, section_id, changes, notes)
        sections.append(Section(section_id, new.title, paragraphs, lists))
    changes += [Change("removed", "section", s.id, s.id, old=s.title) for s in current.sections if s not in matches]
    return Merge(Page(source, tuple(sections)), changes, notes)
