"""The spaCy pipeline built from the current content, saved and loaded back, once per run.

Tests use a fresh build (not build/spacy_pipeline, which may be stale) so they check what
`python -m pipeline.build` makes from the content as it is now, through disk, as Rasa loads it.
"""

from __future__ import annotations

import tempfile
from functools import cache
from pathlib import Path
from typing import Any

from core.content import load_content
from pipeline.build import build_pipeline, save
from pipeline.matching import TermMatcher

_DIR = tempfile.TemporaryDirectory(prefix="all-spacy-")  # removed when the test run ends


@cache
def built_path() -> Path:
    path = Path(_DIR.name) / "spacy_pipeline"
    save(build_pipeline(load_content()), path)
    return path


@cache
def loaded_nlp() -> Any:
    import spacy

    return spacy.load(built_path(), disable=["parser"])  # as Rasa's SpacyNLP loads it


@cache
def matcher() -> TermMatcher:
    return TermMatcher(loaded_nlp())
