"""Property tests (hypothesis) for the entity layer (pipeline/): any text gives an analysis
whose mentions point at what was typed, never an exception; damaged synonym and safety files
give a vocabulary or a ContentError."""

from __future__ import annotations

import copy
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.checking import ContentError
from core.content import load_content
from core.paths import SAFETY_FILE, SYNONYMS_FILE
from core.vocabulary import Vocabulary, build_vocabulary
from pipeline.matching import Analysis
from pipeline.rasa_component import entities_of
from tests.support.page_facts import symptom
from tests.support.spacy_build import matcher
from tests.test_properties import actions, damaged, paths, yamlish

RAW_SYNONYMS = yaml.safe_load(SYNONYMS_FILE.read_text())
RAW_SAFETY = yaml.safe_load(SAFETY_FILE.read_text())
SYNONYM_PATHS = paths(RAW_SYNONYMS)[1:]
SAFETY_PATHS = paths(RAW_SAFETY)[1:]

# Text as visitors type it: words from the page's world, typos, emoji, other scripts, noise.
WORDS = ["my", "child", "has", "fever", "no", "not", "bruises", "leukaemia", "ALL", "all", "can't", "breathe",
         "seizure", "bleeding", "won't", "stop", "liver", "b-cells", "T cells", "😟", "¿qué?", "...", ",", "don't"]
texts = st.text(max_size=200) | st.lists(st.sampled_from(WORDS) | st.text(max_size=8), max_size=30).map(" ".join)


def check_analysis(text: str, analysis: Analysis) -> None:
    assert isinstance(analysis, Analysis)
    for found in (*analysis.mentions, *analysis.emergencies):
        assert 0 <= found.start <= found.end <= len(text)
        assert text[found.start:found.end] == found.text  # offsets point at what was typed
    for entity in entities_of(analysis):
        assert isinstance(entity["entity"], str) and isinstance(entity["value"], str)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_any_text_gives_an_analysis_pointing_at_what_was_typed(text: str) -> None:
    check_analysis(text, matcher().analyse(text))


def test_the_analysis_of_known_phrases_still_finds_them() -> None:
    text = "my child has a fevre and can't breathe"
    analysis = matcher().analyse(text)
    check_analysis(text, analysis)
    assert any(m.canonical == symptom("fever") for m in analysis.named("symptom"))  # "fevre", a typo
    assert analysis.emergency() is not None


fuzz = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@fuzz
@given(st.sampled_from(SYNONYM_PATHS), actions, yamlish)
def test_any_damage_to_the_synonyms_gives_a_vocabulary_or_a_content_error(path: tuple, action: str,
                                                                           value: Any) -> None:
    try:
        assert isinstance(build_vocabulary(load_content().page, damaged(RAW_SYNONYMS, path, action, value),
                                           copy.deepcopy(RAW_SAFETY)), Vocabulary)
    except ContentError as error:
        assert str(error)


@fuzz
@given(st.sampled_from(SAFETY_PATHS), actions, yamlish)
def test_any_damage_to_the_emergency_phrases_gives_a_vocabulary_or_a_content_error(path: tuple, action: str,
                                                                                   value: Any) -> None:
    try:
        assert isinstance(build_vocabulary(load_content().page, copy.deepcopy(RAW_SYNONYMS),
                                           damaged(RAW_SAFETY, path, action, value)), Vocabulary)
    except ContentError as error:
        assert str(error)


@fuzz
@given(yamlish, yamlish)
def test_any_structures_as_synonyms_and_safety_give_a_vocabulary_or_a_content_error(synonyms: Any,
                                                                                    safety: Any) -> None:
    try:
        assert isinstance(build_vocabulary(load_content().page, synonyms, safety), Vocabulary)
    except ContentError as error:
        assert str(error)
