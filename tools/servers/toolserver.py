"""The trained assistant as the staff tools use it: real servers, but nothing kept afterwards.

`ToolAssistant` starts the action server and the Rasa server like `make run`, with three
differences: Rasa's HTTP API is switched on (for `/model/parse`: intent, confidence and
entities) behind a random token, only on 127.0.0.1 and only while the tool runs; the tracker,
feedback and booking databases are throw-away files, so staff test questions never show up in
`make unanswered` or in real bookings; and the ports are TOOLS_RASA_PORT / TOOLS_ACTIONS_PORT
(default 5205 / 5255), so a tool can run next to `make run`.
"""

from __future__ import annotations

import os
import secrets
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests

from tools.common.http_client import Conversation
from tools.common.paths import DEFAULT_MODEL
from tools.servers.assistant import Assistant
from tools.servers.processes import Ports, Service


@dataclass(frozen=True)
class Parse:
    intent: str
    confidence: float
    entities: tuple[tuple[str, str], ...]
    # Every intent the model considered, best first: (name, confidence).
    ranking: tuple[tuple[str, float], ...] = ()


@dataclass(frozen=True)
class BotMessage:
    text: str
    buttons: tuple[str, ...] = ()


@dataclass(frozen=True)
class BotReply:
    """Everything the assistant sends back to one message: texts, each with its button titles."""

    messages: tuple[BotMessage, ...]

    @property
    def text(self) -> str:
        return "\n".join(m.text for m in self.messages if m.text)

    @property
    def buttons(self) -> tuple[str, ...]:
        return tuple(b for m in self.messages for b in m.buttons)


def tool_ports() -> Ports:
    return Ports(
        host="127.0.0.1",  # the API is on: never listen beyond this machine
        rasa=int(os.environ.get("TOOLS_RASA_PORT", 5205)),
        actions=int(os.environ.get("TOOLS_ACTIONS_PORT", 5255)),
    )


@dataclass
class ApiAssistant(Assistant):
    """An Assistant whose Rasa server also serves the HTTP API, behind a random token."""

    token: str = field(default_factory=lambda: secrets.token_hex(24))  # hex: never starts with "-"

    def rasa_server(self) -> Service:
        service = super().rasa_server()
        service.command += ["--enable-api", "--auth-token", self.token]
        return service


class ToolAssistant:
    """`with ToolAssistant() as bot: bot.parse(text); bot.reply(text)`."""

    def __init__(self, model: Path = DEFAULT_MODEL, ports: Ports | None = None) -> None:
        self._scratch = tempfile.TemporaryDirectory(prefix="all-tools-")
        scratch = Path(self._scratch.name)
        env = {
            "TRACKER_DB": str(scratch / "tracker.db"),
            "DATABASE_URL": f"sqlite:///{scratch / 'assistant.db'}",
        }
        self.assistant = ApiAssistant(ports=ports or tool_ports(), model=model, extra_env=env)

    def __enter__(self) -> ToolAssistant:
        try:
            self.assistant.start()
        except BaseException:
            self._scratch.cleanup()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            self.assistant.stop()
        finally:
            self._scratch.cleanup()

    @property
    def url(self) -> str:
        return self.assistant.ports.rasa_url

    def parse(self, text: str) -> Parse:
        """What the NLU model makes of the text (no conversation is started)."""
        response = requests.post(f"{self.url}/model/parse", params={"token": self.assistant.token},
                                 json={"text": text}, timeout=60)
        response.raise_for_status()
        data: dict[str, Any] = response.json()
        return parse_result(data)

    def send(self, text: str, sender: str | None = None) -> list[dict[str, Any]]:
        """The messages Rasa sends back (texts, buttons with payloads); a new visitor unless
        `sender` continues a conversation."""
        sender = sender or f"staff-tool-{secrets.token_hex(6)}"
        return Conversation(self.url, sender=sender, timeout=60).send(text)

    def reply(self, text: str, sender: str | None = None) -> BotReply:
        """The assistant's whole reply to a message (from a new visitor unless `sender` is given)."""
        return bot_reply(self.send(text, sender))

    def tracker(self, sender: str) -> dict[str, Any]:
        """The conversation as Rasa keeps it: its events and the latest message's parse."""
        response = requests.get(f"{self.url}/conversations/{sender}/tracker",
                                params={"token": self.assistant.token, "include_events": "AFTER_RESTART"},
                                timeout=60)
        response.raise_for_status()
        return response.json()


def parse_result(data: dict[str, Any]) -> Parse:
    """A Parse from Rasa's parse data (`/model/parse`, or a tracker's latest message)."""
    intent = data.get("intent") or {}
    entities = tuple((str(e.get("entity")), str(e.get("value"))) for e in data.get("entities") or [])
    ranking = tuple((str(r.get("name")), float(r.get("confidence") or 0.0)) for r in data.get("intent_ranking") or [])
    return Parse(str(intent.get("name") or ""), float(intent.get("confidence") or 0.0), entities, ranking)


def bot_reply(messages: list[dict[str, Any]]) -> BotReply:
    return BotReply(tuple(
        BotMessage(str(m.get("text") or ""), tuple(str(b.get("title", "")) for b in m.get("buttons") or []))
        for m in messages
    ))
