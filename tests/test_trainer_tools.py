"""`make devset`'s report and `make run`'s warning about the appointment number."""

from __future__ import annotations

import pytest

from core.content import load_site
from tools.servers.run import phone_warning
from tools.trainer.devset import markdown_report


def case(case_id: str, expect: str, passed: bool, reply: str = "a reply") -> dict:
    return {"id": case_id, "expect": expect, "section": None, "turns": ["hello", "what is it?"],
            "passed": passed, "reply": reply, "missing_must": [] if passed else ["appointment"],
            "hit_must_not": [], "error": None}


def test_the_devset_report_gives_rates_by_kind_and_every_failure_with_its_reply() -> None:
    report = {"filters": [], "summary": {
        "overall": {"pass": 1, "total": 2, "rate": "50.0%"},
        "expect": {"answer": {"pass": 1, "total": 1, "rate": "100.0%"},
                   "deflect": {"pass": 0, "total": 1, "rate": "0.0%"}},
        "section": {}},
        "cases": [case("dev-a-1", "answer", True), case("dev-d-1", "deflect", False, "line one\nline two")]}
    text = markdown_report(report)
    assert "| deflect | 0/1 | 0.0% |" in text and "| answer | 1/1 | 100.0% |" in text
    assert "## Failures (1)" in text
    assert "**dev-d-1** (deflect): hello » what is it?" in text
    assert "missing `appointment`" in text and "reply: line one / line two" in text
    assert "dev-a-1" not in text


def test_make_run_warns_when_the_appointment_number_is_not_configured(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("APPOINTMENT_PHONE", raising=False)
    warning = phone_warning()
    assert warning is not None and "APPOINTMENT_PHONE" in warning and load_site().call_us() in warning
    monkeypatch.setenv("APPOINTMENT_PHONE", "(602) 555-0134")
    assert phone_warning() is None
