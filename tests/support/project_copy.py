"""A throw-away copy of the project, for tests that break or re-import its files."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from core.paths import PROJECT_DIR

# What a checkout does not hold (trained, installed or written at run time). The spaCy
# pipeline in build/ is kept: it is rebuilt only when its inputs change, as in the project.
NOT_COPIED = (".git", ".venv", "models", "var", "reports", "__pycache__", ".pytest_cache", ".ruff_cache",
              "site_responses.yml", ".rasa", "results", ".hypothesis", "*.db", "crossval")


def copy_project(root: Path) -> Path:
    """The project's files, sharing its virtual environment (as a git worktree would)."""
    shutil.copytree(PROJECT_DIR, root, ignore=shutil.ignore_patterns(*NOT_COPIED), symlinks=True)
    (root / ".venv").symlink_to((PROJECT_DIR / ".venv").resolve())
    return root


def run_python(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, *args], cwd=root, capture_output=True, text=True, timeout=900)


def run_make(root: Path, *targets: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["make", "--no-print-directory", *targets], cwd=root, capture_output=True, text=True,
                          timeout=900)
