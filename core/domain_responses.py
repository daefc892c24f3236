"""The Rasa responses generated from the content: site wording (`content/site.yml`) and the
lists that follow the page's structure, and the session setting.

The emergency message, the greeting and "What can you answer?" must not depend on the action
server, so they stay domain responses that the Rasa server sends itself; they are written into
the domain from the one home of their words, and their topics from the page's answered
sections, instead of being typed there. The session's idle time is written here too, because
the chat widget reads the same number (docs/privacy.md). `make` regenerates the file before
training.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from core.content import Content
from core.replies import capabilities_text, topic_buttons
from core.safety import SUICIDE_KIND

EMERGENCY_SLOT = "emergency_kind"
HEADER = (
    "# Generated from content/ by `python -m core --domain-responses` (make does it).\n"
    "# Do not edit: change content/site.yml (wording) or content/answers.yml (topics) instead.\n"
)


def domain_responses(content: Content) -> dict[str, Any]:
    emergency = content.site.emergency
    return {
        "version": "3.1",
        # Health data is kept no longer than needed: after this idle time the next message
        # starts a new session with nothing carried over (no name, no symptom, no half-filled
        # booking); docs/privacy.md explains the choice.
        "session_config": {
            "session_expiration_time": content.site.privacy.session_idle_minutes,
            "carry_over_slots_to_new_session": False,
        },
        "responses": {
            # The first variation whose condition holds wins.
            "utter_emergency": [
                {"condition": [{"type": "slot", "name": EMERGENCY_SLOT, "value": SUICIDE_KIND}],
                 "text": emergency["suicide_message"]},
                {"text": emergency["message"]},
            ],
            "utter_greet": [{"text": content.site.conversation["greeting"], "buttons": topic_buttons(content)}],
            # Its quick replies (the same topics, and booking) come with action_show_capabilities.
            "utter_capabilities": [{"text": capabilities_text(content)}],
        },
    }


def write_domain_responses(content: Content, path: Path) -> None:
    """Write the file only when it changes, so make doesn't retrain for nothing."""
    text = HEADER + yaml.safe_dump(domain_responses(content), sort_keys=False, allow_unicode=True, width=100)
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
