"""What visitors asked that the assistant could not answer well: messages that ended in a
fallback, were deflected (out of scope, not on the page), got an "our page doesn't say"
answer, or whose answer got a 👎. Similar messages are grouped (tools/staff/similar.py), with
counts, newest first. One click opens the conversation; a trainer can turn a question into a
training-example snippet (YAML, for review: nothing is retrained).

Visitors' texts are shown masked (records/masking.py: names, phone numbers and emails become
[name], [phone], [email]); messages the tracker store keeps encrypted are not shown at all.
Opening a conversation is written to the audit log.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from dataclasses import dataclass
from functools import cache

from aiohttp import web
from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLWriter
from rasa.shared.nlu.training_data.message import Message as NluMessage
from rasa.shared.nlu.training_data.training_data import TrainingData

from core.content import load_content
from records import audit_log
from records.masking import content_words, mask_personal
from tools.common.project_data import Project, domain_intents
from tools.staff.console.pages import page
from tools.staff.console.period import period_of
from tools.staff.console.security import account_of, client_address, form_text
from tools.staff.conversations import Message, ReportError, tracker_url
from tools.staff.similar import Group, group_messages
from tools.staff.turns import DEFLECTED, DOESNT_SAY, FALLBACK, VisitorTurn, read_turns, sender_of

THUMBS_DOWN = "👎"
REASONS = {FALLBACK: "fallback", DEFLECTED: "out of scope / not on the page", DOESNT_SAY: "“doesn't say”",
           THUMBS_DOWN: "👎 on the answer"}


@dataclass(frozen=True)
class AskedMessage(Message):
    conversation: str = ""
    reason: str = ""


@cache
def intents() -> list[str]:
    """The domain's intents, read once: a new intent needs a new model, and so a restart."""
    return domain_intents(Project())


def masked(text: str | None) -> str:
    return mask_personal(text, content_words()) if text else ""


def asked_messages(turns: list[VisitorTurn]) -> list[AskedMessage]:
    found = []
    for turn in turns:
        if not turn.typed:
            continue
        reason = turn.outcome if turn.outcome in (FALLBACK, DEFLECTED, DOESNT_SAY) else ""
        if turn.vote is False:
            reason = THUMBS_DOWN
        if reason:
            action = turn.actions[0] if turn.actions else ""
            found.append(AskedMessage(masked(turn.text), turn.intent, action, turn.timestamp,
                                      turn.conversation, reason))
    return found


def reasons_of(group: Group) -> list[tuple[str, int]]:
    return Counter(REASONS[m.reason] for m in group.messages if isinstance(m, AskedMessage)).most_common()


def _read(since: float | None, until: float | None, sender: str | None = None) -> tuple[list[VisitorTurn], str]:
    try:
        return read_turns(tracker_url(), since, until, sender), ""
    except FileNotFoundError:
        return [], "No conversations are recorded yet (there is no tracker database)."
    except ReportError as error:
        return [], f"The conversations can't be read: {error}"


async def asked_page(request: web.Request) -> web.Response:
    period = period_of(request.query)
    reason = request.query.get("reason", "")
    loop = asyncio.get_running_loop()
    turns, problem = await loop.run_in_executor(None, _read, period.since, period.until)
    messages = await loop.run_in_executor(None, asked_messages, turns)
    if reason in REASONS:
        messages = [m for m in messages if m.reason == reason]
    groups = await loop.run_in_executor(None, group_messages, messages)
    return page(request, "asked.html.j2", "What visitors asked", period=period, groups=groups, reasons=REASONS,
                reason=reason, problem=problem or period.problem, total=len(messages), reasons_of=reasons_of,
                intents=intents())


async def conversation_page(request: web.Request) -> web.Response:
    key = request.match_info["key"]
    loop = asyncio.get_running_loop()
    try:
        sender = await loop.run_in_executor(None, sender_of, tracker_url(), key)
    except (FileNotFoundError, ReportError):
        sender = None
    if sender is None:
        raise web.HTTPNotFound(text="No such conversation: it may have been deleted (retention, or at the "
                                    "visitor's request).")
    turns, problem = await loop.run_in_executor(None, _read, None, None, sender)
    shown = [(turn, masked(turn.text) if turn.typed else None, [masked(t) if t else None for t in turn.bot_texts])
             for turn in turns]
    audit_log.record(account_of(request).name, audit_log.CONVERSATION_VIEWED, f"conversation {key}",
                     client_address(request))
    content = load_content()
    return page(request, "conversation.html.j2", "A visitor's conversation", turns=shown, problem=problem,
                key=key, title_for=content.title_for)


def example_yaml(text: str, intent: str) -> str:
    """A training-data file with the one example, as Rasa's own writer writes it."""
    return RasaYAMLWriter().dumps(TrainingData([NluMessage(data={"text": text, "intent": intent})]))


async def example(request: web.Request) -> web.Response:
    form = await request.post()
    text = " ".join(form_text(form, "text", 500).split())
    known = intents()
    intent = form_text(form, "intent", 100)
    if not text:
        raise web.HTTPBadRequest(text="No question was sent.")
    if intent not in known:
        intent = form_text(form, "suggested", 100) if form_text(form, "suggested", 100) in known else ""
    snippet = example_yaml(text, intent or "CHOOSE_AN_INTENT")
    if form_text(form, "download", 10):
        return web.Response(text=snippet, content_type="text/yaml", charset="utf-8",
                            headers={"Content-Disposition": 'attachment; filename="new-example.yml"'})
    return page(request, "example.html.j2", "A new training example", text=text, intent=intent, intents=known,
                snippet=snippet)
