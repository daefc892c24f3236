"""The project's training data as Rasa reads it, by intent and with the file each item is in.

The tools never keep their own list of intents or question types: they read the domain
folder, data/ and content/ each time, so a question type added by a trainer shows up
everywhere. Rasa's own loaders do the reading (`Domain.load`, `RasaYAMLReader`,
`YAMLStoryReader`), so the tools see the examples, rules and stories exactly as training does.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rasa.shared.core.domain import Domain, InvalidDomain
from rasa.shared.core.events import ActionExecuted, ActiveLoop, UserUttered
from rasa.shared.core.training_data.story_reader.yaml_story_reader import YAMLStoryReader
from rasa.shared.core.training_data.structures import RuleStep, StoryStep
from rasa.shared.exceptions import RasaException, YamlException
from rasa.shared.nlu.training_data import entities_parser
from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLReader
from rasa.shared.utils.io import read_yaml_file

from core.paths import PROJECT_DIR

# Rasa's marker for "anything may come before" at the start of a rule: not an action of ours.
_RULE_SNIPPET = "..."


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


def _rasa_error(path: Path, error: Exception) -> DataError:
    return DataError(f"{path}: cannot read: {' '.join(str(error).split())}")


def plain_text(example: str) -> str:
    """The words of an example without entity annotations (Rasa's own parser)."""
    return entities_parser.replace_entities(example).strip()


def normalise(text: str) -> str:
    """Lowercase with single spaces: how duplicate examples are compared."""
    return " ".join(text.lower().split())


def data_files(project: Project) -> list[Path]:
    return sorted(p for p in project.data_dir.rglob("*") if p.suffix in {".yml", ".yaml"})


def _parsed(path: Path) -> dict[str, Any]:
    """The file's YAML as Rasa parses it; a file that is not a mapping holds nothing for us."""
    try:
        content = read_yaml_file(path)
    except (YamlException, RasaException, OSError) as error:
        raise _rasa_error(path, error) from None
    return content if isinstance(content, dict) else {}


def nlu_examples(project: Project) -> list[Example]:
    """Every intent example in data/, in file order, as Rasa's NLU reader sees it."""
    examples: list[Example] = []
    for path in data_files(project):
        if "nlu" not in _parsed(path):
            continue
        try:
            data = RasaYAMLReader().read(str(path))
        except (YamlException, RasaException) as error:
            raise _rasa_error(path, error) from None
        examples.extend(Example(str(m.get("intent")), str(m.get("text")).strip(), path)
                        for m in data.intent_examples)
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


def _step_names(story_step: StoryStep) -> list[tuple[str, str]]:
    """The intents and actions of one rule or story, conditions and `or:` alternatives included."""
    names = []
    for event in story_step.events:
        if isinstance(event, UserUttered) and event.intent_name:
            names.append(("intent", event.intent_name))
        elif isinstance(event, ActionExecuted) and event.action_name and event.action_name != _RULE_SNIPPET:
            names.append(("action", event.action_name))
        elif isinstance(event, ActiveLoop) and event.name:
            names.append(("action", event.name))
    return names


def flows(project: Project) -> Flows:
    """Every intent and action step of the rules and stories in data/ (Rasa's story reader)."""
    result = Flows()
    for path in data_files(project):
        parsed = _parsed(path)
        if "rules" not in parsed and "stories" not in parsed:
            continue
        try:
            story_steps = YAMLStoryReader().read_from_file(path)
        except (YamlException, RasaException) as error:
            raise _rasa_error(path, error) from None
        seen: set[tuple[str, str, str]] = set()  # `or:` alternatives become copies of one step
        for story_step in story_steps:
            is_rule = isinstance(story_step, RuleStep)
            block = f"{'rule' if is_rule else 'story'} '{story_step.block_name}'"
            for kind, name in _step_names(story_step):
                if (block, kind, name) not in seen:
                    seen.add((block, kind, name))
                    result.steps.append(Step(kind, name, path, block, is_rule))
    return result
