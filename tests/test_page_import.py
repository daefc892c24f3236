"""`make import-page`: a re-reviewed page updates content/all_page.yml, keeping what it can.

Every page here is rendered from the content itself (tests/support/page_export.py) and then changed
the way a re-review would change it; nothing is typed from the page.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from core.answer_map import SOURCE_SECTION
from core.checking import ContentError, read_yaml
from core.content import load_content
from core.page import Page, parse_page
from core.page_import import ContentFiles, plan_from
from core.page_yaml import header_of, render_page_yaml
from core.paths import CONTENT_DIR, PAGE_FILE
from core.published_page import parse_published, split_reviewer, split_sentences
from core.replies import format_date
from tests.support.page_export import div_export, html_export, text_export
from tools.trainer import import_page

NEW_SECTION = ("Is it passed on in families?", "Most cases are not inherited. Your care team can tell you more.")


@pytest.fixture
def content(tmp_path: Path) -> ContentFiles:
    """A copy of content/ to import into."""
    shutil.copytree(CONTENT_DIR, tmp_path / "content")
    return ContentFiles(tmp_path / "content")


def page() -> Page:
    return load_content().page


def run_import(tmp_path: Path, content: ContentFiles, text: str, *extra: str) -> int:
    exported = tmp_path / "page.txt"
    exported.write_text(text, encoding="utf-8")
    return import_page.main([str(exported), "--content", str(content.folder),
                             "--reports", str(tmp_path / "reports"), *extra])


def said_sentence_with_a_figure() -> tuple[str, str, str]:
    """(section id, sentence id, text) of a sentence some answer says that holds a number
    outside its terms (a changed term would need its synonyms re-mapped: another test)."""
    for question in load_content().answers.questions.values():
        for sentence_id in question.say:
            sentence = page().section(question.section).sentence(sentence_id)
            terms = [w for words in sentence.terms.values() for w in words]
            if re.search(r"\d", sentence.text) and all(w in bump_figure(sentence.text) for w in terms):
                return question.section, sentence_id, sentence.text
    pytest.fail("no answer says a sentence with a number")


def bump_figure(text: str) -> str:
    """The same sentence with its first number changed (9 → 0, otherwise + 1)."""
    return re.sub(r"\d", lambda m: str((int(m.group()) + 1) % 10), text, count=1)


def test_the_content_file_is_written_back_exactly_as_it_is_kept() -> None:
    text = PAGE_FILE.read_text(encoding="utf-8")
    assert render_page_yaml(parse_page(read_yaml(PAGE_FILE)), header_of(text)) == text


@pytest.mark.parametrize("render", [text_export, html_export, div_export],
                         ids=["text export", "html page", "html page of divs"])
def test_the_unchanged_page_has_no_changes(render, content: ContentFiles) -> None:
    plan = plan_from(parse_published(render(page())), content, "page")
    assert plan.unchanged and plan.changes == [] and plan.page == page()


def test_an_unchanged_page_prints_no_changes_and_writes_nothing(tmp_path: Path, content: ContentFiles,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    before = {p.name: p.read_bytes() for p in content.folder.iterdir()}
    assert run_import(tmp_path, content, text_export(page())) == 0
    assert "No changes" in capsys.readouterr().out
    assert {p.name: p.read_bytes() for p in content.folder.iterdir()} == before
    assert not (tmp_path / "reports").exists()


def test_a_changed_figure_updates_that_sentence_only_and_names_its_question_types(
        tmp_path: Path, content: ContentFiles, capsys: pytest.CaptureFixture[str]) -> None:
    section_id, sentence_id, text = said_sentence_with_a_figure()
    before = content.page.read_text(encoding="utf-8")
    assert run_import(tmp_path, content, text_export(page()).replace(text, bump_figure(text))) == 0
    out = capsys.readouterr().out
    questions = load_content().answers.questions.items()
    saying = {i for i, q in questions if q.section == section_id and sentence_id in q.say}
    listed = set(re.findall(r"^- `(\w+)`", out.split("## Question types whose answers change")[1], re.M))
    assert saying and listed == saying
    updated = parse_page(read_yaml(content.page))
    assert updated.section(section_id).sentence(sentence_id).text == bump_figure(text)
    terms = page().section(section_id).sentence(sentence_id).terms
    assert updated.section(section_id).sentence(sentence_id).terms == terms
    changed = set(content.page.read_text(encoding="utf-8").splitlines()) ^ set(before.splitlines())
    assert len(changed) <= 2 * 3  # the sentence's folded lines, nothing else
    assert (tmp_path / "reports" / import_page.REPORT_NAME).read_text(encoding="utf-8").count(sentence_id) >= 1
    stale = json.loads((tmp_path / "reports" / import_page.CHANGED_ANSWERS_NAME).read_text(encoding="utf-8"))
    assert set(stale["answers_changed"]) == saying and stale["written"]


def test_a_removed_sentence_an_answer_says_stops_the_import(tmp_path: Path, content: ContentFiles,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    section_id, sentence_id, text = said_sentence_with_a_figure()
    before = content.page.read_bytes()
    assert run_import(tmp_path, content, text_export(page()).replace(text, "")) == 1
    out = capsys.readouterr().out
    assert "NOT written" in out
    assert f"section '{section_id}' has no sentence '{sentence_id}'" in out
    assert content.page.read_bytes() == before


def test_a_changed_sentence_keeps_its_terms_while_they_are_in_its_text() -> None:
    section, sentence = next((s, x) for s, x in page().sentences() if sum(len(w) for w in x.terms.values()) >= 2)
    kind, words = next(iter(sentence.terms.items()))
    edited = sentence.text.replace(words[0], "something else", 1) if len(words) > 1 else sentence.text + " Also."
    export = text_export(page()).replace(sentence.text, edited)
    plan = plan_from(parse_published(export), ContentFiles(CONTENT_DIR), "p")
    kept = plan.page.section(section.id).sentence(sentence.id)
    assert kept.text == edited
    assert all(w.lower() in edited.lower() for ws in kept.terms.values() for w in ws)
    assert set(kept.terms[kind]) >= set(words[1:])


def test_a_new_section_gets_an_id_and_is_listed_as_not_yet_answered(tmp_path: Path, content: ContentFiles,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    title, paragraph = NEW_SECTION
    export = text_export(page()).replace("Next topic:", f"{title}\n\n{paragraph}\n\nNext topic:")
    assert run_import(tmp_path, content, export) == 0
    out = capsys.readouterr().out
    updated = parse_page(read_yaml(content.page))
    new = updated.sections[-1]
    assert (new.title, len([s for p in new.paragraphs for s in p])) == (title, 2)
    assert new.id not in {s.id for s in page().sections}
    assert f"- `{new.id}` (new)" in out.split("not yet answered by any question type")[1]
    assert updated.sections[:-1] == page().sections


def test_a_page_without_its_review_date_is_refused_in_one_plain_line() -> None:
    export = text_export(page())
    broken = re.sub(r"^This page was updated on .*$", "", export, flags=re.M)
    with pytest.raises(ContentError) as error:
        parse_published(broken, "page.txt")
    assert len(str(error.value).splitlines()) == 1 and str(error.value).startswith("page.txt: ")


def test_sentences_split_at_full_stops_but_not_in_figures_or_abbreviations() -> None:
    assert split_sentences("Dr. Lee saw 2.5 percent, e.g. in children. Is it rare? Yes! (See Fig. 2.)") == (
        "Dr. Lee saw 2.5 percent, e.g. in children.", "Is it rare?", "Yes!", "(See Fig. 2.)")


def test_a_new_reviewer_line_keeps_credentials_with_the_name() -> None:
    assert split_reviewer("Ana Ruiz, MD, PhD, Pediatric Oncologist, Hope | Town") == (
        "Ana Ruiz, MD, PhD", "Pediatric Oncologist, Hope | Town")


def test_the_html_page_goes_through_the_command_too(tmp_path: Path, content: ContentFiles,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    page_file = tmp_path / "page.html"
    page_file.write_text(html_export(page()), encoding="utf-8")
    assert import_page.main([str(page_file), "--content", str(content.folder)]) == 0
    assert "No changes" in capsys.readouterr().out


def test_a_new_reviewer_and_date_change_the_page_review_answer(content: ContentFiles) -> None:
    source = page().source
    later = source.updated.replace(year=source.updated.year + 1)
    export = text_export(page()).replace(f"{source.reviewer}, {source.reviewer_role}", "Ana Ruiz, MD, Oncologist")
    export = export.replace(format_date(source.updated), format_date(later))
    plan = plan_from(parse_published(export), content, "page")
    assert (plan.page.source.reviewer, plan.page.source.reviewer_role, plan.page.source.updated) == (
        "Ana Ruiz, MD", "Oncologist", later)
    assert {c.name for c in plan.changes} == {"reviewer", "reviewer_role", "updated"}
    review_questions = {i for i, q in load_content().answers.questions.items() if q.section == SOURCE_SECTION}
    assert review_questions and review_questions <= set(plan.answers_changed)
