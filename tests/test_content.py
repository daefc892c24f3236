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


def with_lists(raw: dict) -> dict:
    """The first section of the raw page that has bullet lists."""
    return next(section for section in raw["sections"] if section.get("lists"))


def with_terms(raw: dict) -> tuple[dict, dict]:
    """The first section and sentence of the raw page whose sentence has a term list."""
    return next((section, sentence) for section in raw["sections"] for paragraph in section["paragraphs"]
                for sentence in paragraph if sentence.get("terms"))


def test_the_page_loads_with_its_sections_and_metadata(raw_page: dict) -> None:
    page = load_content().page
    assert [s.id for s in page.sections] == [s["id"] for s in raw_page["sections"]]
    assert [s.title for s in page.sections] == [s["title"] for s in raw_page["sections"]]
    source = raw_page["source"]
    assert (page.source.reviewer, page.source.updated) == (source["reviewer"], source["updated"])
    for raw_section in raw_page["sections"]:
        section = page.section(raw_section["id"])
        ids = [[s["id"] for s in paragraph] for paragraph in raw_section["paragraphs"]]
        assert [[s.id for s in paragraph] for paragraph in section.paragraphs] == ids
        assert [len(b.items) for b in section.lists] == [len(b["items"]) for b in raw_section.get("lists", [])]


def test_a_missing_title_names_file_section_and_problem(raw_page: dict) -> None:
    section = with_lists(raw_page)
    del section["title"]
    with pytest.raises(ContentError, match=rf"all_page\.yml: section '{section['id']}': missing 'title'"):
        parse_page(raw_page)


def test_a_term_absent_from_its_sentence_is_refused(raw_page: dict) -> None:
    _, sentence = with_terms(raw_page)
    kind = next(iter(sentence["terms"]))
    sentence["terms"][kind].append("zzz-not-in-the-text")
    with pytest.raises(ContentError, match=rf"sentence '{sentence['id']}'\): term 'zzz-not-in-the-text' \({kind}\) "
                                           "does not appear"):
        parse_page(raw_page)


def test_duplicate_ids_and_unknown_keys_are_all_reported_together(raw_page: dict) -> None:
    first = raw_page["sections"][0]["id"]
    raw_page["sections"][-1]["id"] = first
    raw_page["sections"][0]["subtitle"] = "x"
    with pytest.raises(ContentError) as error:
        parse_page(raw_page)
    assert f"section id '{first}' is used more than once" in str(error.value)
    assert "unknown key 'subtitle'" in str(error.value)


def test_a_bad_date_and_an_empty_list_are_refused(raw_page: dict) -> None:
    raw_page["source"]["updated"] = "last summer"
    bullet_list = with_lists(raw_page)["lists"][0]
    bullet_list["items"] = []
    with pytest.raises(ContentError) as error:
        parse_page(raw_page)
    assert "'updated' must be a date" in str(error.value)
    assert f"(list '{bullet_list['id']}'): 'items' must be a non-empty list" in str(error.value)


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
    first, last = list(raw["questions"])[0], list(raw["questions"])[-1]
    raw["questions"][first]["say"] = ["no-such-sentence"]
    raw["questions"][last]["related"] = ["ask_unicorns"]
    section = raw["questions"][first]["section"]
    with pytest.raises(ContentError) as error:
        parse_answer_map(raw, load_content().page)
    assert f"question '{first}': section '{section}' has no sentence 'no-such-sentence'" in str(error.value)
    assert f"question '{last}': related question 'ask_unicorns' is not defined" in str(error.value)
