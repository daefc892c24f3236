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


def said_when(response: str, **slots: str | None) -> str:
    """The text of the first variation of a response whose conditions these slot values meet
    (as Rasa picks it)."""
    for variation in domain().responses[response]:
        conditions = variation.get("condition") or []
        if all(slots.get(c["name"]) == c["value"] for c in conditions if c.get("type") == "slot"):
            return variation["text"]
    raise KeyError(f"no variation of {response} fits {slots}")
