"""`make profile`'s summary by component (tools/perf/profile_summary.py), on made-up stacks."""

from __future__ import annotations

from tools.perf.profile_summary import OTHER, WAITING, own_component, parse, shares, summarise

CHANNEL = "handler (addons/resilient_rest.py:120);handle_message (rasa/core/processor.py:110)"
STACKS = "\n".join([
    f"{CHANNEL};_validate_action_result (addons/action_replies.py:55);iter_errors (jsonschema/validators.py:30) 50",
    f"{CHANNEL};save (rasa/core/tracker_store.py:900);dumps (json/__init__.py:231) 30",
    f"{CHANNEL};parse_message (rasa/core/processor.py:700);call (tensorflow/python/eager/def_function.py:1) 15",
    f"{CHANNEL} 4",
    "_run_once (asyncio/base_events.py:1890) 1",
    "<module> (rasa:8);serve (sanic/server/runners.py:200) 7",
])


def test_each_sample_counts_once_for_its_most_specific_component() -> None:
    own, anywhere, total = shares(parse(STACKS))
    assert total == 107
    assert own[WAITING] == 7  # waiting in sanic's loop for the next request is not work
    assert own["checking action replies (jsonschema)"] == 50
    assert own["tracker store (SQL)"] == 30  # the JSON written by the store is the store's
    assert own["NLU: DIET (TensorFlow)"] == 15
    assert own["dialogue processing (Rasa core)"] == 4
    assert own[OTHER] == 1
    assert sum(own.values()) == total
    assert anywhere["events and trackers (de)serialised"] == 30  # inclusive figures overlap
    assert anywhere["REST channel and web server"] == 99 + 7  # sanic is at the root of a waiting stack too


def test_the_summary_names_the_shares_and_the_hottest_functions() -> None:
    text = summarise("\n".join(STACKS.splitlines()[:-1]), top=2)
    assert "| checking action replies (jsonschema) | 50.0 % | 50.0 % |" in text
    assert "`iter_errors (jsonschema/validators.py)` | 50.0 %" in text
    assert own_component(["main (rasa/__main__.py:1)"]) == OTHER
    assert summarise("").startswith("No samples")
