"""Item-level answers (actions/items.py through action_answer_question): about the one thing
named, in the page's own sentences and list items (tracker fixtures, no server, no spaCy)."""

from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.faq import ActionAnswerQuestion
from actions.feedback import is_feedback_prompt
from actions.items import display, the
from core.content import load_content
from core.replies import answer, is_answer_source
from tests.support.page_facts import in_a_sentence, named, symptom, term
from tests.support.trackers import make_tracker
from tests.support.wording import templates

PAGE = load_content().page
WORDS = load_content().conversation.answers
SPREAD = PAGE.section("symptoms").sentence("spread").text
FLU_INTRO = PAGE.section("symptoms").bullet_list("flu-like-symptoms").intro
OTHER_INTRO = PAGE.section("symptoms").bullet_list("other-signs").intro
FEVER, BRUISING = symptom("fever"), symptom("bruises")


def ent(kind: str, value: str, role: str | None = None) -> dict[str, Any]:
    entity = {"entity": kind, "value": value, "extractor": "PageTermExtractor"}
    if role:
        entity["role"] = role
    return entity


def ask(intent: str, text: str, *entities: dict[str, Any]) -> dict[str, Any]:
    dispatcher = CollectingDispatcher()
    events = ActionAnswerQuestion().run(dispatcher, make_tracker(intent, text, list(entities)), {})
    assert events == [{"event": "slot", "timestamp": None, "name": "last_topic", "value": intent}]
    # The feedback question and the source line are tested in test_feedback.py and test_faq_actions.py.
    messages = [m for m in dispatcher.messages if not is_feedback_prompt(m) and not is_answer_source(m)]
    assert len(messages) == 1
    message = messages[0]
    assert message["buttons"][-1]["title"] == load_content().site.buttons.book
    return message


@pytest.fixture(autouse=True)
def _settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("APPOINTMENT_PHONE", "(602) 555-0134")
    monkeypatch.setenv("HOSPITAL_NAME", "Test Hospital")


def test_a_listed_symptom_is_answered_with_its_list_and_a_reminder() -> None:
    text = ask("ask_symptoms", "is a nosebleed a symptom", ent("symptom", symptom("nose bleed")))["text"]
    assert f"{OTHER_INTRO}\n• {symptom('nose bleed')}" in text
    assert FLU_INTRO not in text and f"• {FEVER}" not in text  # only the item asked about
    # No claim about other illnesses (the page makes none); a doctor is the one who can tell.
    assert "other illnesses" not in text and "only a doctor can tell" in text.lower()


def test_several_symptoms_are_answered_together_under_their_own_lists() -> None:
    text = ask("ask_symptoms", "fever, bruises and hair loss?", ent("symptom", FEVER),
               ent("symptom", BRUISING), ent("symptom", symptom("hair loss")))["text"]
    assert f"{FLU_INTRO}\n• {FEVER}" in text
    assert f"{OTHER_INTRO}\n• {BRUISING}" in text
    assert WORDS.symptoms_not_listed.fill(symptoms=in_a_sentence("symptom", "hair loss")) in text
    assert "(602) 555-0134" in text  # something not on the page leads to a doctor


def test_a_symptom_the_page_does_not_list_is_said_plainly_with_booking() -> None:
    message = ask("ask_symptoms", "is a rash a symptom", ent("symptom", symptom("rash")))
    assert WORDS.symptoms_not_listed.fill(symptoms=in_a_sentence("symptom", "rash")) in message["text"]
    assert "Test Hospital" in message["text"] and "appointment" in message["text"]
    assert "•" not in message["text"]


def test_negated_symptoms_are_not_answered_about() -> None:
    text = ask("ask_symptoms", "I don't have a fever but I bruise easily",
               ent("symptom", FEVER, "negated"), ent("symptom", BRUISING))["text"]
    assert f"• {BRUISING}" in text and FEVER not in text


def test_only_negated_items_give_the_whole_answer() -> None:
    message = ask("ask_symptoms", "what are the symptoms if not fever", ent("symptom", FEVER, "negated"))
    assert message["text"] == answer(load_content(), "ask_symptoms").text


def test_what_else_besides_asks_for_the_whole_list() -> None:
    message = ask("ask_other_signs", "what else besides fever and fatigue",
                  ent("symptom", FEVER), ent("symptom", symptom("fatigue")))
    assert message["text"] == answer(load_content(), "ask_other_signs").text


def test_a_body_site_named_among_the_spread_places_quotes_the_sentence() -> None:
    liver = term("body_site", "liver")
    text = ask("ask_where_it_spreads", "does it spread to the liver", ent("body_site", liver.canonical))["text"]
    assert text.startswith(WORDS.spread_named.fill(places=the(liver)))
    assert SPREAD in text


def test_a_body_site_not_on_the_page_is_said_plainly_with_what_the_page_says() -> None:
    lungs = term("body_site", "lungs")
    text = ask("ask_where_it_spreads", "can it spread to the lungs", ent("body_site", lungs.canonical))["text"]
    assert WORDS.spread_nowhere.fill(places=the(lungs)) in text
    assert SPREAD in text and "(602) 555-0134" in text
    assert "Yes" not in text


def test_a_body_site_mentioned_elsewhere_on_the_page_quotes_where() -> None:
    marrow = term("body_site", "bone marrow")
    text = ask("ask_where_it_spreads", "does it spread to the bone marrow", ent("body_site", marrow.canonical))["text"]
    assert WORDS.spread_elsewhere.fill(place=the(marrow)) in text
    assert PAGE.section("overview").sentence("definition").text in text


def test_a_phase_gets_its_own_sentences_not_all_phases() -> None:
    text = ask("ask_treatment_phases", "what happens in induction", ent("phase", named("phase", "induction")))["text"]
    assert text == PAGE.section("treatment").sentence("induction").text


def test_a_phase_includes_the_sentence_that_goes_on_about_it() -> None:
    text = ask("ask_treatment_phases", "tell me about maintenance", ent("phase", named("phase", "maintenance")))["text"]
    treatment = PAGE.section("treatment")
    assert text == f"{treatment.sentence('maintenance').text} {treatment.sentence('maintenance-purpose').text}"


def test_the_phase_question_itself_keeps_its_answer() -> None:
    message = ask("ask_consolidation", "what is consolidation", ent("phase", named("phase", "consolidation")))
    assert message["text"] == answer(load_content(), "ask_consolidation").text
    assert PAGE.section("treatment").sentence("consolidation").text in message["text"]


def test_a_phase_question_naming_chemo_in_passing_keeps_its_own_answer() -> None:
    message = ask("ask_maintenance", "why do they keep on with chemo once the main part is over",
                  ent("treatment", named("treatment", "chemo")))
    assert message["text"] == answer(load_content(), "ask_maintenance").text


def test_a_treatment_is_answered_with_the_sentences_that_mention_it() -> None:
    text = ask("ask_treatment", "is immunotherapy used", ent("treatment", named("treatment", "immunotherapy")))["text"]
    treatment = PAGE.section("treatment")
    assert text == f"{treatment.sentence('options').text} {treatment.sentence('consolidation').text}"


def test_a_synonym_target_finds_the_pages_other_words_for_it() -> None:
    transplant = term("treatment", "transplant")
    text = ask("ask_treatment", "is a transplant used", ent("treatment", transplant.canonical))["text"]
    # the page's words for it: its own name, and the other words the page uses for the same treatment
    other_words = {word for _, sentence in PAGE.sentences() for word in sentence.terms.get("treatment", ())
                   if word != transplant.canonical and named("treatment", word) == transplant.canonical}
    assert other_words and transplant.canonical in text and all(word in text for word in other_words)


def test_a_treatment_not_on_the_page_is_said_plainly() -> None:
    text = ask("ask_treatment", "is surgery used for ALL", ent("treatment", named("treatment", "surgery")))["text"]
    assert text.startswith(WORDS.not_a_treatment.fill(names=in_a_sentence("treatment", "surgery")))
    assert PAGE.section("treatment").sentence("options").text in text
    assert "(602) 555-0134" in text


def test_a_cell_type_gets_the_sentences_about_its_role() -> None:
    text = ask("ask_cell_types", "what do t cells do", ent("cell_type", named("cell_type", "t cell")))["text"]
    overview = PAGE.section("overview")
    assert overview.sentence("cell-differences").text in text
    assert overview.sentence("b-cell-association").text not in text


def test_long_answers_stay_chat_sized() -> None:
    text = ask("ask_treatment", "is chemo the only treatment", ent("treatment", named("treatment", "chemo")))["text"]
    assert text.startswith(PAGE.section("treatment").sentence("options").text)
    assert len(text) <= 600


@pytest.mark.parametrize(
    ("intent", "entities"),
    [
        ("ask_what_is_all", [ent("disease", named("disease", "ALL"))]),  # not an item question
        ("ask_symptoms", [ent("symptom", "Something unknown")]),  # a value the content doesn't know
        ("ask_symptoms", [ent("age_group", named("age_group", "kids"))]),  # a kind with no item answer
    ],
)
def test_otherwise_the_whole_answer_is_given(intent: str, entities: list[dict[str, Any]]) -> None:
    assert ask(intent, "question", *entities)["text"] == answer(load_content(), intent).text


def test_a_group_named_with_survival_gets_the_whole_answer_and_what_it_lacks() -> None:
    children = term("age_group", "children")
    text = ask("ask_survival_by_age", "survival for children?", ent("age_group", children.canonical))["text"]
    lacks = load_content().limits.details["group_figure"].wording("", display(children))
    assert text.startswith(WORDS.half_answer_with_page.fill(lacks=lacks))
    assert answer(load_content(), "ask_survival_by_age").text in text


def test_every_fact_comes_from_the_page() -> None:
    """Every line of an item answer is page text, a bullet of a page item, or connecting wording."""
    page_texts = {s.text for _, s in PAGE.sentences()} | {FLU_INTRO, OTHER_INTRO}
    items = {f"• {i.text}" for s in PAGE.sections for lst in s.lists for i in lst.items}
    connecting = [t.pattern() for t in templates(WORDS)]
    text = ask("ask_symptoms", "fever, rash", ent("symptom", FEVER), ent("symptom", symptom("rash")))["text"]
    sites = (ent("body_site", named("body_site", "brain")), ent("body_site", named("body_site", "heart")))
    text += "\n" + ask("ask_where_it_spreads", "brain, heart", *sites)["text"]
    for line in text.splitlines():
        rest = line
        for sentence in page_texts:
            rest = rest.replace(sentence, "")
        assert not rest.strip() or line in items or any(p.fullmatch(line) for p in connecting), line
