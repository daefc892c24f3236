"""No diagnosis, ever; and after the emergency message the conversation can go on
(tracker fixtures, no server)."""

from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.items import join
from actions.safety import ActionAfterEmergency, ActionDeclineDiagnosis
from core.content import load_content, load_site
from tests.support.page_facts import in_a_sentence, symptom
from tests.support.trackers import make_tracker

SAFETY = load_content().conversation.safety

# Words that would tell someone whether they (or their child) have ALL.
FORBIDDEN = ("you have", "you don't have", "you do not have", "you probably", "your child has", "he has all",
             "she has all", "it is leukemia", "it's leukemia", "not leukemia", "doesn't have all", "likely")


def ent(kind: str, value: str, role: str | None = None) -> dict[str, Any]:
    entity = {"entity": kind, "value": value}
    if role:
        entity["role"] = role
    return entity


def user(text: str, *entities: dict[str, Any]) -> dict[str, Any]:
    return {"event": "user", "text": text, "parse_data": {"text": text, "entities": list(entities)}}


@pytest.fixture(autouse=True)
def _settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("APPOINTMENT_PHONE", "(602) 555-0134")
    monkeypatch.setenv("HOSPITAL_NAME", "Test Hospital")


def page_lists(*words: str) -> str:
    """The sentence naming the symptoms the page lists, for the symptoms these visitor's words stand for."""
    return SAFETY.symptoms_listed.fill(symptoms=join([in_a_sentence("symptom", w) for w in words]))


def decline(text: str, entities: list[dict[str, Any]], events: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("request_diagnosis", text, entities, events=events)
    assert ActionDeclineDiagnosis().run(dispatcher, tracker, {}) == []
    (message,) = dispatcher.messages
    lowered = message["text"].lower()
    for phrase in FORBIDDEN:
        assert phrase not in lowered, phrase
    assert "only a doctor can" in message["text"]
    assert message["buttons"][0]["payload"] == "/request_appointment"
    assert "(602) 555-0134" in message["text"]
    return message


def test_symptoms_named_are_checked_against_the_page_without_a_diagnosis() -> None:
    text = decline("I have a fever and bruises, do I have leukemia",
                   [ent("symptom", symptom("fever")), ent("symptom", symptom("bruises"))])["text"]
    assert page_lists("fever", "bruises") in text
    assert "other illnesses" not in text  # a medical claim the page does not make


def test_symptoms_the_page_does_not_list_are_named_as_such() -> None:
    text = decline("my son has a fever and a rash, does he have ALL",
                   [ent("symptom", symptom("fever")), ent("symptom", symptom("rash"))])["text"]
    assert page_lists("fever") in text
    assert SAFETY.others_not_listed.fill(symptoms=in_a_sentence("symptom", "rash")) in text


def test_negated_symptoms_are_left_out() -> None:
    text = decline("I don't have a fever but I bruise easily, is it ALL",
                   [ent("symptom", symptom("fever"), "negated"), ent("symptom", symptom("bruises"))])["text"]
    assert in_a_sentence("symptom", "bruises") in text
    assert in_a_sentence("symptom", "fever").lower() not in text.lower()


def test_without_symptoms_it_still_declines_and_offers_a_doctor() -> None:
    text = decline("do I have ALL?", [])["text"]
    assert text.startswith(SAFETY.no_diagnosis.fill())
    assert "other illnesses" not in text


def test_symptoms_said_earlier_in_the_session_count() -> None:
    events = [
        user("my son was pale last year", ent("symptom", symptom("pale"))),
        {"event": "session_started"},
        user("my son has a fever", ent("symptom", symptom("fever"))),
        user("and nosebleeds", ent("symptom", symptom("nosebleeds"))),
    ]
    text = decline("could it be leukemia?", [], events)["text"]
    assert page_lists("fever", "nosebleeds") in text
    assert in_a_sentence("symptom", "pale") not in text  # an earlier session is not this conversation


def after_emergency(ranking: list[dict[str, Any]], kind: str | None = "breathing"
                    ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("report_emergency", "text", slots={"emergency_kind": kind})
    tracker.latest_message["intent_ranking"] = ranking
    events = ActionAfterEmergency().run(dispatcher, tracker, {})
    return dispatcher.messages, events


BOOKING = {"title": load_content().site.buttons.book, "payload": "/request_appointment"}
SYMPTOMS = {"title": load_content().answers.questions["ask_symptoms"].title, "payload": "/ask_symptoms"}


def test_after_an_emergency_the_question_asked_with_it_is_offered_then_booking() -> None:
    messages, events = after_emergency([{"name": "report_emergency", "confidence": 1.0},
                                        {"name": "ask_symptoms", "confidence": 0.9}])
    (message,) = messages
    assert message["buttons"] == [SYMPTOMS, BOOKING]
    assert events == [{"event": "slot", "timestamp": None, "name": "emergency_kind", "value": None}]


@pytest.mark.parametrize(
    "second",
    [{"name": "greet", "confidence": 0.9}, {"name": "ask_symptoms", "confidence": 0.2}, None],
)
def test_after_an_emergency_without_a_clear_question_only_the_way_to_a_doctor_follows(
        second: dict[str, Any] | None) -> None:
    ranking = [{"name": "report_emergency", "confidence": 1.0}] + ([second] if second else [])
    messages, events = after_emergency(ranking)
    (message,) = messages
    assert message["buttons"] == [BOOKING]  # "should I go to the ER?": the emergency guidance, then booking
    assert load_site().call_us() in message["text"]
    assert events[0]["name"] == "emergency_kind"


def test_after_thoughts_of_suicide_no_booking_offer_follows() -> None:
    messages, _ = after_emergency([{"name": "report_emergency", "confidence": 1.0}], kind="suicide")
    assert messages == []
