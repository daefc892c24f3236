"""What a visitor's message names: the page's terms and emergency phrases, from the built
spaCy pipeline, with negation, typo tolerance and the capitals rule applied.

Used by the Rasa component (pipeline/rasa_component.py) and by the tests, which load the
built pipeline directly. Everything about the words comes from the pipeline (its patterns
and its meta.json), so this module holds only the rules:
- negation: a cue ("no", "not", "n't", "never", "without", …) before a term, in the same
  clause and within reach, negates it: "I don't have a fever but I bruise easily" names
  bruising only. Clauses end at "but", "and", commas and similar. "not sure", "don't know",
  "can't stop" are not negations.
- emergencies are negated only by a cue right before them ("he is not having a seizure"):
  a missed emergency is worse than an extra emergency message.
- typos: a word of 6+ letters that is not an English word the lookup tables know, and is one
  edit (insert, delete, replace, swap) from exactly one word of the patterns, is read as
  that word ("nosebleds" → "nosebleeds", "siezure" → "seizure"). Real words are never
  changed ("tested" stays "tested", not "testes").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from spacy.tokens import Doc, Token

from pipeline.cues import Cue, follow_up_kinds, has_topic_word, high_temperature, together_kinds
from pipeline.cues import details as cue_details

META_KEY = "all_assistant"
# negation cue (token NORM) → how many words before a term it reaches
NEGATION_REACH = {"not": 6, "never": 6, "no": 3, "without": 3, "nor": 3, "none": 3, "neither": 4, "nothing": 3}
EMERGENCY_NEGATION_REACH = 3
TEMPERATURE_KIND = "high_temperature"
CLAUSE_WORDS = {"but", "and", "although", "though", "however", "yet", "except", "because", "while", "whereas"}
CLAUSE_PUNCT = {",", ";", ".", "?", "!", ":", "(", ")", "…"}
# A cue followed by one of these is not a negation: "not sure", "don't know", "can't stop".
NOT_NEGATION_BEFORE = {"only", "sure", "know", "certain", "stop", "just", "idea", "matter", "wait"}
TYPO_MIN_LENGTH = 6
COMMON_MIN_LETTERS = 4
PHONE_DIGITS = 7  # a message with this many digits is a phone number given, not keys pressed at random


@dataclass(frozen=True)
class Mention:
    """A page term (or a thing the page does not list) named in the message."""

    kind: str
    canonical: str
    start: int  # character offsets in the original text
    end: int
    text: str  # as typed
    negated: bool
    on_page: bool
    corrected: bool  # found only after reading a typo as the word it was meant to be


@dataclass(frozen=True)
class EmergencyMention:
    kind: str
    start: int
    end: int
    text: str
    negated: bool


@dataclass(frozen=True)
class Analysis:
    mentions: tuple[Mention, ...]
    emergencies: tuple[EmergencyMention, ...]
    cues: tuple[Cue, ...] = ()
    words: int = 0  # words (not punctuation) in the message
    known_words: int = 0  # of them, words an English dictionary knows (or terms of the page)
    common_words: int = 0  # of them, known or everyday English words ("monday": not keys pressed at random)
    first_word: int = 0  # token index of the first word

    def details(self) -> list[str]:
        """Details asked for ("how long", "which drugs"), outside the terms named."""
        return cue_details(self.cues, [(m.start, m.end) for m in self.mentions])

    def follow_ups(self) -> list[str]:
        """Follow-up word kinds; an opener ("and …") counts only when no topic word follows it:
        "and for kids?" leans on the last answer, "ok and how do they treat it?" asks anew."""
        kinds = follow_up_kinds(self.cues, self.first_word)
        return [k for k in kinds if k != "openers"] if self.has_topic_word() else kinds

    def has_topic_word(self) -> bool:
        return has_topic_word(self.cues)

    def emergency(self) -> EmergencyMention | None:
        """The emergency the message reports, if any; thoughts of suicide come first."""
        current = [e for e in self.emergencies if not e.negated]
        suicide = [e for e in current if e.kind == "suicide"]
        return (suicide or current or [None])[0]

    def named(self, kind: str | None = None, include_negated: bool = False) -> list[Mention]:
        return [m for m in self.mentions if (kind is None or m.kind == kind) and (include_negated or not m.negated)]


def lower_keeping_length(text: str) -> str:
    """Lowercase, one character for one, so offsets in the lowered text fit the original."""
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def is_capitals(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def within_one_edit(a: str, b: str) -> bool:
    """Optimal string alignment distance ≤ 1 (a swap of neighbours counts as one edit)."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diffs = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
        if len(diffs) == 1:
            return True
        i, j = (diffs + [0, 0])[:2]
        return len(diffs) == 2 and j == i + 1 and a[i] == b[j] and a[j] == b[i]
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


class TermMatcher:
    """Runs the built pipeline on a message and applies the rules above."""

    def __init__(self, nlp: Any) -> None:
        meta = nlp.meta.get(META_KEY)
        if not meta:
            raise ValueError(
                "This spaCy pipeline was not built by `python -m pipeline.build` (no "
                f"'{META_KEY}' in its meta.json): run `make pipeline`."
            )
        self.nlp = nlp
        self.spans_key: str = meta["emergency_spans"]
        self.cues_key: str | None = meta.get("cue_spans")
        self.together: dict[str, int] = dict(meta.get("together") or {})
        self.temperature: dict[str, float] | None = meta.get("temperature")
        self.not_on_page = {tuple(pair) for pair in meta["not_on_page"]}
        self.capitals_only = set(meta["capitals_only"])
        self.typo_words: dict[str, list[str]] = dict(meta["typo_words"])
        self._page_words = set(meta["page_words"])
        self.likeness_words = set(meta.get("likeness_words") or ())
        lemmatizer = nlp.get_pipe("lemmatizer")
        self._lemmas = lemmatizer.lookups.get_table("lemma_lookup")
        self._lemma_values = set(self._lemmas.values())
        lookups = nlp.vocab.lookups
        self._norms = lookups.get_table("lexeme_norm") if lookups.has_table("lexeme_norm") else {}
        common = meta.get("common_words")
        self._common = lookups.get_table(common) if common and lookups.has_table(common) else {}

    # -- typos -------------------------------------------------------------------------------
    def is_known_word(self, word: str) -> bool:
        return (
            word in self._page_words
            or word in self._lemma_values
            or word in self._lemmas
            or word in self._norms
        )

    def is_common_word(self, token: Token) -> bool:
        """Everyday English, stretched ("hiii", "heyy") or inflected ("wednesdays") as in chat."""
        word = token.lower_
        if len(word) < COMMON_MIN_LETTERS:
            return False  # "abc" or "sdf" are as often keys as words: short words must be known ones
        if word in self._common or token.lemma_ in self._common:
            return True
        plural = word[:-1] if word.endswith("s") else ""
        shorter = {re.sub(r"(.)\1+", r"\1", word), re.sub(r"(.)\1{2,}", r"\1\1", word), plural}
        # "hhhhh" shortened to "hh" is still one key held down.
        return any(len(set(w)) > 1 and (w in self._common or self.is_known_word(w)) for w in shorter - {word})

    def correction(self, word: str) -> str | None:
        """The pattern word a misspelled word stands for, when it can only mean one thing."""
        if len(word) < TYPO_MIN_LENGTH or not word.isalpha() or word in self.typo_words or self.is_known_word(word):
            return None
        candidates = [
            w for w in self.typo_words
            if w[0] == word[0] and abs(len(w) - len(word)) <= 1 and within_one_edit(word, w)
        ]
        meanings = {tuple(self.typo_words[w]) for w in candidates}
        return candidates[0] if len(meanings) == 1 else None

    def _corrected_doc(self, doc: Doc) -> tuple[Doc, set[int]]:
        words = [t.text for t in doc]
        changed: set[int] = set()
        for token in doc:
            fixed = self.correction(token.text)
            if fixed is not None:
                words[token.i] = fixed
                changed.add(token.i)
        if not changed:
            return doc, changed
        # Same tokens, some spelled right: token i of the new doc is token i of the message.
        fixed_doc = Doc(self.nlp.vocab, words=words, spaces=[bool(t.whitespace_) for t in doc])
        for _, component in self.nlp.pipeline:
            fixed_doc = component(fixed_doc)
        return fixed_doc, changed

    # -- negation ----------------------------------------------------------------------------
    @staticmethod
    def negated(doc: Doc, start: int, reach: int | None = None) -> bool:
        """Is the term starting at token `start` negated by a cue before it in its clause?"""
        for distance, i in enumerate(range(start - 1, -1, -1)):
            token = doc[i]
            if token.text in CLAUSE_PUNCT or token.norm_ in CLAUSE_WORDS:
                return False
            cue_reach = NEGATION_REACH.get(token.norm_)
            if cue_reach is not None:
                following = doc[i + 1].norm_ if i + 1 < len(doc) else ""
                if following not in NOT_NEGATION_BEFORE and distance < min(cue_reach, reach or cue_reach):
                    return True
            if reach is not None and distance + 1 >= reach:
                return False
        return False

    def likeness(self, doc: Doc, end: int) -> bool:
        """Does a likeness word ("like", "type") follow the term ending at token `end`?"""
        following = [t.norm_ for t in doc[end:end + 2] if t.text != "-"]
        return bool(following) and following[0] in self.likeness_words

    # -- the whole message -------------------------------------------------------------------
    def analyse(self, text: str, doc: Doc | None = None) -> Analysis:
        """Terms and emergencies in `text`. `doc` may be the pipeline's doc of the lowercased
        text (as Rasa's SpacyNLP makes it); it is made here otherwise."""
        lowered = lower_keeping_length(text)
        if doc is None or doc.text != lowered:
            doc = self.nlp(lowered)
        fixed, changed = self._corrected_doc(doc)

        def offsets(start: int, end: int) -> tuple[int, int]:
            return doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)

        mentions = []
        for ent in fixed.ents:
            start, end = offsets(ent.start, ent.end)
            typed = text[start:end]
            if ent.text in self.capitals_only and not is_capitals(typed):
                continue  # "all" is a word; "ALL" is the disease
            kind, canonical = ent.label_, ent.ent_id_
            on_page = (kind, canonical) not in self.not_on_page
            if not on_page and self.likeness(fixed, ent.end):
                continue  # "flu-like symptoms": the flu is a likeness, not what is asked about
            mentions.append(Mention(
                kind, canonical, start, end, typed,
                negated=self.negated(fixed, ent.start),
                on_page=on_page,
                corrected=any(i in changed for i in range(ent.start, ent.end)),
            ))
        emergencies = []
        seen: set[tuple[str, int]] = set()
        for span in sorted(fixed.spans[self.spans_key], key=lambda s: (s.start, -s.end)):
            if (span.label_, span.start) in seen:
                continue
            seen.add((span.label_, span.start))
            start, end = offsets(span.start, span.end)
            emergencies.append(EmergencyMention(
                span.label_, start, end, text[start:end],
                negated=self.negated(fixed, span.start, reach=EMERGENCY_NEGATION_REACH),
            ))
        cues = []
        for span in fixed.spans.get(self.cues_key, []) if self.cues_key else []:
            start, end = offsets(span.start, span.end)
            cues.append(Cue(span.label_, start, end, span.start, span.end, text[start:end]))
        for kind, cue in together_kinds(cues, self.together):
            emergencies.append(EmergencyMention(kind, cue.start, cue.end, cue.text, negated=self.negated(
                fixed, cue.token_start, reach=EMERGENCY_NEGATION_REACH)))
        hot = high_temperature(fixed, cues, self.temperature)
        if hot is not None:
            start, end = offsets(*hot)
            emergencies.append(EmergencyMention(TEMPERATURE_KIND, start, end, text[start:end], negated=False))
        words = [t for t in doc if t.is_alpha]
        # Words of the page's terms and of the cues count as English too ("is chemo painful").
        inside = {i for m in fixed.ents for i in range(m.start, m.end)}
        inside |= {i for cue in cues for i in range(cue.token_start, cue.token_end)}
        known = {t.i for t in words if t.is_stop or t.i in inside or t.i in changed or self.is_known_word(t.norm_)}
        common = len(known) + sum(1 for t in words if t.i not in known and self.is_common_word(t))
        common += sum(1 for t in doc if t.like_email) + (sum(c.isdigit() for c in text) >= PHONE_DIGITS)
        first = next((t.i for t in doc if not t.is_punct), 0)
        return Analysis(tuple(mentions), tuple(emergencies), tuple(cues), len(words), len(known), common, first)


def load_matcher(path: str) -> TermMatcher:
    import spacy

    return TermMatcher(spacy.load(path))
