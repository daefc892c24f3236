"""Who an appointment request is for, and the names of the people in it.

Pure functions, no Rasa, nothing logged (every value is personal data):

* `parse_booking_for` reads an answer to "Who is the appointment for?" ("me", "my son").
* `mentioned_booking_for` finds who a visitor already spoke about ("book an appointment for
  my son", "my 4-year-old has bruises"), so the form confirms it instead of asking.
* `validate_name` checks a typed name, the patient's or the contact person's;
  `looks_like_a_name` tells a name typed at the who-for step from an unclear answer.
"""

from __future__ import annotations

import re

from core.conversation import FormChecks
from core.wording import Template
from records.booking_fields import FOR_CHILD, FOR_SELF, FOR_SOMEONE_ELSE, Check, checks, has_word, words

# --- answers to "Who is the appointment for?" ----------------------------------------------

_CHILD_WORDS = ("child", "my kid", "kid", "kids", "son", "daughter", "baby", "boy", "girl", "teen",
                "teenager", "toddler", "infant", "my child", "children")
_OTHER_WORDS = ("someone else", "somebody else", "someone", "somebody", "other", "another person",
                "mother", "mom", "mum", "father", "dad", "parent", "wife", "husband", "partner",
                "friend", "brother", "sister", "grandmother", "grandfather", "grandma", "grandpa",
                "relative", "aunt", "uncle", "cousin", "spouse", "niece", "nephew", "patient")
_SELF_WORDS = ("me", "myself", "i", "mine", "for me", "i am", "i'm", "self", "my own")


def who_problem() -> str:
    return checks().who.fill()


def parse_booking_for(text: str) -> Check:
    typed = words(text)
    # A child is checked first: "for my son" must not match the "my" in "my own".
    if has_word(typed, _CHILD_WORDS):
        return Check(FOR_CHILD)
    if has_word(typed, _OTHER_WORDS):
        return Check(FOR_SOMEONE_ELSE)
    if has_word(typed, _SELF_WORDS):
        return Check(FOR_SELF)
    return Check(problem=who_problem())


# --- who the visitor already spoke about ---------------------------------------------------

# Only a person the visitor calls theirs ("my son", "our daughter") counts: "symptoms in
# children" is a question about children, not a booking for one.
_CHILD_NOUNS = ("son", "daughter", "child", "kid", "boy", "girl", "baby", "toddler", "teen", "teenager",
                "infant", "little one", "stepson", "stepdaughter", "sons", "daughters", "children", "kids")
_OTHER_NOUNS = ("mother", "mom", "mum", "mommy", "mummy", "father", "dad", "daddy", "parent", "parents",
                "wife", "husband", "partner", "spouse", "friend", "brother", "sister", "sibling",
                "grandmother", "grandfather", "grandma", "grandpa", "granny", "grandson", "granddaughter",
                "grandchild", "aunt", "uncle", "cousin", "niece", "nephew", "relative", "neighbour", "neighbor",
                "boyfriend", "girlfriend", "fiance", "fiancee", "fiancé", "fiancée", "colleague", "family member",
                "mother-in-law", "father-in-law", "brother-in-law", "sister-in-law")
_NUMBER_WORDS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
                 "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen")
_AGE_WORDS = r"\d{1,3}|" + "|".join(_NUMBER_WORDS)
_AGE_UNITS = r"year|yr|month|week|day"
_AGE = rf"(?P<age>{_AGE_WORDS})[- ](?P<unit>{_AGE_UNITS})s?[- ]old"
# Words that may stand between "my" and the person: "my little boy", "my 4-year-old son".
_DESCRIBING = (r"(?:(?:little|young|baby|teenage|teen|youngest|eldest|oldest|older|younger|only|sick|"
               rf"(?:{_AGE_WORDS})[- ](?:{_AGE_UNITS})s?[- ]old)\s+)*")


def _alternatives(nouns: tuple[str, ...]) -> str:
    return "|".join(re.escape(n) for n in sorted(nouns, key=len, reverse=True))


_OWNER = r"(?<![\w'-])(?:my|our)\s+"
_CHILD_MENTION = re.compile(_OWNER + _DESCRIBING + rf"(?:{_alternatives(_CHILD_NOUNS)})(?![\w-])")
_OTHER_MENTION = re.compile(_OWNER + _DESCRIBING + rf"(?:{_alternatives(_OTHER_NOUNS)})(?![\w-])"
                            r"|(?<![\w'-])for\s+(?:someone|somebody)\s+else\b|\bfor\s+another\s+person\b"
                            r"|\bfor\s+a\s+(?:friend|relative|family\s+member)\b")
_AGE_ONLY = re.compile(_OWNER + _AGE + rf"(?!\s+(?:{_alternatives(_CHILD_NOUNS + _OTHER_NOUNS)})(?![\w-]))")
# Said of oneself in any message: a diagnosis, or being the patient.
_SELF_STATEMENT = re.compile(
    r"\bi(?:'m| am) the patient\b|\bi(?:'ve| have)? (?:just |recently )?(?:been |was |got )?diagnosed\b"
    r"|\bi (?:have|got) (?:all|leukemia|leukaemia|acute lymphoblastic)\b|\bfor my ?self\b|\bmy own\b"
)
# Said in the request itself: "an appointment for me", "book me in".
_SELF_REQUEST = re.compile(r"(?<!not )\bfor me\b|\bbook me\b|\bfor myself\b|\bme an appointment\b"
                           r"|\band me\b|\bme and\b")
_ADULT_AGE = 18


def _age_is_a_child(match: re.Match[str]) -> bool:
    age, unit = match.group("age"), match.group("unit")
    if unit != "year" and unit != "yr":
        return True  # months, weeks, days old
    years = int(age) if age.isdigit() else _NUMBER_WORDS.index(age) + 1
    return years < _ADULT_AGE


def mentioned_booking_for(text: str, in_request: bool = True) -> str | None:
    """Who the visitor says the appointment (or their question) is about, if exactly one.

    `in_request`: the text asks for the appointment, so "for me" counts too; in an earlier
    message ("can you explain it for me?") only a plain statement about oneself does.
    """
    typed = words(text)
    found = set()
    if _CHILD_MENTION.search(typed):
        found.add(FOR_CHILD)
    if _OTHER_MENTION.search(typed):
        found.add(FOR_SOMEONE_ELSE)
    for age in _AGE_ONLY.finditer(typed):
        found.add(FOR_CHILD if _age_is_a_child(age) else FOR_SOMEONE_ELSE)
    if _SELF_STATEMENT.search(typed) or (in_request and _SELF_REQUEST.search(typed)):
        found.add(FOR_SELF)
    return found.pop() if len(found) == 1 else None


def booking_for_from_conversation(request: str, earlier: list[str]) -> str | None:
    """Who the appointment is for, from the request, else from the latest earlier message that
    names one person (earlier: the visitor's messages of this conversation, oldest first)."""
    said = mentioned_booking_for(request)
    if said is not None:
        return said
    for text in reversed(earlier):
        said = mentioned_booking_for(text, in_request=False)
        if said is not None:
            return said
    return None


# --- names ---------------------------------------------------------------------------------

PATIENT = "patient"
CONTACT = "contact"
_NAME_PREFIX = re.compile(
    r"^(?:(?:my|his|her|their|the patient'?s|the child'?s|our)\s+(?:full\s+)?name\s+is|"
    r"(?:full\s+)?name\s*[:=-]?|it'?s|it\s+is|i'?m|i\s+am|this\s+is|he\s+is|she\s+is|they\s+are|call\s+me)\s+",
    re.IGNORECASE,
)
_NOT_NAMES = {"yes", "no", "ok", "okay", "skip", "none", "me", "myself", "my child", "someone else", "hi",
              "hello", "nobody", "anonymous", "n/a", "na", "unknown", "dunno", "test"}
_NAME_PUNCTUATION = set(" -'.’")
# Words of an instruction, not of a name ("change my name", "the phone number is wrong").
_INSTRUCTION_WORDS = ("change", "correct", "fix", "edit", "update", "wrong", "mistake", "name", "phone",
                      "number", "email", "appointment", "booking", "cancel")
MAX_NAME_LENGTH = 80
MAX_NAME_WORDS = 6


def _name_problem(name: str, whose: str, say: FormChecks) -> Template | None:
    if not name or not any(c.isalpha() for c in name):
        return say.name_letters
    if name.lower() in _NOT_NAMES:
        return say.name_why.contact if whose == CONTACT else say.name_why.patient  # the form asks again
    if has_word(words(name), _INSTRUCTION_WORDS):
        return say.name_just_the_name
    if any(c.isdigit() for c in name):
        return say.name_no_numbers
    if any(not (c.isalpha() or c in _NAME_PUNCTUATION) for c in name):
        return say.name_punctuation
    if len(name) > MAX_NAME_LENGTH or len(name.split()) > MAX_NAME_WORDS:
        return say.name_too_long
    if len(name.replace(" ", "")) < 2:
        return say.name_too_short
    return None


def validate_name(text: str, whose: str = PATIENT) -> Check:
    """A tidied name, or what is wrong with it (`whose`: PATIENT or CONTACT, for the wording)."""
    name = " ".join(text.split()).strip(" .,!")
    name = _NAME_PREFIX.sub("", name).strip(" .,!")
    say = checks()
    problem = _name_problem(name, whose, say)
    if problem is None:
        return Check(name)
    subject = say.whose_name.contact if whose == CONTACT else say.whose_name.patient
    return Check(problem=problem.fill(whose=subject.fill()))


# Capitalised single words that are not names ("Thanks", "Help").
_NOT_FIRST_NAMES = {"thanks", "thank", "help", "please", "sorry", "hey", "what", "why", "how", "both", "us",
                    "we", "him", "her", "them", "he", "she", "they", "family", "none", "nobody", "idk", "unsure"}


def looks_like_a_name(text: str) -> str | None:
    """The name, when an unclear answer to "who is it for?" is one ("Jane Doe", "Maya").

    A first and last name, or one capitalised word: "banana" stays an unclear answer.
    """
    check = validate_name(text)
    if not check.ok or check.value is None:
        return None
    name = check.value
    if len(name.split()) >= 2:
        return name
    return name if name[0].isupper() and name.lower() not in _NOT_FIRST_NAMES else None


def same_person(first: str | None, second: str | None) -> bool:
    return bool(first and second) and words(str(first)) == words(str(second))
