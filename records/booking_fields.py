"""Checks and normalises what a visitor types into the appointment request.

Pure functions, no Rasa: each returns a `Check` holding either the normalised value or a
message that tells the visitor what was wrong, so the form can ask again with that message
(its words are content/conversation.yml's `form_checks`). Nothing here logs, because every
value is personal data.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberFormat, ValidationResult

from core.content import load_content
from core.conversation import FOR_CHILD, FOR_SELF, FOR_SOMEONE_ELSE, FormChecks
from core.wording import Template

DEFAULT_PHONE_REGION = "US"

# The answers to "who is the appointment for?", as stored (and shown to staff).
BOOKING_FOR = (FOR_SELF, FOR_CHILD, FOR_SOMEONE_ELSE)

NO_EMAIL = "none"  # the slot must hold something once asked, or the form would ask again

# Fields a visitor can ask to change, in the order the form asks for them.
FIELDS = ("booking_for", "patient_name", "contact_name", "phone", "email", "preferred_time")


@dataclass(frozen=True)
class Check:
    """A valid, normalised `value`, or the `problem` to tell the visitor."""

    value: str | None = None
    problem: str | None = None

    @property
    def ok(self) -> bool:
        return self.problem is None


def checks() -> FormChecks:
    """What a problem says (content/conversation.yml, form_checks)."""
    return load_content().conversation.form_checks


def words(text: str) -> str:
    """Lowercase text with punctuation turned into spaces, for keyword matching."""
    return " ".join(re.sub(r"[^\w@.+'-]+", " ", text.lower().replace("’", "'")).split())


def has_word(text: str, choices: tuple[str, ...]) -> bool:
    """Whether `text` (from `words`) holds one of the words or phrases as a whole."""
    return any(re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", text) for w in choices)


# --- phone numbers -----------------------------------------------------------------------


def phone_region() -> str:
    """The country assumed for numbers typed without +country code (env PHONE_REGION)."""
    region = os.environ.get("PHONE_REGION", "").strip().upper()
    return region if region in phonenumbers.SUPPORTED_REGIONS else DEFAULT_PHONE_REGION


def _problem(template: Template, **values: str) -> Check:
    return Check(problem=template.fill(**values))


def normalize_phone(text: str, region: str | None = None) -> Check:
    """E.164 (+16025550134) for a valid number, else what is wrong with it."""
    region = region or phone_region()
    say = checks()
    # Words around a number ("my number is ...", "... please") are fine; letters inside it are not.
    digits = [m.start() for m in re.finditer(r"\d", text)]
    if not digits:
        return _problem(say.phone_not_a_number)
    first = re.search(r"[+(]?\d", text)
    candidate = text[first.start() if first else digits[0]:digits[-1] + 1]
    if len(list(phonenumbers.PhoneNumberMatcher(text, region))) > 1:
        return _problem(say.phone_just_one)
    if re.search(r"\d-[A-Za-z]{2,}", text) or sum(
        c.isalpha() for c in re.sub(r"(?i)(?:ext\.?|extension|x)(?=\s*\d)", "", candidate)
    ):
        return _problem(say.phone_not_a_number)  # letters inside: 1-800-FLOWERS, or not a number at all
    try:
        number = phonenumbers.parse(candidate, region)
    except NumberParseException as error:
        if error.error_type == NumberParseException.INVALID_COUNTRY_CODE:
            return _problem(say.phone_country_code, region=region)
        if error.error_type in (NumberParseException.TOO_SHORT_NSN, NumberParseException.TOO_SHORT_AFTER_IDD):
            return _problem(say.phone_too_short)
        if error.error_type == NumberParseException.TOO_LONG:
            return _problem(say.phone_too_long)
        return _problem(say.phone_not_a_number)
    reason = phonenumbers.is_possible_number_with_reason(number)
    if reason in (ValidationResult.TOO_SHORT, ValidationResult.IS_POSSIBLE_LOCAL_ONLY):
        return _problem(say.phone_too_short)  # local-only: a number without its area code
    if reason == ValidationResult.TOO_LONG:
        return _problem(say.phone_too_long)
    if reason == ValidationResult.INVALID_COUNTRY_CODE:
        return _problem(say.phone_country_code, region=region)
    if reason != ValidationResult.IS_POSSIBLE:
        return _problem(say.phone_wrong_length)
    if not phonenumbers.is_valid_number(number):
        return _problem(say.phone_not_in_use)
    return Check(phonenumbers.format_number(number, PhoneNumberFormat.E164))


def display_phone(e164: str) -> str:
    """+16025550134 as +1 602-555-0134, easier to check by eye."""
    try:
        return phonenumbers.format_number(phonenumbers.parse(e164, None), PhoneNumberFormat.INTERNATIONAL)
    except NumberParseException:
        return e164


# --- email -------------------------------------------------------------------------------

_SKIP = re.compile(
    r"^(?:skip|no|nope|nah|none|no thanks?|no thank you|n/?a|pass|rather not|i'?d rather not|"
    r"no email|not now|i don'?t have (?:one|an email|email|an e-?mail)|don'?t have (?:one|email)|"
    r"i have no email|without email|no e-?mail)[.! ]*$"
)
_EMAIL = re.compile(r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@"
                    r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$")


def is_skip(text: str) -> bool:
    return bool(_SKIP.match(" ".join(text.lower().replace("’", "'").split())))


def validate_email(text: str) -> Check:
    """A lowercased-domain email address, NO_EMAIL when the visitor skips, or the problem."""
    if is_skip(text):
        return Check(NO_EMAIL)
    tokens = [t.strip(".,;:!?()<>\"'") for t in text.split()]
    with_at = [t for t in tokens if "@" in t]
    if not with_at:
        return _problem(checks().email_needs_at)
    if len(with_at) > 1:
        return _problem(checks().email_just_one)
    address = with_at[0]
    local, _, domain = address.rpartition("@")
    if not local:
        return _problem(checks().email_nothing_before_at)
    if "." not in domain:
        return _problem(checks().email_domain)
    if len(address) > 254 or len(local) > 64 or not _EMAIL.match(address):
        return _problem(checks().email_not_right)
    return Check(f"{local}@{domain.lower()}")


# --- preferred day and time --------------------------------------------------------------

_DAY_TIME_WORDS = (
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "mon", "tue", "tues",
    "wed", "thu", "thur", "thurs", "fri", "sat", "sun", "mondays", "tuesdays", "wednesdays", "thursdays",
    "fridays", "saturdays", "sundays", "weekday", "weekdays", "weekend", "weekends", "today", "tomorrow",
    "tonight", "morning", "mornings", "afternoon", "afternoons", "evening", "evenings", "noon", "midday",
    "lunchtime", "lunch", "any", "anytime", "whenever", "asap", "soon", "soonest", "earliest", "week",
    "flexible", "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
    "nov", "dec", "o'clock",
)
_CLOCK = re.compile(r"\b\d{1,2}(?::\d{2})?\s*(?:am|pm|a\.m\.?|p\.m\.?|h)\b|\b\d{1,2}:\d{2}\b|\b\d{1,2}/\d{1,2}\b")
MAX_TIME_LENGTH = 120


def parse_preferred_time(text: str) -> Check:
    # The form's buttons ("Weekday morning", domain/booking.yml) pass as any typed answer does.
    cleaned = " ".join(text.split()).strip(" .,!")
    if len(cleaned) > MAX_TIME_LENGTH:
        return _problem(checks().time_too_long)
    if not (has_word(words(cleaned), _DAY_TIME_WORDS) or _CLOCK.search(cleaned.lower())):
        return _problem(checks().time_not_caught)
    return Check(cleaned[0].upper() + cleaned[1:])


# --- yes / no, and which field to change -------------------------------------------------

_YES = ("yes", "yeah", "yep", "yup", "sure", "ok", "okay", "agree", "i agree", "correct", "of course",
        "please do", "go ahead", "send it", "that's right", "absolutely", "fine", "y")
_NO = ("no", "nope", "nah", "don't", "do not", "not", "disagree", "n", "never")


def yes_or_no(text: str, intent: str | None = None) -> bool | None:
    """True for yes, False for no, None when it is neither (the intent decides first)."""
    if intent == "affirm":
        return True
    if intent == "deny":
        return False
    typed = words(text)
    if has_word(typed, _NO):
        return False
    if has_word(typed, _YES):
        return True
    return None


_FIELD_WORDS = {
    "booking_for": ("who", "whom", "who it's for", "who it is for", "for whom", "patient is"),
    # The contact person's name, when the patient is someone else: "change my name".
    "contact_name": ("my name", "my own name", "your name", "contact name", "contact person", "who to ask for"),
    "patient_name": ("name", "names", "spelling", "spelled", "spelt"),
    "phone": ("phone", "number", "mobile", "cell", "telephone", "tel"),
    "email": ("email", "e-mail", "mail", "address"),
    "preferred_time": ("time", "day", "date", "when", "morning", "afternoon", "evening", "times", "days",
                       "schedule"),
}
_CHANGE_WORDS = ("change", "correct", "correction", "fix", "edit", "update", "wrong", "mistake", "incorrect",
                 "typo", "different", "actually", "modify", "go back")


def field_named(text: str, booking_for: str | None = None) -> str | None:
    """The booking field a visitor names ("the phone number" → phone), if exactly clear.

    "My name" is the contact person's only when the appointment is for someone else.
    """
    typed = words(text)
    for field in ("email", "phone", "contact_name", "patient_name", "preferred_time", "booking_for"):
        if has_word(typed, _FIELD_WORDS[field]):
            if field == "contact_name" and booking_for not in (FOR_CHILD, FOR_SOMEONE_ELSE):
                return "patient_name"
            return field
    return None


def asks_to_change(text: str) -> bool:
    return has_word(words(text), _CHANGE_WORDS)
