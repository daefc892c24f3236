"""The site's own wording (`content/site.yml`): emergency message and numbers, the way to the
appointment line, and shared button titles. One home, read by the actions, the domain's
generated responses, the REST channel's apology, the page and the widget.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from core.checking import Checker
from core.paths import SITE_FILE
from core.privacy import PrivacyWording, parse_privacy
from core.settings import Settings
from core.wording import Template, placeholders

NUMBER_KEYS = {"emergency", "crisis_line"}
EMERGENCY_KEYS = {"message", "suicide_message", "hint", "widget_note", "page_note"}
BUTTON_KEYS = {"book", "capabilities", "something_else"}
CONVERSATION_KEYS = {"greeting", "capabilities_intro", "capabilities_outro"}
BOOKING_PAYLOAD = "/request_appointment"
CAPABILITIES_PAYLOAD = "/ask_capabilities"


@dataclass(frozen=True)
class Buttons:
    book: str
    capabilities: str
    something_else: str


@dataclass(frozen=True)
class SiteWording:
    numbers: dict[str, str]
    emergency: dict[str, str]  # key → text with the numbers filled in
    with_number: str  # "{phone}" still to fill
    without_number: str  # "{hospital}" still to fill
    hospital_fallback_name: str
    buttons: Buttons
    answer_source: str  # "{title}" and "{date}" still to fill
    conversation: dict[str, str]  # the greeting and the words around the list of topics
    privacy: PrivacyWording

    def booking_button(self) -> dict[str, str]:
        return {"title": self.buttons.book, "payload": BOOKING_PAYLOAD}

    def capabilities_button(self) -> dict[str, str]:
        return {"title": self.buttons.capabilities, "payload": CAPABILITIES_PAYLOAD}


@dataclass(frozen=True)
class Site:
    """The wording with this deployment's settings (hospital name, appointment phone)."""

    wording: SiteWording
    settings: Settings

    @property
    def hospital(self) -> str:
        return self.settings.hospital_name or self.wording.hospital_fallback_name

    @property
    def phone(self) -> str | None:
        return self.settings.appointment_phone

    @property
    def timezone(self) -> dt.tzinfo:
        """HOSPITAL_TIMEZONE, else (or when it names no zone) UTC."""
        try:
            return ZoneInfo(self.settings.timezone_name) if self.settings.timezone_name else dt.timezone.utc
        except (ZoneInfoNotFoundError, ValueError):
            return dt.timezone.utc

    def call_us(self) -> str:
        """How to reach the appointment line, in words that never invent a number."""
        if self.settings.appointment_phone:
            return self.wording.with_number.format(phone=self.settings.appointment_phone)
        return self.wording.without_number.format(hospital=self.hospital)

    def emergency(self, key: str) -> str:
        return self.wording.emergency[key]

    def say(self, template: Template, **values: str) -> str:
        """A sentence of content/conversation.yml with {hospital} and {appointment_line} filled
        in from this deployment's settings, and the caller's own placeholders."""
        return template.fill(hospital=self.hospital, appointment_line=self.call_us(), **values)


def _filled(check: Checker, data: dict, key: str, where: str, allowed: set[str], numbers: dict[str, str]) -> str:
    text = check.field(data, key, where)
    found = placeholders(text)
    if found is None:
        check.fail(where, "a '{' or '}' without its pair (placeholders look like {emergency})")
        return text
    unknown = found - allowed
    if unknown:
        names = ", ".join("{" + n + "}" for n in sorted(unknown))
        known = ", ".join("{" + n + "}" for n in sorted(allowed)) or "none"
        check.fail(where, f"unknown placeholder {names} (allowed here: {known})")
        return text
    return text.format_map({**numbers, **{k: "{" + k + "}" for k in allowed - numbers.keys()}})


def parse_site(raw: Any, path: Path = SITE_FILE) -> SiteWording:
    check = Checker(path)
    data = check.mapping(raw, "top level",
                         {"numbers", "emergency", "appointment_line", "hospital_fallback_name", "buttons",
                          "answer_source", "conversation", "privacy"})
    numbers_raw = check.mapping(data.get("numbers"), "numbers", NUMBER_KEYS)
    numbers = {key: check.field({k: str(v) for k, v in numbers_raw.items()}, key, f"numbers.{key}")
               for key in NUMBER_KEYS}
    emergency_raw = check.mapping(data.get("emergency"), "emergency", EMERGENCY_KEYS)
    emergency = {key: _filled(check, emergency_raw, key, f"emergency.{key}", set(numbers), numbers)
                 for key in sorted(EMERGENCY_KEYS)}
    line = check.mapping(data.get("appointment_line"), "appointment_line", {"with_number", "without_number"})
    with_number = _filled(check, line, "with_number", "appointment_line.with_number", {"phone"}, {})
    if "with_number" in line and "{phone}" not in with_number:
        check.fail("appointment_line.with_number", "must contain {phone}")
    without_number = _filled(check, line, "without_number", "appointment_line.without_number", {"hospital"}, {})
    answer_source = _filled(check, data, "answer_source", "answer_source", {"title", "date"}, {})
    buttons_raw = check.mapping(data.get("buttons"), "buttons", BUTTON_KEYS)
    buttons = Buttons(**{key: check.field(buttons_raw, key, f"buttons.{key}") for key in sorted(BUTTON_KEYS)})
    fallback_name = check.field(data, "hospital_fallback_name", "hospital_fallback_name")
    conversation_raw = check.mapping(data.get("conversation"), "conversation", CONVERSATION_KEYS)
    conversation = {key: _filled(check, conversation_raw, key, f"conversation.{key}", set(), {})
                    for key in sorted(CONVERSATION_KEYS)}
    privacy = parse_privacy(check, data.get("privacy"))
    check.raise_if_any()
    return SiteWording(numbers, emergency, with_number, without_number, fallback_name, buttons, answer_source,
                       conversation, privacy)
