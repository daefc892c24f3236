"""Hospital-specific settings, from the environment: nothing here is invented.

The appointment line and the hospital's name are the hospital's to set (see README,
"Configuration"). When a value is not set, replies say less rather than make one up.
"""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Settings:
    hospital_name: str | None
    appointment_phone: str | None

    @property
    def hospital(self) -> str:
        return self.hospital_name or "our hospital"

    def call_us(self) -> str:
        """How to reach the appointment line, in words that never invent a number."""
        if self.appointment_phone:
            return f"call our appointment line at {self.appointment_phone}"
        return "call the appointment line shown on our website"


def _env(name: str) -> str | None:
    value = os.environ.get(name, "").strip()
    return value or None


def load_settings() -> Settings:
    return Settings(hospital_name=_env("HOSPITAL_NAME"), appointment_phone=_env("APPOINTMENT_PHONE"))
