"""Half-answered questions found whatever the classifier said (pipeline/scope.py, rule 6, on the
pipeline built from the content), what the half answer says (core/answer_limits.py), and the
question asked with an emergency only the classifier saw (actions/safety.py).

The messages are written for these tests; none is in the training data or the development set.
"""

from __future__ import annotations

from typing import Any

import pytest
from rasa.nlu.utils.spacy_utils import SpacyModel
from rasa_sdk.executor import CollectingDispatcher

from actions.safety import ActionAfterEmergency
from core.answer_limits import parse_answer_limits
from core.checking import ContentError, read_yaml
from core.content import load_content
from core.paths import LIMITS_FILE
from core.replies import answer
from tests.support.spacy_build import built_path, loaded_nlp
from tests.support.trackers import make_tracker
from tests.test_scope import intent, parse

CONTENT = load_content()


@pytest.fixture(scope="module")
def model() -> SpacyModel:
    return SpacyModel(model=loaded_nlp(), model_name=str(built_path()))


@pytest.mark.parametrize(("text", "ranking", "question"), [
    # Taken for an everyday question: the term named decides, the one mainly about it.
    ("roughly how many weeks does the chemo carry on for", [("out_of_scope", 0.8), ("ask_induction", 0.1)],
     "ask_treatment"),
    ("how many months is the maintenance bit", [("out_of_scope", 0.7), ("ask_induction", 0.2)], "ask_maintenance"),
    ("is consolidation given as an injection or tablets", [("out_of_scope", 0.9), ("ask_treatment", 0.05)],
     "ask_consolidation"),
    # Unsure, and follow-up-looking words: the term named is its own topic.
    ("which drugs do they use in maintenance?", [("ask_maintenance", 0.39), ("out_of_scope", 0.35)],
     "ask_maintenance"),
])
def test_a_detail_asked_about_a_named_term_gets_that_terms_question(model: SpacyModel, text: str,
                                                                    ranking: list[tuple[str, float]],
                                                                    question: str) -> None:
    assert intent(parse(model, text, *ranking)) == question


@pytest.mark.parametrize("text", [
    "how long does it take to renew a driving licence",
    "what dose of paracetamol is ok for a toddler",
    "how long is the drive to the bone marrow unit",  # a body site: the page's durations are not about it
    "how often should I walk the dog",
])
def test_everyday_questions_with_the_same_words_stay_out_of_scope(model: SpacyModel, text: str) -> None:
    assert intent(parse(model, text, ("out_of_scope", 0.7), ("ask_where_it_spreads", 0.2))) == "out_of_scope"


def test_an_unsure_guess_whose_answer_lacks_the_detail_is_taken_not_did_you_mean(model: SpacyModel) -> None:
    data = parse(model, "how long does the entire course of treatment take, beginning to end",
                 ("ask_treatment_phases", 0.38), ("out_of_scope", 0.33))
    assert intent(data) == "ask_treatment_phases"
    assert "duration" in data["cues"]["details"]


def test_survival_compared_between_groups_is_the_survival_question(model: SpacyModel) -> None:
    data = parse(model, "is the prognosis better for B-cell ALL than for T-cell ALL?", ("ask_cell_types", 0.99))
    assert intent(data) == "ask_survival_rate"
    # Without a word about survival, the cell types are the question.
    assert intent(parse(model, "is B-cell ALL different from T-cell ALL?", ("ask_cell_types", 0.9))) \
        == "ask_cell_types"


def test_one_caveat_says_what_the_other_would() -> None:
    asked = ["group_figure", "survival_compared"]
    assert [d.kind for d in CONTENT.limits.missing_details("ask_survival_rate", asked)] == ["survival_compared"]


@pytest.mark.parametrize(("change", "problem"), [
    (("duration", "of", ["colour"]), "unknown term kind 'colour'"),
    (("survival_compared", "question", "ask_symptoms"), "question 'ask_symptoms' must be a question type"),
    (("survival_compared", "covers", ["nothing"]), "covers 'nothing'"),
    (("pain", "of", ["treatment"]), "'of' needs 'quote: yes'"),
])
def test_a_wrong_of_question_or_covers_is_a_content_error(change: tuple[str, str, Any], problem: str) -> None:
    raw = read_yaml(LIMITS_FILE)
    detail, key, value = change
    raw["details"][detail][key] = value
    with pytest.raises(ContentError, match=problem):
        parse_answer_limits(raw, CONTENT.answers)


def test_the_question_asked_with_an_emergency_only_the_classifier_saw_is_found(model: SpacyModel) -> None:
    data = parse(model, "is the maintenance chemo tablets every day?", ("report_emergency", 0.7),
                 ("ask_life_during_treatment", 0.2), ("out_of_scope", 0.1))
    assert intent(data) == "report_emergency"
    assert data["cues"]["with_emergency"] == "ask_maintenance"
    # Emergency words: the emergency alone, the question is only offered (test_safety_actions.py).
    data = parse(model, "he has stopped breathing, is maintenance chemo every day?", ("ask_maintenance", 0.9))
    assert intent(data) == "report_emergency" and "with_emergency" not in data["cues"]


def after_emergency(cues: dict[str, Any], text: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("report_emergency", text, [{"entity": "emergency", "value": "unspecified"}],
                           slots={"emergency_kind": "unspecified"})
    tracker.latest_message["cues"] = cues
    events = ActionAfterEmergency().run(dispatcher, tracker, {})
    return dispatcher.messages, events


def test_after_an_emergency_only_the_classifier_saw_the_question_is_answered() -> None:
    messages, events = after_emergency({"details": ["schedule"], "with_emergency": "ask_maintenance"},
                                       "is the maintenance chemo tablets every day?")
    text = "\n".join(m.get("text") or "" for m in messages)
    detail = CONTENT.limits.details["schedule"]
    assert f"Our page doesn't {detail.wording(CONTENT.limits.topics['ask_maintenance'], '')}" in text
    assert answer(CONTENT, "ask_maintenance").text in text
    assert {"name": "last_topic", "value": "ask_maintenance"} in [
        {"name": e.get("name"), "value": e.get("value")} for e in events]


def test_after_an_emergency_without_a_question_nothing_is_answered() -> None:
    messages, _ = after_emergency({"details": [], "with_emergency": None}, "please help")
    assert all("Our page" not in (m.get("text") or "") for m in messages)
