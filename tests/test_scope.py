"""Whether the page can answer a message, decided before which page question it is
(pipeline/scope.py through the Rasa component, on the pipeline built from the content)."""

from __future__ import annotations

from typing import Any

import pytest
from rasa.nlu.utils.spacy_utils import SpacyModel, SpacyNLP
from rasa.shared.nlu.training_data.message import Message

from core.content import load_content
from pipeline.ranking import holding
from pipeline.rasa_component import PageTermExtractor
from tests.support.page_facts import named
from tests.support.spacy_build import built_path, loaded_nlp


@pytest.fixture(scope="module")
def model() -> SpacyModel:
    return SpacyModel(model=loaded_nlp(), model_name=str(built_path()))


def parse(model: SpacyModel, text: str, *ranking: tuple[str, float]) -> dict[str, Any]:
    """The message after SpacyNLP and the component, when the classifier ranked it so (the
    FallbackClassifier's nlu_fallback first when the top guess is below its threshold)."""
    ranked = [{"name": n, "confidence": c} for n, c in ranking]
    if ranked and ranked[0]["confidence"] < 0.65:
        ranked = [{"name": "nlu_fallback", "confidence": 0.65}, *ranked]
    message = Message(data={"text": text})
    message.set("intent", ranked[0] if ranked else {"name": "nlu_fallback", "confidence": 0.65})
    message.set("intent_ranking", ranked)
    SpacyNLP(model, {"case_sensitive": False}).process([message], model)
    PageTermExtractor.create(PageTermExtractor.get_default_config(), None, None, None).process([message], model)
    return message.data


def intent(data: dict[str, Any]) -> str:
    return data["intent"]["name"]


def values(data: dict[str, Any], entity: str) -> list[str]:
    return [e["value"] for e in data["entities"] if e["entity"] == entity]


def cues(data: dict[str, Any], kind: str) -> Any:
    return data["cues"][kind]


@pytest.mark.parametrize("text", [
    "he took a whole bottle of my pain pills on purpose",
    "her throat is swelling shut after the transfusion",
    "fever of 104 and I can barely wake her",
    "on chemo, bumped his head, now confused and throwing up",
    "I took too many of my pills",
    "overdose",
    "this is an emergency",
    "she has a fever now too, should I go to the ER?",
    "my son is on chemotherapy and has a temperature of 38.9",
    "she has taken lots of my sleeping pills",
])
def test_emergencies_in_new_wordings_come_first(model: SpacyModel, text: str) -> None:
    assert intent(parse(model, text, ("ask_symptoms", 0.9))) == "report_emergency"


def test_the_classifiers_emergency_signal_counts_without_a_phrase(model: SpacyModel) -> None:
    data = parse(model, "please come quickly", ("greet", 0.5), ("report_emergency", 0.4))
    assert intent(data) == "report_emergency"
    assert values(data, "emergency") == ["unspecified"]


@pytest.mark.parametrize("text", ["my 40 year old has a fever, is that a symptom?", "what is a high temperature"])
def test_a_number_or_a_fever_alone_is_not_an_emergency(model: SpacyModel, text: str) -> None:
    assert intent(parse(model, text, ("ask_symptoms", 0.9))) == "ask_symptoms"


@pytest.mark.parametrize(("text", "disease"), [
    ("what is the survival rate for AML", "AML"),
    ("symptoms of lymphoma?", "lymphoma"),
    ("how is breast cancer treated", "breast cancer"),
    ("and for CLL?", "CLL"),
])
def test_another_disease_phrased_like_a_page_question_is_not_a_page_question(model: SpacyModel, text: str,
                                                                             disease: str) -> None:
    data = parse(model, text, ("ask_survival_rate", 0.95))
    assert intent(data) == "ask_other_disease"
    assert named("disease", disease) in values(data, "disease")  # by its name in content/synonyms.yml


def test_all_compared_with_another_disease_is_answered_about_all(model: SpacyModel) -> None:
    assert intent(parse(model, "what's the difference between ALL and AML", ("ask_other_disease", 0.9))) \
        == "ask_what_is_all"


@pytest.mark.parametrize("text", [
    "sign me up for the slack employment forum",
    "show me examples of cute eyeglass frames",
    "when will the daffodils bloom",
])
def test_no_page_term_and_an_unsure_page_question_is_out_of_scope(model: SpacyModel, text: str) -> None:
    assert intent(parse(model, text, ("ask_symptoms", 0.6), ("ask_what_is_all", 0.2))) == "out_of_scope"


def test_a_sure_page_question_or_one_naming_a_page_term_stays(model: SpacyModel) -> None:
    assert intent(parse(model, "what are the signs?", ("ask_symptoms", 0.97))) == "ask_symptoms"
    assert intent(parse(model, "nosebleeds and bruises?", ("ask_other_signs", 0.7))) == "ask_other_signs"


@pytest.mark.parametrize("text", ["¿Qué es la leucemia linfoblástica aguda?", "Wie wird Leukämie behandelt?",
                                  "急性淋巴细胞白血病有哪些症状？"])
def test_another_language_is_recognised_with_the_language_named(model: SpacyModel, text: str) -> None:
    data = parse(model, text, ("ask_what_is_all", 0.9))
    assert intent(data) == "other_language"
    assert cues(data, "language")


@pytest.mark.parametrize("text", ["is chemo painful", "wat is leukemea", "hola"])
def test_english_with_typos_or_a_single_foreign_word_is_not_called_foreign(model: SpacyModel, text: str) -> None:
    assert intent(parse(model, text, ("ask_treatment", 0.9))) != "other_language"


def test_keyboard_mash_is_not_a_question(model: SpacyModel) -> None:
    assert intent(parse(model, "sdkjfh qwe", ("ask_survival_rate", 0.7))) == "keyboard_mash"
    assert intent(parse(model, "thx", ("thanks", 0.7))) == "thanks"  # chat words are words


def test_an_unsure_follow_up_is_left_to_the_conversation(model: SpacyModel) -> None:
    data = parse(model, "and for kids?", ("ask_who_gets_all", 0.5), ("ask_survival_by_age", 0.3))
    assert intent(data) == "ask_follow_up"
    assert cues(data, "follow_ups") == ["openers"]
    # Pointing at the figures of the last answer is a follow-up however sure the classifier is.
    assert intent(parse(model, "where does that number come from?", ("ask_phone_number", 0.9))) == "ask_follow_up"


def test_what_else_leans_back_only_in_a_short_message(model: SpacyModel) -> None:
    assert intent(parse(model, "anything else?", ("ask_other_signs", 0.4), ("ask_symptoms", 0.3))) == "ask_follow_up"
    long_question = "what else should i watch for at home besides a fever and being tired"
    assert intent(parse(model, long_question, ("ask_other_signs", 0.6), ("ask_symptoms", 0.3))) != "ask_follow_up"
    # "go on" is no follow-up inside a question of its own
    assert cues(parse(model, "can we go on holiday during treatment?", ("ask_life_during_treatment", 0.6)),
                "follow_ups") == []


def test_an_unsure_guess_the_named_term_fits_is_taken(model: SpacyModel) -> None:
    data = parse(model, "does ALL make you bruise easily?", ("ask_symptoms", 0.55), ("request_diagnosis", 0.3))
    assert intent(data) == "ask_symptoms"


def test_between_two_answers_the_one_that_holds_the_other_is_given() -> None:
    parts = {"a": frozenset({"s:1", "s:2", "s:3"}), "b": frozenset({"s:1", "s:2"}), "c": frozenset({"t:1"})}
    assert holding("b", "a", parts) == "a" and holding("a", "b", parts) == "a"
    assert holding("a", "c", parts) is None


def test_an_unsure_message_asking_what_no_page_question_gives_is_not_covered(model: SpacyModel) -> None:
    data = parse(model, "is chemo painful", ("ask_induction", 0.4), ("ask_treatment_phases", 0.3))
    assert intent(data) == "ask_life_during_treatment"
    assert cues(data, "details") == ["pain"]


def test_details_inside_a_named_term_do_not_count(model: SpacyModel) -> None:
    assert cues(parse(model, "is being off his food a sign", ("ask_symptoms", 0.9)), "details") == []
    assert cues(parse(model, "what should he eat during chemo", ("ask_treatment", 0.9)), "details") == ["diet"]


def test_keys_pressed_at_random_are_told_from_everyday_words(model: SpacyModel) -> None:
    # Words an English word list knows but the lemma tables don't: a booking's day, a topic's name.
    # Chat stretches words and the booking form gets contact details: none of it is random keys.
    for text in ("monday", "privacy", "anytime", "uh huh", "tuesdays", "hiii", "heyy", "07700 900123",
                 "jane.doe@example.com"):
        assert intent(parse(model, text, ("ask_survival_rate", 0.5))) != "keyboard_mash", text
    for text in ("zxcv qwertyuiop", "hhhhh", "kkkkkk", "123456"):
        assert intent(parse(model, text, ("ask_survival_rate", 0.5))) == "keyboard_mash", text


def parts_of(question: str) -> tuple[str, ...]:
    return load_content().answers.questions[question].parts


@pytest.mark.parametrize(("text", "ordinal"), [
    ("what is the last phase of treatment", -1),
    ("what happens in the first stage of chemo for leukaemia", 0),
    ("what's the second stage of ALL treatment", 1),
])
def test_an_order_question_naming_what_it_is_about_gets_that_part(model: SpacyModel, text: str,
                                                                  ordinal: int) -> None:
    data = parse(model, text, ("ask_treatment_phases", 0.5), ("ask_induction", 0.3))
    assert intent(data) == parts_of("ask_treatment_phases")[ordinal]


def test_an_order_word_alone_is_left_to_the_conversation(model: SpacyModel) -> None:
    assert intent(parse(model, "the second one", ("ask_treatment_phases", 0.5), ("ask_induction", 0.3))) \
        == "ask_follow_up"


def test_what_comes_after_a_named_phase_is_the_next_phase(model: SpacyModel) -> None:
    content = load_content()
    induction = content.answers.questions["ask_induction"]
    data = parse(model, "what treatment comes after induction", ("ask_induction", 0.7), ("ask_treatment", 0.2))
    assert intent(data) == induction.next


def test_the_rest_of_a_list_named_is_its_more(model: SpacyModel) -> None:
    symptoms = load_content().answers.questions["ask_symptoms"]
    data = parse(model, "what are the rest of the symptoms?", ("ask_symptoms", 0.6), ("ask_other_signs", 0.3))
    assert intent(data) == symptoms.more
    # "anything else about ALL?" is not a question about what the definition's `more` holds.
    data = parse(model, "is there anything else about leukemia", ("ask_what_is_all", 0.9))
    assert intent(data) == "ask_what_is_all"


def test_a_disease_named_as_a_likeness_is_not_asked_about(model: SpacyModel) -> None:
    data = parse(model, "besides the flu-like symptoms what else", ("ask_other_signs", 0.6), ("ask_symptoms", 0.3))
    assert intent(data) == "ask_other_signs"
    assert intent(parse(model, "what are the symptoms of the flu", ("ask_symptoms", 0.9))) == "ask_other_disease"


def test_a_pronoun_next_to_the_disease_named_is_no_follow_up(model: SpacyModel) -> None:
    data = parse(model, "my dad has ALL, is it curable", ("ask_survival_rate", 0.6), ("ask_what_is_all", 0.3))
    assert intent(data) == "ask_survival_rate"
    assert intent(parse(model, "how long does it take?", ("ask_treatment", 0.5))) != "ask_treatment"


def test_a_page_question_asked_of_a_term_it_answers_apart_gets_the_narrower_one(model: SpacyModel) -> None:
    survival = load_content().answers.questions["ask_survival_rate"]
    data = parse(model, "what is the survival rate for toddlers", ("ask_survival_rate", 0.9))
    assert intent(data) == survival.instead_when_named("age_group")
    # Leaning on the previous answer, it narrows whatever that was (actions/follow_ups.py).
    assert intent(parse(model, "and for toddlers?", ("ask_survival_rate", 0.5))) == "ask_follow_up"
    # Asked with a topic word of its own, a group named is no follow-up.
    data = parse(model, "is the outcome better in kids", ("ask_survival_by_age", 0.5), ("ask_survival_rate", 0.3))
    assert intent(data) == "ask_survival_by_age"


def test_another_disease_needs_one_named(model: SpacyModel) -> None:
    ranking = (("ask_other_disease", 0.72), ("ask_survival_rate", 0.2), ("ask_where_it_spreads", 0.05))
    data = parse(model, "tell me about spread and survival", *ranking)
    assert intent(data) == "ask_survival_rate"
    assert "ask_other_disease" not in [r["name"] for r in data["intent_ranking"]]  # nor offered as a guess
    assert intent(parse(model, "tell me about lymphoma", *ranking)) == "ask_other_disease"


def test_a_pronoun_leaning_on_the_chat_keeps_an_even_page_guess(model: SpacyModel) -> None:
    assert intent(parse(model, "who usually gets it?", ("ask_who_gets_all", 0.7), ("ask_causes", 0.2))) \
        == "ask_who_gets_all"
    assert intent(parse(model, "can you fix it for me", ("ask_treatment", 0.45), ("ask_causes", 0.3))) \
        == "out_of_scope"
