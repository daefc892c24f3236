"""The website's REST channel: Rasa's own REST input, made safe for anything a visitor sends.

Same URL and JSON as Rasa's `rest` channel (POST /webhooks/rest/webhook
`{"sender": "...", "message": "..."}` → a list of `{"recipient_id", "text", "buttons"}`, plus a
reply's `metadata` when it has one: addons/reply_metadata.py), with three differences, because
Rasa 3.6's channel answers some faults with silence:

* The request is checked before Rasa sees it. Malformed JSON, a missing sender or a message
  that is not text get a 4xx with a JSON `error`; an empty or over-long message gets a reply
  asking for a question; control characters and lone surrogates (which break the tracker
  store) are removed. Rasa's own channel would file sender-less messages under one shared
  conversation ("default") and crash inside NLU on a number or a list.
* A turn that produced no reply (the action server is down, the tracker store failed, an
  action raised) gets an apology and the appointment line instead of an empty list.
* A turn that takes longer than the reply timeout gets the same apology, while Rasa goes on
  with the turn in the background, so the tracker is still saved: nothing is lost.

Nothing the visitor typed is logged: only what went wrong.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
import os
import unicodedata
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from addons.reply_metadata import MetadataCollectingOutputChannel
from addons.tracker_store import turn_problems
from core.chat_request import (
    EXAMPLE_BODY,
    MAX_BODY_BYTES,
    MAX_MESSAGE_CHARS,
    ChatRequestError,
    parse_chat_request,
)
from core.content import load_content, load_site

logger = logging.getLogger(__name__)

# Below the web page proxy's CHAT_TIMEOUT (20 s), so the visitor gets the apology, not "took too long".
REPLY_TIMEOUT_SECONDS = 15.0
# Commands that legitimately produce no reply, so silence after them is not a fault.
SILENT_COMMANDS = ("/session_start", "/restart")

def ask_for_a_question() -> str:
    """The reply to an empty message (content/conversation.yml, `technical`)."""
    return load_content().conversation.technical.ask_for_a_question.fill()


def too_long_reply(length: int, limit: int) -> str:
    return load_content().conversation.technical.too_long.fill(length=f"{length:,}", limit=f"{limit:,}")


def apology_text() -> str:
    """What a visitor reads when the assistant cannot answer: never silence, never a made-up number."""
    site = load_site()
    # When a turn fails, the assistant cannot tell whether the message was an emergency.
    return site.say(load_content().conversation.technical.apology, emergency_hint=site.emergency("hint"))


def lost_track_text() -> str:
    """Said after the replies of a turn whose conversation could not be read or saved."""
    return load_site().say(load_content().conversation.technical.lost_track)


@dataclass(frozen=True)
class Rejection:
    """A request that cannot be a chat message: HTTP status and a message for the developer."""

    status: int
    error: str

    def as_response(self) -> HTTPResponse:
        return response.json({"error": self.error, "expected": EXAMPLE_BODY}, status=self.status)


@dataclass(frozen=True)
class Incoming:
    """A checked chat message. `reply` is set when the channel answers it without Rasa."""

    sender: str
    text: str
    input_channel: str
    metadata: dict[str, Any] | None = None
    reply: str | None = field(default=None)


def clean_text(text: str) -> str:
    """The message as Rasa should see it: NFC, no control characters, no lone surrogates.

    Line breaks and tabs become spaces (one question per message); format characters such
    as the zero-width joiner inside emoji stay.
    """
    # Lone surrogates (valid in JSON, invalid in UTF-8) go first: they would fail later, when
    # the tracker store or the response encodes the text.
    text = "".join(c for c in text if unicodedata.category(c) != "Cs")
    kept = []
    for char in unicodedata.normalize("NFC", text):
        if char in "\t\n\r\x0b\x0c\x85\u2028\u2029":
            kept.append(" ")
        elif unicodedata.category(char) != "Cc":
            kept.append(char)
    return " ".join("".join(kept).split())


def _has_visible_characters(text: str) -> bool:
    """Letters, digits, punctuation or symbols (emoji): not only spaces and zero-width marks."""
    return any(unicodedata.category(c)[0] in "LNPS" for c in text)


def check_request(
    body: bytes, max_chars: int = MAX_MESSAGE_CHARS, default_channel: str = "rest"
) -> Incoming | Rejection:
    """Turn a raw request body into a chat message or say why it isn't one. Never raises.

    The shape and size limits are core/chat_request.py's, shared with the page's /chat proxy."""
    if len(body) > MAX_BODY_BYTES:
        return Rejection(413, f"The request body is larger than {MAX_BODY_BYTES // 1024} KiB.")
    try:
        request = parse_chat_request(body)
    except ChatRequestError as error:
        return Rejection(400, str(error))
    channel = request.input_channel or default_channel
    text = clean_text(request.message)
    if not _has_visible_characters(text):
        return Incoming(request.sender, "", channel, request.metadata, reply=ask_for_a_question())
    if len(text) > max_chars:
        return Incoming(request.sender, "", channel, request.metadata, reply=too_long_reply(len(text), max_chars))
    return Incoming(request.sender, text, channel, request.metadata)


def is_silent_command(text: str) -> bool:
    return any(text == c or text.startswith(c + "{") for c in SILENT_COMMANDS)


def _message(sender: str, text: str) -> dict[str, Any]:
    return {"recipient_id": sender, "text": text}


def _log_background_failure(task: asyncio.Future) -> None:
    if not task.cancelled() and task.exception() is not None:
        logger.error("A turn that had timed out failed later: %s", type(task.exception()).__name__)


class ResilientRestInput(RestInput):
    """Rasa's REST channel behind request checks, with an apology instead of silence."""

    def __init__(self, max_message_chars: int = MAX_MESSAGE_CHARS,
                 reply_timeout: float = REPLY_TIMEOUT_SECONDS) -> None:
        self.max_message_chars = max_message_chars
        self.reply_timeout = reply_timeout

    @classmethod
    def name(cls) -> str:
        # The same name as Rasa's channel, so the URL stays /webhooks/rest/webhook.
        return "rest"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> ResilientRestInput:
        credentials = credentials or {}
        timeout = os.environ.get("REPLY_TIMEOUT_SECONDS") or credentials.get("reply_timeout_seconds")
        return cls(
            reply_timeout=float(timeout or REPLY_TIMEOUT_SECONDS),
        )

    async def handle(self, on_new_message: Callable[[UserMessage], Awaitable[Any]],
                     incoming: Incoming) -> list[dict[str, Any]]:
        """Run one turn through Rasa; whatever happens, the visitor gets at least one message."""
        if incoming.reply is not None:
            return [_message(incoming.sender, incoming.reply)]
        collector = MetadataCollectingOutputChannel()  # keeps each reply's metadata (addons/reply_metadata.py)
        user_message = UserMessage(incoming.text, collector, incoming.sender,
                                   input_channel=incoming.input_channel, metadata=incoming.metadata)
        # The turn's task gets a copy of this context, so the tracker store can report into
        # this list (addons/tracker_store.py).
        problems: list[str] = []
        context = turn_problems.set(problems)
        # Shielded, so a timeout here (or a visitor closing the page) never interrupts Rasa
        # half-way through a turn: the turn finishes and the tracker is saved.
        try:
            turn = asyncio.ensure_future(on_new_message(user_message))
        finally:
            turn_problems.reset(context)
        failed = False
        try:
            await asyncio.wait_for(asyncio.shield(turn), self.reply_timeout)
        except asyncio.TimeoutError:
            logger.error("A turn took longer than %.0fs; the visitor got the apology.", self.reply_timeout)
            turn.add_done_callback(_log_background_failure)
            failed = True
        except Exception as error:  # any failure must still reach the visitor as a reply
            logger.error("A turn failed (%s); the visitor got the apology.", type(error).__name__)
            failed = True
        messages = list(collector.messages)
        if failed or (not messages and not is_silent_command(incoming.text)):
            if not failed:
                logger.error("A turn produced no reply (is the action server up?); the visitor got the apology.")
            messages.append(_message(incoming.sender, apology_text()))
        elif problems:
            # Rasa answered from an empty, unsaved conversation. Its replies stay (an emergency
            # message must still get through), followed by the warning.
            logger.error("The tracker store failed (%s); the visitor was told.", ", ".join(sorted(set(problems))))
            messages.append(_message(incoming.sender, lost_track_text()))
        return messages

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        module = inspect.getmodule(self)
        webhook = Blueprint(f"custom_webhook_{type(self).__name__}", module.__name__ if module else None)

        @webhook.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            checked = check_request(request.body or b"", self.max_message_chars, self.name())
            if isinstance(checked, Rejection):
                return checked.as_response()
            return response.json(await self.handle(on_new_message, checked))

        return webhook
