"""Where the tools find the project, its virtual environment, the model and the reports."""

from __future__ import annotations

from core.paths import PROJECT_DIR

VENV_BIN = PROJECT_DIR / ".venv" / "bin"
DEFAULT_MODEL = PROJECT_DIR / "models" / "all-assistant.tar.gz"
REPORTS = PROJECT_DIR / "reports"
BUILD = PROJECT_DIR / "build"

__all__ = ["BUILD", "DEFAULT_MODEL", "PROJECT_DIR", "REPORTS", "VENV_BIN"]
