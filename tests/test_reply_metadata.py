"""A reply's metadata (the booking form's state and the input its question expects) reaches the
website over REST, and the page's /chat proxy passes on only the parts the widget reads."""

from __future__ import annotations

import asyncio
from typing import Any

from rasa.core.channels.channel import UserMessage

from addons.reply_metadata import MAX_METADATA_CHARS, MetadataCollectingOutputChannel, clean_metadata
from addons.resilient_rest import Incoming, ResilientRestInput
from web.server import clean_bot_messages

PHONE_STEP = {"form": {"name": "booking_form", "step": "phone"},
              "input": {"label": "Phone number", "placeholder": "Phone number with area code", "inputmode": "tel",
                        "autocomplete": "tel"}}


def collect(*sends: tuple[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """What the collector keeps of messages sent as Rasa sends a bot message (its **kwargs)."""
    channel = MetadataCollectingOutputChannel()

    async def send_all() -> None:
        for text, message in sends:
            await channel.send_response("visitor", {"text": text, **message})

    asyncio.run(send_all())
    return channel.messages


def test_a_reply_keeps_its_metadata_with_or_without_buttons() -> None:
    [plain, with_buttons] = collect(("What phone number?", {"metadata": PHONE_STEP}),
                                    ("Skip it?", {"buttons": [{"title": "Skip", "payload": "skip"}],
                                                  "metadata": {"ephemeral": True}}))
    assert plain == {"recipient_id": "visitor", "text": "What phone number?", "metadata": PHONE_STEP}
    assert with_buttons["metadata"] == {"ephemeral": True} and with_buttons["buttons"][0]["title"] == "Skip"


def test_text_split_into_parts_carries_the_metadata_on_its_last_part() -> None:
    messages = collect(("An answer.\n\nNow, the phone number?", {"metadata": PHONE_STEP}))
    assert [m["text"] for m in messages] == ["An answer.", "Now, the phone number?"]
    assert "metadata" not in messages[0] and messages[1]["metadata"] == PHONE_STEP


def test_without_metadata_a_reply_is_plain_text_and_odd_metadata_is_dropped() -> None:
    messages = collect(("Hello", {}), ("Hi", {"metadata": "not an object"}),
                       ("Big", {"metadata": {"x": "y" * MAX_METADATA_CHARS}}), ("Odd", {"metadata": {"x": {1, 2}}}))
    assert all("metadata" not in m for m in messages)
    assert clean_metadata({}) is None


def test_the_rest_channel_returns_the_metadata() -> None:
    async def turn(message: UserMessage) -> None:
        await message.output_channel.send_response(message.sender_id, {"text": "What phone number?",
                                                                       "metadata": PHONE_STEP})

    replies = asyncio.run(ResilientRestInput().handle(turn, Incoming("visitor", "Ann Lee", "rest")))
    assert replies == [{"recipient_id": "visitor", "text": "What phone number?", "metadata": PHONE_STEP}]


def test_the_page_proxy_passes_on_only_what_the_widget_reads() -> None:
    raw = [{"text": "What phone number?", "metadata": {**PHONE_STEP, "secret": "x", "utter_action": "utter_ask_phone",
                                                        "input": {**PHONE_STEP["input"], "onfocus": "alert(1)"}}},
           {"text": "Was this helpful?", "metadata": {"ephemeral": "yes please"}},
           {"text": "Long", "metadata": {"input": {"label": "x" * 500}}},
           {"text": "Odd", "metadata": ["not", "an", "object"]}]
    cleaned = clean_bot_messages(raw)
    assert cleaned[0] == {"text": "What phone number?", "metadata": PHONE_STEP}
    assert [c.get("metadata") for c in cleaned[1:]] == [None, None, None]
