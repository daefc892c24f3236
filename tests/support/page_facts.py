"""Expected page text for the tests, read from the content (core.content.load_content()), never
retyped: a test names where a fact is on the page, and the page says what it is."""

from __future__ import annotations

import re

from core.content import load_content
from core.replies import answer, format_date


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
