"""The Rasa NLU component: entities with canonical values, negation as a role, and the
emergency intent put first whatever was classified before (Rasa's own SpacyNLP in front)."""

from __future__ import annotations

from typing import Any

import pytest
from rasa.nlu.tokenizers.spacy_tokenizer import SpacyTokenizer
from rasa.nlu.utils.spacy_utils import SpacyModel, SpacyNLP
from rasa.shared.nlu.training_data.message import Message

from pipeline.emergency_question import EmergencyQuestionSplitter
from pipeline.rasa_component import PageTermExtractor
from tests.support.page_facts import named, symptom
from tests.support.spacy_build import built_path, loaded_nlp


@pytest.fixture(scope="module")
def model() -> SpacyModel:
    return SpacyModel(model=loaded_nlp(), model_name=str(built_path()))


def parse(model: SpacyModel, text: str, intent: str = "ask_symptoms", confidence: float = 0.9) -> dict[str, Any]:
    """Run the message through SpacyNLP and the component, after a classifier said `intent`."""
    message = Message(data={"text": text})
    message.set("intent", {"name": intent, "confidence": confidence})
    message.set("intent_ranking", [{"name": intent, "confidence": confidence},
                                   {"name": "ask_other_signs", "confidence": 1 - confidence}])
    SpacyNLP(model, {"case_sensitive": False}).process([message], model)
    PageTermExtractor.create(PageTermExtractor.get_default_config(), None, None, None).process([message], model)
    return message.data


def test_entities_carry_kind_canonical_value_offsets_and_extractor(model: SpacyModel) -> None:
    text = "is a Nose bleed a symptom of ALL?"
    data = parse(model, text)
    assert data["entities"] == [
        {"entity": "symptom", "value": symptom("nose bleed"), "start": 5, "end": 15, "extractor": "PageTermExtractor"},
        {"entity": "disease", "value": named("disease", "ALL"), "start": 29, "end": 32,
         "extractor": "PageTermExtractor"},
    ]
    assert text[5:15] == "Nose bleed"
    assert data["intent"]["name"] == "ask_symptoms"  # no emergency: the classifier's intent stays


def test_negated_terms_get_the_negated_role(model: SpacyModel) -> None:
    data = parse(model, "I don't have a fever but I bruise easily", "request_diagnosis")
    roles = {(e["value"], e.get("role")) for e in data["entities"]}
    assert roles == {(symptom("fever"), "negated"), (symptom("bruise easily"), None)}


@pytest.mark.parametrize("intent", ["ask_symptoms", "nlu_fallback", "greet", "request_diagnosis"])
def test_an_emergency_becomes_the_intent_and_the_question_stays_next(model: SpacyModel, intent: str) -> None:
    data = parse(model, "my child is having a seizure, is that a sign of ALL?", intent, 0.8)
    assert data["intent"] == {"name": "report_emergency", "confidence": 1.0}
    assert [r["name"] for r in data["intent_ranking"][:2]] == ["report_emergency", intent]
    assert {"entity": "emergency", "value": "seizure"}.items() <= data["entities"][-1].items()


def test_suicidal_thoughts_are_the_emergency_reported_when_there_are_several(model: SpacyModel) -> None:
    data = parse(model, "I have chest pain and I want to kill myself")
    emergencies = [e["value"] for e in data["entities"] if e["entity"] == "emergency"]
    assert emergencies == ["suicide"]


def test_a_negated_emergency_changes_nothing(model: SpacyModel) -> None:
    data = parse(model, "he is not having a seizure, is fever a symptom?")
    assert data["intent"]["name"] == "ask_symptoms"
    assert [e["entity"] for e in data["entities"]] == ["symptom"]


def test_a_classifier_emergency_without_a_phrase_is_kept(model: SpacyModel) -> None:
    data = parse(model, "please help us now", "report_emergency", 0.95)
    assert data["intent"]["name"] == "report_emergency"
    # The kind is unknown (no emergency words), and no page question was asked with it.
    assert [(e["entity"], e["value"]) for e in data["entities"]] == [("emergency", "unspecified")]
    assert data["cues"]["with_emergency"] is None


def test_empty_text_is_left_alone(model: SpacyModel) -> None:
    data = parse(model, "", "greet")
    assert data["intent"]["name"] == "greet" and data.get("entities", []) == []


def test_a_pipeline_not_built_by_the_project_is_refused_clearly() -> None:
    import spacy

    from pipeline.matching import TermMatcher

    with pytest.raises(ValueError, match="make pipeline"):
        TermMatcher(spacy.blank("en"))


def split(model: SpacyModel, text: str) -> list[str]:
    """The tokens DIET reads after EmergencyQuestionSplitter."""
    message = Message(data={"text": text})
    SpacyNLP(model, {"case_sensitive": False}).process([message], model)
    SpacyTokenizer(SpacyTokenizer.get_default_config()).process([message])
    EmergencyQuestionSplitter.create({}, None, None, None).process([message], model)
    return [token.text for token in message.get("text_tokens")]


def test_a_question_asked_next_to_an_emergency_is_read_on_its_own(model: SpacyModel) -> None:
    assert split(model, "where does ALL spread? my husband has chest pain now") == \
        ["where", "does", "all", "spread", "?"]
    assert split(model, "My son is having a seizure. Is that a sign of ALL? Please help") == \
        ["is", "that", "a", "sign", "of", "all", "?"]


@pytest.mark.parametrize("text", [
    "where does ALL spread? and what are the symptoms?",  # no emergency: the whole message
    "she has a fever and is on chemo, should I go to the ER?",  # the question is the emergency
    "my husband has chest pain now",  # nothing else asked
    "where does ALL spread? he's not having a seizure",  # a negated emergency is none
])
def test_a_message_without_a_separate_question_is_read_whole(model: SpacyModel, text: str) -> None:
    message = Message(data={"text": text})
    SpacyNLP(model, {"case_sensitive": False}).process([message], model)
    SpacyTokenizer(SpacyTokenizer.get_default_config()).process([message])
    whole = [token.text for token in message.get("text_tokens")]
    assert split(model, text) == whole
