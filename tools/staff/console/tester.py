"""The console's own test assistant, and what one test message shows.

The assistant is `tools.servers.ToolAssistant`: the trained model behind a Rasa server and an
action server on 127.0.0.1, with Rasa's HTTP API on behind a random token (for the parse and
the tracker) and throw-away databases. It starts in the background when the console starts
(about a minute), so the console's pages answer at once; the test pane says while it starts.
"""

from __future__ import annotations

import logging
import secrets
import threading
from dataclasses import dataclass, field
from typing import Any

from core.content import load_content
from tools.servers import ServiceError, ToolAssistant, parse_result
from tools.staff.console.settings import ConsoleConfig
from tools.staff.console.sources import Sources, quoted_sources
from tools.staff.conversations import SILENT_ACTIONS

log = logging.getLogger("console.tester")

OFF, STARTING, READY, FAILED = "off", "starting", "ready", "failed"


class NotReady(RuntimeError):
    """The test assistant is not running (yet); the message says why."""


@dataclass(frozen=True)
class Button:
    title: str
    payload: str


@dataclass(frozen=True)
class Message:
    text: str
    buttons: tuple[Button, ...] = ()


@dataclass(frozen=True)
class Entity:
    entity: str
    value: str
    role: str
    extractor: str


@dataclass(frozen=True)
class Turn:
    """One message to the assistant and everything the test pane shows about it."""

    question: str
    messages: tuple[Message, ...]
    intent: str
    confidence: float
    candidates: tuple[tuple[str, float], ...]  # the next two intents
    entities: tuple[Entity, ...]
    actions: tuple[str, ...]
    sources: Sources

    @property
    def text(self) -> str:
        return "\n".join(m.text for m in self.messages if m.text)


def reply_messages(raw: list[dict[str, Any]]) -> tuple[Message, ...]:
    return tuple(
        Message(str(m.get("text") or ""),
                tuple(Button(str(b.get("title", "")), str(b.get("payload", ""))) for b in m.get("buttons") or []))
        for m in raw if isinstance(m, dict)
    )


def read_turn(question: str, raw_reply: list[dict[str, Any]], tracker: dict[str, Any]) -> Turn:
    """The test turn from the REST reply and the tracker Rasa keeps of the conversation."""
    latest = tracker.get("latest_message") or {}
    parse = parse_result(latest)
    events = tracker.get("events") or []
    last_user = max((i for i, e in enumerate(events) if e.get("event") == "user"), default=-1)
    actions = tuple(e.get("name") or "" for e in events[last_user + 1:]
                    if e.get("event") == "action" and e.get("name") not in SILENT_ACTIONS)
    entities = tuple(Entity(str(e.get("entity", "")), str(e.get("value", "")), str(e.get("role") or ""),
                            str(e.get("extractor") or "")) for e in latest.get("entities") or [])
    messages = reply_messages(raw_reply)
    text = "\n".join(m.text for m in messages if m.text)
    return Turn(question, messages, parse.intent, parse.confidence, parse.ranking[1:3], entities, actions,
                    quoted_sources(load_content(), text))


@dataclass
class PaneConversation:
    """A staff member's conversation in the test pane (conversation mode)."""

    sender: str = field(default_factory=lambda: f"staff-console-{secrets.token_hex(8)}")
    turns: list[Turn] = field(default_factory=list)
    MAX_TURNS = 40

    def add(self, turn: Turn) -> None:
        self.turns = [*self.turns, turn][-self.MAX_TURNS:]


class ConsoleAssistant:
    """Starts, holds and stops the console's test assistant."""

    def __init__(self, config: ConsoleConfig) -> None:
        self.config = config
        self.state = OFF
        self.problem = ""
        self._bot: ToolAssistant | None = None
        self._lock = threading.Lock()

    def start_in_background(self) -> None:
        with self._lock:
            if self.state in (STARTING, READY):
                return
            self.state, self.problem = STARTING, ""
        threading.Thread(target=self._start, name="test-assistant", daemon=True).start()

    def _start(self) -> None:
        bot = ToolAssistant(model=self.config.model, ports=self.config.test_ports)
        try:
            bot.__enter__()
        except ServiceError as error:
            log.error("The test assistant could not start: %s", error)
            with self._lock:
                self.state, self.problem = FAILED, str(error).splitlines()[0]
            return
        with self._lock:
            self._bot, self.state = bot, READY
        log.info("The test assistant is ready on %s", bot.url)

    def stop(self) -> None:
        with self._lock:
            bot, self._bot = self._bot, None
            self.state = OFF
        if bot is not None:
            bot.__exit__(None, None, None)

    @property
    def bot(self) -> ToolAssistant:
        with self._lock:
            if self._bot is None:
                raise NotReady(self.status_text())
            return self._bot

    def status_text(self) -> str:
        if self.state == READY:
            return "The test assistant is ready."
        if self.state == STARTING:
            return "The test assistant is starting (about a minute); this page updates by itself."
        if self.state == FAILED:
            return f"The test assistant could not start: {self.problem}"
        return "The test assistant is not running."

    def turn(self, text: str, sender: str | None = None) -> Turn:
        """Ask, then read what Rasa made of it (blocking: call it in a worker thread)."""
        bot = self.bot
        sender = sender or f"staff-console-{secrets.token_hex(8)}"
        raw = bot.send(text, sender)
        return read_turn(text, raw, bot.tracker(sender))
