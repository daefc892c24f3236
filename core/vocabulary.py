"""The page's vocabulary: what visitors may name, and the page term each word stands for.

Built from three trainer-edited files, checked together so a bad edit stops the build with a
message naming the file and the entry:
- content/all_page.yml: the `terms` of its sentences and list items, and the items of the
  symptom lists (each item is a `symptom` whose canonical name is the item's text);
- content/synonyms.yml: lay words for those terms (`on_page`), and words for things the page
  does not list (`not_on_page`), which must not be on the page;
- content/safety.yml: emergency phrases by kind (core/safety.py).

Pure Python (no spaCy): the pipeline builds its patterns from it, and the actions look
answers up in it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from core.checking import Checker, ContentError
from core.page import TERM_KINDS, Page
from core.paths import SAFETY_FILE, SYNONYMS_FILE
from core.safety import EmergencyPhrase, SafetyWords, parse_safety

# Every bullet list of this page section is a list of symptoms (the page's only lists).
SYMPTOM_SECTION = "symptoms"


def normalize(phrase: str) -> str:
    """The key a phrase is compared by: lowercase, single spaces."""
    return " ".join(phrase.lower().split())


@dataclass(frozen=True)
class Term:
    """One thing a visitor may name, with every phrase that names it."""

    kind: str
    canonical: str  # the page's own words (on_page), or the synonyms file's name (not_on_page)
    on_page: bool
    phrases: tuple[str, ...]


@dataclass(frozen=True)
class Vocabulary:
    terms: tuple[Term, ...]
    safety: SafetyWords

    @property
    def emergencies(self) -> tuple[EmergencyPhrase, ...]:
        return self.safety.phrases

    def find(self, kind: str, name: str) -> Term | None:
        """The term of this kind whose canonical name, or one of whose phrases, is `name`."""
        key = normalize(name)
        for term in self.terms:
            if term.kind == kind and normalize(term.canonical) == key:
                return term
        for term in self.terms:
            if term.kind == kind and key in (normalize(p) for p in term.phrases):
                return term
        return None

    def canonical_of(self, kind: str, phrase: str) -> str | None:
        term = self.find(kind, phrase)
        return term.canonical if term else None

    def of_kind(self, kind: str) -> list[Term]:
        return [t for t in self.terms if t.kind == kind]

    def emergency_kinds(self) -> list[str]:
        kinds = {e.kind for e in self.emergencies} | {rule.kind for rule in self.safety.together}
        return sorted(kinds)


def symptom_items(page: Page) -> list[tuple[str, str]]:
    """(list id, item text) of every item of the symptom lists, in page order."""
    section = page.section(SYMPTOM_SECTION)
    return [(bullet_list.id, item.text) for bullet_list in section.lists for item in bullet_list.items]


def page_terms(page: Page) -> dict[str, dict[str, str]]:
    """kind → normalized phrase → the page's own spelling, for every term on the page."""
    found: dict[str, dict[str, str]] = {kind: {} for kind in TERM_KINDS}
    annotated: list[dict[str, tuple[str, ...]]] = [s.terms for _, s in page.sentences()]
    annotated += [item.terms for section in page.sections for lst in section.lists for item in lst.items]
    for terms in annotated:
        for kind, words in terms.items():
            for word in words:
                found[kind].setdefault(normalize(word), word)
    for _, text in symptom_items(page):
        found["symptom"].setdefault(normalize(text), text)
    return found


class _Phrases:
    """Phrase → (kind, canonical), refusing a phrase that would mean two things."""

    def __init__(self, check: Checker) -> None:
        self.check = check
        # normalized phrase → (kind, canonical, where it was defined, the phrase as written)
        self.owner: dict[str, tuple[str, str, str, str]] = {}

    def add(self, phrase: str, kind: str, canonical: str, where: str, page_term: bool = False) -> None:
        key = normalize(phrase)
        previous = self.owner.get(key)
        if previous is not None and previous[:2] != (kind, canonical):
            if page_term and previous[0] == kind:
                return  # a synonyms.yml entry re-targets this page term of its kind; the entry wins
            if page_term:
                self.check.fail(previous[2], f"the word {phrase!r} is a page term ({kind}), so it cannot "
                                             f"mean a {previous[0]}")
                return
            self.check.fail(where, f"the word {phrase!r} is already used by {previous[2]}")
            return
        self.owner.setdefault(key, (kind, canonical, where, " ".join(phrase.split())))


def _parse_synonyms(check: Checker, raw: Any, on_page_terms: dict[str, dict[str, str]],
                    phrases: _Phrases) -> dict[tuple[str, str], bool]:
    """Adds every synonym to `phrases`; returns (kind, canonical) → on the page?"""
    data = check.mapping(raw, "top level", set(), {"on_page", "not_on_page"})
    canonicals: dict[tuple[str, str], bool] = {}
    for section, on_page in (("on_page", True), ("not_on_page", False)):
        kinds = data.get(section) or {}
        if not isinstance(kinds, dict):
            check.fail(section, "expected kinds (symptom, body_site, …) mapping names to words")
            continue
        for kind, entries in kinds.items():
            where_kind = f"{section}.{kind}"
            if kind not in TERM_KINDS:
                check.fail(where_kind, f"unknown kind (known: {', '.join(TERM_KINDS)})")
                continue
            if not isinstance(entries, dict):
                check.fail(where_kind, "expected a mapping: name → list of words")
                continue
            for name, words in entries.items():
                where = f"{where_kind} {name!r}"
                page_spelling = on_page_terms[kind].get(normalize(str(name)))
                if on_page and page_spelling is None:
                    known = ", ".join(sorted(on_page_terms[kind].values())) or "none"
                    check.fail(where, f"no {kind} on the page is called {name!r} (page {kind} terms: {known})")
                    continue
                if not on_page and page_spelling is not None:
                    check.fail(where, f"{name!r} is on the page: list its words under on_page.{kind}")
                    continue
                canonical = page_spelling if on_page else " ".join(str(name).split())
                canonicals[(kind, canonical)] = on_page
                entry_words = check.phrases(words, where)
                if not on_page:
                    entry_words = [canonical, *entry_words]
                for word in entry_words:
                    for other_kind, terms in on_page_terms.items():
                        if not on_page and normalize(word) in terms:
                            check.fail(where, f"the word {word!r} is a page term ({other_kind}): "
                                              "it cannot mean something the page doesn't list")
                    phrases.add(word, kind, canonical, f"{where_kind} {canonical!r}")
    return canonicals


def build_vocabulary(page: Page, synonyms_raw: Any, safety_raw: Any,
                     synonyms_path: Path = SYNONYMS_FILE, safety_path: Path = SAFETY_FILE,
                     numbers: Mapping[str, str] | None = None) -> Vocabulary:
    """Check the three files together and build the vocabulary, or raise ContentError."""
    try:
        page.section(SYMPTOM_SECTION)
    except KeyError:
        raise ContentError(f"all_page.yml: the section '{SYMPTOM_SECTION}' with the symptom lists is missing") from None
    on_page_terms = page_terms(page)
    check = Checker(synonyms_path)
    phrases = _Phrases(check)
    canonicals = _parse_synonyms(check, synonyms_raw, on_page_terms, phrases)
    # The page's own words last: where a synonyms entry claims one, it re-targets it
    # (e.g. "bone marrow transplant" → stem cell transplantation).
    for kind, terms in on_page_terms.items():
        for spelling in terms.values():
            phrases.add(spelling, kind, spelling, f"all_page.yml {kind} {spelling!r}", page_term=True)
    safety_check = Checker(safety_path)
    safety = parse_safety(safety_check, safety_raw, numbers)
    problems = check.problems + safety_check.problems
    if problems:
        raise ContentError("\n".join(problems))
    grouped: dict[tuple[str, str], list[str]] = {}
    for kind, canonical, _, spelling in phrases.owner.values():
        grouped.setdefault((kind, canonical), []).append(spelling)
    terms = tuple(
        Term(kind, canonical, canonicals.get((kind, canonical), True), tuple(spellings))
        for (kind, canonical), spellings in grouped.items()
    )
    return Vocabulary(terms, safety)
