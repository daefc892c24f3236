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
    regex, seen, skip = [], set(), False
    for i, token in enumerate(tokens):
        if skip:
            skip = False
            continue
        name = token[1:-1] if token.startswith("{") and token.endswith("}") else None
        if name is None or name in template.preset:
            literal = template.preset[name] if name else token.replace("{{", "{").replace("}}", "}")
            regex.append(r"\s+" if token == " " else re.escape(literal))
        elif name in seen:
            regex.append(f"(?P={name})")
        elif 0 < i < len(tokens) - 1 and tokens[i - 1] == tokens[i + 1] == " ":
            # Between two spaces it may be left empty, taking one space with it (Template.fill).
            seen.add(name)
            regex.append(f"(?:(?P<{name}>.+?)\\s+)?")
            skip = True  # its following space is in the optional group
        else:
            seen.add(name)
            regex.append(f"(?P<{name}>.+?)")
    return re.compile("".join(regex))


def said(template: Template, text: str) -> bool:
    """Whether `text` holds the sentence, whatever its placeholders were filled with."""
    return pattern(template).search(text) is not None


def filled_in(template: Template, text: str, name: str) -> str | None:
    """What `text` has in place of {name} of the sentence, or None when it doesn't hold it."""
    found = pattern(template).search(text)
    return found.group(name) if found else None
