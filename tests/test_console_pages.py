"""The staff console's pages behind the login: the test pane, answer sign-off (approvals, stale
ones, the exports), what visitors asked (masked, the conversation audited, the example
snippet), the charts and the bookings (role, audit, status with who and when).

The test assistant is a stand-in answering from the content (tests/support/console.py); the
browser tests (tests/browser/test_console.py) drive the real one.
"""

from __future__ import annotations

import asyncio
import csv
import datetime as dt
import io
import json
import re
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient, TestServer
from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLReader

from core.content import content_version, load_content
from core.replies import answer, format_date
from records import audit_log, database
from records.answer_approvals import APPROVED, FLAGGED, decide, latest_decisions
from records.booking_handling import changes_of
from records.bookings import list_requests
from tests.support.console import (
    BOOKER,
    CLERK,
    HTML,
    ContentAssistant,
    console_config,
    log_in,
    make_accounts,
    page_token,
)
from tests.support.console_data import PERSONAL_PARTS, PERSONAL_QUESTION, seed_records, seed_tracker
from tools.common.project_data import Project
from tools.servers import bot_reply
from tools.staff.answers_sheet import plan_entries, sheet_info
from tools.staff.console import sheet as sheet_module
from tools.staff.console.app import make_app
from tools.staff.console.signoff import SHEET
from tools.staff.console.sources import quoted_sources

NOW = dt.datetime.now().astimezone()


@pytest.fixture(autouse=True)
def stores(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A database with accounts, a vote and a request, and a tracker store with conversations."""
    url = f"sqlite:///{tmp_path / 'assistant.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("TRACKER_DB", str(tmp_path / "tracker.db"))
    monkeypatch.setattr(sheet_module, "PAGE_IMPORT_ANSWERS", tmp_path / "page-import-answers.json")
    database.forget_engines()
    make_accounts()
    seed_tracker(tmp_path / "tracker.db", NOW)
    seed_records(url, NOW)
    yield url
    database.forget_engines()


def run(check: Callable[[TestClient], Awaitable[None]], assistant: ContentAssistant | None = None,
        with_sheet: bool = False) -> None:
    config = console_config()
    app = make_app(config, assistant or ContentAssistant(config))
    if with_sheet:
        app[SHEET].sheet = content_sheet()

    async def main() -> None:
        async with TestClient(TestServer(app)) as client:
            await check(client)

    asyncio.run(main())


def content_sheet() -> sheet_module.Sheet:
    """The answer sheet with the content's own answers as the replies (no model needed)."""
    content = load_content()
    entries = plan_entries(Project(), content.page, content.answers)
    for entry in entries:
        text = answer(content, entry.intent).as_message() if entry.intent in content.answers.questions else \
            {"text": f"the reply to {entry.intent}", "buttons": []}
        entry.reply = bot_reply([text])
    sources = {e.intent: quoted_sources(content, e.reply.text) for e in entries}
    return sheet_module.Sheet(entries, sheet_info(content.page, Path("model.tar.gz")), content_version(), sources)


# --- the test pane -------------------------------------------------------------------------------

def test_the_test_pane_shows_reply_intent_candidates_entities_and_the_page_sentences() -> None:
    content = load_content()
    question = content.answers.questions["ask_survival_rate"]

    async def check(client: TestClient) -> None:
        await log_in(client, CLERK)
        token = await page_token(client, "/test")
        asked = await client.post("/test", data={"csrf_token": token, "text": "what is the survival rate"},
                                  headers=HTML)
        html = await asked.text()
        for sentence_id in question.say:
            assert sentence_id in html
            assert content.page.section(question.section).sentence(sentence_id).text in html
        assert question.section in html and content.page.section(question.section).title in html
        assert format_date(content.page.source.updated) in html
        assert 'data-testid="intent">ask_survival_rate<' in html and "0.930" in html
        assert "ask_who_gets_all" in html and "ask_treatment" in html  # the next two candidates
        assert content.vocabulary.of_kind("age_group")[0].canonical in html and "PageTermExtractor" in html
        for button in answer(content, "ask_survival_rate").buttons:
            assert f'value="{button["payload"]}"' in html

    run(check)


def test_conversation_mode_keeps_one_conversation_until_a_new_one_is_started() -> None:
    config = console_config()
    assistant = ContentAssistant(config)

    async def check(client: TestClient) -> None:
        await log_in(client, CLERK)
        token = await page_token(client, "/test")
        for text in ("what is the survival rate", "and for children?"):
            await client.post("/test", data={"csrf_token": token, "mode": "conversation", "text": text})
        await client.post("/test/new", data={"csrf_token": token})
        await client.post("/test", data={"csrf_token": token, "mode": "conversation", "text": "hello"})
        await client.post("/test", data={"csrf_token": token, "mode": "one", "text": "one"})
        await client.post("/test", data={"csrf_token": token, "mode": "one", "text": "two"})

    run(check, assistant)
    senders = [sender for _, sender in assistant.asked]
    assert senders[0] is not None and senders[0] == senders[1]
    assert senders[2] is not None and senders[2] != senders[0]
    assert senders[3] is None and senders[4] is None  # one question: a new visitor each time


def test_every_page_answer_quotes_exactly_its_sentences_and_list() -> None:
    content = load_content()
    for intent, question in content.answers.questions.items():
        sources = quoted_sources(content, answer(content, intent).text)
        [section] = [s for s in sources.sections if s.id == question.section]
        assert sorted(section.sentence_ids) == sorted(question.say), intent  # in page order
        if question.list_id:
            assert [lst for lst, _ in section.lists] == [question.list_id], intent
    assert not quoted_sources(content, "Something the page never says.").quotes_page


# --- answer sign-off ------------------------------------------------------------------------------

def test_a_reviewer_approves_and_flags_answers_with_who_when_and_the_content_version() -> None:
    async def check(client: TestClient) -> None:
        await log_in(client, CLERK)
        html = await (await client.get("/signoff", headers=HTML)).text()
        token = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
        fingerprint = re.search(r'action="/signoff/ask_symptoms".*?name="fingerprint" value="([^"]+)"', html,
                                re.S).group(1)
        approved = await client.post("/signoff/ask_symptoms", data={
            "csrf_token": token, "fingerprint": fingerprint, "decision": APPROVED, "comment": ""})
        assert approved.status == 200
        no_comment = await client.post("/signoff/ask_symptoms", data={
            "csrf_token": token, "fingerprint": fingerprint, "decision": FLAGGED, "comment": ""})
        assert "needs a comment" in await no_comment.text()
        outdated = await client.post("/signoff/ask_symptoms", data={
            "csrf_token": token, "fingerprint": "0" * 16, "decision": APPROVED}, headers=HTML)
        assert outdated.status == 409
        page = await (await client.get("/signoff?show=approved", headers=HTML)).text()
        assert "1 approved" in page and f"by {CLERK}" in page

    run(check, with_sheet=True)
    decision = latest_decisions()["ask_symptoms"]
    assert (decision.decision, decision.reviewer, decision.content_version) == (APPROVED, CLERK, content_version())


def test_an_approval_goes_stale_when_the_reply_changes_or_a_later_page_import_changed_it(tmp_path: Path) -> None:
    sheet = content_sheet()
    entry = sheet.entry("ask_survival_rate")
    assert entry is not None
    decision = decide(entry.intent, APPROVED, "", CLERK, sheet.content_version, sheet_module.fingerprint(entry))
    assert sheet_module.row_state(entry, decision, None).state == APPROVED
    report = tmp_path / "page-import-answers.json"
    later = (dt.datetime.now() + dt.timedelta(minutes=5)).isoformat(timespec="seconds")
    report.write_text(json.dumps({"imported": later, "written": True, "answers_changed": [entry.intent]}))
    state = sheet_module.row_state(entry, decision, sheet_module.read_page_import(report))
    assert state.state == sheet_module.STALE and "page import" in state.reason
    earlier = (dt.datetime.now() - dt.timedelta(days=1)).isoformat(timespec="seconds")
    report.write_text(json.dumps({"imported": earlier, "written": True, "answers_changed": [entry.intent]}))
    assert sheet_module.row_state(entry, decision, sheet_module.read_page_import(report)).state == APPROVED
    report.write_text(json.dumps({"imported": later, "written": False, "answers_changed": [entry.intent]}))
    assert sheet_module.read_page_import(report) is None  # a refused import changed nothing
    entry.reply = bot_reply([{"text": entry.reply.text + " A changed sentence.", "buttons": []}])
    state = sheet_module.row_state(entry, decision, None)
    assert state.state == sheet_module.STALE and "reply has changed" in state.reason


def test_the_sign_off_exports_as_csv_and_as_a_printable_page() -> None:
    async def check(client: TestClient) -> None:
        await log_in(client, CLERK)
        exported = await client.get("/signoff.csv")
        rows = list(csv.DictReader(io.StringIO(await exported.text())))
        assert {r["question_type"] for r in rows} >= set(load_content().answers.questions)
        assert {r["state"] for r in rows} == {sheet_module.NOT_REVIEWED}
        printable = await (await client.get("/signoff/print", headers=HTML)).text()
        assert "Signature" in printable and "ask_survival_rate" in printable

    run(check, with_sheet=True)


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
        assert "[name]" in html and "[phone]" in html and "[email]" in html
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
        assert PERSONAL_QUESTION not in conversation
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
        assert outcomes == {"answered": "2", "answered in part": "1", "deflected": "3", "fallback": "1",
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
