"""The one chat client of the tools and tests: a visitor's conversation over the REST channel,
as the website widget has it (POST /webhooks/rest/webhook)."""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass, field
from typing import Any

import requests


@dataclass(frozen=True)
class Exchange:
    """One message and what came back, timed by the client; never an exception."""

    status: int | None  # None: no HTTP answer at all (refused, reset, timed out)
    messages: list[dict[str, Any]]
    seconds: float
    error: str | None = None  # "HTTP 500", "invalid JSON", or the client error's name

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def text(self) -> str:
        return "\n".join(m.get("text") or "" for m in self.messages)


@dataclass
class Conversation:
    """One visitor's conversation: a sender id and the REST webhook URL.

    `session`: a requests.Session to keep the connection open between messages (the load tools);
    without one every message opens a new connection, as after a server restart in the tests."""

    rasa_url: str
    sender: str = field(default_factory=lambda: f"test-{uuid.uuid4().hex[:12]}")
    timeout: float = 30
    session: requests.Session | None = None

    @property
    def webhook(self) -> str:
        return f"{self.rasa_url}/webhooks/rest/webhook"

    def _post(self, message: str) -> requests.Response:
        poster = self.session.post if self.session is not None else requests.post
        return poster(self.webhook, json={"sender": self.sender, "message": message}, timeout=self.timeout)

    def send(self, message: str) -> list[dict[str, Any]]:
        """The bot's messages; an HTTP error raises."""
        response = self._post(message)
        response.raise_for_status()
        return response.json()

    def say(self, message: str) -> str:
        """The bot's reply texts joined by newlines (button titles are not included)."""
        return "\n".join(m.get("text", "") for m in self.send(message) if m.get("text"))

    def exchange(self, message: str) -> Exchange:
        """Send and time one message; whatever goes wrong is in the result, never raised."""
        started = time.perf_counter()
        try:
            response = self._post(message)
        except requests.RequestException as error:
            return Exchange(None, [], time.perf_counter() - started, type(error).__name__)
        seconds = time.perf_counter() - started
        if not response.ok:
            return Exchange(response.status_code, [], seconds, f"HTTP {response.status_code}")
        try:
            body = response.json()
        except ValueError:
            return Exchange(response.status_code, [], seconds, "invalid JSON")
        messages = [m for m in body if isinstance(m, dict)] if isinstance(body, list) else []
        return Exchange(response.status_code, messages, seconds)


def button_titles(messages: list[dict[str, Any]]) -> list[str]:
    return [b["title"] for m in messages for b in m.get("buttons") or []]
