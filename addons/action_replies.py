"""The action server's replies are checked against Rasa's schema by a validator built once.

Rasa 3.6's `RemoteAction._validate_action_result` calls `jsonschema.validate(reply, schema)`
for every custom-action reply. That function first checks the schema itself against its
metaschema and builds a new validator, resolving `$ref`s, on every call: with jsonschema
4.17 (the newest Rasa 3.6 allows) about 20 ms a reply on these machines, half of the Rasa
server's CPU under load (RasaHQ/rasa#11717 reports the same). The reply itself takes about
1 ms to check with a validator built once from the same schema.

`install()` replaces that one method with one that checks the same reply against the same
schema (`RemoteAction.action_response_format_spec()`, read when installed) with the same
validator class `jsonschema.validate` would pick, and raises the same `ValidationError` (the
best match, as `jsonschema.validate` chooses it) with Rasa's own hint appended. Nothing
is weakened: a malformed reply is rejected exactly as before (tests/test_action_replies.py).

Why a replaced method: Rasa builds `RemoteAction` itself for every custom action and has no
setting for it. Every Rasa server of ours loads this package (the REST channel from
credentials.yml, the tracker store from endpoints.yml), so `addons/__init__.py` installs it.
Pinning jsonschema 3.2.0 (allowed by Rasa) was the other candidate: still ~11 ms a reply,
because `validate` there checks the schema on every call too (docs/benchmarks.md).
"""

from __future__ import annotations

from functools import cache
from typing import Any

from jsonschema import ValidationError, validators
from jsonschema.exceptions import best_match
from jsonschema.protocols import Validator
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL

HINT = (
    ". Failed to validate Action server response from API, make sure your response from the "
    f"Action endpoint is valid. For more information about the format visit {DOCS_BASE_URL}/custom-actions"
)


@cache
def reply_validator() -> Validator:
    """The validator for Rasa's action-reply schema, built (and the schema checked) once."""
    schema = RemoteAction.action_response_format_spec()
    validator_class = validators.validator_for(schema)
    validator_class.check_schema(schema)
    return validator_class(schema)


def check_action_reply(reply: dict[str, Any]) -> bool:
    """True for a reply that fits Rasa's schema; raises ValidationError as Rasa does otherwise."""
    error = best_match(reply_validator().iter_errors(reply))
    if error is not None:
        error.message += HINT
        raise error
    return True


def _validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
    return check_action_reply(result)


def install() -> None:
    """Make every RemoteAction check replies with the validator built once (idempotent)."""
    reply_validator()  # a broken schema fails at start-up, not at a visitor's turn
    RemoteAction._validate_action_result = _validate_action_result  # type: ignore[method-assign]


__all__ = ["ValidationError", "check_action_reply", "install", "reply_validator"]
