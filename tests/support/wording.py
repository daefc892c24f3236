"""What the actions say, read from content/conversation.yml, for tests that look for it in a
reply: a sentence is never retyped in a test, so a trainer's edit does not break the tests."""

from __future__ import annotations

import dataclasses
import re

from core.content import load_content
from core.conversation import Conversation
from core.wording import Template


def words() -> Conversation:
    return load_content().conversation


def pattern(template: Template) -> re.Pattern[str]:
    return template.pattern()


def said(template: Template, text: str) -> bool:
    """Whether `text` holds the sentence, whatever its placeholders were filled with."""
    return pattern(template).search(text) is not None


def filled_in(template: Template, text: str, name: str) -> str | None:
    """What `text` has in place of {name} of the sentence, or None when it doesn't hold it."""
    found = pattern(template).search(text)
    return found.group(name) if found else None


def templates(section: object) -> list[Template]:
    """Every sentence of a section of the wording (or of all of it), in file order."""
    found: list[Template] = []
    for field in dataclasses.fields(section):  # type: ignore[arg-type]
        value = getattr(section, field.name)
        found += [value] if isinstance(value, Template) else templates(value)
    return found
