"""Read the project's training data the way the staff tools need it: by intent, with file names.

The tools never keep their own list of intents or question types: they read the domain
folder (with Rasa's own loader), data/ and content/ each time, so a question type added by a
trainer shows up everywhere.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from rasa.shared.core.domain import Domain, InvalidDomain
from rasa.shared.exceptions import YamlException

from core.paths import PROJECT_DIR

# `[text](entity)`, `[text]{"entity": ...}`: an annotated example says `text` to the model.
_ANNOTATION = re.compile(r"\[([^\]]*)\](?:\([^)]*\)|\{[^}]*\})")


class DataError(ValueError):
    """A data file the tools cannot read; the message names the file and the problem."""


@dataclass(frozen=True)
class Example:
    intent: str
    text: str
    file: Path


@dataclass
class Project:
    """Paths of one copy of the project (the real one, or a copy a test has broken)."""

    root: Path = PROJECT_DIR

    @property
    def domain_dir(self) -> Path:
        return self.root / "domain"

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def page_file(self) -> Path:
        return self.root / "content" / "all_page.yml"

    @property
    def answers_file(self) -> Path:
        return self.root / "content" / "answers.yml"

    def rel(self, path: Path) -> str:
        try:
            return str(path.relative_to(self.root))
        except ValueError:
            return str(path)


def read_yaml_file(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataError(f"{path}: file not found") from None
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise DataError(f"{path}: cannot read: {error}") from None


def plain_text(example: str) -> str:
    """The words of an example without entity annotations."""
    return _ANNOTATION.sub(r"\1", example).strip()


def normalise(text: str) -> str:
    """Lowercase with single spaces: how duplicate examples are compared."""
    return " ".join(text.lower().split())


def _example_lines(raw: Any) -> list[str]:
    if isinstance(raw, str):
        lines = [line.strip() for line in raw.splitlines()]
        return [line[1:].strip() for line in lines if line.startswith("-")]
    if isinstance(raw, list):  # the long format: a list of {text: ..., metadata: ...}
        return [str(item.get("text", "")) if isinstance(item, dict) else str(item) for item in raw]
    return []


def data_files(project: Project) -> list[Path]:
    return sorted(p for p in project.data_dir.rglob("*") if p.suffix in {".yml", ".yaml"})


def nlu_examples(project: Project) -> list[Example]:
    """Every intent example in data/, in file order."""
    examples: list[Example] = []
    for path in data_files(project):
        raw = read_yaml_file(path)
        if not isinstance(raw, dict):
            continue
        for block in raw.get("nlu") or []:
            if isinstance(block, dict) and "intent" in block:
                intent = str(block["intent"])
                examples.extend(
                    Example(intent, plain_text(line), path) for line in _example_lines(block.get("examples"))
                )
    return examples


def examples_by_intent(project: Project) -> dict[str, list[Example]]:
    grouped: dict[str, list[Example]] = {}
    for example in nlu_examples(project):
        grouped.setdefault(example.intent, []).append(example)
    return grouped


def spread(items: list[Any], count: int = 3) -> list[Any]:
    """`count` items spread evenly over the list (first, middle, last for three): a fair sample."""
    if len(items) <= count:
        return list(items)
    step = (len(items) - 1) / (count - 1)
    return [items[round(i * step)] for i in range(count)]


def load_domain(project: Project) -> Domain:
    """The domain as Rasa reads it: every file of the domain folder, merged."""
    try:
        return Domain.load(str(project.domain_dir))
    except (InvalidDomain, YamlException) as error:
        raise DataError(f"{project.rel(project.domain_dir)}/: {' '.join(str(error).split())}") from None


def domain_intents(project: Project) -> list[str]:
    """The intents the domain declares (Rasa adds its default intents to `Domain.intents`)."""
    return list(load_domain(project).as_dict()["intents"])


@dataclass(frozen=True)
class Step:
    """One `intent:` or `action:` step of a rule or story, with where it is."""

    kind: str
    name: str
    file: Path
    block: str
    in_rule: bool


@dataclass
class Flows:
    steps: list[Step] = field(default_factory=list)

    def intents_with_rule(self) -> set[str]:
        return {s.name for s in self.steps if s.kind == "intent" and s.in_rule}


def _steps(raw_steps: Any) -> Iterator[tuple[str, str]]:
    for step in raw_steps or []:
        if not isinstance(step, dict):
            continue
        if "intent" in step:
            yield "intent", str(step["intent"])
        if "action" in step:
            yield "action", str(step["action"])
        if "active_loop" in step and step["active_loop"] is not None:
            yield "action", str(step["active_loop"])
        for branch in step.get("or") or []:  # `or:` holds alternative intents
            if isinstance(branch, dict) and "intent" in branch:
                yield "intent", str(branch["intent"])


def flows(project: Project) -> Flows:
    """Every intent and action step of the rules and stories in data/."""
    result = Flows()
    for path in data_files(project):
        raw = read_yaml_file(path)
        if not isinstance(raw, dict):
            continue
        for key, label in (("rules", "rule"), ("stories", "story")):
            for block in raw.get(key) or []:
                if not isinstance(block, dict):
                    continue
                name = f"{label} '{block.get(label, '?')}'"
                for kind, value in _steps(block.get("steps")):
                    result.steps.append(Step(kind, value, path, name, key == "rules"))
                for condition in block.get("condition") or []:
                    if isinstance(condition, dict) and condition.get("active_loop"):
                        result.steps.append(Step("action", str(condition["active_loop"]), path, name, key == "rules"))
    return result
