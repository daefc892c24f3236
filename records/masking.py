"""Masking names, phone numbers and email addresses in what visitors typed.

Staff reports (`make unanswered`) show what visitors asked, never who they are: an email
address becomes [email], a phone number [phone] and a name [name]. The tracker store uses
`has_contact_details` to encrypt a message that holds a phone number or an email address.

Names have no pattern, so two signs are used, without any downloaded model:
- a cue ("my name is …", "named …", "call me …") masks the words that follow it;
- a word that English writes capitalised far more often than in lower case (Jane, Garcia,
  Phoenix: spaCy's lookup tables, `spacy-lookups-data`), unless the page's own content uses
  it, masks that word and a capitalised word right after it (a surname).
It masks too much rather than too little: a place or a brand name may show as [name] too.
"""

from __future__ import annotations

import gzip
import json
import re
from functools import cache
from importlib import resources

import phonenumbers

from core.content import load_content
from records.booking_fields import phone_region

EMAIL_MASK, PHONE_MASK, NAME_MASK = "[email]", "[phone]", "[name]"
_EMAIL_SLOT, _PHONE_SLOT = "\x01", "\x02"

_EMAIL = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# Seven or more digits with the usual separators: a number phonenumbers would not call valid
# (an unknown area code, a typo) is still somebody's number.
_DIGITS = re.compile(r"(?<![\w.])\+?\(?\d(?:[\s().-]{0,2}\d){6,}(?![\w])")
_WORD = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿ][A-Za-zÀ-ÖØ-öø-ÿ'’-]*")
# After these, the next words are the name whatever their case ("my name is jane doe") ...
_STRONG_CUE = re.compile(r"\b(?:name\s+is|name's|names\s+are|named|called|call\s+me)\s+$", re.IGNORECASE)
# ... after these only when capitalised ("this is Jane", not "this is about").
_WEAK_CUE = re.compile(r"\b(?:this\s+is|i\s+am|i'm|i’m|im|it's|it\s+is)\s+$", re.IGNORECASE)
_CUE_STOP = frozenset({
    "a", "an", "the", "and", "or", "but", "with", "from", "for", "at", "in", "on", "to", "of", "is", "are",
    "was", "has", "have", "had", "who", "which", "that", "not", "my", "his", "her", "our", "their", "your",
    "about",
})
# Capitalised far more often than in lower case: e (≈2.7) to the power of this.
NAME_MARGIN = 1.9
_NOT_NAMES = frozenset({
    "i", "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "english", "spanish", "american",
})


def has_contact_details(text: str) -> bool:
    """Whether the text holds an email address or something that looks like a phone number."""
    return bool(_EMAIL.search(text) or _DIGITS.search(text) or _phone_spans(text))


def _phone_spans(text: str) -> list[tuple[int, int]]:
    return [(m.start, m.end) for m in phonenumbers.PhoneNumberMatcher(text, phone_region())]


@cache
def _word_odds() -> dict[str, float]:
    """log P(word as written) for about a million English spellings (spaCy's lookup table)."""
    table = resources.files("spacy_lookups_data") / "data" / "en_lexeme_prob.json.gz"
    with table.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as text:
        return json.load(text)


@cache
def content_words() -> frozenset[str]:
    """Every word of the page and its vocabulary, lowercased: never masked as a name."""
    content = load_content()
    page = content.page
    texts = [sentence.text for _, sentence in page.sentences()]
    texts += [section.title for section in page.sections]
    texts += [item.text for section in page.sections for bullets in section.lists for item in bullets.items]
    texts += [phrase for term in content.vocabulary.terms for phrase in term.phrases]
    return frozenset(word.lower() for text in texts for word in _WORD.findall(text))


def looks_like_a_name(word: str, keep: frozenset[str] = frozenset()) -> bool:
    lower = word.lower()
    if len(lower) < 2 or lower in _NOT_NAMES or lower in keep:
        return False
    odds = _word_odds()
    capitalised = odds.get(lower[:1].upper() + lower[1:])
    if capitalised is None:
        return False
    written_lower = odds.get(lower)
    return written_lower is None or capitalised - written_lower >= NAME_MARGIN


def _mask_names(text: str, keep: frozenset[str]) -> str:
    out: list[str] = []
    position = 0
    previous_masked = False
    cue_words = 0
    for match in _WORD.finditer(text):
        word = match.group()
        between = text[position:match.start()]
        before = text[:match.start()]
        if between.strip():
            cue_words = 0  # punctuation ends what a cue introduced
        if not previous_masked and (_STRONG_CUE.search(before) or (_WEAK_CUE.search(before) and word[:1].isupper())):
            cue_words = 3  # a first name, a middle name, a surname
        joined = previous_masked and not between.strip()  # no punctuation since the last name word
        if cue_words and word.lower() not in _CUE_STOP:
            masked = True
            cue_words -= 1
        else:
            cue_words = 0
            surname = joined and word[:1].isupper() and word.lower() not in keep
            masked = surname or looks_like_a_name(word, keep)
        if masked and joined:
            pass  # "Jane Doe" becomes one [name]
        elif masked:
            out.append(between + NAME_MASK)
        else:
            out.append(between + word)
        previous_masked = masked
        position = match.end()
    out.append(text[position:])
    return "".join(out)


def mask_personal(text: str, keep: frozenset[str] = frozenset()) -> str:
    """The text with emails, phone numbers and names masked; `keep` holds lowercase words that
    are never names here (the page's own words)."""
    # Stand-ins without letters, so the name pass can't take "email" in "[email]" for a word.
    text = _EMAIL.sub(_EMAIL_SLOT, text)
    for start, end in reversed(_phone_spans(text)):
        text = text[:start] + _PHONE_SLOT + text[end:]
    text = _DIGITS.sub(_PHONE_SLOT, text)
    return _mask_names(text, keep).replace(_EMAIL_SLOT, EMAIL_MASK).replace(_PHONE_SLOT, PHONE_MASK)
