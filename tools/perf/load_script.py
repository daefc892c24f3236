"""What the load test's visitors type and how they type it: page questions, small talk,
questions the page doesn't cover and complete bookings, many conversations at once."""

from __future__ import annotations

import random
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import requests

from core.content import load_content
from tools.common.http_client import Conversation

QUESTIONS = [
    "what is acute lymphoblastic leukemia?", "what are b cells and t cells", "who gets ALL",
    "what are the symptoms of ALL", "are there any other signs", "where does it spread",
    "how is it treated", "what are the phases of treatment", "what is induction therapy",
    "what happens in consolidation", "what is maintenance chemo for", "are there clinical trials",
    "survival rate?", "is survival better for children than adults", "who reviewed this information",
]
OTHER = [
    "hello", "thank you", "what can you do?", "are you a bot?", "what causes leukemia",
    "how is ALL diagnosed", "what is the weather today", "my child has a fever, does he have ALL?",
]


@dataclass
class Turn:
    conversation: int
    text: str
    seconds: float
    status: int | None
    reply: str
    error: str | None = None


@dataclass
class Results:
    turns: list[Turn] = field(default_factory=list)
    senders: dict[int, str] = field(default_factory=dict)
    booking_references: list[str] = field(default_factory=list)
    bookings_attempted: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)
    wall_seconds: float = 0.0

    def add(self, turn: Turn) -> None:
        with self.lock:
            self.turns.append(turn)


# --- bookings: driven by the booking form when the domain has one -----------------------------

NAMES = ["Jane Doe", "John Smith", "Maria Garcia", "Wei Chen", "Amal Haddad", "Olivia Brown", "Noah Wilson"]
WHO = ["me", "my child", "someone else"]
TIMES = ["Weekday morning", "Monday afternoon", "any weekday after 3pm", "Friday morning"]


def booking_turns(n: int) -> list[str]:
    """A complete appointment request (the booking form's questions, in order): who it is for,
    name, the contact person's name (unless it is for "me"), phone (fictional 555-01xx
    numbers), email skipped, preferred time, consent, send."""
    who = WHO[n % len(WHO)]
    contact = [] if who == "me" else [NAMES[(n + 1) % len(NAMES)]]
    return ["I'd like to book an appointment", who, NAMES[n % len(NAMES)], *contact,
            f"602 555 01{n % 100:02d}", "skip", TIMES[n % len(TIMES)], "/affirm", "/affirm"]


def booking_reference(reply: str) -> str | None:
    """The reference in the booking's confirmation (content/conversation.yml, booking.sent)."""
    match = load_content().conversation.booking.sent.pattern().search(reply)
    return match.group("reference") if match else None


def is_apology(reply: str) -> bool:
    """The chat channel's apology for a turn that failed (addons/resilient_rest.py)."""
    return load_content().conversation.technical.apology.pattern().search(reply) is not None


# --- the conversations ------------------------------------------------------------------------

def script(n: int, turns: int, with_booking: bool, rng: random.Random) -> list[str]:
    """What visitor n types: mostly page questions, some small talk and out-of-scope, and for
    every other visitor a complete booking somewhere in the middle."""
    texts = [rng.choice(QUESTIONS) if rng.random() < 0.75 else rng.choice(OTHER) for _ in range(turns)]
    if with_booking and n % 2 == 0:
        booking = booking_turns(n)
        start = rng.randrange(1, max(2, turns - len(booking)))
        texts[start:start + len(booking)] = booking
        texts = texts[:turns]
    return texts


def converse(rasa_url: str, n: int, texts: list[str], results: Results, deadline: float) -> None:
    with requests.Session() as session:
        chat = Conversation(rasa_url, sender=f"load-{uuid.uuid4().hex[:12]}", timeout=60, session=session)
        results.senders[n] = chat.sender
        for text in texts:
            if time.monotonic() > deadline:
                results.add(Turn(n, text, 0.0, None, "", "deadline passed"))
                continue
            exchange = chat.exchange(text)
            error = exchange.error
            if error is None and not exchange.text.strip():
                error = "empty reply"
            elif error is None and is_apology(exchange.text):
                error = "apology (a turn failed)"
            results.add(Turn(n, text, exchange.seconds, exchange.status, exchange.text, error))
            reference = booking_reference(exchange.text) if exchange.ok else None
            if reference:
                with results.lock:
                    results.booking_references.append(reference)


def run_load(rasa_url: str, conversations: int, turns: int, with_booking: bool, seed: int,
             deadline_s: float) -> Results:
    rng = random.Random(seed)
    scripts = [script(n, turns, with_booking, rng) for n in range(conversations)]
    results = Results()
    results.bookings_attempted = sum(1 for s in scripts if booking_turns(0)[0] in s)
    deadline = time.monotonic() + deadline_s
    started = time.perf_counter()
    with ThreadPoolExecutor(conversations) as pool:
        for future in [pool.submit(converse, rasa_url, n, s, results, deadline) for n, s in enumerate(scripts)]:
            future.result()
    results.wall_seconds = time.perf_counter() - started
    return results
