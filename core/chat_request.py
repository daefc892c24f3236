"""What a chat request may hold: the one request model and size limits of both ways in, the
website's /chat proxy (web/server.py) and the Rasa REST channel (addons/resilient_rest.py).

It sits in the content core because both channels need it and neither may import the other.
Each channel decides what a refusal looks like (a 400 for the widget's proxy; the REST
channel answers an empty or over-long message with a reply asking for a question).
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel, ValidationError, validator

# The longest question the assistant reads: a few sentences. The widget's text box stops there
# too (the page passes it on as data-max-chars), so a visitor never sees the refusal.
MAX_MESSAGE_CHARS = 500
MAX_SENDER_CHARS = 128
MAX_CHANNEL_CHARS = 64
# Request bodies: the REST channel's (nginx in deploy/scale-out uses the same 64 KiB) and the
# page proxy's, which only ever carries a widget message (sender id and MAX_MESSAGE_CHARS).
MAX_BODY_BYTES = 64 * 1024
MAX_PAGE_BODY_BYTES = 4096
EXAMPLE_BODY = '{"sender": "a conversation id", "message": "your question"}'


class ChatRequestError(ValueError):
    """A request that is not a chat message; the message says what is wrong, for a developer."""


def _printable_id(value: str) -> bool:
    return value.isprintable() and value.strip() == value


class ChatRequest(BaseModel):
    """`{"sender": ..., "message": ...}` with optional `metadata` and `input_channel`. The message
    is text of any length here: each channel answers an over-long one in its own way."""

    sender: str
    message: str
    metadata: dict[str, Any] | None = None
    input_channel: str | None = None

    class Config:
        extra = "ignore"

    @validator("sender", pre=True)
    def _sender_is_an_id(cls, value: Any) -> str:  # noqa: N805 (pydantic validators are class methods)
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str) or not value.strip():
            raise ValueError("'sender' is required: a text id of the conversation.")
        if len(value) > MAX_SENDER_CHARS or not _printable_id(value):
            raise ValueError(f"'sender' must be printable text of at most {MAX_SENDER_CHARS} characters.")
        return value

    @validator("message", pre=True)
    def _message_is_text(cls, value: Any) -> str:  # noqa: N805
        if not isinstance(value, str):
            raise ValueError("'message' is required and must be non-empty text.")
        return value

    @validator("metadata", pre=True)
    def _metadata_is_an_object(cls, value: Any) -> dict[str, Any] | None:  # noqa: N805
        if value is not None and not isinstance(value, dict):
            raise ValueError("'metadata' must be a JSON object when given.")
        return value

    @validator("input_channel", pre=True)
    def _channel_is_a_name(cls, value: Any) -> str | None:  # noqa: N805
        if value is None or value == "":
            return None
        if not isinstance(value, str) or len(value) > MAX_CHANNEL_CHARS or not _printable_id(value):
            raise ValueError(f"'input_channel' must be text of at most {MAX_CHANNEL_CHARS} characters.")
        return value


def parse_chat_request(body: bytes) -> ChatRequest:
    """The request in a body (size already checked by the caller), or ChatRequestError saying why not."""
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise ChatRequestError(f"The request body must be JSON: a JSON object like {EXAMPLE_BODY}.") from None
    if not isinstance(data, dict):
        raise ChatRequestError(f"The request body must be a JSON object like {EXAMPLE_BODY}.")
    try:
        return ChatRequest.parse_obj(data)
    except ValidationError as error:
        first = error.errors()[0]
        if first["type"] == "value_error.missing":
            raise ChatRequestError(f"'{first['loc'][0]}' is required.") from None
        raise ChatRequestError(first["msg"]) from None
