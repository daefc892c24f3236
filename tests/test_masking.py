"""Masking names, phone numbers and emails (records/masking.py) and the unanswered-questions
report that shows visitors' texts only masked."""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path

import pytest
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from core.content import load_content
from records.masking import content_words, has_contact_details, mask_personal
from tools.staff import unanswered


@pytest.mark.parametrize(("text", "masked"), [
    ("my name is jane doe and i have a question", "my name is [name] and i have a question"),
    ("Can Jane Doe get an appointment?", "Can [name] get an appointment?"),
    ("this is Sarah, mother of Noah", "this is [name], mother of [name]"),
    ("my son liam is scared of needles", "my son [name] is scared of needles"),
    ("call me on 602 555 0134 please", "call me on [phone] please"),
    ("my number is (602) 555-0134", "my number is [phone]"),
    ("reach me at +44 20 7946 0958", "reach me at [phone]"),
    ("6025550134", "[phone]"),
    ("email Jane.Doe@Example.com or j_doe+all@mail.example.org", "email [email] or [email]"),
    ("named Kevin O'Brien, 602-555-0187, kob@example.com", "named [name], [phone], [email]"),
])
def test_names_phone_numbers_and_emails_are_masked(text: str, masked: str) -> None:
    assert mask_personal(text, content_words()) == masked


@pytest.mark.parametrize("text", [
    "I'm worried about my daughter",
    "this is about my son",
    "can I come in December or on a Monday morning",
    "my child was born in 2019 and is 5",
    "what is the chance of getting better, in percent?",
    "asdf qwerty",
])
def test_ordinary_words_and_short_numbers_stay(text: str) -> None:
    assert mask_personal(text, content_words()) == text
    assert not has_contact_details(text)


def test_no_word_of_the_page_or_its_vocabulary_is_taken_for_a_name() -> None:
    content = load_content()
    phrases = [phrase for term in content.vocabulary.terms for phrase in term.phrases]
    phrases += [section.title for section in content.page.sections]
    for phrase in phrases:
        capitalised = " ".join(word[:1].upper() + word[1:] for word in phrase.split())
        text = f"tell me about {capitalised} please"
        assert mask_personal(text, content_words()) == text


def test_the_unanswered_report_shows_visitors_texts_only_masked(tmp_path: Path) -> None:
    tracker_db = tmp_path / "tracker.db"
    store = SQLTrackerStore(dialect="sqlite", db=str(tracker_db))  # as an older, unencrypted store wrote it
    at = dt.datetime(2026, 11, 1).timestamp()
    texts = ["my name is Jane Doe, can you call me on 602 555 0134", "email jane@example.com about parking"]
    events = []
    for n, text in enumerate(texts):
        events += [UserUttered(text, intent={"name": "out_of_scope", "confidence": 0.9}, timestamp=at + n),
                   ActionExecuted("action_explain_not_covered", timestamp=at + n),
                   BotUttered("not covered", timestamp=at + n), ActionExecuted("action_listen", timestamp=at + n)]
    asyncio.run(store.save(DialogueStateTracker.from_events("visitor", events)))
    store.engine.dispose()
    out = tmp_path / "reports"
    assert unanswered.main(["--url", f"sqlite:///{tracker_db}", "--feedback-url", f"sqlite:///{tmp_path / 'f.db'}",
                            "--out-dir", str(out)]) == 0
    written = "\n".join(path.read_text() for path in out.iterdir())
    assert "[name]" in written and "[phone]" in written and "[email]" in written
    for private in ("Jane", "Doe", "602", "0134", "jane@example.com"):
        assert private not in written
