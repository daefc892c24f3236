"""Which actions the project's `actions` package registers with rasa_sdk, read as the action
server reads them, for `make validate` (tools/trainer/validate.py)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

from tools.common.project_data import Project

_EXCEPTION_LINE = re.compile(r"^[A-Za-z_.]*(Error|Exception)\b")
_REGISTRY_SCRIPT = """
import json
from rasa_sdk.executor import ActionExecutor
executor = ActionExecutor()
executor.register_package("actions")
print("REGISTERED " + json.dumps(sorted(executor.actions)))
"""


def registered_actions(project: Project) -> tuple[set[str], str | None]:
    """Action names the `actions` package registers with rasa_sdk, as the action server sees them.

    Imported in a separate Python so that the project copy under test, not this one, is read.
    """
    env = dict(os.environ, PYTHONPATH=str(project.root), SQLALCHEMY_SILENCE_UBER_WARNING="1")
    result = subprocess.run([sys.executable, "-c", _REGISTRY_SCRIPT], cwd=project.root, env=env,
                            capture_output=True, text=True, timeout=300)
    for line in result.stdout.splitlines():
        if line.startswith("REGISTERED "):
            return set(json.loads(line.removeprefix("REGISTERED "))), None
    lines = [line.strip() for line in result.stderr.splitlines() if line.strip()]
    errors = [line for line in lines if _EXCEPTION_LINE.match(line)] or lines
    return set(), errors[-1] if errors else f"exit status {result.returncode}"
