"""Follow-ups, half answers, sources, other diseases, reaching a person and other languages,
in the actions (tracker fixtures, no server). Expected text comes from the content."""

from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.faq import ActionAnswerQuestion
from actions.feedback import is_feedback_prompt
from actions.follow_ups import resolve_question
from actions.not_covered import ActionExplainEnglishOnly, ActionExplainNotCovered, ActionSayNotCaught
from actions.people import ActionGivePhoneNumber, ActionOfferAPerson
from core.content import load_content, load_site
from core.replies import answer, is_answer_source
from tests.support.page_facts import named
from tests.support.settings import TEST_PHONE
from tests.support.trackers import make_tracker

CONTENT = load_content()
WORDS = CONTENT.conversation
PHONE = TEST_PHONE
# Terms as the NLU names them (canonical names from the content), by a word a visitor types.
CHILDREN, ADULTS = ("age_group", named("age_group", "kids")), ("age_group", named("age_group", "adults"))
INDUCTION, MAINTENANCE = ("phase", named("phase", "induction")), ("phase", named("phase", "maintenance"))
CHEMO = ("treatment", named("treatment", "chemo"))
ALL, AML = ("disease", named("disease", "ALL")), ("disease", named("disease", "AML"))


def lacks(detail: str, question: str) -> str:
    """What a half answer says the page doesn't do (content/answer_limits.yml), for a question."""
    topic = CONTENT.limits.topics.get(question, "that")
    return CONTENT.limits.details[detail].wording(topic, WORDS.answers.any_group.fill())


@pytest.fixture(autouse=True)
def _settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("APPOINTMENT_PHONE", PHONE)
    monkeypatch.setenv("HOSPITAL_NAME", "Test Hospital")


CUE_KINDS = {"follow_up": "follow_ups", "detail": "details"}  # read into the parse data's `cues`


def parse_data(entities: tuple[tuple[str, str], ...]) -> dict[str, Any]:
    """Entities, and the cues the NLU pipeline puts beside them (given here as ("detail", kind))."""
    return {"entities": [{"entity": k, "value": v} for k, v in entities if k not in CUE_KINDS],
            "cues": {name: [v for k, v in entities if k == kind] for kind, name in CUE_KINDS.items()}}


def message(intent: str, text: str, *entities: tuple[str, str], ranking: list[tuple[str, float]] | None = None
            ) -> dict[str, Any]:
    ranked = ranking or [(intent, 0.95)]
    return {"text": text, "intent": {"name": intent, "confidence": ranked[0][1]}, **parse_data(entities),
            "intent_ranking": [{"name": n, "confidence": c} for n, c in ranked]}


def resolved(msg: dict[str, Any], last: str | None) -> str | None:
    found = resolve_question(msg, last, CONTENT)
    return found.question if found else None


@pytest.mark.parametrize(("last", "msg", "expected"), [
    ("ask_survival_rate", message("ask_follow_up", "and for kids?", CHILDREN,
                                  ("follow_up", "openers")), "ask_survival_by_age"),
    ("ask_survival_rate", message("ask_who_gets_all", "and for kids?", CHILDREN,
                                  ("follow_up", "openers")), "ask_survival_by_age"),
    ("ask_who_gets_all", message("ask_who_gets_all", "what about adults?", ADULTS,
                                 ("follow_up", "openers")), "ask_who_gets_all"),
    ("ask_induction", message("ask_follow_up", "what comes after that?", ("follow_up", "next"),
                              ("follow_up", "back_reference")), "ask_consolidation"),
    (None, message("ask_induction", "what comes after induction?", INDUCTION,
                   ("follow_up", "next")), "ask_consolidation"),
    ("ask_treatment", message("ask_treatment", "what comes after induction?", INDUCTION,
                              ("follow_up", "next")), "ask_consolidation"),
    ("ask_symptoms", message("ask_follow_up", "any others?", ("follow_up", "more")), "ask_other_signs"),
    ("ask_treatment_phases", message("ask_follow_up", "tell me more about the last one", ("follow_up", "more"),
                                     ("follow_up", "last")), "ask_maintenance"),
    ("ask_treatment_phases", message("ask_follow_up", "the first one?", ("follow_up", "first")), "ask_induction"),
    ("ask_survival_rate", message("ask_page_review", "where does that number come from?",
                                  ("follow_up", "same_topic")), "ask_survival_rate"),
    ("ask_induction", message("ask_follow_up", "how long does it take?", ("follow_up", "back_reference"),
                              ("detail", "duration")), "ask_induction"),
    # A new question, not a follow-up: the classifier is sure, and nothing leans back.
    ("ask_what_is_all", message("ask_treatment", "how do they treat it?", ("follow_up", "back_reference")),
     "ask_treatment"),
    ("ask_survival_rate", message("ask_page_review", "how current is that info?", ("follow_up", "back_reference"),
                                  ranking=[("ask_page_review", 0.97)]), "ask_page_review"),
    ("ask_who_gets_all", message("ask_treatment", "how is it treated?", ("follow_up", "back_reference"),
                                 ranking=[("ask_treatment", 0.8)]), "ask_treatment"),
])
def test_follow_ups_are_read_against_the_last_question(last: str | None, msg: dict[str, Any],
                                                       expected: str) -> None:
    assert resolved(msg, last) == expected


def test_a_follow_up_with_nothing_before_it_asks_which_topic(dispatcher: CollectingDispatcher) -> None:
    ActionAnswerQuestion().run(dispatcher, make_tracker("ask_follow_up", "any others?"), {})
    assert dispatcher.messages[0]["text"] == "I'm not sure which topic you mean."
    assert dispatcher.messages[-1]["response"] == "utter_capabilities"


def answer_turn(intent: str, text: str, *entities: tuple[str, str], last: str | None = None
                ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    dispatcher = CollectingDispatcher()
    data = parse_data(entities)
    tracker = make_tracker(intent, text, data["entities"], slots={"last_topic": last})
    tracker.latest_message["cues"] = data["cues"]
    events = ActionAnswerQuestion().run(dispatcher, tracker, {})
    return [m for m in dispatcher.messages if not is_feedback_prompt(m)], events


def test_the_last_question_answered_is_remembered() -> None:
    _, events = answer_turn("ask_follow_up", "and for kids?", CHILDREN, ("follow_up", "openers"),
                            last="ask_survival_rate")
    assert events == [{"event": "slot", "timestamp": None, "name": "last_topic", "value": "ask_survival_by_age"}]


def test_a_half_answered_question_says_what_is_missing_then_quotes_the_page() -> None:
    messages, _ = answer_turn("ask_maintenance", "how long does maintenance last", MAINTENANCE,
                              ("detail", "duration"))
    text = messages[0]["text"]
    topic = CONTENT.limits.topics["ask_maintenance"]
    assert text.startswith(WORDS.answers.half_answer_with_page.fill(lacks=lacks("duration", "ask_maintenance")))
    assert topic in text
    assert answer(CONTENT, "ask_maintenance").text in text
    assert PHONE in text and "appointment request" in text
    assert CONTENT.site.buttons.book in [b["title"] for b in messages[0]["buttons"]]


def test_a_detail_no_section_touches_is_not_answered_with_page_text() -> None:
    messages, _ = answer_turn("ask_treatment", "will chemo make him lose his hair", CHEMO,
                              ("detail", "side_effects"))
    text = messages[0]["text"]
    opening = WORDS.answers.half_answer_alone.pattern().match(text)  # the reply opens with it
    assert opening and opening.group("lacks") == lacks("side_effects", "ask_treatment")
    for _, sentence in CONTENT.page.sentences():
        assert sentence.text not in text, "nothing the page says answers it, so nothing is quoted"


def test_a_follow_up_goes_through_the_same_half_answer_check() -> None:
    messages, _ = answer_turn("ask_follow_up", "how long does it take?", ("follow_up", "back_reference"),
                              ("detail", "duration"), last="ask_induction")
    assert messages[0]["text"].startswith(
        WORDS.answers.half_answer_with_page.fill(lacks=lacks("duration", "ask_induction")))


def test_every_page_answer_carries_its_source_line_and_data() -> None:
    messages, _ = answer_turn("ask_survival_rate", "survival rate?")
    (source,) = [m for m in messages if is_answer_source(m)]
    section = CONTENT.page.section(CONTENT.answers.questions["ask_survival_rate"].section)
    data = source["custom"]["source"]
    assert data["title"] == section.title and data["anchor"] == section.id
    assert data["updated"] == CONTENT.page.source.updated.isoformat()
    assert source["text"] == data["text"] and section.title in source["text"]
    review, _ = answer_turn("ask_page_review", "who reviewed this?")
    assert not any(is_answer_source(m) for m in review)  # the review details are the source itself


def test_all_compared_with_another_disease_gets_alls_answer_and_says_the_other_is_not_covered() -> None:
    messages, _ = answer_turn("ask_what_is_all", "difference between ALL and AML",
                              ALL, AML)
    text = messages[0]["text"]
    assert answer(CONTENT, "ask_what_is_all").text in text
    assert WORDS.answers.other_diseases_note.fill(diseases=AML[1]) in text


def run(action: Any, intent: str, text: str, *entities: tuple[str, str]) -> list[dict[str, Any]]:
    dispatcher = CollectingDispatcher()
    data = parse_data(entities)
    tracker = make_tracker(intent, text, data["entities"])
    tracker.latest_message["cues"] = data["cues"]
    action.run(dispatcher, tracker, {})
    return dispatcher.messages


def test_another_disease_is_named_and_never_answered_with_page_facts() -> None:
    (reply,) = run(ActionExplainNotCovered(), "ask_other_disease", "survival rate for AML",
                   AML)
    assert WORDS.not_covered.other_disease.fill(diseases=AML[1]) in reply["text"]
    assert PHONE in reply["text"] and reply["buttons"][0] == CONTENT.site.booking_button()
    for _, sentence in CONTENT.page.sentences():
        assert sentence.text not in reply["text"]


@pytest.mark.parametrize(("confidence", "names_other_diseases"), [(0.5, False), (0.95, True)])
def test_other_diseases_are_named_as_the_topic_only_when_the_classifier_is_sure(
        confidence: float, names_other_diseases: bool) -> None:
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("ask_other_disease", "is a bone marrow transplant dangerous")
    tracker.latest_message["intent"]["confidence"] = confidence
    ActionExplainNotCovered().run(dispatcher, tracker, {})
    other_diseases = CONTENT.answers.not_covered["ask_other_disease"]
    assert (other_diseases in dispatcher.messages[0]["text"]) is names_other_diseases
    assert PHONE in dispatcher.messages[0]["text"]


def test_a_not_covered_detail_is_named() -> None:
    (reply,) = run(ActionExplainNotCovered(), "ask_life_during_treatment", "what should he eat", ("detail", "diet"))
    assert f"doesn't {CONTENT.limits.details['diet'].missing}" in reply["text"]


def test_asking_for_a_person_is_answered_honestly_with_the_line_and_booking() -> None:
    (reply,) = run(ActionOfferAPerson(), "request_human", "can I talk to a human")
    assert reply["text"] == load_site().say(WORDS.people.person)
    assert PHONE in reply["text"] and "Test Hospital" in reply["text"]
    assert reply["buttons"] == [CONTENT.site.booking_button()]


def test_the_phone_number_question_gets_the_appointment_line(monkeypatch: pytest.MonkeyPatch) -> None:
    (reply,) = run(ActionGivePhoneNumber(), "ask_phone_number", "what's your phone number")
    assert reply["text"] == load_site().say(WORDS.people.phone) and PHONE in reply["text"]
    monkeypatch.delenv("APPOINTMENT_PHONE")
    (reply,) = run(ActionGivePhoneNumber(), "ask_phone_number", "what's your phone number")
    assert reply["text"] == load_site().say(WORDS.people.no_phone)
    assert load_site().call_us() in reply["text"]
    assert not any(ch.isdigit() for ch in reply["text"]), "no number is ever invented"
    assert "website" not in reply["text"]


def test_another_language_gets_an_english_reply_with_the_way_to_a_person() -> None:
    (reply,) = run(ActionExplainEnglishOnly(), "other_language", "¿qué es la leucemia?", ("language", "es"))
    site = load_site()
    assert reply["text"] == site.say(WORDS.not_covered.english_only, emergency_hint=site.emergency("hint"))
    assert PHONE in reply["text"] and site.emergency("hint") in reply["text"]
    for _, sentence in CONTENT.page.sentences():
        assert sentence.text not in reply["text"]


def test_keyboard_mash_gets_i_didnt_catch_that_and_the_topics() -> None:
    messages = run(ActionSayNotCaught(), "keyboard_mash", "asdfgh")
    assert messages[0]["text"] == WORDS.not_covered.not_caught.fill()
    assert messages[-1]["response"] == "utter_capabilities"
