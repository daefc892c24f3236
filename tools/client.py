"""Talk to the assistant over its REST channel, as the website widget does."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

import requests


@dataclass
class Conversation:
    """One visitor's conversation: a sender id and the REST webhook URL."""

    rasa_url: str
    sender: str = field(default_factory=lambda: f"test-{uuid.uuid4().hex[:12]}")
    timeout: float = 30

    def send(self, message: str) -> list[dict[str, Any]]:
        response = requests.post(
            f"{self.rasa_url}/webhooks/rest/webhook",
            json={"sender": self.sender, "message": message},
            timeout=self.timeout,
        )
        response.raise_for_status()
        return response.json()

    def say(self, message: str) -> str:
        """The bot's reply texts joined by newlines (button titles are not included)."""
        return "\n".join(m.get("text", "") for m in self.send(message) if m.get("text"))


def button_titles(messages: list[dict[str, Any]]) -> list[str]:
    return [b["title"] for m in messages for b in m.get("buttons") or []]
