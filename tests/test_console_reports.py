"""The staff console's reports behind the login: what visitors asked (masked, the conversation
audited, the training-example snippet), the charts with their tables, and the bookings (the
role, the audit log, the status with who and when). The conversations, votes and request are
seeded as the assistant writes them (tests/support/console_data.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient
from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLReader

from records import audit_log
from records.booking_handling import changes_of
from records.bookings import list_requests
from tests.support.console import BOOKER, CLERK, HTML, log_in, page_token, run
from tests.support.console_data import NAMED_QUESTION, PERSONAL_PARTS

pytestmark = pytest.mark.usefixtures("console_stores")


# --- what visitors asked --------------------------------------------------------------------------

def test_what_visitors_asked_lists_the_unanswered_and_the_thumbs_down_masked() -> None:
    async def check(client: TestClient) -> None:
        await log_in(client, CLERK)
        html = await (await client.get("/asked", headers=HTML)).text()
        for text in ("what causes leukemia", "asdf qwerty", "how long does maintenance last",
                     "what is the weather in phoenix", "what is the survival rate"):
            assert text in html, text
        assert "what are the signs" not in html  # answered, and voted 👍
        assert "he can" not in html  # an emergency is not a failure
        assert "my name is [name], is leukemia contagious?" in html
        # The question with a number and an email is kept encrypted: not shown, not even masked.
        assert "[phone]" not in html and "[email]" not in html
        for part in PERSONAL_PARTS:
            assert part not in html
        downvoted = await (await client.get("/asked?reason=%F0%9F%91%8E", headers=HTML)).text()
        assert "what is the survival rate" in downvoted and "asdf qwerty" not in downvoted

    run(check)


def test_opening_a_conversation_shows_it_masked_and_is_audited() -> None:
    async def check(client: TestClient) -> None:
        await log_in(client, CLERK)
        html = await (await client.get("/asked", headers=HTML)).text()
        link = re.search(r'href="(/asked/conversation/[0-9a-f]+)"[^>]*>my name is', html).group(1)
        conversation = await (await client.get(link, headers=HTML)).text()
        assert "[name]" in conversation and "what is the weather in phoenix" in conversation
        assert not any(part in conversation for part in PERSONAL_PARTS)
        assert NAMED_QUESTION not in conversation
        missing = await client.get("/asked/conversation/0000000000000000", headers=HTML)
        assert missing.status == 404

    run(check)
    assert audit_log.CONVERSATION_VIEWED in [e.action for e in audit_log.entries(actor=CLERK)]


def test_a_question_becomes_a_training_example_snippet_that_rasa_reads(tmp_path: Path) -> None:
    async def check(client: TestClient) -> None:
        await log_in(client, CLERK)
        token = await page_token(client, "/asked")
        made = await client.post("/asked/example", data={"csrf_token": token, "text": "what causes leukemia",
                                                         "intent": "ask_causes", "download": "1"})
        snippet = await made.text()
        (tmp_path / "new.yml").write_text(snippet)
        [example] = RasaYAMLReader().read(str(tmp_path / "new.yml")).intent_examples
        assert (example.get("intent"), example.get("text")) == ("ask_causes", "what causes leukemia")

    run(check)


# --- charts -------------------------------------------------------------------------------------

def test_the_charts_have_their_tables_and_svg_images() -> None:
    async def check(client: TestClient) -> None:
        await log_in(client, CLERK)
        html = await (await client.get("/charts", headers=HTML)).text()
        names = re.findall(r'src="/charts/([a-z-]+)\.svg\?from=', html)
        assert names == ["conversations", "outcomes", "question-types", "votes", "bookings"]
        tables = re.findall(r"<tbody>(.*?)</tbody>", html, re.S)
        outcomes = dict(re.findall(r"<tr><td>([a-z ]+)</td><td>(\d+)</td>", tables[1]))
        assert outcomes == {"answered": "2", "answered in part": "1", "deflected": "4", "fallback": "1",
                            "emergency": "1"}
        assert "<td>ask_survival_rate</td>" in tables[3]
        assert sum(int(n) for n in re.findall(r"<td>(\d+)</td></tr>", tables[4])) == 1  # one request
        for name in names:
            svg = await client.get(f"/charts/{name}.svg")
            assert svg.content_type == "image/svg+xml" and "<svg" in await svg.text()
        old = await (await client.get("/charts?from=2001-01-01&to=2001-01-31", headers=HTML)).text()
        assert "deflected</td><td>0<" in old

    run(check)


# --- bookings -----------------------------------------------------------------------------------

def test_bookings_are_listed_exported_and_marked_with_who_and_when_all_audited() -> None:
    [stored] = list_requests()

    async def check(client: TestClient) -> None:
        await log_in(client, BOOKER)
        html = await (await client.get("/bookings", headers=HTML)).text()
        assert stored.reference in html and stored.request.patient_name in html
        exported = await (await client.get("/bookings.csv?status=all")).text()
        assert stored.reference in exported and stored.request.patient_name in exported
        token = await page_token(client, "/bookings")
        marked = await client.post(f"/bookings/{stored.reference}/status", data={"csrf_token": token,
                                                                                 "status": "contacted"}, headers=HTML)
        assert f"Request {stored.reference} marked" in await marked.text()
        closed_view = await (await client.get("/bookings?status=closed", headers=HTML)).text()
        assert stored.reference not in closed_view

    run(check)
    [change] = changes_of(stored.reference)
    assert (change.status, change.changed_by) == ("contacted", BOOKER)
    assert list_requests()[0].status == "contacted"
    actions = [e.action for e in audit_log.entries(actor=BOOKER)]
    assert actions.count(audit_log.BOOKINGS_VIEWED) == 4  # two pages, the page after marking, the filter
    assert audit_log.BOOKINGS_EXPORTED in actions and audit_log.BOOKING_STATUS in actions
    details = " ".join(e.detail for e in audit_log.entries())
    assert stored.request.patient_name not in details and stored.request.phone not in details
