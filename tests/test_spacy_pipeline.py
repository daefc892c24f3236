"""The project's spaCy pipeline, loaded from disk as Rasa loads it, on what visitors type.

Each case names what must be found (kind, canonical name) — and, by comparing whole sets,
that nothing else is.
"""

from __future__ import annotations

import pytest

from pipeline.matching import Analysis, lower_keeping_length, within_one_edit
from tests.support.page_facts import flu_like_symptoms, named, other_signs
from tests.support.spacy_build import loaded_nlp, matcher


def found(kind: str, word: str) -> tuple[str, str]:
    """(kind, canonical name) of the term the content has for a word, as the pipeline names it."""
    return kind, named(kind, word)


# The page's symptoms as the pipeline names them (its list items, read from the content).
FLU, OTHER = flu_like_symptoms(), other_signs()
FEVER, WEAKNESS, FATIGUE, HEADACHES, APPETITE, PALE, VOMITING, ACHES = (("symptom", item) for item in FLU)
GUMS, INFECTIONS, NOSEBLEEDS, BRUISING, GLANDS, BREATH, WEIGHT = (("symptom", item) for item in OTHER)
ALL = found("disease", "ALL")
# Other page terms, and things the page does not list (content/synonyms.yml), by a word for them.
LIVER, BRAIN, TESTES, NECK, LYMPH_NODES = (found("body_site", w) for w in ("liver", "brain", "testes", "neck",
                                                                          "lymph nodes"))
INDUCTION, CONSOLIDATION, MAINTENANCE = (found("phase", w) for w in ("induction", "consolidation", "maintenance"))
CHEMO, IMMUNOTHERAPY, RADIATION, TRIALS, TRANSPLANT = (
    found("treatment", w) for w in ("chemo", "immunotherapy", "radiation", "clinical trials", "stem cell transplant"))
B_CELLS, T_CELLS = found("cell_type", "b cell"), found("cell_type", "t cell")
CHILDREN, ADULTS = found("age_group", "kids"), found("age_group", "adults")
HAIR_LOSS, RASH, NIGHT_SWEATS = (found("symptom", w) for w in ("hair loss", "rash", "night sweats"))
LUNGS, SURGERY = found("body_site", "lungs"), found("treatment", "surgery")


def current(text: str) -> set[tuple[str, str]]:
    return {(m.kind, m.canonical) for m in matcher().analyse(text).named()}


def negated(text: str) -> set[tuple[str, str]]:
    return {(m.kind, m.canonical) for m in matcher().analyse(text).mentions if m.negated}


def emergency_kind(text: str) -> str | None:
    found = matcher().analyse(text).emergency()
    return found.kind if found else None


# (what a visitor types, everything that must be found)
ENTITIES = [
    # the page's own words
    ("is a nosebleed a symptom", {NOSEBLEEDS}),
    (f"{NOSEBLEEDS[1]}?", {NOSEBLEEDS}),
    ("does it spread to the liver", {LIVER}),
    ("can it reach the brain or the testes", {BRAIN, TESTES}),
    ("what is consolidation", {CONSOLIDATION}),
    ("what happens in maintenance", {MAINTENANCE}),
    ("what is induction chemotherapy", {INDUCTION, CHEMO}),
    ("is immunotherapy an option", {IMMUNOTHERAPY}),
    ("what is radiation therapy used for", {RADIATION}),
    ("are there clinical trials", {TRIALS}),
    ("what do B-cells do", {B_CELLS}),
    ("is it common in children", {CHILDREN}),
    ("can adults get it", {ADULTS}),
    (f"{APPETITE[1]} and {WEIGHT[1].lower()}", {APPETITE, WEIGHT}),
    (f"{PALE[1].lower()}, {VOMITING[1].lower()} and {ACHES[1].lower()}", {PALE, VOMITING, ACHES}),
    (f"{GUMS[1].lower()} and {INFECTIONS[1].lower()}", {GUMS, INFECTIONS}),  # two items, as the page words them
    (f"is {BREATH[1].lower()} a sign", {BREATH}),
    ("is acute lymphocytic leukemia the same", {ALL}),
    # lay words (content/synonyms.yml)
    ("he is tired all the time", {FATIGUE}),
    ("always exhausted", {FATIGUE}),
    ("she has a high temperature", {FEVER}),
    ("he bruises easily", {BRUISING}),
    ("unexplained bruises on her legs", {BRUISING}),
    ("swollen glands in the neck", {GLANDS, NECK}),
    ("nose bleeds", {NOSEBLEEDS}),
    ("is chemo the only treatment", {CHEMO}),
    ("does he need a bone marrow transplant", {TRANSPLANT}),
    ("stem cell transplant", {TRANSPLANT}),
    ("does it spread to the testicles", {TESTES}),
    ("can kids get it", {CHILDREN}),
    ("what are b cells and t cells", {B_CELLS, T_CELLS}),
    ("t-lymphocytes", {T_CELLS}),
    ("lumps in the armpit", {GLANDS}),
    # UK spellings and plural/singular forms made automatically
    ("acute lymphoblastic leukaemia", {ALL}),
    ("Acute Lymphoblastic Leukaemia in adults", {ALL, ADULTS}),
    ("a headache", {HEADACHES}),
    ("swollen lymph node", {GLANDS}),
    ("the lymph node in his neck", {LYMPH_NODES, NECK}),
    # things the page does not list are still recognized (and marked, see below)
    ("is hair loss a symptom", {HAIR_LOSS}),
    ("can ALL cause a rash", {RASH, ALL}),
    ("does it spread to the lungs", {LUNGS}),
    ("is surgery used", {SURGERY}),
    # capitals: ALL is the disease, "all" is a word
    ("does ALL spread", {ALL}),
    ("does all of it spread", set()),
    ("tired all the time", {FATIGUE}),
    # nothing to find
    ("hello there", set()),
    ("what is the survival rate", set()),
    ("I live in Phoenix", set()),  # the lemma of "liver" is "live": no lemma patterns
]


@pytest.mark.parametrize(("text", "expected"), ENTITIES)
def test_terms_and_synonyms_are_found_with_their_canonical_names(text: str, expected: set) -> None:
    assert current(text) == expected


@pytest.mark.parametrize(
    ("text", "off_page"),
    [
        ("is hair loss a symptom", {HAIR_LOSS[1]}),
        ("does it spread to the lungs or the liver", {LUNGS[1]}),
        ("night sweats and fever", {NIGHT_SWEATS[1]}),
        ("nosebleeds", set()),
    ],
)
def test_things_the_page_does_not_list_are_marked(text: str, off_page: set) -> None:
    analysis = matcher().analyse(text)
    assert {m.canonical for m in analysis.mentions if not m.on_page} == off_page


# (text, negated, still named)
NEGATION = [
    ("I don't have a fever but I bruise easily", {FEVER}, {BRUISING}),
    ("no fever, just bruises", {FEVER}, {BRUISING}),
    ("he has never had nosebleeds", {NOSEBLEEDS}, set()),
    ("she is not tired and has no fever", {FATIGUE, FEVER}, set()),
    ("no fever or nosebleeds", {FEVER, NOSEBLEEDS}, set()),
    ("without a fever", {FEVER}, set()),
    ("he is not so tired", {FATIGUE}, set()),
    ("I do not have swollen glands", {GLANDS}, set()),
    # not negations
    ("I'm not sure if fatigue is a symptom", set(), {FATIGUE}),
    ("I don't know if nosebleeds matter", set(), {NOSEBLEEDS}),
    ("he can't stop vomiting", set(), {VOMITING}),
    ("no, my son has bruises", set(), {BRUISING}),
    ("no my son has bruises", set(), {BRUISING}),  # "no" three words away is an answer, not a cue
    ("the bruises don't go away", set(), {BRUISING}),  # a cue after the term negates nothing
]


@pytest.mark.parametrize(("text", "negated_terms", "named"), NEGATION)
def test_negated_terms_are_marked_and_the_rest_still_count(text: str, negated_terms: set, named: set) -> None:
    assert negated(text) == negated_terms
    assert current(text) == named


TYPOS_CAUGHT = [
    ("nosebleds", NOSEBLEEDS),
    ("tireness all day", FATIGUE),
    ("brusing on his arms", BRUISING),
    ("what is consolidtion", CONSOLIDATION),
    ("is chemotherepy needed", CHEMO),
    ("headahces", HEADACHES),
    ("swolen glands", GLANDS),
    ("immunotheraphy", IMMUNOTHERAPY),
]


@pytest.mark.parametrize(("text", "expected"), TYPOS_CAUGHT)
def test_small_typos_in_long_words_are_tolerated(text: str, expected: tuple[str, str]) -> None:
    analysis = matcher().analyse(text)
    assert expected in current(text)
    assert any(m.corrected for m in analysis.mentions)


TYPOS_NOT_CAUGHT = [
    "I was tested last week",  # "tested" is a word, one edit from "testes"
    "he is feverish",  # a listed synonym, not a typo: found, but not corrected
    "my brother is sick",
    "her liver",  # short words are never corrected ("lever")
    "the fever",
    "a narrow escape",  # one edit from "marrow", but a real word
    "tiredly",
    "infected",
]


@pytest.mark.parametrize("text", TYPOS_NOT_CAUGHT)
def test_real_words_are_never_read_as_typos(text: str) -> None:
    analysis = matcher().analyse(text)
    assert not any(m.corrected for m in analysis.mentions)


def test_a_corrected_typo_keeps_the_offsets_of_what_was_typed() -> None:
    text = "Is a Nosebleds a symptom?"
    (mention,) = matcher().analyse(text).mentions
    assert text[mention.start:mention.end] == "Nosebleds" == mention.text


EMERGENCIES = [
    ("my child is having a seizure", "seizure"),
    ("my child is having a siezure", "seizure"),
    ("he can't breathe", "breathing"),
    ("she cannot breathe properly", "breathing"),
    ("he is struggling to breathe", "breathing"),
    ("the bleeding won't stop", "bleeding"),
    ("his nose has been bleeding for an hour and won't stop", "bleeding"),
    ("my son is unresponsive", "unresponsive"),
    ("she wont wake up", "unresponsive"),
    ("I have chest pain", "chest_pain"),
    ("there's a pain in my chest", "chest_pain"),
    ("I want to kill myself", "suicide"),
    ("I don't want to live anymore", "suicide"),
    ("i have chest pain and want to end my life", "suicide"),  # 988 first when both
    ("I don't know what to do, he's having a seizure", "seizure"),
    ("no he is having a seizure", "seizure"),
    ("is shortness of breath a symptom", None),
    ("he is not having a seizure", None),
    ("she has no chest pain", None),
    ("what are the symptoms of ALL", None),
    ("he's fit and well", None),
]


@pytest.mark.parametrize(("text", "kind"), EMERGENCIES)
def test_emergencies_are_found_unless_negated(text: str, kind: str | None) -> None:
    assert emergency_kind(text) == kind


def test_an_emergency_and_a_question_are_both_found() -> None:
    analysis: Analysis = matcher().analyse("my child has a seizure, is that a symptom of leukaemia?")
    assert analysis.emergency() is not None and analysis.emergency().kind == "seizure"
    # "leukaemia" alone stands for the page's leukemia (content/synonyms.yml); "child" is an age group
    assert {(m.kind, m.canonical) for m in analysis.mentions} == {
        CHILDREN, ALL}


def test_pipeline_is_self_contained_and_records_what_it_was_built_from() -> None:
    nlp = loaded_nlp()
    assert nlp.pipe_names == ["entity_ruler", "span_ruler", "cue_ruler", "lemmatizer"]
    meta = nlp.meta["all_assistant"]
    assert len(meta["content_sha256"]) == 64
    assert list(HAIR_LOSS) in meta["not_on_page"]
    assert meta["capitals_only"] == ["all"]


def test_rasa_lowercases_text_and_offsets_still_fit() -> None:
    text = "Does ALL spread to the Liver?"
    doc = loaded_nlp()(lower_keeping_length(text))  # what SpacyNLP hands over
    analysis = matcher().analyse(text, doc)
    assert [(m.text, m.canonical) for m in analysis.mentions] == [("ALL", ALL[1]), ("Liver", LIVER[1])]


@pytest.mark.parametrize(
    ("a", "b", "close"),
    [("nosebleds", "nosebleeds", True), ("siezure", "seizure", True), ("fevre", "fever", True),
     ("testes", "tested", True), ("liver", "lover", True), ("marrow", "morrow", True),
     ("fatigue", "fatigued", True), ("seizure", "sizure", True), ("abcd", "badc", False), ("brain", "bran", True),
     ("bruising", "cruising", True), ("weakness", "weakest", False)],
)
def test_one_edit_distance(a: str, b: str, close: bool) -> None:
    assert within_one_edit(a, b) is close
