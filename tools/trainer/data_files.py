"""Every training-data file readable, before Rasa reads it: one plain line per problem.

Rasa's own messages for a broken file are several coloured lines (and, for some mistakes, a
traceback). `make validate` and training run this first, so a trainer sees
`data/nlu/survival.yml: line 64: ...` instead, for every broken file at once, and Rasa only
runs on files it can read. Checked: YAML syntax, and Rasa's own schemas for the domain files,
the NLU files and the rules and stories (Rasa's readers, so the rules are exactly Rasa's).
"""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import yaml
from rasa.shared.core.domain import Domain, InvalidDomain
from rasa.shared.core.training_data.story_reader.yaml_story_reader import YAMLStoryReader
from rasa.shared.exceptions import YamlException
from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLReader

from tools.common.project_data import Project, data_files

# "  in Line 7:\n      Key 'intnt' was not defined. Path: '/nlu/1'" in Rasa's schema errors.
_SCHEMA_ERROR = re.compile(r"in Line (\d+):\s*\n\s*(.+?)(?=\n\s*in Line |\Z)", re.S)


def _plain(text: str) -> str:
    text = re.sub(r"'b'(.*?)''", r"'\1'", text)  # pykwalify shows values as Python bytes
    return " ".join(text.split())


def _syntax_problem(name: str, error: yaml.YAMLError) -> str:
    mark = getattr(error, "problem_mark", None)
    where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "file"
    problem = getattr(error, "problem", None) or str(error)
    return f"{name}: {where}: not valid YAML: {_plain(problem)}"


def _schema_problems(name: str, error: Exception) -> list[str]:
    """One line per place: Rasa's schema tries each form an entry may take (intent, synonym,
    ...) and reports why each failed; the first reason is the one about what was written."""
    by_place: dict[tuple[str, str], str] = {}
    for line, message in _SCHEMA_ERROR.findall(str(error)):
        path = re.search(r"[Pp]ath: '([^']*)'", message)
        by_place.setdefault((line, path.group(1) if path else message), f"{name}: line {line}: {_plain(message)}")
    return list(by_place.values()) or [f"{name}: file: {_plain(str(error))}"]


def _read_with_rasa(path: Path, text: str, raw: object) -> None:
    """Raises Rasa's own exception when Rasa would refuse the file."""
    if path.parent.name == "domain" or path.parent == path.parents[1] / "domain":
        Domain.from_yaml(text)
    elif isinstance(raw, dict) and "nlu" in raw:
        RasaYAMLReader().reads(text)
    elif isinstance(raw, dict) and ("rules" in raw or "stories" in raw):
        YAMLStoryReader().read_from_string(text)


def check_file(project: Project, path: Path) -> list[str]:
    name = project.rel(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        return [f"{name}: file: cannot read: {_plain(str(error))}"]
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as error:
        return [_syntax_problem(name, error)]
    if raw is not None and not isinstance(raw, dict):
        return [f"{name}: file: expected keys such as 'version' and 'nlu', found a {type(raw).__name__}"]
    try:
        _read_with_rasa(path, text, raw)
    except (YamlException, InvalidDomain) as error:
        return _schema_problems(name, error)
    except Exception as error:  # noqa: BLE001 - whatever Rasa raises, the trainer gets one line
        return [f"{name}: file: Rasa cannot read it: {type(error).__name__}: {_plain(str(error))}"]
    return []


def training_files(project: Project) -> list[Path]:
    domain = sorted(p for p in project.domain_dir.glob("*.yml"))
    return [project.root / "config.yml", *domain, *data_files(project)]


def check_training_files(project: Project) -> list[str]:
    """One line per problem, for every file the training reads besides content/."""
    problems: list[str] = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # Rasa's advice (slot auto-fill, ...) is not a problem of the files
        for path in training_files(project):
            if path.exists():
                problems += check_file(project, path)
    return problems
