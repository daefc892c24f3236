"""One request model and one message limit for both ways in: the page's /chat proxy and the
REST channel (core/chat_request.py), and the widget's text box told the same limit."""

from __future__ import annotations

import json

import pytest
import yaml

from addons.resilient_rest import ResilientRestInput
from core.chat_request import MAX_MESSAGE_CHARS, ChatRequestError, parse_chat_request
from core.content import load_content, load_site
from core.paths import PROJECT_DIR
from web.page import render_page
from web.server import widget_request


def body(**fields: object) -> bytes:
    return json.dumps(fields).encode()


def test_both_channels_read_messages_up_to_the_same_limit() -> None:
    longest = "x" * MAX_MESSAGE_CHARS
    assert ResilientRestInput().max_message_chars == MAX_MESSAGE_CHARS
    channels = yaml.safe_load((PROJECT_DIR / "credentials.yml").read_text(encoding="utf-8"))
    configured = ResilientRestInput.from_credentials(channels["addons.resilient_rest.ResilientRestInput"])
    assert configured.max_message_chars == MAX_MESSAGE_CHARS  # as Rasa builds it from credentials.yml
    assert widget_request(body(sender="web-12345678", message=longest)) == ("web-12345678", longest)
    with pytest.raises(ValueError, match=f"at most {MAX_MESSAGE_CHARS}"):
        widget_request(body(sender="web-12345678", message=longest + "x"))


def test_the_widget_is_told_the_limit_by_the_page() -> None:
    html = render_page(load_content().page, load_site())
    assert f'data-max-chars="{MAX_MESSAGE_CHARS}"' in html


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        (b"not json", "must be JSON"),
        (b"[1]", "JSON object"),
        (body(message="hi"), "'sender' is required"),
        (body(sender=True, message="hi"), "'sender'"),
        (body(sender="a\tb", message="hi"), "printable"),
        (body(sender="a"), "'message' is required"),
        (body(sender="a", message=["hi"]), "'message'"),
        (body(sender="a", message="hi", metadata=[1]), "'metadata'"),
        (body(sender="a", message="hi", input_channel="x" * 65), "'input_channel'"),
    ],
)
def test_what_is_not_a_chat_request_is_refused_with_the_reason(raw: bytes, problem: str) -> None:
    with pytest.raises(ChatRequestError, match=problem):
        parse_chat_request(raw)


def test_a_chat_request_keeps_what_a_client_may_send() -> None:
    request = parse_chat_request(body(sender=42, message=" what is ALL? ", metadata={"page": "all"},
                                      input_channel="", extra="ignored"))
    assert (request.sender, request.message, request.metadata, request.input_channel) == \
        ("42", " what is ALL? ", {"page": "all"}, None)
