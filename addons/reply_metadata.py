"""Replies over REST keep their `metadata`: what a web client needs beyond the text.

A response in the domain (or a custom action's `utter_message(metadata=...)`) can carry
metadata, e.g. the booking form's state and the kind of answer a question expects
(domain/booking.yml). Rasa hands it to the output channel, but its CollectingOutputChannel,
which the REST channel uses, drops it. This collector keeps it on the message, as
`{"text": ..., "buttons": [...], "metadata": {...}}`. Channels that don't know it (the
shell, other clients) simply show the text: the metadata only refines, it never carries
words that the text lacks.
"""

from __future__ import annotations

import json
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel

MAX_METADATA_CHARS = 4000  # far above what a reply needs; a bigger one is dropped, not sent


def clean_metadata(value: Any) -> dict[str, Any] | None:
    """A JSON object of reasonable size, or None."""
    if not isinstance(value, dict) or not value:
        return None
    try:
        encoded = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        return None
    return value if len(encoded) <= MAX_METADATA_CHARS else None


class MetadataCollectingOutputChannel(CollectingOutputChannel):
    """CollectingOutputChannel that puts a reply's metadata on its (last) message."""

    def _with_metadata(self, count_before: int, kwargs: dict[str, Any]) -> None:
        metadata = clean_metadata(kwargs.get("metadata"))
        if metadata is not None and len(self.messages) > count_before:
            self.messages[-1]["metadata"] = metadata

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        before = len(self.messages)
        await super().send_text_message(recipient_id, text, **kwargs)
        self._with_metadata(before, kwargs)

    async def send_text_with_buttons(self, recipient_id: str, text: str, buttons: list[dict[str, Any]],
                                     **kwargs: Any) -> None:
        before = len(self.messages)
        await super().send_text_with_buttons(recipient_id, text, buttons, **kwargs)
        self._with_metadata(before, kwargs)
