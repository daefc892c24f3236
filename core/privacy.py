"""The site's privacy settings and the chat widget's privacy wording (`privacy:` in
content/site.yml): how long a chat may sit idle before it starts afresh, and the words of the
widget's "Delete conversation" and "End chat" controls.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from core.checking import Checker

WIDGET_KEYS = frozenset({"delete_button", "delete_question", "delete_yes", "delete_no", "end_chat_note", "end_chat"})
# A day at most: a session is about one visit, not about remembering a visitor.
MAX_IDLE_MINUTES = 24 * 60


@dataclass(frozen=True)
class PrivacyWording:
    session_idle_minutes: int
    widget: dict[str, str]


def parse_privacy(check: Checker, raw: Any) -> PrivacyWording:
    data = check.mapping(raw, "privacy", {"session_idle_minutes", "widget"})
    minutes = data.get("session_idle_minutes")
    if isinstance(minutes, bool) or not isinstance(minutes, int) or not 1 <= minutes <= MAX_IDLE_MINUTES:
        check.fail("privacy.session_idle_minutes", f"expected whole minutes from 1 to {MAX_IDLE_MINUTES}")
        minutes = 30
    widget_raw = check.mapping(data.get("widget"), "privacy.widget", set(WIDGET_KEYS))
    widget = {key: check.text(widget_raw.get(key), f"privacy.widget.{key}") for key in sorted(WIDGET_KEYS)}
    return PrivacyWording(minutes, widget)
