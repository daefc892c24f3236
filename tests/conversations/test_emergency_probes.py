"""Emergencies in new words get the emergency message first; page questions that only sound
alarming (pills, aches, fear, a diagnosis just given) get their answer without it. The
messages are held out from the training data (tests/data/emergency_probes.yml); the trained
model, the Rasa server and the action server answer them."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from core.content import load_content
from tools.common.http_client import Conversation

pytestmark = pytest.mark.conversation

PROJECT = Path(__file__).resolve().parents[2]
PROBES = yaml.safe_load((PROJECT / "tests" / "data" / "emergency_probes.yml").read_text(encoding="utf-8"))
SITE = load_content().site
# The two ways the emergency message opens (general, and suicide or self-harm), from content/site.yml.
EMERGENCY_OPENINGS = tuple(SITE.emergency[key].split(".")[0] for key in ("message", "suicide_message"))


def training_examples() -> set[str]:
    examples: set[str] = set()
    for path in (PROJECT / "data" / "nlu").glob("*.yml"):
        for block in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu") or []:
            if "intent" in block:
                examples |= {line[2:].strip().lower() for line in block["examples"].splitlines()
                             if line.startswith("- ")}
    return examples


def is_emergency_message(text: str) -> bool:
    return text.startswith(EMERGENCY_OPENINGS) and SITE.numbers["emergency"] in text


def test_the_probes_are_held_out_from_the_training_data() -> None:
    probes = [*PROBES["emergencies"], *PROBES["not_emergencies"]]
    assert len(probes) >= 100
    assert not [p for p in probes if p.lower() in training_examples()]


@pytest.mark.parametrize("message", PROBES["emergencies"])
def test_an_emergency_in_new_words_gets_the_emergency_message_first(chat: Conversation, message: str) -> None:
    replies = chat.send(message)
    assert replies and is_emergency_message(replies[0].get("text", "")), replies


@pytest.mark.parametrize("message", PROBES["not_emergencies"])
def test_a_page_question_in_alarming_words_is_answered_without_the_alarm(chat: Conversation, message: str) -> None:
    replies = chat.send(message)
    texts = [r.get("text", "") for r in replies if r.get("text")]
    assert texts, replies
    assert not any(is_emergency_message(text) for text in texts), texts
