"""Every content, answer-map, vocabulary and training-data error is one plain line naming the
file, the item and the problem, with no traceback: in `make content-check`, `make validate`
and training. Each file of a project copy is broken in turn."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from tests.support.project_copy import copy_project, run_make, run_python


def edit_yaml(path: Path, change: Callable[[dict], None]) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def first_question(data: dict) -> dict:
    return next(iter(data["questions"].values()))


def misspell_a_sentence_id(data: dict) -> None:
    question = next(q for q in data["questions"].values() if q.get("say"))
    question["say"][0] += "x"


# file → how to break it, and what the one line must say after "file: item: "
CONTENT_BREAKS: dict[str, tuple[Callable[[dict], None], str]] = {
    "all_page.yml": (lambda d: d["sections"][0].pop("title"), "missing 'title'"),
    "answers.yml": (misspell_a_sentence_id, "has no sentence"),
    "synonyms.yml": (lambda d: d["on_page"]["symptom"].update({"Zzz not a symptom": ["zzz"]}),
                     "no symptom on the page is called"),
    "safety.yml": (lambda d: d["emergencies"].update(breathing="not a list"), "expected a non-empty list"),
    "site.yml": (lambda d: d["emergency"].update(hint="Call {nothing}."), "unknown placeholder {nothing}"),
    "intent_titles.yml": (lambda d: d.update(never_offer="greet"), "must be a list of intent names"),
    "conversation.yml": (lambda d: d["booking"].update(cancelled="Cancelled. Call {phone_number}."),
                         "unknown placeholder {phone_number}"),
}


def problem_lines(output: str, file: str) -> list[str]:
    return [line.strip() for line in output.splitlines() if line.strip().startswith(f"{file}: ")]


def assert_one_plain_line(output: str, file: str, problem: str) -> None:
    assert "Traceback" not in output, output
    lines = problem_lines(output, file)
    assert len(lines) == 1, output
    assert re.fullmatch(rf"{re.escape(file)}: [^:]+(: .+)? ?: .*{re.escape(problem)}.*", lines[0]), lines[0]


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_project(tmp_path_factory.mktemp("plain") / "project")


@pytest.fixture
def broken(project: Path):
    """Restores every file a test broke."""
    saved: dict[Path, bytes] = {}

    def break_file(relative: str, change: Callable[[dict], None]) -> None:
        path = project / relative
        saved.setdefault(path, path.read_bytes())
        edit_yaml(path, change)

    yield break_file
    for path, data in saved.items():
        path.write_bytes(data)


@pytest.mark.parametrize("file", list(CONTENT_BREAKS))
def test_each_content_file_breaks_with_one_plain_line(file: str, project: Path, broken) -> None:
    change, problem = CONTENT_BREAKS[file]
    broken(f"content/{file}", change)
    result = run_python(project, "-m", "core")
    assert result.returncode == 1
    assert_one_plain_line(result.stdout + result.stderr, file, problem)


def test_a_misspelt_sentence_id_in_make_content_check_validate_and_training(project: Path, broken) -> None:
    broken("content/answers.yml", misspell_a_sentence_id)
    for target in ("content-check", "validate", "model"):
        result = run_make(project, target)
        assert result.returncode != 0, target
        assert_one_plain_line(result.stdout + result.stderr, "answers.yml", "has no sentence")


TRAINING_BREAKS: dict[str, tuple[Callable[[dict], None], str]] = {
    "domain/questions.yml": (lambda d: d.update(responses={"utter_x": "text, not a list"}), "is not a list"),
    "data/nlu/survival.yml": (lambda d: d["nlu"][0].update(exampels=d["nlu"][0].pop("examples")),
                              "Key 'exampels' was not defined"),
    "data/rules/faq.yml": (lambda d: d["rules"][0]["steps"][0].update(intnt=d["rules"][0]["steps"][0].pop("intent")),
                           "Key 'intnt' was not defined"),
}


@pytest.mark.parametrize("file", list(TRAINING_BREAKS))
def test_each_training_data_file_breaks_with_one_plain_line(file: str, project: Path, broken) -> None:
    change, problem = TRAINING_BREAKS[file]
    broken(file, change)
    result = run_python(project, "-m", "tools.trainer.validate", "--files")
    assert result.returncode == 1
    assert_one_plain_line(result.stdout + result.stderr, file, problem)


def test_unreadable_yaml_in_make_validate_and_training_is_one_line_before_rasa(project: Path) -> None:
    path = project / "data/nlu/survival.yml"
    saved = path.read_bytes()
    path.write_text(path.read_text(encoding="utf-8") + "- intent ask_bad\n  examples: [\n", encoding="utf-8")
    try:
        for target in ("validate", "model"):
            result = run_make(project, target)
            output = result.stdout + result.stderr
            assert result.returncode != 0
            assert_one_plain_line(output, "data/nlu/survival.yml", "not valid YAML")
            assert "YamlSyntaxException" not in output  # Rasa never read it
    finally:
        path.write_bytes(saved)
