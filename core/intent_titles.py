"""Plain-words titles of the intents that are not page questions (`content/intent_titles.yml`),
for "Did you mean …?": raw intent names are never shown to a visitor."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from core.checking import Checker
from core.paths import TITLES_FILE


@dataclass(frozen=True)
class IntentTitles:
    titles: dict[str, str]
    never_offer: frozenset[str]


def parse_intent_titles(raw: Any, path: Path = TITLES_FILE) -> IntentTitles:
    check = Checker(path)
    data = check.mapping(raw, "top level", {"titles", "never_offer"})
    titles_raw = data.get("titles")
    titles: dict[str, str] = {}
    if not isinstance(titles_raw, dict):
        check.fail("titles", "must map an intent to its title in plain words")
    else:
        titles = {str(k): check.text(v, f"title of '{k}'") for k, v in titles_raw.items()}
    never = data.get("never_offer")
    if not isinstance(never, list) or not all(isinstance(i, str) for i in never):
        check.fail("never_offer", "must be a list of intent names")
        never = []
    for intent in sorted(set(never) & titles.keys()):
        check.fail("never_offer", f"'{intent}' also has a title: it is either offered or not")
    check.raise_if_any()
    return IntentTitles(titles, frozenset(never))
