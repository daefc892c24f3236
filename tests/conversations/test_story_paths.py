"""The conversation paths of tests/test_stories.yml, through the trained model: `rasa test core
--e2e` understands each message (intent and entities) and predicts each next action along
whole paths. Any prediction that differs fails this test, with the stories that failed."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
import yaml

from tools.common.paths import DEFAULT_MODEL, PROJECT_DIR, VENV_BIN

pytestmark = pytest.mark.conversation

STORIES = PROJECT_DIR / "tests" / "test_stories.yml"


def test_every_story_in_test_stories_yml_is_followed(tmp_path: Path) -> None:
    assert DEFAULT_MODEL.exists(), "no trained model: run `make model`"
    stories = (yaml.safe_load(STORIES.read_text(encoding="utf-8")) or {}).get("stories") or []
    assert stories, f"{STORIES} holds no stories"
    out = tmp_path / "results"
    env = dict(os.environ, RASA_TELEMETRY_ENABLED="false", TF_CPP_MIN_LOG_LEVEL="3",
               SQLALCHEMY_SILENCE_UBER_WARNING="1")
    result = subprocess.run(
        [str(VENV_BIN / "rasa"), "test", "core", "--e2e", "--model", str(DEFAULT_MODEL),
         "--stories", str(STORIES), "--out", str(out), "--fail-on-prediction-errors", "--no-plot"],
        cwd=PROJECT_DIR, env=env, capture_output=True, text=True, timeout=900,
    )
    failed_file = out / "failed_test_stories.yml"
    failed = (yaml.safe_load(failed_file.read_text(encoding="utf-8")) or {}) if failed_file.exists() else {}
    failed_stories = failed.get("stories") or []
    # --fail-on-prediction-errors stops at the first wrong prediction and prints the story.
    assert result.returncode == 0, f"a story of {STORIES.name} was not followed:\n{result.stdout[-3000:]}" \
                                   f"{result.stderr[-3000:]}"
    assert not failed_stories, f"{len(failed_stories)} of {len(stories)} stories were not followed:\n" \
                               f"{failed_file.read_text(encoding='utf-8')}"
