"""Scale-out on Rasa's own engine: two Rasa servers share one conversation through PostgreSQL
(tracker store) and Redis (lock store), behind nginx, with one stateless action server.

Real PostgreSQL, Redis and nginx from Debian packages (`make scale-deps` installs them), on
127.0.0.1 ports from TEST_SCALE_PORT_BASE (default 5500; see tools/scaleout.ScalePorts).
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import pytest
import requests
import sqlalchemy as sa

from addons.tracker_crypto import EventCipher
from tests.support.booking_flow import (
    REFERENCE,
    SEND,
    STEP_SLOTS,
    STEPS,
    SUMMARY_SHOWS,
    stored_bookings,
)
from tests.support.page_facts import flu_like_symptoms, reviewer_name, sentence, survival_statistic
from tests.support.requirements import missing as missing_dependency
from tests.support.settings import TEST_PHONE, TEST_SETTINGS
from tests.support.tracker_db import StoredEvent, slots, user_texts
from tests.support.wording import said, words
from tools.common.http_client import Conversation
from tools.servers import ScaleOut, ScalePorts, find_binaries

pytestmark = [pytest.mark.conversation, pytest.mark.scaleout]

DEFINITION = sentence("overview", "definition")  # what the page says ALL is
FEVER = flu_like_symptoms()[0]  # the first symptom the page lists

# (what the visitor types, words the reply must contain)
TURNS = [
    ("hello", "not medical advice"),
    ("what is acute lymphoblastic leukemia?", DEFINITION),
    ("what are the symptoms?", FEVER),
    ("how is it treated", sentence("treatment", "options")),
    ("what is the survival rate?", survival_statistic()),
    ("who reviewed this information", reviewer_name()),
]


@pytest.fixture(scope="module")
def scale_out() -> Iterator[ScaleOut]:
    binaries, missing = find_binaries()
    if not binaries:
        missing_dependency(f"The scale-out test needs {', '.join(missing)}: `make scale-deps` installs them "
                           "(apt-get install postgresql redis-server nginx).")
    ports = ScalePorts(base=int(os.environ.get("TEST_SCALE_PORT_BASE", 5500)), rasa_count=2)
    env = dict(TEST_SETTINGS)
    with ScaleOut(ports, extra_env=env) as running:
        yield running


@dataclass
class TrackerDatabase:
    engine: sa.engine.Engine
    cipher: EventCipher  # the booking form's events are stored encrypted (docs/privacy.md)


@pytest.fixture(scope="module")
def tracker_db(scale_out: ScaleOut) -> Iterator[TrackerDatabase]:
    engine = sa.create_engine(scale_out.db_url)
    yield TrackerDatabase(engine, EventCipher(scale_out.tracker_key))
    engine.dispose()


def stored_events(db: TrackerDatabase, sender: str) -> list[StoredEvent]:
    with db.engine.connect() as connection:
        rows = connection.execute(sa.text("SELECT type_name, data FROM events WHERE sender_id = :s ORDER BY id"),
                                  {"s": sender})
        return [StoredEvent(type_name, db.cipher.open(json.loads(data))) for type_name, data in rows]


def turn_kinds(events: list[StoredEvent]) -> list[str]:
    """"user" and "bot" in the order stored, a run of bot messages (answer, "Was this helpful?")
    counted once."""
    kinds: list[str] = []
    for kind in (e.type_name for e in events if e.type_name in ("user", "bot")):
        if kind == "user" or not kinds or kinds[-1] != "bot":
            kinds.append(kind)
    return kinds


def say(url: str, sender: str, text: str) -> str:
    messages = Conversation(url, sender=sender).send(text)
    return "\n".join(m.get("text") or "" for m in messages)


def check_alternating_conversation(urls: list[str], db: TrackerDatabase) -> None:
    sender = Conversation("").sender
    said: list[str] = []
    for n, (text, expected) in enumerate(TURNS):
        reply = say(urls[n % len(urls)], sender, text)
        assert expected in reply, f"turn {n + 1} on {urls[n % len(urls)]}"
        said.append(text)
        events = stored_events(db, sender)
        # Each instance loaded the turns the other one stored: had it started from an empty
        # tracker, the SQL store would have dropped its events, and a second session would start.
        assert user_texts(events) == said
        assert [e.type_name for e in events].count("session_started") == 1
        assert turn_kinds(events) == ["user", "bot"] * len(said)  # every turn answered, in order


def test_turns_sent_alternately_to_both_instances_see_every_earlier_turn(
    scale_out: ScaleOut, tracker_db: TrackerDatabase
) -> None:
    check_alternating_conversation(scale_out.rasa_urls, tracker_db)


def test_turns_through_nginx_are_spread_over_both_instances_and_see_every_earlier_turn(
    scale_out: ScaleOut, tracker_db: TrackerDatabase
) -> None:
    assert scale_out.workdir is not None
    access_log = scale_out.workdir / "nginx" / "access.log"
    already = len(access_log.read_text().splitlines())
    check_alternating_conversation([scale_out.nginx_url], tracker_db)
    served_by = {line.split()[4] for line in access_log.read_text().splitlines()[already:] if "POST" in line}
    assert served_by == {f"127.0.0.1:{p}" for p in scale_out.ports.rasa}


def test_a_booking_filled_in_alternately_on_both_instances_keeps_every_answer(
    scale_out: ScaleOut, tracker_db: TrackerDatabase
) -> None:
    """Each instance sees the slots the other one filled: the summary and the stored request
    hold every answer, and the request is stored once (in PostgreSQL, like the conversation)."""
    sender = Conversation("").sender
    urls = scale_out.rasa_urls
    for n, (text, asks_next) in enumerate(STEPS):
        reply = say(urls[n % 2], sender, text)
        assert asks_next in reply, f"step {n + 1} on {urls[n % 2]}"
        # The answers of this and every earlier step, whichever instance took them, are in the
        # shared tracker (and so in the next instance's form).
        filled = {k for k, v in slots(stored_events(tracker_db, sender)).items() if v is not None}
        assert {s for s in STEP_SLOTS[: n + 1] if s} <= filled
    for shown in SUMMARY_SHOWS:
        assert shown in reply
    match = REFERENCE.search(say(urls[len(STEPS) % 2], sender, SEND))
    assert match
    [stored] = stored_bookings(scale_out.bookings_url, match.group("reference"))
    assert (stored["patient_name"], stored["phone"], stored["preferred_time"]) == (
        "Jane Doe", "+16025550134", "Weekday morning")


def booking_count(scale_out: ScaleOut) -> int:
    engine = sa.create_engine(scale_out.bookings_url)
    try:
        with engine.connect() as db:
            if not sa.inspect(db).has_table("booking_requests"):
                return 0
            return db.execute(sa.text("SELECT count(*) FROM booking_requests")).scalar_one()
    finally:
        engine.dispose()


def test_booking_database_down_at_the_confirmation_confirms_nothing_and_says_to_call(
    scale_out: ScaleOut,
) -> None:
    sender = Conversation("").sender
    for text, asks_next in STEPS:
        assert asks_next in say(scale_out.nginx_url, sender, text)
    stored_before = booking_count(scale_out)
    scale_out.set_bookings_database_reachable(False)
    try:
        reply = say(scale_out.nginx_url, sender, SEND)
    finally:
        scale_out.set_bookings_database_reachable(True)
    assert not REFERENCE.search(reply), "confirmed although nothing could be stored"
    assert "NOT been sent" in reply and TEST_PHONE in reply
    say(scale_out.nginx_url, sender, "yes")  # a further "yes" must not send it after all
    assert booking_count(scale_out) == stored_before


def test_simultaneous_turns_of_one_visitor_on_both_instances_are_all_kept_in_order(
    scale_out: ScaleOut, tracker_db: TrackerDatabase
) -> None:
    """The Redis lock store lets one turn of a conversation run at a time across instances.

    Without it, two instances would read the same tracker at once and the SQL store would
    keep only one of the two turns.
    """
    sender = Conversation("").sender
    questions = [text for text, _ in TURNS[1:]] + ["what are the phases of treatment"]
    start = threading.Barrier(len(questions))

    def send(n: int) -> tuple[int, list[dict[str, Any]]]:
        start.wait()
        url = scale_out.rasa_urls[n % 2]
        response = requests.post(f"{url}/webhooks/rest/webhook",
                                 json={"sender": sender, "message": questions[n]}, timeout=120)
        return response.status_code, response.json()

    with ThreadPoolExecutor(len(questions)) as pool:
        results = list(pool.map(send, range(len(questions))))

    for status, messages in results:
        assert status == 200
        text = "\n".join(m.get("text") or "" for m in messages)
        assert text and not said(words().technical.apology, text)
    events = stored_events(tracker_db, sender)
    assert sorted(user_texts(events)) == sorted(questions)
    # Turns one after the other: every user message is answered before the next one starts.
    assert turn_kinds(events) == ["user", "bot"] * len(questions)


def test_with_one_instance_down_nginx_sends_every_turn_to_the_other(
    scale_out: ScaleOut, tracker_db: TrackerDatabase
) -> None:
    # Near the end of this module: it leaves the first instance stopped (restarting costs 30 s).
    scale_out.rasa_service(0).stop()
    check_alternating_conversation([scale_out.nginx_url], tracker_db)


def test_when_the_lock_store_or_the_tracker_database_fails_the_visitor_is_told(scale_out: ScaleOut) -> None:
    # Last in this module: it stops Redis and PostgreSQL.
    url = scale_out.nginx_url
    sender = Conversation("").sender
    assert DEFINITION in say(url, sender, "what is acute lymphoblastic leukemia?")

    scale_out.service("PostgreSQL").stop()
    # Rasa would answer from an empty conversation kept only in memory; the visitor is told.
    reply = say(url, sender, "what are the symptoms?")
    assert said(words().technical.lost_track, reply) and TEST_PHONE in reply

    scale_out.service("Redis").stop()
    reply = say(url, sender, "what are the symptoms?")
    assert said(words().technical.apology, reply) and TEST_PHONE in reply
