"""Privacy through the trained model, the Rasa server and the action server, with the real
tracker store on SQLite (the `assistant` fixture, as `make run`) and on PostgreSQL with the
Redis lock store (a one-server scale-out, as `make scale-out`): "forget me" over REST, a
confirmed booking surviving it, no clear-text personal data after a booking, session expiry,
the emergency message first, and no message text or personal data in the servers' logs.

Expected wording comes from the domain and the content, never retyped.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlalchemy as sa
from rasa.shared.core.trackers import DialogueStateTracker

from addons.tracker_crypto import KEY_ENV, EventCipher
from core.content import load_content
from core.replies import answer
from core.settings import Settings
from core.site import Site
from records import database
from records.bookings import list_requests
from tests.support.booking_flow import REFERENCE, SEND, STEP_SLOTS, STEPS
from tests.support.domain_text import said
from tests.support.requirements import missing as missing_dependency
from tests.support.settings import TEST_HOSPITAL, TEST_PHONE, TEST_SETTINGS
from tests.support.tracker_stores import everything_stored, retrieve_with_key, rows, shows
from tools.common.http_client import Conversation
from tools.servers import Assistant, ScaleOut, ScalePorts, find_binaries

pytestmark = pytest.mark.conversation

IDLE = load_content().site.privacy.session_idle_minutes * 60


def step(slot: str) -> int:
    """Where in tests/support/booking_flow.py's STEPS the visitor types this slot's answer."""
    return STEP_SLOTS.index(slot)


# What those booking steps type, and how the phone number is stored and shown.
TYPED_NAME, TYPED_CONTACT, TYPED_PHONE = (STEPS[step(slot)][0] for slot in ("patient_name", "contact_name", "phone"))
PERSONAL = (TYPED_NAME, *TYPED_NAME.split(), TYPED_CONTACT, *TYPED_CONTACT.split(), TYPED_PHONE, "+16025550134",
            "602-555-0134", "5550134")


@dataclass
class Backend:
    """One running assistant and where it keeps things."""

    name: str
    rasa_url: str
    tracker_url: str
    database_url: str
    key: str
    logs: list[Path]
    lock_keys: object = None  # sender -> the Redis lock store's keys for it (scale-out only)

    def chat(self) -> Conversation:
        return Conversation(self.rasa_url)

    def rows(self, sender: str) -> list[dict]:
        return rows(self.tracker_url, sender)

    def shift_back(self, sender: str, seconds: float) -> None:
        """Make a conversation look `seconds` older, in the columns and in the (sealed) events."""
        cipher = EventCipher(self.key)
        engine = sa.create_engine(self.tracker_url)
        try:
            with engine.begin() as db:
                for row in self.rows(sender):
                    data = cipher.open(json.loads(row["data"]))
                    data["timestamp"] -= seconds
                    stored = json.loads(row["data"])
                    data = cipher.seal(data) if "encrypted" in stored else data
                    db.execute(sa.text("UPDATE events SET timestamp = :t, data = :d WHERE id = :i"),
                               {"t": row["timestamp"] - seconds, "d": json.dumps(data), "i": row["id"]})
        finally:
            engine.dispose()


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest) -> Iterator[Backend]:
    if request.param == "sqlite":
        assistant: Assistant = request.getfixturevalue("assistant")
        env = assistant.extra_env
        logs = [s.log_path for s in assistant.services]
        yield Backend("sqlite", assistant.ports.rasa_url, f"sqlite:///{env['TRACKER_DB']}", env["DATABASE_URL"],
                      env[KEY_ENV], logs)
        return
    binaries, missing = find_binaries()
    if not binaries:
        missing_dependency(f"The PostgreSQL privacy tests need {', '.join(missing)}: `make scale-deps`.")
    import redis

    ports = ScalePorts(base=int(os.environ.get("TEST_PRIVACY_SCALE_PORT_BASE", 5900)), rasa_count=1)
    with ScaleOut(ports, extra_env=dict(TEST_SETTINGS)) as scale:
        assert scale.workdir is not None
        locks = redis.Redis(host="127.0.0.1", port=ports.redis, password=scale.redis_password, db=1)
        yield Backend("postgresql", scale.nginx_url, scale.db_url, scale.bookings_url, scale.tracker_key,
                      sorted((scale.workdir / "log").glob("*.log")),
                      lambda sender: locks.keys(f"*{sender}*"))
        locks.close()
    database.forget_engines()


def load_site_with_test_settings() -> Site:
    return Site(load_content().site, Settings(TEST_HOSPITAL, TEST_PHONE))


def book(chat: Conversation) -> str:
    """A whole appointment request, sent; its reference."""
    for text, asks_next in STEPS:
        assert asks_next in chat.say(text), text
    match = REFERENCE.search(chat.say(SEND))
    assert match
    return match.group("reference")


def test_over_rest_forget_me_then_yes_leaves_no_tracker_rows_for_that_sender(backend: Backend) -> None:
    chat, other = backend.chat(), backend.chat()
    chat.say("what is acute lymphoblastic leukemia?")
    other.say("what is acute lymphoblastic leukemia?")
    others_rows = backend.rows(other.sender)
    assert backend.rows(chat.sender)

    assert chat.say("forget me") == said("utter_confirm_forgetting")
    assert backend.rows(chat.sender)  # asking deletes nothing
    assert said("utter_conversation_forgotten") in chat.say("yes")

    assert backend.rows(chat.sender) == []
    assert backend.rows(other.sender) == others_rows
    if backend.lock_keys is not None:
        assert backend.lock_keys(chat.sender) == []  # nor anything in the lock store
    # The next message starts a new conversation, with nothing of the old one.
    assert "not medical advice" in chat.say("hello")
    assert [r["type_name"] for r in backend.rows(chat.sender)].count("session_started") == 1


def test_a_no_keeps_the_conversation(backend: Backend) -> None:
    chat = backend.chat()
    chat.say("what is acute lymphoblastic leukemia?")
    chat.say("erase what I said")
    before = len(backend.rows(chat.sender))
    assert chat.say("no") == said("utter_conversation_kept")
    assert len(backend.rows(chat.sender)) > before


def test_a_confirmed_booking_survives_forget_me_and_the_reply_says_how_to_have_it_deleted(backend: Backend) -> None:
    chat = backend.chat()
    reference = book(chat)
    chat.say("delete my conversation")
    reply = chat.say("yes")
    assert said("utter_conversation_forgotten") in reply
    assert said("utter_booking_request_stays", references=reference, hospital=TEST_HOSPITAL,
                appointment_line=load_site_with_test_settings().call_us()) in reply
    assert backend.rows(chat.sender) == []
    assert reference in [b.reference for b in list_requests(backend.database_url)]
    database.forget_engines()


def test_forget_me_in_the_middle_of_a_booking_deletes_the_unsent_request(backend: Backend) -> None:
    chat = backend.chat()
    for text, asks_next in STEPS[:step("phone") + 1]:  # names and phone given, not sent
        assert asks_next in chat.say(text)
    stored_before = len(list_requests(backend.database_url))
    assert chat.say("forget me") == said("utter_confirm_forgetting_with_booking")
    assert said("utter_conversation_forgotten") in chat.say("yes")
    assert backend.rows(chat.sender) == []
    assert len(list_requests(backend.database_url)) == stored_before
    database.forget_engines()


def test_after_a_booking_the_tracker_database_holds_no_clear_text_name_phone_or_email(backend: Backend) -> None:
    chat = backend.chat()
    email = step("email")
    for text, asks_next in STEPS[:email]:
        assert asks_next in chat.say(text)
    assert STEPS[email][1] in chat.say("jane.doe@example.com")  # an email this time, not "skip"
    for text, asks_next in STEPS[email + 1:]:
        assert asks_next in chat.say(text)
    book_reply = chat.say(SEND)
    assert REFERENCE.search(book_reply)
    stored = everything_stored(backend.tracker_url)
    for private in (*PERSONAL, "jane.doe@example.com"):
        assert not shows(stored, private), private
    # Rasa itself still reads the conversation, decrypted (the key is the servers').
    tracker = _retrieve(backend, chat.sender)
    assert TYPED_NAME in [e.get("text") for e in (ev.as_dict() for ev in tracker.events)]


def _retrieve(backend: Backend, sender: str) -> DialogueStateTracker:
    return retrieve_with_key(backend.tracker_url, backend.key, sender)

def test_after_the_idle_time_the_next_message_starts_a_clean_session(backend: Backend) -> None:
    chat = backend.chat()
    for text, asks_next in STEPS[:step("patient_name") + 1]:  # a half-filled booking: the name is in the slots
        assert asks_next in chat.say(text)
    assert _retrieve(backend, chat.sender).get_slot("patient_name") == TYPED_NAME

    backend.shift_back(chat.sender, IDLE + 60)
    reply = chat.say("what is acute lymphoblastic leukemia?")

    # Answered as a question, not taken as the phone number the form was asking for.
    assert answer(load_content(), "ask_what_is_all").text in reply
    tracker = _retrieve(backend, chat.sender)
    assert tracker.active_loop_name is None
    assert all(tracker.get_slot(slot) is None for slot in ("booking_for", "patient_name", "booking_attempt"))
    assert [r["type_name"] for r in backend.rows(chat.sender)].count("session_started") == 2


def test_the_emergency_message_comes_first_inside_the_confirmation_and_right_after_forgetting(
        backend: Backend) -> None:
    emergency = load_content().site.emergency["message"]
    chat = backend.chat()
    chat.say("what is acute lymphoblastic leukemia?")
    chat.say("forget me")
    messages = chat.send("my son stopped breathing")
    assert messages[0]["text"] == emergency
    assert backend.rows(chat.sender)  # an emergency is never taken as the yes
    # Asked again and confirmed; the very next message is an emergency: it comes first there too.
    chat.say("forget me")
    chat.say("yes")
    assert backend.rows(chat.sender) == []
    assert chat.send("my son stopped breathing")[0]["text"] == emergency
    # "forget me" and an emergency in one message: the emergency message, nothing deleted.
    chat.say("forget me")
    assert chat.send("forget me, my son stopped breathing")[0]["text"] == emergency
    assert backend.rows(chat.sender)


# Page questions with verbs near "delete", and other requests: never taken for "forget me".
NOT_FORGET = [
    "can treatment remove all the leukemia cells?",
    "does chemotherapy get rid of the cancer?",
    "how do doctors destroy leukemia cells",
    "what is acute lymphoblastic leukemia?",
    "what are the phases of treatment?",
    "can ALL be cleared from the body completely",
    "I want to book an appointment",
    "I forgot my question",
    "what about my case",
    "is my data safe?",
]


@pytest.mark.parametrize("text", NOT_FORGET)
def test_a_page_question_is_never_taken_for_forget_me(backend: Backend, text: str) -> None:
    chat = backend.chat()
    reply = chat.say(text)
    assert said("utter_confirm_forgetting") not in reply
    chat.say("yes")  # a yes afterwards deletes nothing either
    assert backend.rows(chat.sender)


def test_the_servers_logs_hold_no_message_text_no_personal_data_and_no_sender(backend: Backend) -> None:
    chat = backend.chat()
    book(chat)
    chat.say("my email is zq.privacy.check@example.com")
    chat.say("forget me")
    chat.say("yes")
    logs = "\n".join(path.read_text(errors="replace") for path in backend.logs if path.exists())
    assert logs  # the servers did write their logs
    for private in (*PERSONAL, "zq.privacy.check", "forget me", chat.sender):
        assert private not in logs, private
