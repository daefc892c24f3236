"""The trainer-edited files behind understanding (answer_limits.yml, scope.yml, follow_ups.yml,
safety.yml, answers.yml follow-ups, site.yml wording): each bad edit is refused with the file,
the place and the problem."""

from __future__ import annotations

import copy

import pytest

from core.answer_limits import parse_answer_limits
from core.answer_map import parse_answer_map
from core.checking import Checker, ContentError, read_yaml
from core.content import load_content
from core.cues import parse_follow_ups, parse_scope
from core.paths import ANSWERS_FILE, FOLLOW_UPS_FILE, LIMITS_FILE, SAFETY_FILE, SCOPE_FILE, SITE_FILE
from core.safety import parse_safety
from core.site import parse_site

CONTENT = load_content()


def fresh(path) -> dict:
    return copy.deepcopy(read_yaml(path))


def test_every_question_type_has_a_topic_and_known_details() -> None:
    limits = CONTENT.limits
    assert set(limits.topics) == set(CONTENT.answers.questions)
    for lacks in limits.lacking.values():
        assert set(lacks) <= set(limits.details)


def test_answer_limits_refuse_unknown_details_questions_and_placeholders() -> None:
    raw = fresh(LIMITS_FILE)
    raw["questions"]["ask_maintenance"]["does_not_say"].append("colour")
    raw["questions"]["ask_unicorns"] = {"topic": "unicorns", "does_not_say": []}
    del raw["questions"]["ask_induction"]
    raw["details"]["dose"]["missing"] = "give doses for {named}"
    raw["details"]["cost"]["intent"] = "ask_symptoms"
    with pytest.raises(ContentError) as error:
        parse_answer_limits(raw, CONTENT.answers)
    problems = str(error.value)
    assert "answer_limits.yml: questions.ask_maintenance: no detail called 'colour'" in problems
    assert "questions.ask_unicorns: not a question type" in problems
    assert "'ask_induction' is missing" in problems
    assert "details.dose: '{named}' needs 'named_kinds'" in problems
    assert "intent 'ask_symptoms' is not a not_covered intent" in problems


def test_follow_up_targets_and_term_kinds_must_exist() -> None:
    raw = fresh(ANSWERS_FILE)
    raw["questions"]["ask_induction"]["next"] = "ask_dessert"
    raw["questions"]["ask_symptoms"]["about"] = ["colour"]
    with pytest.raises(ContentError) as error:
        parse_answer_map(raw, CONTENT.page)
    assert "follow-up question 'ask_dessert' is not defined" in str(error.value)
    assert "unknown term kinds: colour" in str(error.value)


def test_scope_and_follow_up_words_are_checked() -> None:
    scope = fresh(SCOPE_FILE)
    scope["min_confidence"] = 3
    with pytest.raises(ContentError, match="scope.yml: min_confidence: expected a number from 0 to 1"):
        parse_scope(scope)
    follow_ups = fresh(FOLLOW_UPS_FILE)
    del follow_ups["next"]
    with pytest.raises(ContentError, match="follow_ups.yml: top level: missing 'next'"):
        parse_follow_ups(follow_ups)


def test_emergency_words_that_count_together_need_two_groups_and_figures_numbers() -> None:
    raw = fresh(SAFETY_FILE)
    raw["together"]["head_injury"] = [["bumped ... head"]]
    raw["high_temperature"]["celsius_from"] = "hot"
    check = Checker(SAFETY_FILE)
    parse_safety(check, raw)
    assert any("together.head_injury: expected two or more groups" in p for p in check.problems)
    assert any("celsius_from and fahrenheit_from must be numbers" in p for p in check.problems)


def test_an_emergency_phrase_names_the_emergency_number_from_site_yml_only() -> None:
    number = CONTENT.site.numbers["emergency"]
    phrases = {p.phrase for p in CONTENT.vocabulary.emergencies}
    assert f"call {number}" in phrases and "call {emergency}" not in phrases
    raw = fresh(SAFETY_FILE)
    raw["emergencies"]["emergency_care"].append("call {ambulance}")
    check = Checker(SAFETY_FILE)
    parse_safety(check, raw, CONTENT.site.numbers)
    assert any("unknown placeholder {ambulance}" in p for p in check.problems)


def test_the_wording_without_a_number_stands_on_its_own_and_names_no_number() -> None:
    without = CONTENT.site.without_number
    assert "website" not in without and "{phone}" not in without
    raw = fresh(SITE_FILE)
    raw["appointment_line"]["without_number"] = "call {phone}"
    with pytest.raises(ContentError, match="unknown placeholder {phone}"):
        parse_site(raw)
    raw = fresh(SITE_FILE)
    del raw["answer_source"]
    with pytest.raises(ContentError, match="missing 'answer_source'"):
        parse_site(raw)
