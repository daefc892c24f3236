"""The staff console's test pane and answer sign-off (approvals, stale ones, the exports),
behind the login. The test assistant is a stand-in answering from the content
(tests/support/console.py); the browser tests (tests/browser/test_console.py) drive the real
one. What visitors asked, the charts and the bookings: tests/test_console_reports.py."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient

from core.content import content_version, load_content
from core.replies import answer, format_date
from records.answer_approvals import APPROVED, FLAGGED, decide, latest_decisions
from tests.support.console import CLERK, HTML, ContentAssistant, console_config, log_in, page_token, run
from tools.common.project_data import Project
from tools.servers import bot_reply
from tools.staff.answers_sheet import plan_entries, sheet_info
from tools.staff.console import sheet as sheet_module
from tools.staff.console.sources import quoted_sources

pytestmark = pytest.mark.usefixtures("console_stores")


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

    run(check, sheet=content_sheet())
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

    run(check, sheet=content_sheet())
