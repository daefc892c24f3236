"""Hospital-specific settings, from the environment: nothing here is invented.

The appointment line and the hospital's name are the hospital's to set (see README,
"Configuration"). When a value is not set, replies say less rather than make one up
(core/site.py holds the words used then).
"""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Settings:
    hospital_name: str | None
    appointment_phone: str | None
    # IANA name ("America/Phoenix"): the clock times told to visitors; UTC when unset.
    timezone_name: str | None = None


def _env(name: str) -> str | None:
    value = os.environ.get(name, "").strip()
    return value or None


def load_settings() -> Settings:
    return Settings(hospital_name=_env("HOSPITAL_NAME"), appointment_phone=_env("APPOINTMENT_PHONE"),
                    timezone_name=_env("HOSPITAL_TIMEZONE"))
