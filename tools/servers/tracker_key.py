"""The tracker store's encryption key on a machine that did not set one (`make run`, the tests,
the staff tools): made once, kept in var/tracker.key (readable by its owner only, git-ignored),
so the conversations stored earlier can still be read. A deployment sets
TRACKER_ENCRYPTION_KEY itself (docs/privacy.md).
"""

from __future__ import annotations

import os
from pathlib import Path

from addons.tracker_crypto import EventCipher, generate_key
from tools.common.paths import PROJECT_DIR

KEY_FILE = PROJECT_DIR / "var" / "tracker.key"


def local_tracker_key(path: Path = KEY_FILE) -> str:
    if path.exists():
        key = path.read_text(encoding="ascii").strip()
        EventCipher(key)  # a damaged file fails here, with a message naming the setting
        return key
    path.parent.mkdir(parents=True, exist_ok=True)
    key = generate_key()
    # Created with owner-only permissions from the start, never world-readable for a moment.
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write(key + "\n")
    return key
