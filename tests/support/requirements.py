"""What a test does when a program it needs (PostgreSQL, Redis, nginx, chromium) is missing:
on a developer's machine it is skipped, naming what to install; under CI (CI=true) the run
fails with the same reason, because CI must run every test."""

from __future__ import annotations

import os

import pytest


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


def missing(reason: str) -> None:
    """Stop this test (and its fixture's users): fail under CI, skip elsewhere."""
    if in_ci():
        pytest.fail(f"{reason} (CI=true: a missing dependency fails the run)", pytrace=False)
    pytest.skip(reason)
