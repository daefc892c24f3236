"""Two-stage fallback actions on tracker fixtures, the intent titles, and the CV config."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from rasa.shared.core.domain import Domain
from rasa_sdk.executor import CollectingDispatcher

from actions.fallback import (
    SOMETHING_ELSE_PAYLOAD,
    ActionDefaultAskAffirmation,
    ActionDefaultAskRephrase,
    ActionDefaultFallback,
    likely_intents,
)
from core.checking import ContentError
from core.content import load_content
from core.intent_titles import parse_intent_titles
from tests.support.trackers import make_tracker
from tools.trainer.confidence_report import load_probes
from tools.trainer.cv_config import cv_config

PROJECT = Path(__file__).resolve().parent.parent
DOMAIN = Domain.load(str(PROJECT / "domain"))
PHONE = "(602) 555-0134"


@pytest.fixture(autouse=True)
def settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("APPOINTMENT_PHONE", PHONE)
    monkeypatch.setenv("HOSPITAL_NAME", "Test Hospital")


def fallback_tracker(ranking: list[tuple[str, float]] | None):
    tracker = make_tracker("nlu_fallback", "sdkjfh qwe")
    if ranking is None:
        del tracker.latest_message["intent_ranking"]
    else:
        tracker.latest_message["intent_ranking"] = [
            {"name": "nlu_fallback", "confidence": 0.6}, *({"name": n, "confidence": c} for n, c in ranking)
        ]
    return tracker


def test_did_you_mean_offers_the_two_likeliest_questions_in_plain_words(dispatcher: CollectingDispatcher) -> None:
    tracker = fallback_tracker([("out_of_scope", 0.3), ("ask_symptoms", 0.25), ("affirm", 0.2),
                                ("ask_causes", 0.18), ("ask_treatment", 0.05)])
    ActionDefaultAskAffirmation().run(dispatcher, tracker, {})
    [message] = dispatcher.messages
    assert message["text"] == load_content().conversation.fallback.did_you_mean.fill()
    questions = load_content().answers.questions
    assert message["buttons"] == [
        {"title": questions["ask_symptoms"].title, "payload": "/ask_symptoms"},
        {"title": "What causes ALL?", "payload": "/ask_causes"},
        load_content().site.booking_button(),  # the booking option, next to "Something else"
        {"title": load_content().site.buttons.something_else, "payload": SOMETHING_ELSE_PAYLOAD},
    ]


def test_an_implausible_guess_is_not_offered(dispatcher: CollectingDispatcher) -> None:
    tracker = fallback_tracker([("out_of_scope", 0.6), ("ask_symptoms", 0.2), ("ask_survival_rate", 0.05)])
    ActionDefaultAskAffirmation().run(dispatcher, tracker, {})
    titles = [b["title"] for m in dispatcher.messages for b in m.get("buttons") or []]
    assert load_content().answers.questions["ask_symptoms"].title in titles
    assert load_content().answers.questions["ask_survival_rate"].title not in titles


@pytest.mark.parametrize("ranking", [None, [], [("ask_treatment", 0.4)], [("affirm", 0.5), ("deny", 0.4)]])
def test_a_short_or_missing_ranking_never_breaks_the_fallback(ranking, dispatcher: CollectingDispatcher) -> None:
    ActionDefaultAskAffirmation().run(dispatcher, fallback_tracker(ranking), {})
    assert dispatcher.messages
    for message in dispatcher.messages:
        for button in message.get("buttons") or []:
            assert "_" not in button["title"], "raw intent names must never be shown"


def test_with_nothing_to_offer_the_booking_offer_comes_straight_away(dispatcher: CollectingDispatcher) -> None:
    ActionDefaultAskAffirmation().run(dispatcher, fallback_tracker([("affirm", 0.5)]), {})
    text = "\n".join(m.get("text") or "" for m in dispatcher.messages)
    assert PHONE in text
    assert "Book an appointment" in [b["title"] for m in dispatcher.messages for b in m.get("buttons") or []]


@pytest.mark.parametrize("action", [ActionDefaultAskRephrase(), ActionDefaultFallback()])
def test_something_else_and_a_second_miss_offer_booking_or_calling(action, dispatcher: CollectingDispatcher) -> None:
    events = action.run(dispatcher, fallback_tracker([("ask_symptoms", 0.3)]), {})
    text = "\n".join(m.get("text") or "" for m in dispatcher.messages)
    assert PHONE in text and "appointment request" in text  # book or call
    assert dispatcher.messages[-1]["response"] == "utter_capabilities"  # what the assistant covers
    buttons = [b for m in dispatcher.messages for b in m.get("buttons") or []]
    assert {"title": "Book an appointment", "payload": "/request_appointment"} in buttons
    if isinstance(action, ActionDefaultFallback):
        assert events == [{"event": "rewind", "timestamp": None}]


def test_every_intent_is_a_page_question_titled_or_never_offered() -> None:
    titles = load_content().titles
    questions = load_content().answers.questions
    untitled = [
        intent for intent in DOMAIN.intents
        if intent not in questions and intent not in titles.titles and intent not in titles.never_offer
        and not intent.startswith(("session_start", "restart", "back"))
    ]
    assert not untitled, f"add these intents to content/intent_titles.yml: {untitled}"
    assert load_content().title_for("nlu_fallback") is None and load_content().title_for("out_of_scope") is None
    assert load_content().title_for("report_emergency") is None


def test_likely_intents_reads_only_offerable_ones() -> None:
    parse = {"intent": {"name": "nlu_fallback"}, "intent_ranking": [
        {"name": "nlu_fallback"}, {"name": "deny"}, {"name": "greet"}, {"name": "ask_symptoms"}]}
    assert likely_intents(parse, load_content()) == ["greet", "ask_symptoms"]
    assert likely_intents({"intent": {"name": "ask_symptoms"}}, load_content()) == ["ask_symptoms"]
    assert likely_intents({}, load_content()) == []


def test_a_broken_titles_file_is_refused_with_the_reason() -> None:
    with pytest.raises(ContentError, match="also has a title"):
        parse_intent_titles({"titles": {"greet": "Hello"}, "never_offer": ["greet"]})
    with pytest.raises(ContentError, match="non-empty text"):
        parse_intent_titles({"titles": {"greet": ""}, "never_offer": []})


def test_cv_config_is_the_config_without_the_fallback_classifier() -> None:
    config = yaml.safe_load((PROJECT / "config.yml").read_text())
    generated = cv_config(config)
    names = [c["name"] for c in generated["pipeline"]]
    assert "FallbackClassifier" not in names
    assert names == [c["name"] for c in config["pipeline"] if c["name"] != "FallbackClassifier"]
    assert generated["policies"] == config["policies"]


def test_probes_are_held_out_from_the_training_data() -> None:
    training = set()
    for path in (PROJECT / "data" / "nlu").glob("*.yml"):
        for block in yaml.safe_load(path.read_text()).get("nlu") or []:
            training |= {line[2:].strip().lower() for line in block.get("examples", "").splitlines()
                         if line.startswith("- ")}
    probes = load_probes()
    assert probes
    assert not [p["text"] for p in probes if p["text"].lower() in training]
