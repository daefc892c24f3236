"""Which page question a message asks, given the conversation so far.

"and for kids?" after the survival rate asks about survival by age; "what comes after that?"
after induction asks about consolidation; "tell me more about the last one" after the
treatment phases asks about maintenance; "how long does it take?" after induction asks for a
detail of induction (which the answer action then checks against content/answer_limits.yml).
The words that make a message a follow-up are the parse data's `cues.follow_ups`
(content/follow_ups.yml, found by the NLU pipeline); where each kind leads is set per question type in
content/answers.yml (next, more, parts, when_named). The last page question answered is kept
in the `last_topic` slot.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from core.answer_map import Question
from core.content import Content
from core.cues import ORDINALS
from core.page import TERM_KINDS

LAST_TOPIC_SLOT = "last_topic"
FOLLOW_UP_INTENT = "ask_follow_up"
FALLBACK = "nlu_fallback"
# Terms of these kinds narrow the previous question rather than change the topic ("and in kids?").
NARROWING_KINDS = ("age_group",)
SURE = 0.9  # a classifier this sure of another question wins over an opener ("and …")
UNSURE = 0.5  # below this, a guess at another question gives way to a pronoun pointing back


@dataclass(frozen=True)
class Resolved:
    question: str
    follows_up: bool  # read against the previous question, or moved by a follow-up word


def read_cues(message: dict[str, Any], kind: str) -> list[str]:
    """What else the NLU pipeline read in the message: `details` or `follow_ups` (kinds)."""
    return [str(v) for v in (message.get("cues") or {}).get(kind) or []]


def named_kinds(message: dict[str, Any]) -> list[str]:
    """Kinds of the page terms named and not negated (other diseases are decided earlier)."""
    return [str(e.get("entity")) for e in message.get("entities") or []
            if e.get("entity") in TERM_KINDS and e.get("entity") != "disease" and e.get("role") != "negated"]


def classifier_guess(message: dict[str, Any], content: Content) -> tuple[str | None, float]:
    for entry in message.get("intent_ranking") or []:
        if entry.get("name") in content.answers.questions:
            return str(entry["name"]), float(entry.get("confidence") or 0.0)
    return None, 0.0


def question_about(message: dict[str, Any], kind: str, content: Content) -> str | None:
    """The question type about the first term of this kind named (content.question_about)."""
    values = [str(e.get("value")) for e in message.get("entities") or []
              if e.get("entity") == kind and e.get("role") != "negated"]
    return content.question_about(kind, values[0]) if values else None


def leads_on(question: Question, cue: str) -> bool:
    """Whether an order word leads somewhere from this question ("the last one" after the
    phases; not "the last phase of treatment" after the symptoms)."""
    return bool(question.next if cue == "next" else question.more if cue == "more"
                else question.parts if cue in ORDINALS else False)


def leans_back(message: dict[str, Any], last: str | None, content: Content) -> bool:
    """Does the message continue the previous question rather than ask a new one?"""
    if last is None:
        return False
    intent = (message.get("intent") or {}).get("name")
    cues = read_cues(message, "follow_ups")
    words = len(str(message.get("text") or "").split())
    short = words <= content.follow_ups.max_words
    kinds = named_kinds(message)
    if intent == FOLLOW_UP_INTENT or "same_topic" in cues:
        return True
    question = content.answers.questions[last]
    new_topic = [k for k in kinds if k not in NARROWING_KINDS and not question.instead_when_named(k)]
    guess, confidence = classifier_guess(message, content)
    vague = guess is None or confidence < SURE or guess == last or intent == FALLBACK
    # A pronoun alone ("how is it treated?") leans back only when nothing else is likely.
    unsure = intent in (FOLLOW_UP_INTENT, FALLBACK) or guess is None or guess == last or confidence < UNSURE
    if short and not new_topic and any(leads_on(question, cue) for cue in cues):
        return True
    if short and not new_topic and "openers" in cues:
        # "and for kids?" narrows the last question; "ok and how do they treat it?" asks a new one.
        return vague or any(question.instead_when_named(k) for k in kinds)
    return short and "back_reference" in cues and not kinds and unsure


def guess_about_named_term(message: dict[str, Any], content: Content) -> str | None:
    """A follow-up with nothing before it: the classifier's page guess, only when the message
    gives it something to go on: a term that question is about or answers differently ("what
    comes after induction?"), or an order word next to any page term ("the first phase of ALL
    treatment"). "And for children?" or "the first one?" alone ask about nothing said."""
    guess = classifier_guess(message, content)[0]
    if guess is None:
        return None
    question = content.answers.questions[guess]
    cues = read_cues(message, "follow_ups")
    terms = [e for e in message.get("entities") or [] if e.get("entity") in TERM_KINDS and e.get("role") != "negated"]
    in_order = bool(terms) and ("next" in cues or any(o in cues for o in ORDINALS))
    named = any(k in question.about or question.instead_when_named(k) for k in named_kinds(message))
    return guess if in_order or named else None


def resolve_question(message: dict[str, Any], last: str | None, content: Content) -> Resolved | None:
    """The page question to answer, or None when there is none to go on."""
    questions = content.answers.questions
    intent = str((message.get("intent") or {}).get("name") or "")
    last = last if last in questions else None
    back = leans_back(message, last, content)
    if back:
        base = last
    elif intent in questions:
        base = intent
    elif intent == FOLLOW_UP_INTENT:
        base = guess_about_named_term(message, content)
    else:
        base = None
    if base is None:
        return None
    cues = read_cues(message, "follow_ups")
    question = questions[base]
    for ordinal, index in ORDINALS.items():
        if ordinal in cues and question.parts:
            return Resolved(question.parts[index], True)
    if "next" in cues:
        # "what comes after induction?": after the phase named, else after the last question.
        named_phase = question_about(message, "phase", content)
        after = content.answers.questions[named_phase].next if named_phase else question.next
        if after:
            return Resolved(after, True)
    kinds = named_kinds(message)
    if "more" in cues and question.more and (back or not kinds):
        return Resolved(question.more, True)
    for kind in kinds:
        instead = question.instead_when_named(kind)
        if instead:
            return Resolved(instead, True)
    return Resolved(base, back)
