"""The vocabulary built from the page, content/synonyms.yml and content/safety.yml, and the
clear refusal of a bad edit (naming the file and the entry)."""

from __future__ import annotations

import copy
from typing import Any

import pytest
import yaml

from core.checking import ContentError
from core.content import load_content
from core.paths import SAFETY_FILE, SYNONYMS_FILE
from core.vocabulary import build_vocabulary, normalize, page_terms, symptom_items
from pipeline.build import number_variants, phrase_variants
from tests.support.page_facts import symptom
from tests.support.spacy_build import loaded_nlp

FEVER, WEAKNESS, FATIGUE = symptom("temperature"), symptom("weak"), symptom("tired")


def raw(path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def build(synonyms: Any = None, safety: Any = None):
    return build_vocabulary(
        load_content().page,
        raw(SYNONYMS_FILE) if synonyms is None else synonyms,
        raw(SAFETY_FILE) if safety is None else safety,
    )


def refused(synonyms: Any = None, safety: Any = None) -> str:
    with pytest.raises(ContentError) as error:
        build(synonyms, safety)
    return str(error.value)


def entry_listing(word: str, kind: str, section: str = "on_page") -> str:
    """The name of the content/synonyms.yml entry that lists `word` (read from the file itself)."""
    names = [name for name, words in raw(SYNONYMS_FILE)[section][kind].items() if word in words]
    assert len(names) == 1, f"{word!r} should be listed once under {section}.{kind}: {names}"
    return names[0]


def page_term_listing(word: str, kind: str) -> str:
    """The page term a lay word is listed for, as the page spells it."""
    return page_terms(load_content().page)[kind][normalize(entry_listing(word, kind))]


def test_every_symptom_list_item_is_a_symptom_term_named_by_its_text() -> None:
    vocabulary = load_content().vocabulary
    items = [text for _, text in symptom_items(load_content().page)]
    assert len(items) == sum(len(lst.items) for lst in load_content().page.section("symptoms").lists) > 0
    for text in items:
        term = vocabulary.find("symptom", text)
        assert term is not None and term.on_page and term.canonical == text


def test_synonyms_map_lay_words_to_the_page_term() -> None:
    vocabulary = load_content().vocabulary
    for kind, word in [("symptom", "tired"), ("symptom", "temperature"), ("symptom", "bruises"),
                       ("body_site", "glands"), ("treatment", "chemo")]:
        assert vocabulary.canonical_of(kind, word) == page_term_listing(word, kind), word
    # the page's own "bone marrow transplant" is the same treatment as stem cell transplantation
    own_words = page_terms(load_content().page)["treatment"]
    assert "bone marrow transplant" in own_words
    assert vocabulary.canonical_of("treatment", "bone marrow transplant") == \
        page_term_listing("bone marrow transplant", "treatment") != "bone marrow transplant"


def test_things_not_on_the_page_do_not_pretend_to_be() -> None:
    vocabulary = load_content().vocabulary
    hair_loss = vocabulary.find("symptom", "losing hair")
    assert hair_loss is not None and not hair_loss.on_page
    assert hair_loss.canonical == entry_listing("losing hair", "symptom", "not_on_page")
    lungs = vocabulary.find("body_site", "lung")
    assert lungs is not None and not lungs.on_page


def test_emergency_kinds_cover_what_the_issue_lists() -> None:
    kinds = set(load_content().vocabulary.emergency_kinds())
    assert {"overdose", "suicide", "allergic_reaction", "breathing", "unresponsive", "seizure", "head_injury",
            "chest_pain", "bleeding", "fever_on_treatment", "high_fever_in_child"} <= kinds


def test_a_synonym_of_a_term_the_page_does_not_have_is_refused_with_file_and_entry() -> None:
    synonyms = copy.deepcopy(raw(SYNONYMS_FILE))
    synonyms["on_page"]["symptom"]["Tiredness"] = ["sleepy"]
    message = refused(synonyms)
    assert "synonyms.yml: on_page.symptom 'Tiredness'" in message
    assert "no symptom on the page is called 'Tiredness'" in message


def test_a_not_on_page_name_that_is_on_the_page_is_refused() -> None:
    synonyms = copy.deepcopy(raw(SYNONYMS_FILE))
    synonyms["not_on_page"]["symptom"][FEVER] = ["pyrexia"]
    assert f"{FEVER!r} is on the page" in refused(synonyms)


def test_a_page_word_cannot_mean_something_the_page_does_not_list() -> None:
    synonyms = copy.deepcopy(raw(SYNONYMS_FILE))
    synonyms["not_on_page"]["body_site"]["lungs"].append("liver")
    assert "the word 'liver' is a page term" in refused(synonyms)


def test_a_word_listed_for_two_things_is_refused() -> None:
    synonyms = copy.deepcopy(raw(SYNONYMS_FILE))
    synonyms["on_page"]["symptom"][WEAKNESS].append("tired")
    message = refused(synonyms)
    assert f"on_page.symptom {FATIGUE!r}: the word 'tired' is already used by on_page.symptom {WEAKNESS!r}" in message


def test_a_page_term_cannot_become_a_word_for_another_kind() -> None:
    synonyms = copy.deepcopy(raw(SYNONYMS_FILE))
    synonyms["on_page"]["symptom"][FEVER].append("liver")
    message = refused(synonyms)
    assert f"on_page.symptom {FEVER!r}: the word 'liver' is a page term (body_site)" in message
    assert "so it cannot mean a symptom" in message


def test_unknown_kinds_and_malformed_entries_are_refused() -> None:
    synonyms = copy.deepcopy(raw(SYNONYMS_FILE))
    synonyms["on_page"]["organ"] = {"liver": ["livers"]}
    synonyms["on_page"]["symptom"][FEVER] = "temperature"
    message = refused(synonyms)
    assert "on_page.organ: unknown kind" in message
    assert f"on_page.symptom {FEVER!r}: expected a non-empty list of words" in message


def test_safety_file_needs_the_suicide_kind_and_well_placed_gaps() -> None:
    safety = copy.deepcopy(raw(SAFETY_FILE))
    del safety["emergencies"]["suicide"]
    safety["emergencies"]["bleeding"].append("... won't stop")
    message = refused(safety=safety)
    assert "safety.yml: emergencies: the kind 'suicide' is required" in message
    assert "safety.yml: emergencies.bleeding: \"... won't stop\": '...' must stand between words" in message


def test_plural_and_singular_forms_are_added_but_never_wrong_lemmas() -> None:
    nlp = loaded_nlp()
    assert number_variants(nlp, "nosebleeds") == ["nosebleeds", "nosebleed"]
    assert number_variants(nlp, "lymph nodes") == ["lymph nodes", "lymph node"]
    assert number_variants(nlp, "liver") == ["liver", "livers"]  # not "live"
    assert number_variants(nlp, "ALL") == ["ALL"]
    assert phrase_variants(nlp, "B-cells") == ["B-cells", "B cells", "B cell"]
