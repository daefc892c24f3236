"""Property tests (hypothesis): whatever the input, a result or a clear error, never another
exception escaping. The content loader gets random structures and random damage to the real
page; the answer map random damage to the real map.
"""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.answer_map import AnswerMap, parse_answer_map
from core.checking import ContentError, read_yaml
from core.content import load_content
from core.page import Page, parse_page
from core.paths import ANSWERS_FILE, PAGE_FILE

RAW_PAGE = yaml.safe_load(PAGE_FILE.read_text())
RAW_ANSWERS = yaml.safe_load(ANSWERS_FILE.read_text())
PAGE_KEYS = ["source", "sections", "id", "title", "paragraphs", "lists", "text", "terms", "items", "intro",
             "updated", "reviewer", "disease", "symptom", "questions", "say", "list", "related", "section"]

# What YAML can produce: scalars (including dates), lists and mappings with hashable keys.
scalars = (st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20)
           | st.dates() | st.datetimes())
keys = st.sampled_from(PAGE_KEYS) | st.text(max_size=8) | st.integers() | st.booleans() | st.none() | st.dates()
yamlish = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(keys, children, max_size=5),
    max_leaves=25,
)


def paths(node: Any, prefix: tuple = ()) -> list[tuple]:
    """Every place in a parsed YAML document, as a path of keys and indexes."""
    found = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            found += paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += paths(value, (*prefix, index))
    return found


PAGE_PATHS = paths(RAW_PAGE)[1:]
ANSWER_PATHS = paths(RAW_ANSWERS)[1:]


def damaged(document: Any, path: tuple, action: str, value: Any) -> Any:
    """A copy of the document with the node at `path` replaced, removed or given an extra key."""
    copied = copy.deepcopy(document)
    parent = copied
    for step in path[:-1]:
        parent = parent[step]
    last = path[-1]
    if action == "replace":
        parent[last] = value
    elif action == "remove":
        del parent[last]
    elif isinstance(parent[last], dict):
        parent[last]["unexpected"] = value
    elif isinstance(parent[last], list):
        parent[last].append(value)
    else:
        parent[last] = [parent[last], value]
    return copied


actions = st.sampled_from(["replace", "remove", "add"])
fuzz_settings = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@fuzz_settings
@given(yamlish)
def test_any_structure_gives_a_page_or_a_content_error(raw: Any) -> None:
    try:
        assert isinstance(parse_page(raw), Page)
    except ContentError as error:
        assert str(error)


@fuzz_settings
@given(st.sampled_from(PAGE_PATHS), actions, yamlish)
def test_any_damage_to_the_real_page_gives_a_page_or_a_content_error(path: tuple, action: str, value: Any) -> None:
    try:
        assert isinstance(parse_page(damaged(RAW_PAGE, path, action, value)), Page)
    except ContentError as error:
        assert "all_page.yml" in str(error)


# Found by the test above in a CI run: a section's `lists` given a scalar raised a TypeError.
LIST_PATHS = [path for path in PAGE_PATHS if path[-1] == "lists"]


@fuzz_settings
@given(st.sampled_from(LIST_PATHS), scalars)
def test_a_section_whose_lists_is_not_a_list_is_a_content_error(path: tuple, value: Any) -> None:
    try:
        assert isinstance(parse_page(damaged(RAW_PAGE, path, "replace", value)), Page)
    except ContentError as error:
        assert "all_page.yml" in str(error)


@fuzz_settings
@given(st.sampled_from(ANSWER_PATHS), actions, yamlish)
def test_any_damage_to_the_answer_map_gives_a_map_or_a_content_error(path: tuple, action: str, value: Any) -> None:
    try:
        assert isinstance(parse_answer_map(damaged(RAW_ANSWERS, path, action, value), load_content().page), AnswerMap)
    except ContentError as error:
        assert "answers.yml" in str(error)


@fuzz_settings
@given(yamlish)
def test_any_structure_as_the_answer_map_gives_a_map_or_a_content_error(raw: Any) -> None:
    try:
        assert isinstance(parse_answer_map(raw, load_content().page), AnswerMap)
    except ContentError as error:
        assert str(error)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300) | st.sampled_from(["{a: [", "a: *b", "!!python/object:os.system x", "\t- x", "&a [*a]"]))
def test_any_file_text_reads_as_yaml_or_gives_a_content_error(tmp_path_factory: Any, text: str) -> None:
    path = Path(tmp_path_factory.mktemp("yaml")) / "page.yml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        read_yaml(path)
    except ContentError as error:
        assert "page.yml" in str(error)


def test_the_fuzzers_start_from_the_real_files() -> None:
    page = parse_page(copy.deepcopy(RAW_PAGE))
    assert isinstance(page, Page)
    assert len(PAGE_PATHS) > 100 and len(ANSWER_PATHS) > 50
    # YAML reads the page's `updated:` as a date; the fuzzers feed dates (and datetimes) there too.
    assert type(RAW_PAGE["source"]["updated"]) is dt.date and page.source.updated == RAW_PAGE["source"]["updated"]
