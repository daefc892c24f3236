"""`make answers`: which rows the review sheet has, and that its HTML escapes every text."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import escape

from core.answer_map import SOURCE_SECTION
from core.content import load_content
from core.replies import format_date
from tools.common.project_data import Project, domain_intents, examples_by_intent
from tools.servers import BotMessage, BotReply, Parse
from tools.staff.answers_sheet import GROUPS, Entry, SheetInfo, fill_replies, plan_entries, render_html

EVIL = '<script>alert("x")</script> & <b>bold</b>'


def info(**change: str) -> SheetInfo:
    values = dict(generated="2026-11-23 10:00", model="m.tar.gz", content_reviewed="(the review date)",
                  reviewer="(a staff member)", settings="HOSPITAL_NAME=(not set)")
    values.update(change)
    return SheetInfo(**values)


def test_every_question_type_and_domain_intent_gets_a_row_with_real_phrasings() -> None:
    project = Project()
    entries = plan_entries(project, load_content().page, load_content().answers)
    by_intent = {e.intent: e for e in entries}
    assert list(by_intent)[: len(load_content().answers.questions)] == list(load_content().answers.questions)
    assert set(domain_intents(project)) == set(by_intent)
    examples = examples_by_intent(project)
    for entry in entries:
        texts = [e.text for e in examples[entry.intent]]
        assert len(entry.phrasings) == 3 and set(entry.phrasings) <= set(texts)
        assert entry.phrasings[0] == texts[0] and entry.phrasings[-1] == texts[-1]
    content = load_content()
    for intent, question in content.answers.questions.items():
        title = content.page.source.title if question.section == SOURCE_SECTION else (
            content.page.section(question.section).title)
        assert by_intent[intent].group == GROUPS[0] and title in by_intent[intent].section_title
        assert by_intent[intent].reviewed == format_date(content.page.source.updated)
    assert {by_intent[i].group for i in content.answers.not_covered if i in by_intent} == {GROUPS[1]}
    assert by_intent["report_emergency"].group == GROUPS[2]


def test_every_text_in_the_html_is_escaped() -> None:
    entry = Entry(EVIL, GROUPS[0], EVIL, EVIL, EVIL, [EVIL], reviewed=EVIL,
                  reply=BotReply((BotMessage(EVIL, (EVIL,)),)), notes=[EVIL])
    page = render_html([entry], info(generated=EVIL, model=EVIL, reviewer=EVIL, settings=EVIL))
    assert "<script>" not in page and "<b>bold</b>" not in page
    assert page.count(str(escape(EVIL))) == 13  # as Jinja2 escapes it
    assert "Reviewed and approved by" in page and "@media print" in page


@dataclass
class ScriptedBot:
    """Stands in for the servers in this unit test of the flagging logic (no model involved)."""

    intents: dict[str, str]

    def parse(self, text: str) -> Parse:
        return Parse(self.intents[text], 0.42, ())

    def reply(self, text: str) -> BotReply:
        return BotReply((BotMessage(f"reply for {self.intents[text]}"),))


def test_phrasings_understood_as_another_intent_are_flagged() -> None:
    entry = Entry("ask_symptoms", GROUPS[0], "Symptoms?", "symptoms", "Symptoms", ["a", "b", "c"])
    fill_replies(ScriptedBot({"a": "greet", "b": "ask_symptoms", "c": "ask_symptoms"}), [entry])
    assert entry.reply is not None and entry.reply.text == "reply for ask_symptoms"
    assert entry.notes == ["“a” is understood as greet (confidence 0.42).",
                           "“a” gets a different reply: reply for greet"]
