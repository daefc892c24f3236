"""Is a message written in another language than English?

langid (pinned; its model ships inside the package, so nothing is downloaded) names the
language; two guards keep English questions from being taken for something else:
- a message in a non-Latin script (Chinese, Arabic, Cyrillic, …) is not English, whatever
  its length;
- otherwise it must have a few words, langid must find English unlikely, and most of its
  words must be unknown to the English lookup tables (typos and terms of the page count as
  known): "wat is leukemea" stays English.
A wrong "not English" would hide a page answer behind "I only understand English"; a missed
one only leads to the booking offer, so the guards lean towards English.
"""

from __future__ import annotations

import unicodedata
from functools import cache
from typing import Any

MIN_WORDS = 3
MAX_ENGLISH_PROBABILITY = 0.1  # langid's probability that the message is English
MAX_ENGLISH_SHARE = 0.5  # of the words, at most this share may be English
NON_LATIN_SHARE = 0.5  # of the letters


@cache
def identifier() -> Any:
    """langid's identifier with probabilities that add up to 1 (loads in a few seconds)."""
    from langid.langid import LanguageIdentifier, model

    return LanguageIdentifier.from_modelstring(model, norm_probs=True)


def non_latin_share(text: str) -> float:
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 0.0
    latin = sum(1 for c in letters if "LATIN" in unicodedata.name(c, ""))
    return 1 - latin / len(letters)


def other_language(text: str, words: int, known_words: int) -> str | None:
    """The language code when the message is not in English, else None."""
    if non_latin_share(text) >= NON_LATIN_SHARE:
        return identifier().classify(text)[0]
    if words < MIN_WORDS or known_words / words > MAX_ENGLISH_SHARE:
        return None
    ranking = identifier().rank(text)
    english = next((p for language, p in ranking if language == "en"), 0.0)
    return ranking[0][0] if english < MAX_ENGLISH_PROBABILITY and ranking[0][0] != "en" else None
