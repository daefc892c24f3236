"""`make validate`'s own checks: the real project passes, a deliberately broken copy fails clearly."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tools.common.project_data import PROJECT_DIR, Project, plain_text, spread
from tools.trainer.coverage_overlap import NOT_TOPICS
from tools.trainer.validate import MIN_EXAMPLES, check_project, project_warnings


def copy_project(tmp_path: Path) -> Project:
    root = tmp_path / "project"
    root.mkdir()
    shutil.copy(PROJECT_DIR / "config.yml", root / "config.yml")
    # The domain, data and content, and every Python package the action code may import (actions, core, ...).
    packages = [p.name for p in PROJECT_DIR.iterdir() if (p / "__init__.py").exists()]
    for name in ("domain", "data", "content", *packages):
        shutil.copytree(PROJECT_DIR / name, root / name, ignore=shutil.ignore_patterns("__pycache__"))
    return Project(root)


def edit_yaml(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text())
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))


def nlu_block(data: dict, intent: str) -> dict:
    return next(b for b in data["nlu"] if b.get("intent") == intent)


def test_the_project_as_it_is_passes() -> None:
    assert [str(p) for p in check_project(Project())] == []


@pytest.fixture(scope="module")
def broken(tmp_path_factory: pytest.TempPathFactory) -> tuple[Project, list[str]]:
    """A copy of the project broken in seven ways, and the problems the checker reports on it."""
    project = copy_project(tmp_path_factory.mktemp("broken"))
    root = project.root

    def thin_out_greet(data: dict) -> None:  # 1. too few examples
        block = nlu_block(data, "greet")
        block["examples"] = "".join(f"- {line}\n" for line in ["hi", "hello", "hey"])

    def duplicate_into_goodbye(data: dict) -> None:  # 2. one example under two intents
        nlu_block(data, "goodbye")["examples"] += "- Thank  You so much\n"

    edit_yaml(root / "data/nlu/smalltalk.yml", thin_out_greet)
    edit_yaml(root / "data/nlu/smalltalk.yml", duplicate_into_goodbye)

    def add_unanswered_section(data: dict) -> None:  # a page section no question reaches: a warning
        data["sections"].append({"id": "new-topic", "title": "A new topic",
                                 "paragraphs": [[{"id": "fact", "text": "A new sentence."}]]})

    edit_yaml(root / "content/all_page.yml", add_unanswered_section)

    def add_question_without_intent(data: dict) -> None:  # 4. question type with no intent, no rule
        data["questions"]["ask_new_thing"] = {"title": "New?", "section": "overview", "say": ["definition"],
                                              "related": ["ask_what_is_all"]}

    edit_yaml(root / "content/answers.yml", add_question_without_intent)

    def break_domain(data: dict) -> None:
        data["actions"].append("action_that_does_not_exist")  # 5. custom action with no code
        data["actions"].append("utter_without_text")  # 6. utter_ action with no response

    def break_feedback_domain(data: dict) -> None:
        del data["responses"]["utter_feedback_thanks"]  # 7. response the action code uses

    edit_yaml(root / "domain/conversation.yml", break_domain)
    edit_yaml(root / "domain/feedback.yml", break_feedback_domain)

    def rule_with_unknown_response(data: dict) -> None:  # 8. a rule naming an unknown action
        data["rules"][0]["steps"][1]["action"] = "utter_nowhere"

    edit_yaml(root / "data/rules/conversation.yml", rule_with_unknown_response)
    return project, [str(p) for p in check_project(project)]


def has(problems: list[str], *parts: str) -> bool:
    return any(all(part in problem for part in parts) for problem in problems)


@pytest.mark.parametrize(
    "expected",
    [
        ("data/nlu/smalltalk.yml", "intent 'greet'", f"has 3 examples, at least {MIN_EXAMPLES}"),
        ("data/nlu/smalltalk.yml", "'Thank  You so much'", "'thank you so much'", "'goodbye' and 'thanks'"),
        ("content/answers.yml", "question type 'ask_new_thing'", "is not an intent in the domain"),
        ("content/answers.yml", "question type 'ask_new_thing'", "has no rule"),
        ("domain/", "action 'action_that_does_not_exist'", "not defined by any Action class"),
        ("domain/", "action 'utter_without_text'", "has no response"),
        ("actions/feedback.py", "response 'utter_feedback_thanks'", "not defined in the domain"),
        ("data/rules/conversation.yml", "rule 'greet', action 'utter_nowhere'", "is not an action"),
    ],
)
def test_each_break_is_reported_with_its_file_and_item(broken, expected: tuple[str, ...]) -> None:
    _, problems = broken
    assert has(problems, *expected), "\n".join(problems)


def test_nothing_else_is_reported_on_the_broken_copy(broken) -> None:
    _, problems = broken
    assert len(problems) == 8, "\n".join(problems)


def test_a_section_no_question_type_answers_is_a_warning_not_a_failure(broken) -> None:
    project, problems = broken
    assert not has(problems, "new-topic")
    assert has([str(w) for w in project_warnings(project)], "content/all_page.yml",
               "section 'new-topic' (A new topic)", "no question type")


def test_the_command_fails_with_the_problems_listed(broken) -> None:
    project, _ = broken
    result = subprocess.run([sys.executable, "-m", "tools.trainer.validate", "--project", str(project.root)],
                            cwd=PROJECT_DIR, capture_output=True, text=True, timeout=300)
    assert result.returncode == 1
    assert "Project checks FAILED: 8 problem(s)" in result.stderr
    assert "section 'new-topic' (A new topic): no question type" in result.stderr
    assert "domain/: action 'action_that_does_not_exist'" in result.stderr


def test_broken_content_and_unimportable_actions_are_reported(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    edit_yaml(project.answers_file, lambda d: d["questions"]["ask_symptoms"].update(section="nowhere"))
    (project.root / "actions" / "broken.py").write_text("import no_such_module_here\n")
    problems = [str(p) for p in check_project(project)]
    assert has(problems, "content/answers.yml", "question 'ask_symptoms'", "section 'nowhere' is not in the page")
    assert has(problems, "actions/", "cannot be imported", "no_such_module_here")


def test_unreadable_yaml_is_reported_not_a_crash(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    (project.data_dir / "nlu" / "bad.yml").write_text("nlu: [unclosed\n")
    [problem] = check_project(project)
    assert (problem.file, problem.item) == ("data/nlu/bad.yml", "line 2, column 1")
    assert problem.problem.startswith("not valid YAML: ")


def test_annotations_are_stripped_and_samples_spread() -> None:
    assert plain_text('is [fever](symptom) a sign of [ALL]{"entity": "disease"}') == "is fever a sign of ALL"
    assert spread(list(range(11))) == [0, 5, 10]
    assert spread([1, 2]) == [1, 2]


def test_a_not_covered_example_the_page_now_answers_is_flagged(tmp_path: Path) -> None:
    """The page starts answering a not-covered question: its examples should move (issue 15)."""
    project = copy_project(tmp_path)
    data = yaml.safe_load((project.data_dir / "nlu/not_covered.yml").read_text())
    topics = set(yaml.safe_load(project.answers_file.read_text())["not_covered"]) - NOT_TOPICS
    intent = next(b["intent"] for b in data["nlu"] if b.get("intent") in topics)
    moved = plain_text(nlu_block(data, intent)["examples"].splitlines()[0][2:])
    kept = f"tell me {moved}"  # the new question type's example, close to `moved`
    assert not [w for w in project_warnings(project) if f"'{moved}'" in str(w)]

    def answer_it(page: dict) -> None:  # the re-review adds a section saying what `moved` asks
        page["sections"].append({"id": "newly-answered", "title": moved.capitalize() + "?",
                                 "paragraphs": [[{"id": "fact", "text": "A sentence."}]]})

    edit_yaml(project.page_file, answer_it)
    edit_yaml(project.answers_file, lambda d: d["questions"].update(
        ask_newly_answered={"title": moved.capitalize() + "?", "section": "newly-answered", "say": ["fact"],
                            "related": ["ask_what_is_all"]}))
    (project.data_dir / "nlu/newly_answered.yml").write_text(
        f'version: "3.1"\nnlu:\n- intent: ask_newly_answered\n  examples: |\n    - {kept}\n')
    warnings = [str(w) for w in project_warnings(project)]
    assert has(warnings, "data/nlu/not_covered.yml", f"example '{moved}' of '{intent}'", "ask_newly_answered"), (
        "\n".join(warnings))
