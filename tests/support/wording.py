"""What the actions say, read from content/conversation.yml, for tests that look for it in a
reply: a sentence is never retyped in a test, so a trainer's edit does not break the tests."""

from __future__ import annotations

import re

from core.content import load_content
from core.conversation import Conversation
from core.wording import Template


def words() -> Conversation:
    return load_content().conversation


def pattern(template: Template) -> re.Pattern[str]:
    """The sentence with each placeholder matching any text, as a group of its name (the site's
    numbers are filled in: they are known)."""
    tokens = [t for t in re.split(r"(\{[^{}]*\}| )", template.text) if t]
    free = [t.startswith("{") and t.endswith("}") and t[1:-1] not in template.preset for t in tokens]
    regex, seen = [], set()
    for i, token in enumerate(tokens):
        name = token[1:-1]
        if token == " ":
            # A placeholder left empty takes one of its spaces with it (Template.fill).
            regex.append(r"\s*" if (i and free[i - 1]) or (i + 1 < len(tokens) and free[i + 1]) else r"\s+")
        elif not free[i]:
            known = template.preset.get(name) if token.startswith("{") and token.endswith("}") else None
            regex.append(re.escape(known or token.replace("{{", "{").replace("}}", "}")))
        elif name in seen:
            regex.append(f"(?P={name})")
        else:
            seen.add(name)
            regex.append(f"(?P<{name}>.*?)")
    return re.compile("".join(regex))


def said(template: Template, text: str) -> bool:
    """Whether `text` holds the sentence, whatever its placeholders were filled with."""
    return pattern(template).search(text) is not None


def filled_in(template: Template, text: str, name: str) -> str | None:
    """What `text` has in place of {name} of the sentence, or None when it doesn't hold it."""
    found = pattern(template).search(text)
    return found.group(name) if found else None
