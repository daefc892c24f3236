"""Expected page text for the tests, read from the content (core.content.load_content()), never
retyped: a test names where a fact is on the page, and the page says what it is."""

from __future__ import annotations

import re

from actions.items import display
from core.content import load_content
from core.replies import answer, format_date
from core.vocabulary import Term


def sentence(section_id: str, sentence_id: str) -> str:
    """A sentence of the page, word for word."""
    return load_content().page.section(section_id).sentence(sentence_id).text


def items(list_id: str, section_id: str = "symptoms") -> list[str]:
    """The items of one of the page's bullet lists, in order."""
    return [item.text for item in load_content().page.section(section_id).bullet_list(list_id).items]


def flu_like_symptoms() -> list[str]:
    return items("flu-like-symptoms")


def other_signs() -> list[str]:
    return items("other-signs")


def survival_statistic() -> str:
    """The page's survival figure as it says it (the number and its unit, e.g. "N percent")."""
    text = sentence("survival-rate", "five-year-rate")
    found = re.search(r"\d+(?:\.\d+)? percent", text)
    assert found, f"no percentage in the survival sentence: {text}"
    return found.group()


def reviewer_name() -> str:
    """The reviewer's name without credentials ("Name, MD" → "Name")."""
    return load_content().page.source.reviewer.split(",")[0].strip()


def review_date() -> str:
    """The date the page was last updated, as the assistant writes it."""
    return format_date(load_content().page.source.updated)


def answer_text(intent: str) -> str:
    """The whole answer the assistant gives to a question type."""
    return answer(load_content(), intent).text


def term(kind: str, word: str) -> Term:
    """The content's term for a word a visitor types ("bruises" → the page's item it stands for),
    so a test names a term by what is typed, and the content says what it is called."""
    found = load_content().vocabulary.find(kind, word)
    assert found is not None, f"the content has no {kind} called {word!r} (content/synonyms.yml, all_page.yml)"
    return found


def named(kind: str, word: str) -> str:
    """The canonical name of that term: the page's own words, or synonyms.yml's name for it."""
    return term(kind, word).canonical


def symptom(word: str) -> str:
    """The canonical name of the symptom a visitor's word stands for ("temperature" → the page's item)."""
    return named("symptom", word)


def in_a_sentence(kind: str, word: str) -> str:
    """The term as the actions write it inside a sentence (lowercased where the page capitalises it)."""
    return display(term(kind, word))
