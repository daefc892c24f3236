"""The text the domain gives a response, for tests that compare a reply with it."""

from __future__ import annotations

from functools import cache

from rasa.shared.core.domain import Domain

from tools.common.paths import PROJECT_DIR


@cache
def domain() -> Domain:
    return Domain.load(str(PROJECT_DIR / "domain"))


def said(response: str, **values: str) -> str:
    """The text of a domain response, with its {placeholders} filled in."""
    text = domain().responses[response][0]["text"]
    for name, value in values.items():
        text = text.replace("{" + name + "}", value)
    return text
