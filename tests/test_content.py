"""The content loader accepts the page and refuses broken copies with a precise message."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from core.answer_map import parse_answer_map
from core.checking import ContentError, read_yaml
from core.content import load_content
from core.page import parse_page
from core.paths import ANSWERS_FILE, PAGE_FILE


@pytest.fixture
def raw_page() -> dict:
    return copy.deepcopy(yaml.safe_load(PAGE_FILE.read_text()))


def test_the_page_loads_with_its_sections_and_metadata() -> None:
    page = load_content().page
    assert [s.id for s in page.sections] == ["overview", "who-gets-all", "symptoms", "treatment", "survival-rate"]
    assert page.source.reviewer == "Tibor Kovacsovics, MD"
    assert page.source.updated.isoformat() == "2023-08-11"
    assert len(page.section("symptoms").bullet_list("flu-like-symptoms").items) == 8
    assert len(page.section("symptoms").bullet_list("other-signs").items) == 7


def test_a_missing_title_names_file_section_and_problem(raw_page: dict) -> None:
    del raw_page["sections"][2]["title"]
    with pytest.raises(ContentError, match=r"all_page\.yml: section 'symptoms': missing 'title'"):
        parse_page(raw_page)


def test_a_term_absent_from_its_sentence_is_refused(raw_page: dict) -> None:
    raw_page["sections"][2]["paragraphs"][0][1]["terms"]["body_site"].append("kidneys")
    with pytest.raises(ContentError, match=r"sentence 'spread'\): term 'kidneys' \(body_site\) does not appear"):
        parse_page(raw_page)


def test_duplicate_ids_and_unknown_keys_are_all_reported_together(raw_page: dict) -> None:
    raw_page["sections"][1]["id"] = "overview"
    raw_page["sections"][0]["subtitle"] = "x"
    with pytest.raises(ContentError) as error:
        parse_page(raw_page)
    assert "section id 'overview' is used more than once" in str(error.value)
    assert "unknown key 'subtitle'" in str(error.value)


def test_a_bad_date_and_an_empty_list_are_refused(raw_page: dict) -> None:
    raw_page["source"]["updated"] = "last summer"
    raw_page["sections"][2]["lists"][0]["items"] = []
    with pytest.raises(ContentError) as error:
        parse_page(raw_page)
    assert "'updated' must be a date" in str(error.value)
    assert "(list 'flu-like-symptoms'): 'items' must be a non-empty list" in str(error.value)


@pytest.mark.parametrize("text", ["sections: [", "just a string", "", "- a list"])
def test_unreadable_or_wrong_shaped_files_give_a_content_error(tmp_path: Path, text: str) -> None:
    path = tmp_path / "page.yml"
    path.write_text(text)
    with pytest.raises(ContentError, match="page.yml"):
        parse_page(read_yaml(path), path)


def test_a_missing_file_is_named() -> None:
    with pytest.raises(ContentError, match="nowhere.yml: file not found"):
        read_yaml(Path("/nowhere.yml"))


def test_the_answer_map_refuses_unknown_sentences_and_related_questions() -> None:
    raw = yaml.safe_load(ANSWERS_FILE.read_text())
    raw["questions"]["ask_symptoms"]["say"] = ["no-such-sentence"]
    raw["questions"]["ask_induction"]["related"] = ["ask_unicorns"]
    with pytest.raises(ContentError) as error:
        parse_answer_map(raw, load_content().page)
    assert "question 'ask_symptoms': section 'symptoms' has no sentence 'no-such-sentence'" in str(error.value)
    assert "question 'ask_induction': related question 'ask_unicorns' is not defined" in str(error.value)
