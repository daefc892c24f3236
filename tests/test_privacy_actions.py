""""Forget me" actions (actions/privacy.py) with tracker fixtures and a throwaway database."""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from rasa.shared.core.domain import Domain
from rasa_sdk.executor import CollectingDispatcher

from actions.booking_form import ATTEMPT_SLOT, BOOKING_SLOTS
from actions.booking_status import SENT_SLOT
from actions.privacy import (
    ActionConfirmForgetting,
    ActionExplainPrivacy,
    ActionForgetConversation,
    ActionKeepConversation,
)
from core.content import load_content, load_site
from records import database
from records.conversations import FORGET_SLOT
from records.database import conversation_key
from records.retention import DEFAULTS
from records.votes import Vote, feedback_table, store_vote
from tests.support.trackers import make_tracker
from tools.common.paths import PROJECT_DIR


@cache
def domain() -> Domain:
    return Domain.load(str(PROJECT_DIR / "domain"))


@pytest.fixture
def db_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    url = f"sqlite:///{tmp_path / 'assistant.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("APPOINTMENT_PHONE", "(602) 555-0134")
    monkeypatch.setenv("HOSPITAL_NAME", "Test Hospital")
    yield url
    database.forget_engines()


def responses(dispatcher: CollectingDispatcher) -> list[str]:
    return [m.get("response") for m in dispatcher.messages]


def vote(conversation: str) -> Vote:
    return Vote(conversation, "ask_symptoms", "an answer", True, dt.datetime(2026, 11, 1))


def test_every_response_and_slot_the_actions_use_is_in_the_domain() -> None:
    used = {"utter_confirm_forgetting", "utter_confirm_forgetting_with_booking", "utter_conversation_forgotten",
            "utter_booking_request_stays", "utter_conversation_kept", "utter_privacy_explained",
            "utter_booking_stopped"}
    assert used <= set(domain().responses)
    assert FORGET_SLOT in [slot.name for slot in domain().slots]
    assert {"action_confirm_forgetting", "action_forget_conversation", "action_keep_conversation",
            "action_explain_privacy"} <= set(domain().user_actions)


@pytest.mark.parametrize(("slots", "expected"), [
    ({}, "utter_confirm_forgetting"),
    ({ATTEMPT_SLOT: "a1", "patient_name": "Jane Doe"}, "utter_confirm_forgetting_with_booking"),
])
def test_it_asks_first_and_says_when_an_unsent_request_would_go_too(dispatcher: CollectingDispatcher,
                                                                    slots: dict[str, Any], expected: str) -> None:
    events = ActionConfirmForgetting().run(dispatcher, make_tracker("forget_me", "forget me", slots=slots), {})
    assert responses(dispatcher) == [expected]
    assert events == []  # asking deletes nothing


def test_forgetting_marks_the_turn_for_deletion_and_deletes_only_this_conversations_votes(
        dispatcher: CollectingDispatcher, db_url: str) -> None:
    store_vote(vote(conversation_key("visitor")), db_url)
    store_vote(vote(conversation_key("someone else")), db_url)
    events = ActionForgetConversation().run(dispatcher, make_tracker("affirm", "yes"), {})
    assert events == [{"event": "slot", "timestamp": None, "name": FORGET_SLOT, "value": True}]
    assert responses(dispatcher) == ["utter_conversation_forgotten"]  # no appointment request was sent
    with database.get_engine(db_url).connect() as db:
        assert [row.conversation for row in db.execute(feedback_table.select())] == [conversation_key("someone else")]


def test_a_sent_request_stays_and_the_reply_gives_its_reference_and_the_appointment_line(
        dispatcher: CollectingDispatcher, db_url: str) -> None:
    sent = [{"reference": "ABC234", "sent_at": "2026-11-29T10:00:00+00:00"},
            {"reference": "XYZ789", "sent_at": "2026-11-29T10:05:00+00:00"}]
    ActionForgetConversation().run(dispatcher, make_tracker("affirm", "yes", slots={SENT_SLOT: sent}), {})
    assert responses(dispatcher) == ["utter_conversation_forgotten", "utter_booking_request_stays"]
    stays = dispatcher.messages[1]
    assert (stays["references"], stays["hospital"], stays["appointment_line"]) == (
        "ABC234, XYZ789", "Test Hospital", load_site().call_us())
    assert "(602) 555-0134" in stays["appointment_line"]


def test_when_the_votes_cant_be_deleted_it_still_forgets_and_logs_no_sender(
        dispatcher: CollectingDispatcher, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    (tmp_path / "a-folder").mkdir()
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'a-folder'}")  # a folder: can't be opened
    caplog.set_level(logging.DEBUG)
    events = ActionForgetConversation().run(dispatcher, make_tracker("affirm", "yes"), {})
    database.forget_engines()
    assert events[0]["name"] == FORGET_SLOT and events[0]["value"] is True
    assert responses(dispatcher) == ["utter_conversation_forgotten"]
    assert "Could not delete a forgotten conversation's votes" in caplog.text
    assert "visitor" not in caplog.text and conversation_key("visitor") not in caplog.text


def test_a_no_keeps_everything(dispatcher: CollectingDispatcher) -> None:
    assert ActionKeepConversation().run(dispatcher, make_tracker("deny", "no"), {}) == []
    assert responses(dispatcher) == ["utter_conversation_kept"]


def test_a_no_after_a_request_was_stopped_to_ask_clears_what_was_typed_into_it(
        dispatcher: CollectingDispatcher) -> None:
    tracker = make_tracker("deny", "no", slots={ATTEMPT_SLOT: "a1", "patient_name": "Jane Doe"})
    events = ActionKeepConversation().run(dispatcher, tracker, {})
    assert responses(dispatcher) == ["utter_conversation_kept", "utter_booking_stopped"]
    assert dispatcher.messages[1]["buttons"] == [load_site().wording.booking_button()]
    assert {e["name"] for e in events} == set(BOOKING_SLOTS) and all(e["value"] is None for e in events)


def test_what_is_kept_is_told_with_this_deployments_periods_and_the_way_to_delete_it(
        dispatcher: CollectingDispatcher, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONVERSATION_RETENTION_DAYS", "14")
    monkeypatch.setenv("BOOKING_RETENTION_DAYS", "60")
    ActionExplainPrivacy().run(dispatcher, make_tracker("ask_privacy", "is my data safe?"), {})
    [message] = dispatcher.messages
    privacy = load_content().site.privacy
    assert message["response"] == "utter_privacy_explained"
    assert (message["conversation_days"], message["booking_days"], message["idle_minutes"]) == (
        "14", "60", str(privacy.session_idle_minutes))
    assert message["delete_control"] == privacy.widget["delete_button"]
    assert message["buttons"] == [{"title": load_content().title_for("forget_me"), "payload": "/forget_me"}]
    # Every placeholder of the response is filled.
    text = domain().responses["utter_privacy_explained"][0]["text"]
    assert set(re.findall(r"{(\w+)}", text)) <= set(message)


def test_a_bad_retention_setting_is_told_as_the_default(dispatcher: CollectingDispatcher,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONVERSATION_RETENTION_DAYS", "soon")
    ActionExplainPrivacy().run(dispatcher, make_tracker("ask_privacy", "is my data safe?"), {})
    assert dispatcher.messages[0]["conversation_days"] == str(DEFAULTS["CONVERSATION_RETENTION_DAYS"])
