"""What the action server is sent (addons/action_requests.py): the latest message and what
follows whole, earlier events condensed, and only the functions in READERS read earlier events.
tests/conversations/test_action_requests.py checks on a real conversation that those functions
see the same either way."""

from __future__ import annotations

import ast
from pathlib import Path

from rasa.core.actions.action import RemoteAction

import addons  # noqa: F401  (loading the add-ons installs the condensed request, as in the Rasa server)
from addons.action_requests import READERS, condensed_events
from tests.support.page_facts import symptom
from tools.common.paths import PROJECT_DIR

ACTIONS = PROJECT_DIR / "actions"
USER = {"event": "user", "timestamp": 1.0, "text": "my son has a fever", "input_channel": "rest",
        "message_id": "m1", "metadata": {"model_id": "x"},
        "parse_data": {"text": "my son has a fever", "intent": {"name": "ask_symptoms", "confidence": 0.9},
                       "entities": [{"entity": "symptom", "value": symptom("fever")}],
                       "intent_ranking": [{"name": "ask_symptoms", "confidence": 0.9}], "text_tokens": [[0, 2]]}}
BOT = {"event": "bot", "timestamp": 2.0, "text": "An answer.", "metadata": {"model_id": "x"},
       "data": {"buttons": [{"title": "👍", "payload": "/feedback"}], "custom": {"source": {"anchor": "a"}}}}
ACTION = {"event": "action", "timestamp": 3.0, "name": "action_answer_question", "policy": "RulePolicy",
          "confidence": 1.0, "metadata": {"model_id": "x"}}


def test_earlier_events_lose_the_models_internals_and_keep_what_is_read() -> None:
    latest = {**USER, "text": "and now?", "timestamp": 9.0}
    sent = condensed_events([USER, BOT, ACTION, latest, BOT])
    user, bot, action = sent[:3]
    assert user["parse_data"] == {k: USER["parse_data"][k] for k in ("text", "intent", "entities")}
    assert user["text"] == USER["text"] and "metadata" not in user
    assert bot == {"event": "bot", "timestamp": 2.0, "text": "An answer.", "data": {"buttons": BOT["data"]["buttons"]}}
    assert action == {k: v for k, v in ACTION.items() if k != "metadata"}
    assert sent[3:] == [latest, BOT]  # the latest message and what follows, as Rasa sends them


def test_a_conversation_without_a_message_is_sent_whole() -> None:
    assert condensed_events([BOT, ACTION]) == [BOT, ACTION]


def test_the_rasa_server_sends_the_condensed_request() -> None:
    assert RemoteAction._action_call_format.__module__ == "addons.action_requests"


def _qualified_functions(path: Path) -> list[tuple[str, ast.AST]]:
    module = f"actions.{path.stem}"
    found: list[tuple[str, ast.AST]] = []
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.FunctionDef):
            found.append((f"{module}.{node.name}", node))
        elif isinstance(node, ast.ClassDef):
            found += [(f"{module}.{node.name}.{item.name}", item) for item in node.body
                      if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef)]
    return found


def _unexplained_reads(name: str, function: ast.AST) -> list[int]:
    """Lines where the function reads `<something>.events` without being a reader or handing
    them straight to one."""
    reader_names = {qualified.rsplit(".", 1)[-1] for qualified in READERS}
    handed = {id(arg) for call in ast.walk(function) if isinstance(call, ast.Call)
              and getattr(call.func, "id", getattr(call.func, "attr", None)) in reader_names for arg in call.args}
    return [node.lineno for node in ast.walk(function)
            if isinstance(node, ast.Attribute) and node.attr == "events" and isinstance(node.ctx, ast.Load)
            and name not in READERS and id(node) not in handed]


def test_only_the_known_readers_read_earlier_events() -> None:
    unexplained = {name: lines for path in sorted(ACTIONS.glob("*.py"))
                   for name, function in _qualified_functions(path)
                   if (lines := _unexplained_reads(name, function))}
    assert not unexplained, (
        f"these read the conversation's events {unexplained}: earlier events reach the action server "
        "condensed (addons/action_requests.py); add the function to READERS there with what it reads, "
        "keep that in the condensed events, and cover it in tests/conversations/test_action_requests.py")
    defined = {name for path in ACTIONS.glob("*.py") for name, _ in _qualified_functions(path)}
    assert set(READERS) <= defined, sorted(set(READERS) - defined)
