"""`make validate`: the project's own checks, after `rasa data validate --fail-on-warnings`.

Rasa checks the YAML against itself; these checks tie the training data to the page content
and to the action code, which Rasa cannot see:
  - every section of the page is answered by some question type (content/answers.yml), else a
    warning (after a re-review adds a section, until a question type answers it);
  - a warning for each not-covered example the page may now answer (tools/trainer/coverage_overlap.py);
  - every question type is an intent in the domain, with NLU examples and a rule;
  - every intent has at least MIN_EXAMPLES examples, and no example sits under two intents;
  - every action and response named in the domain, the rules, the stories or the action code
    exists (custom actions are looked up in the rasa_sdk registry of the `actions` package).
Each problem is printed as `file: item: problem`; the exit status is 1 when there is one.
Warnings are printed the same way and do not fail.

`python -m tools.trainer.validate --project DIR` checks another copy of the project (the tests break a
copy on purpose to see that each check speaks up).
"""

from __future__ import annotations

import argparse
import re
import sys
import warnings
from dataclasses import dataclass
from pathlib import Path

from rasa.shared.core.constants import DEFAULT_ACTION_NAMES, DEFAULT_INTENTS

from core.answer_map import AnswerMap, parse_answer_map
from core.checking import ContentError, read_yaml
from core.page import Page, parse_page
from tools.common.project_data import (
    DataError,
    Example,
    Project,
    domain_intents,
    examples_by_intent,
    flows,
    load_domain,
    normalise,
)
from tools.trainer.action_registry import registered_actions
from tools.trainer.coverage_overlap import overlaps
from tools.trainer.data_files import check_training_files

MIN_EXAMPLES = 15
DOMAIN = "domain/"  # problems with the domain name the folder: Rasa merges its files
# Intents and actions Rasa provides itself; no need to define them.
BUILTIN_INTENTS = set(DEFAULT_INTENTS)
BUILTIN_ACTIONS = set(DEFAULT_ACTION_NAMES)
# A quoted "utter_x" in action code (`utter_message(response=...)`, or a constant) names a response.
_RESPONSE_IN_CODE = re.compile(r"""["'](utter_[A-Za-z0-9_]+)["']""")


@dataclass(frozen=True)
class Problem:
    file: str
    item: str
    problem: str

    def __str__(self) -> str:
        return f"{self.file}: {self.item}: {self.problem}"


@dataclass
class Domain:
    intents: list[str]
    actions: list[str]
    responses: set[str]
    forms: set[str]

    @classmethod
    def load(cls, project: Project) -> Domain:
        domain = load_domain(project)
        declared = domain.as_dict()
        return cls(
            intents=domain_intents(project),
            actions=[next(iter(a)) if isinstance(a, dict) else str(a) for a in declared.get("actions") or []],
            responses=set(domain.responses),
            forms=set(domain.form_names),
        )

    def known_actions(self) -> set[str]:
        return set(self.actions) | self.responses | self.forms | BUILTIN_ACTIONS


# --- content ---------------------------------------------------------------------------------

def load_content(project: Project) -> tuple[Page | None, AnswerMap | None, list[Problem]]:
    try:
        page = parse_page(read_yaml(project.page_file), project.page_file)
        return page, parse_answer_map(read_yaml(project.answers_file), page, project.answers_file), []
    except ContentError as error:
        # The content loader already names the file, the place and the problem, one a line.
        problems = []
        for line in str(error).splitlines():
            file, _, rest = line.partition(": ")
            item, _, problem = rest.partition(": ")
            problems.append(Problem(file if "/" in file else f"content/{file}", item, problem or rest))
        return None, None, problems


def check_sections_reachable(project: Project, page: Page, answer_map: AnswerMap) -> list[Problem]:
    used = {q.section for q in answer_map.questions.values()}
    return [
        Problem(project.rel(project.page_file), f"section '{s.id}' ({s.title})",
                f"no question type in {project.rel(project.answers_file)} answers from this section")
        for s in page.sections if s.id not in used
    ]


def check_not_covered_overlap(project: Project, page: Page, answer_map: AnswerMap,
                              examples: dict[str, list[Example]]) -> list[Problem]:
    return [Problem(project.rel(o.example.file), f"example '{o.example.text}' of '{o.example.intent}'",
                    f"looks like '{o.nearest}' ({o.question_type}), which the page answers "
                    f"(shared: {', '.join(o.shared)}): move it to {o.question_type} if the page answers it")
            for o in overlaps(page, answer_map, examples)]


def check_question_types(project: Project, answer_map: AnswerMap, domain: Domain) -> list[Problem]:
    problems = []
    answers = project.rel(project.answers_file)
    ruled = flows(project).intents_with_rule()
    for intent in answer_map.questions:
        if intent not in domain.intents:
            problems.append(Problem(answers, f"question type '{intent}'", "is not an intent in the domain"))
        if intent not in ruled:
            problems.append(Problem(answers, f"question type '{intent}'",
                                    "has no rule in data/rules/ (add one to data/rules/faq.yml)"))
    for intent in answer_map.not_covered:
        if intent not in domain.intents and intent not in BUILTIN_INTENTS:
            problems.append(Problem(answers, f"not_covered '{intent}'", "is not an intent in the domain"))
    return problems


# --- NLU examples ----------------------------------------------------------------------------

def check_example_counts(project: Project, domain: Domain, examples: dict[str, list[Example]]) -> list[Problem]:
    problems = []
    for intent in domain.intents:
        found = examples.get(intent, [])
        if not found:
            problems.append(Problem(DOMAIN, f"intent '{intent}'",
                                    f"has no examples in data/ (at least {MIN_EXAMPLES} are needed)"))
        elif len(found) < MIN_EXAMPLES:
            files = ", ".join(sorted({project.rel(e.file) for e in found}))
            problems.append(Problem(files, f"intent '{intent}'",
                                    f"has {len(found)} examples, at least {MIN_EXAMPLES} are needed"))
    for intent, found in examples.items():
        if intent not in domain.intents:
            problems.append(Problem(project.rel(found[0].file), f"intent '{intent}'", "is not listed in the domain"))
    return problems


def check_duplicate_examples(project: Project, examples: dict[str, list[Example]]) -> list[Problem]:
    seen: dict[str, Example] = {}
    problems = []
    for found in examples.values():
        for example in found:
            key = normalise(example.text)
            first = seen.setdefault(key, example)
            if first.intent != example.intent:
                where = sorted({project.rel(first.file), project.rel(example.file)})
                also = f" (and as '{first.text}')" if first.text != example.text else ""
                problems.append(Problem(" and ".join(where), f"example '{example.text}'{also}",
                                        f"appears under intents '{first.intent}' and '{example.intent}'"))
    return problems


# --- actions and responses ---------------------------------------------------------------------

def check_actions(project: Project, domain: Domain) -> list[Problem]:
    problems = []
    for action in domain.actions:
        if action.startswith("utter_") and action not in domain.responses:
            problems.append(Problem(DOMAIN, f"action '{action}'", "has no response under 'responses'"))
    custom = [a for a in domain.actions if not a.startswith("utter_") and a not in BUILTIN_ACTIONS]
    if custom:
        registered, error = registered_actions(project)
        if error:
            problems.append(Problem("actions/", "the actions package", f"cannot be imported: {error}"))
        else:
            for action in custom:
                if action not in registered:
                    problems.append(Problem(DOMAIN, f"action '{action}'",
                                            "is not defined by any Action class in actions/"))
    known = domain.known_actions()
    for step in flows(project).steps:
        if step.kind == "action" and step.name not in known:
            problems.append(Problem(project.rel(step.file), f"{step.block}, action '{step.name}'",
                                    "is not an action, response or form in the domain"))
        if step.kind == "intent" and step.name not in domain.intents and step.name not in BUILTIN_INTENTS:
            problems.append(Problem(project.rel(step.file), f"{step.block}, intent '{step.name}'",
                                    "is not an intent in the domain"))
    for path in sorted((project.root / "actions").glob("*.py")):
        for response in sorted(set(_RESPONSE_IN_CODE.findall(path.read_text(encoding="utf-8")))):
            if response not in domain.responses:
                problems.append(Problem(project.rel(path), f"response '{response}'",
                                        "is used by the action code but not defined in the domain"))
    return problems


# --- all together ----------------------------------------------------------------------------

def check_files(project: Project) -> list[Problem]:
    """Each training-data file that Rasa could not read, one problem a line."""
    problems = []
    for line in check_training_files(project):
        file, _, rest = line.partition(": ")
        item, _, problem = rest.partition(": ")
        problems.append(Problem(file, item, problem))
    return problems


def check_project(project: Project) -> list[Problem]:
    """Every problem found in this copy of the project; an empty list means it passes."""
    unreadable = check_files(project)
    if unreadable:
        return unreadable  # the other checks need files they can read
    try:
        domain = Domain.load(project)
        examples = examples_by_intent(project)
    except DataError as error:
        file, _, problem = str(error).partition(": ")
        return [Problem(file, "file", problem)]
    page, answer_map, problems = load_content(project)
    if page is not None and answer_map is not None:
        problems += check_question_types(project, answer_map, domain)
    problems += check_example_counts(project, domain, examples)
    problems += check_duplicate_examples(project, examples)
    problems += check_actions(project, domain)
    return problems


def project_warnings(project: Project) -> list[Problem]:
    """What a trainer should look at, but which doesn't make the data wrong."""
    try:
        examples = examples_by_intent(project)
    except DataError:
        return []  # reported as a problem
    page, answer_map, problems = load_content(project)
    if page is None or answer_map is None:
        return []
    return check_sections_reachable(project, page, answer_map) + check_not_covered_overlap(
        project, page, answer_map, examples)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--project", type=Path, default=Project().root, help="project directory to check")
    parser.add_argument("--files", action="store_true",
                        help="only check that every training-data file can be read (before Rasa reads them)")
    args = parser.parse_args(argv)
    # Rasa's advice about slot auto-fill (removed in Rasa 3.0) is printed whenever a domain is
    # loaded; it is not about this project's data.
    warnings.filterwarnings("ignore", message="Slot auto-fill")
    project = Project(args.project.resolve())
    if args.files:
        unreadable = check_files(project)
        for problem in unreadable:
            print(problem, file=sys.stderr)
        return 1 if unreadable else 0
    problems = check_project(project)
    advice = project_warnings(project)
    if advice:
        print(f"Project checks: {len(advice)} warning(s) (docs/TRAINING.md, \"Warnings\"):", file=sys.stderr)
        for warning in advice:
            print(f"  {warning}", file=sys.stderr)
    if problems:
        print(f"Project checks FAILED: {len(problems)} problem(s):", file=sys.stderr)
        for problem in problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    intents = domain_intents(project)
    print(f"Project checks passed: {len(intents)} intents with at least {MIN_EXAMPLES} examples each, "
          "every action and response defined.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
