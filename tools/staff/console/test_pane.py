"""The test pane: ask as a visitor would, and see the reply with its buttons, the intent and
its confidence with the next two candidates, the entities, the actions that ran, and the page
section and sentence ids the answer quotes with the content's review date.

"One question" asks each message as a new visitor; "conversation" keeps one conversation per
login, so follow-ups have their context, until "Start a new conversation". What was asked is
kept in the console's memory only (and in the test assistant's throw-away tracker store).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field, replace

import requests
from aiohttp import web

from core.chat_request import MAX_MESSAGE_CHARS
from tools.staff.console.pages import page
from tools.staff.console.security import SESSION, form_text
from tools.staff.console.tester import READY, STARTING, ConsoleAssistant, NotReady, PaneConversation, Turn

ONE_QUESTION, CONVERSATION = "one", "conversation"
ASSISTANT = web.AppKey("assistant", ConsoleAssistant)
PANES = web.AppKey("panes", dict)


@dataclass
class PaneState:
    """One login's test pane."""

    mode: str = ONE_QUESTION
    last: Turn | None = None
    conversation: PaneConversation = field(default_factory=PaneConversation)
    problem: str = ""


def pane_of(request: web.Request) -> PaneState:
    panes: dict[str, PaneState] = request.app[PANES]
    return panes.setdefault(request[SESSION].token_hash, PaneState())


async def test_page(request: web.Request) -> web.Response:
    state = pane_of(request)
    assistant = request.app[ASSISTANT]
    problem, state.problem = state.problem, ""
    turns = state.conversation.turns if state.mode == CONVERSATION else ([state.last] if state.last else [])
    return page(request, "test.html.j2", "Test pane", state=state, turns=turns, problem=problem,
                ready=assistant.state == READY, waiting=assistant.state == STARTING,
                assistant_status=assistant.status_text(), max_chars=MAX_MESSAGE_CHARS,
                conversation_mode=CONVERSATION)


async def ask(request: web.Request) -> web.Response:
    form = await request.post()
    state = pane_of(request)
    mode = form_text(form, "mode", 20)
    if mode in (ONE_QUESTION, CONVERSATION) and mode != state.mode:
        state.mode = mode
        state.conversation = PaneConversation()
    text = " ".join(form_text(form, "text", MAX_MESSAGE_CHARS + 1).split())
    if not text:
        state.problem = "Type a question first."
    elif len(text) > MAX_MESSAGE_CHARS:
        state.problem = f"Visitors can send at most {MAX_MESSAGE_CHARS} characters; this is longer."
    else:
        sender = state.conversation.sender if state.mode == CONVERSATION else None
        shown = form_text(form, "shown", 200)  # a button's title, shown instead of its payload
        try:
            turn = await asyncio.get_running_loop().run_in_executor(
                None, request.app[ASSISTANT].turn, text, sender)
        except NotReady as error:
            state.problem = str(error)
        except (requests.RequestException, ValueError) as error:
            state.problem = f"The test assistant did not answer ({type(error).__name__}). Try again in a moment."
        else:
            if shown:
                turn = replace(turn, question=shown)
            state.last = turn
            if state.mode == CONVERSATION:
                state.conversation.add(turn)
    raise web.HTTPSeeOther("/test#result")


async def new_conversation(request: web.Request) -> web.Response:
    state = pane_of(request)
    state.conversation = PaneConversation()
    state.last = None
    raise web.HTTPSeeOther("/test")


async def status(request: web.Request) -> web.Response:
    """The test assistant's state, for the pages that wait for it (static/console.js)."""
    assistant = request.app[ASSISTANT]
    return web.json_response({"assistant": assistant.state, "text": assistant.status_text()})
