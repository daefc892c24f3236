"""How each visitor turn ended, read from the tracker store's rows (tools/staff/turns.py), for
the staff console's charts and "What visitors asked"; encrypted events stay closed; and the
page import's list of changed answers is where the sign-off looks for it."""

from __future__ import annotations

import json

from tools.common.paths import REPORTS
from tools.staff.console import sheet
from tools.staff.console.asked import asked_messages
from tools.staff.turns import ANSWERED, DEFLECTED, DOESNT_SAY, EMERGENCY, FALLBACK, OTHER, build_turns
from tools.trainer import import_page


def user(sender: str, at: float, text: str, intent: str, **parse: object) -> tuple:
    data = {"event": "user", "timestamp": at, "text": text, "parse_data": {"intent": {"name": intent}, **parse}}
    return sender, "user", at, intent, None, json.dumps(data)


def action(sender: str, at: float, name: str) -> tuple:
    return sender, "action", at, None, name, json.dumps({"event": "action", "name": name, "timestamp": at})


def bot(sender: str, at: float, text: str) -> tuple:
    return sender, "bot", at, None, None, json.dumps({"event": "bot", "text": text, "timestamp": at})


def sealed(sender: str, at: float, kind: str, intent: str | None = None) -> tuple:
    """An event the tracker store keeps encrypted (docs/privacy.md): only its kind and time show."""
    data = {"event": kind, "timestamp": at, "encrypted": "gAAAAABl-not-readable"}
    return sender, kind, at, intent, None, json.dumps(data)


def test_each_turn_gets_its_outcome_and_a_vote_lands_on_the_answer_it_is_about() -> None:
    rows = [
        user("a", 1, "what is ALL", "ask_what_is_all"), action("a", 2, "action_answer_question"),
        bot("a", 2, "An answer."), action("a", 3, "action_listen"),
        user("a", 4, '/feedback{"helpful":"no"}', "feedback", entities=[{"entity": "helpful", "value": "no"}]),
        action("a", 5, "action_record_feedback"), bot("a", 5, "Thanks."),
        user("a", 6, "how long is maintenance", "ask_maintenance"), action("a", 7, "action_answer_question"),
        bot("a", 7, "Our page doesn't say how long it lasts."),
        user("b", 10, "cure for the flu?", "out_of_scope"), action("b", 11, "action_explain_not_covered"),
        user("b", 12, "zzzz", "nlu_fallback"), action("b", 13, "action_two_stage_fallback"),
        user("b", 14, "he is not breathing", "report_emergency"), action("b", 15, "utter_emergency"),
        user("b", 16, "hello", "greet"), action("b", 17, "utter_greet"),
    ]
    turns = build_turns(rows)
    assert [t.outcome for t in turns] == [ANSWERED, OTHER, DOESNT_SAY, DEFLECTED, FALLBACK, EMERGENCY, OTHER]
    assert turns[0].vote is False and turns[2].vote is None
    assert {t.sender for t in turns} == {"a", "b"}


def test_encrypted_messages_are_counted_but_never_shown() -> None:
    rows = [
        user("c", 1, "book an appointment", "request_appointment"), action("c", 2, "booking_form"),
        sealed("c", 3, "user", "inform"), sealed("c", 4, "bot"),
        user("c", 5, "what causes it", "ask_causes"), action("c", 6, "action_explain_not_covered"),
    ]
    turns = build_turns(rows)
    assert [t.text for t in turns] == ["book an appointment", None, "what causes it"]
    assert turns[1].intent == "inform" and turns[1].bot_texts == [None]
    assert [m.text for m in asked_messages(turns)] == ["what causes it"]


def test_the_sign_off_reads_the_file_the_page_import_writes() -> None:
    assert sheet.PAGE_IMPORT_ANSWERS == REPORTS / import_page.CHANGED_ANSWERS_NAME
