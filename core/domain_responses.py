"""The Rasa responses that carry site wording, generated from `content/site.yml`.

The emergency message must not depend on the action server, so it stays a domain response
that the Rasa server sends itself; it is written into the domain from the one home of the
wording instead of being typed there. `make` regenerates the file before training.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from core.content import Content
from core.vocabulary import SUICIDE_KIND

EMERGENCY_SLOT = "emergency_kind"
HEADER = (
    "# Generated from content/site.yml by `python -m core --domain-responses` (make does it).\n"
    "# Do not edit: change content/site.yml instead.\n"
)


def domain_responses(content: Content) -> dict[str, Any]:
    emergency = content.site.emergency
    return {
        "version": "3.1",
        "responses": {
            # The first variation whose condition holds wins.
            "utter_emergency": [
                {"condition": [{"type": "slot", "name": EMERGENCY_SLOT, "value": SUICIDE_KIND}],
                 "text": emergency["suicide_message"]},
                {"text": emergency["message"]},
            ],
        },
    }


def write_domain_responses(content: Content, path: Path) -> None:
    """Write the file only when it changes, so make doesn't retrain for nothing."""
    text = HEADER + yaml.safe_dump(domain_responses(content), sort_keys=False, allow_unicode=True, width=100)
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
