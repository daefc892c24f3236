"""The test harness itself: a missing program fails the run under CI instead of skipping, and
the page facts the tests expect are the page's own."""

from __future__ import annotations

import pytest

from core.content import load_content
from tests.support.page_facts import review_date, reviewer_name, survival_statistic
from tests.support.requirements import missing


def test_a_missing_program_skips_on_a_developer_machine(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="needs redis-server"):
        missing("The lock store test needs redis-server")


@pytest.mark.parametrize("value", ["true", "TRUE"])
def test_a_missing_program_fails_under_ci(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("CI", value)
    with pytest.raises(pytest.fail.Exception, match="needs redis-server.*CI=true"):
        missing("The lock store test needs redis-server")


def test_page_facts_come_from_the_page() -> None:
    page = load_content().page
    assert survival_statistic() in page.section("survival-rate").sentence("five-year-rate").text
    assert page.source.reviewer.startswith(reviewer_name()) and reviewer_name()
    assert str(page.source.updated.year) in review_date()
