"""Timing messages through the REST channel: one conversation at a time, or many at once."""

from __future__ import annotations

import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import requests

from tools.common.http_client import Conversation, Exchange
from tools.common.project_data import Project, examples_by_intent
from tools.common.stats import percentile


@dataclass
class Run:
    latencies_ms: list[float] = field(default_factory=list)
    wall_s: float = 0.0
    errors: int = 0
    empty: int = 0

    def add(self, other: Run) -> None:
        self.latencies_ms += other.latencies_ms
        self.wall_s += other.wall_s
        self.errors += other.errors
        self.empty += other.empty

    def record(self, exchange: Exchange) -> None:
        self.latencies_ms.append(exchange.seconds * 1000)
        if not exchange.ok:
            self.errors += 1
        elif not exchange.messages:
            self.empty += 1

    @property
    def messages(self) -> int:
        return len(self.latencies_ms)

    def percentile(self, q: float) -> float:
        return percentile(self.latencies_ms, q)

    @property
    def per_second(self) -> float:
        return self.messages / self.wall_s if self.wall_s else float("nan")


def _chunks(texts: list[str], size: int) -> list[list[str]]:
    return [texts[i:i + size] for i in range(0, len(texts), size)]


def _conversation(rasa_url: str, texts: list[str]) -> list[Exchange]:
    """One new visitor sending `texts` in turn, over one kept-alive connection."""
    with requests.Session() as session:
        chat = Conversation(rasa_url, sender=f"bench-{uuid.uuid4().hex[:12]}", timeout=120, session=session)
        return [chat.exchange(text) for text in texts]


def measure(rasa_url: str, texts: list[str], conversations: int, per_conversation: int) -> Run:
    """`conversations` conversations at once (1: one message at a time), each `per_conversation` long."""
    chunks = _chunks(texts, per_conversation)
    start = time.perf_counter()
    if conversations == 1:
        results = [_conversation(rasa_url, chunk) for chunk in chunks]
    else:
        with ThreadPoolExecutor(conversations) as pool:
            results = list(pool.map(lambda chunk: _conversation(rasa_url, chunk), chunks))
    run = Run(wall_s=time.perf_counter() - start)
    for exchanges in results:
        for exchange in exchanges:
            run.record(exchange)
    return run


def messages_for(project: Project, count: int, prefix: str = "") -> list[str]:
    """`count` visitor messages: the NLU examples of every intent (whose name starts with
    `prefix`), taken in turn."""
    pools = [[e.text for e in found] for name, found in sorted(examples_by_intent(project).items())
             if found and name.startswith(prefix)]
    texts: list[str] = []
    index = 0
    while len(texts) < count:
        for pool in pools:
            texts.append(pool[index % len(pool)])
        index += 1
    return texts[:count]


def latency_by_turn(rasa_url: str, texts: list[str], conversations: int, turns: int) -> tuple[list[list[float]], Run]:
    """`conversations` long conversations one after the other, `turns` messages each: the latency
    of each turn, by position (does a turn get slower as the conversation grows?)."""
    chunks = _chunks(texts[: conversations * turns], turns)
    start = time.perf_counter()
    results = [_conversation(rasa_url, chunk) for chunk in chunks]
    run = Run(wall_s=time.perf_counter() - start)
    for exchanges in results:
        for exchange in exchanges:
            run.record(exchange)
    return [[e.seconds * 1000 for e in exchanges] for exchanges in results], run
