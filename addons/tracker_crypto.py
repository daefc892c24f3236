"""Encryption of the tracker-store events that hold personal data (docs/privacy.md).

An event is stored as `{"event": ..., "timestamp": ..., "encrypted": "<Fernet token>"}`: its
kind and time stay readable (Rasa orders and finds sessions by them; retention deletes by
them), everything the visitor typed or the form filled in does not. The key comes from the
environment, never from the repository:

    TRACKER_ENCRYPTION_KEY=<key>            one key (`python -m addons.tracker_crypto` makes one)
    TRACKER_ENCRYPTION_KEY=<new>,<old>      rotating: new events use the first, all can be read

`make run`, the tests and the scale-out set one for themselves (tools/servers/tracker_key.py).
"""

from __future__ import annotations

import json
import os
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

KEY_ENV = "TRACKER_ENCRYPTION_KEY"
SEALED = "encrypted"


class TrackerKeyError(RuntimeError):
    """No usable key, or an event that this key cannot open; the message holds no event data."""


def generate_key() -> str:
    return Fernet.generate_key().decode("ascii")


class EventCipher:
    """Seals and opens event dicts (Rasa's `Event.as_dict()` form)."""

    def __init__(self, keys: str) -> None:
        parts = [part.strip() for part in keys.split(",") if part.strip()]
        if not parts:
            raise TrackerKeyError(f"{KEY_ENV} is empty")
        try:
            self._fernet = MultiFernet([Fernet(part.encode("ascii")) for part in parts])
        except (ValueError, UnicodeEncodeError):
            raise TrackerKeyError(
                f"{KEY_ENV} is not a valid key (32 url-safe base64-encoded bytes; "
                "`python -m addons.tracker_crypto` makes one)") from None

    @classmethod
    def from_env(cls) -> EventCipher:
        keys = os.environ.get(KEY_ENV, "")
        if not keys.strip():
            raise TrackerKeyError(
                f"{KEY_ENV} is not set: the tracker store encrypts the booking form's personal data with it. "
                "Set it to a key made by `python -m addons.tracker_crypto` (make run sets one up by itself).")
        return cls(keys)

    def seal(self, data: dict[str, Any]) -> dict[str, Any]:
        token = self._fernet.encrypt(json.dumps(data).encode("utf-8")).decode("ascii")
        return {"event": data.get("event"), "timestamp": data.get("timestamp"), SEALED: token}

    def open(self, data: dict[str, Any]) -> dict[str, Any]:
        """The event as Rasa wrote it (an event that was never sealed comes back as it is)."""
        token = data.get(SEALED)
        if token is None:
            return data
        try:
            return json.loads(self._fernet.decrypt(str(token).encode("ascii")))
        except (InvalidToken, ValueError):
            raise TrackerKeyError(f"a stored event can't be decrypted with {KEY_ENV} (was the key changed?)") from None


if __name__ == "__main__":
    print(generate_key())
