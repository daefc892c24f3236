"""Before deciding which page question a message asks, whether the page can answer it at all.

Runs on what the classifier (DIET) found and what the message names (pipeline/matching.py),
in this order, and returns the intent the message gets instead, or None to keep DIET's:
1. an emergency: its phrases, or the classifier's `report_emergency` above a low bar (a false
   alarm costs one message; a missed emergency can cost a life);
2. another language than English (pipeline/language.py);
3. another disease named without ALL ("survival rate for AML"): never a page answer. Named
   together with ALL ("ALL vs AML"), a question about the other disease becomes "what is ALL"
   (the answer then says the page doesn't cover the other one);
4. keyboard mash: no word of everyday English or of the page, and nothing named;
5. a page question asked of a term its answer gives apart ("survival rate for toddlers"): the
   narrower question (answers.yml `when_named`); an order question that names what it is
   about ("what is the last stage of chemo?", "what comes after induction?", "the rest of the
   symptoms"): the part, next or rest that content/answers.yml gives, whatever came before.
   Otherwise a follow-up ("and for kids?", "the last one") the classifier is unsure about, or
   one that points at the figures of the previous answer ("where does that number come
   from?"): resolved by the answer action against the previous question;
6. a detail the page lacks, asked so that the classifier can't see the page question
   (content/answer_limits.yml): a detail that always belongs to one page question ("is the
   survival rate different for T-cell ALL?", `question`) gets that question; one asked about a
   page term the message names ("how many months does the chemo go on for?", `of`) or of the
   classifier's unsure first guess ("how long does the whole treatment take?") gets the
   likeliest page question that lacks it. The answer then says what the page doesn't give
   before what it does (actions/half_answers.py). Otherwise, an unsure message that asks for a
   detail no page question gives ("is chemo painful?") gets the not-covered question that
   detail belongs to (`intent`);
7. an unsure guess at a page question that the term named fits ("does ALL make you bruise
   easily?": a symptom, and the guess is the symptoms question), that is far ahead of any
   other guess, or whose runner-up is its narrower version (survival, and survival by age):
   taken, not "Did you mean". When one of the two likeliest answers holds the other
   (the treatment phases hold consolidation's sentences), the fuller one answers either;
8. no page term, no topic word (content/scope.yml) and an unsure page question: out of scope,
   unless a pronoun leans on the chat and the guess is at least even ("who tends to get it?").
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from core.cues import ORDINALS
from pipeline.matching import Analysis
from pipeline.ranking import classifier_top, confidence_of, given_not, holding, runner_up, second_guess
from pipeline.scope_settings import FALLBACK, Decision, Settings

EMERGENCY = "report_emergency"
OTHER_LANGUAGE = "other_language"
OTHER_DISEASE = "ask_other_disease"
WHAT_IS = "ask_what_is_all"
OUT_OF_SCOPE = "out_of_scope"
FOLLOW_UP = "ask_follow_up"
KEYBOARD_MASH = "keyboard_mash"
BACK_REFERENCE = "back_reference"
ALL_DISEASE = "Acute lymphoblastic leukemia"
# Below this, a classifier's guess at a page question is not trusted over a mash rule.
MASH_CONFIDENCE = 0.9
# An unsure guess at least this likely is taken when the term named fits it, or when it is
# this many times as likely as the next guess (rule 7; "how is it treated?": treatment 0.52,
# the treatment phases 0.28).
FITTING_GUESS = 0.4
CLEAR_LEAD = 1.8
# A page question at least this likely is kept without a page term when a pronoun leans on the chat.
LEANING_GUESS = 0.5
SAME_TOPIC = "same_topic"


def diseases(analysis: Analysis) -> tuple[bool, list[str]]:
    """Whether ALL is named, and the other diseases named (not negated)."""
    named = analysis.named("disease")
    return any(m.on_page for m in named), [m.canonical for m in named if not m.on_page]


NARROWING_KINDS = ("age_group",)  # a group named alone narrows the last question ("the exact number for kids?")
LOOSE_KINDS = ("openers", "more", BACK_REFERENCE)  # follow-up words that lean back only in short messages


def is_follow_up(analysis: Analysis, max_words: int) -> bool:
    named = {m.kind for m in analysis.named() if m.on_page}
    # "And in kids?" narrows the last question; "is the outcome better in kids?" asks its own.
    if named and named <= set(NARROWING_KINDS) and analysis.words <= max_words and not analysis.has_topic_word():
        return True
    kinds = analysis.follow_ups()
    if any(k != BACK_REFERENCE for k in kinds):
        # "What else" or "any others" lean back only in a short message: in a long one they are
        # part of a question of its own ("what else should I watch for besides fever").
        return analysis.words <= max_words or any(k not in LOOSE_KINDS for k in kinds)
    # "How long does it take?" leans back; "my dad has ALL, is it curable?" says what "it" is.
    return bool(kinds) and bool(analysis.details()) and analysis.words <= max_words and not named


def in_scope(analysis: Analysis) -> bool:
    """Names a page term, a topic word or follow-up words (details alone don't count:
    "how long is the flight" is not about the page)."""
    return bool(analysis.named()) or analysis.has_topic_word() or any(
        k != BACK_REFERENCE for k in analysis.follow_ups())


def unsure_guess(top: str, confidence: float, ranking: list[dict[str, Any]], analysis: Analysis,
                 settings: Settings) -> Decision | None:
    """Rule 7: an unsure guess at a page question that is safe to take."""
    second = second_guess(ranking, top)
    fuller = holding(top, second, settings.answer_parts)
    if fuller is not None and runner_up(ranking, top) >= FITTING_GUESS / 2:
        return Decision(fuller, "the fuller of two answers holds the other")
    if confidence < FITTING_GUESS:
        return None
    fits = {m.kind for m in analysis.named() if m.on_page} & set(settings.about.get(top, ()))
    if fits:
        return Decision(top, f"an unsure guess that the {', '.join(sorted(fits))} named fits")
    if in_scope(analysis) and confidence >= CLEAR_LEAD * runner_up(ranking, top):
        return Decision(top, "an unsure guess far ahead of the others")
    if second in settings.narrower(top) or top in settings.narrower(second):
        return Decision(top, "an unsure guess between a question and its narrower version")
    return None


def ranked_page_questions(ranking: list[dict[str, Any]], settings: Settings) -> list[str]:
    """Page questions, likeliest first; those the ranking leaves out follow in answers.yml order."""
    ranked = [str(e.get("name")) for e in ranking if e.get("name") in settings.page_questions]
    return ranked + [q for q in (*settings.about, *sorted(settings.page_questions)) if q not in ranked]


def closest(questions: list[str], kinds: set[str], terms: set[str], settings: Settings) -> str:
    """Of the page questions about a kind of term named, the closest: the one mainly about that
    kind ("chemo": treatment, not induction), then the one whose answer names most of the terms
    named, then the narrowest (maintenance, not all the phases); the classifier's order only
    breaks ties (it was unsure, so its order is mostly noise)."""
    def fit(q: str) -> tuple[bool, int, int, int]:
        mentioned = settings.mentions.get(q, frozenset())
        return settings.about[q][0] in kinds, len(terms & mentioned), -len(mentioned), -questions.index(q)
    return max(questions, key=fit)


def chosen_question(intent: str, top: str, settings: Settings) -> str | None:
    """The page question the classifier chose or guessed at; "" when it saw an everyday question;
    None when it chose something else (an emergency, booking, a question the page doesn't cover)."""
    if intent in settings.page_questions:
        return intent
    return top if intent == FALLBACK else "" if intent == OUT_OF_SCOPE else None


def lacked_detail_named(intent: str, top: str, ranking: list[dict[str, Any]], analysis: Analysis,
                        settings: Settings) -> Decision | None:
    """Rule 6, before follow-ups: a detail that belongs to one page question, or one asked about
    a page term the message names ("which drugs do they use in maintenance?" leans on nothing)."""
    chosen = chosen_question(intent, top, settings)
    if chosen is None:
        return None
    named = {m.kind for m in analysis.named() if m.on_page}
    for detail in analysis.details():
        home = settings.detail_questions.get(detail)
        if home and chosen != home and detail not in settings.lacking.get(chosen, ()) and (chosen or named):
            return Decision(home, f"asks for {detail}, which belongs to {home}")
    if intent not in (FALLBACK, OUT_OF_SCOPE):
        return None
    terms = {f"{m.kind}:{m.canonical}" for m in analysis.named() if m.on_page}
    for detail in analysis.details():
        kinds = set(settings.detail_of.get(detail, ())) & named
        about = [q for q in ranked_page_questions(ranking, settings)
                 if detail in settings.lacking.get(q, ()) and kinds & set(settings.about.get(q, ()))]
        if about:
            return Decision(closest(about, kinds, terms, settings),
                            f"asks for {detail} about the {', '.join(sorted(kinds))} named")
    return None


def narrower_question(top: str, analysis: Analysis, settings: Settings) -> Decision | None:
    """Rule 5: a page question asked of a term its answer gives apart ("survival rate for
    toddlers": survival by age; answers.yml `when_named`), when nothing leans on the previous
    answer ("and for kids?" narrows whatever was asked before)."""
    if analysis.follow_ups():
        return None
    instead = [settings.when_named.get(top, {}).get(m.kind) for m in analysis.named() if m.on_page]
    target = next((q for q in instead if q), None)
    return Decision(target, f"{top} asked of a term it answers apart") if target else None


def order_question(top: str, analysis: Analysis, settings: Settings) -> Decision | None:
    """Rule 5, before follow-ups: what comes after a phase named ("what treatment comes after
    induction?"); the first, second or last part of the page question guessed ("what is the
    last stage of chemo?"); the rest of it ("what are the rest of the symptoms?"). Decided from
    the content whatever came before, when the message names what it is about: "the last one"
    alone leans on the previous answer."""
    kinds = analysis.follow_ups()
    after = [settings.next_after[t] for t in (f"{m.kind}:{m.canonical}" for m in analysis.named() if m.on_page)
             if t in settings.next_after]
    if "next" in kinds and after:
        return Decision(after[0], "asks what comes after the phase named")
    if not (any(m.on_page for m in analysis.named()) or analysis.has_topic_word()):
        return None
    ordinal = next((k for k in kinds if k in ORDINALS), None)
    holders = [q for q, parts in settings.parts.items() if top == q or top in parts]
    if ordinal is not None and holders:
        return Decision(settings.parts[holders[0]][ORDINALS[ordinal]], f"asks for the {ordinal} part of {holders[0]}")
    # Only where the rest is about the same things ("the rest of the symptoms"): "anything else
    # about ALL?" is not a question about B-cells and T-cells.
    rest = [more for q, more in settings.more.items()
            if top in (q, more) and set(settings.about.get(q, ())) & set(settings.about.get(more, ()))]
    if "more" in kinds and rest:
        return Decision(rest[0], f"asks for the rest of {top}")
    return None


def lacked_detail_guessed(intent: str, top: str, analysis: Analysis, settings: Settings) -> Decision | None:
    """Rule 6, after follow-ups: an unsure first guess whose answer lacks the detail asked for
    ("how long does the whole treatment take?" between the phases and everyday questions)."""
    if intent != FALLBACK or top not in settings.page_questions or not in_scope(analysis):
        return None
    for detail in analysis.details():
        if detail in settings.detail_of and detail in settings.lacking.get(top, ()):
            return Decision(top, f"asks for {detail}, which the likeliest page question lacks")
    return None


def decide(intent: str, ranking: list[dict[str, Any]], analysis: Analysis, language: str | None,
           settings: Settings) -> Decision | None:
    top, confidence = classifier_top(ranking)
    if analysis.emergency() is not None:
        return Decision(EMERGENCY, f"emergency words: {analysis.emergency().kind}")
    if confidence_of(ranking, EMERGENCY) >= settings.emergency_confidence and intent != EMERGENCY:
        return Decision(EMERGENCY, "the classifier's emergency signal")
    if language is not None:
        return Decision(OTHER_LANGUAGE, f"written in '{language}'")
    answerable = settings.page_questions | settings.not_covered | {FALLBACK, OUT_OF_SCOPE, FOLLOW_UP}
    all_named, others = diseases(analysis)
    if others and not all_named and (intent in answerable or top in answerable):
        return Decision(OTHER_DISEASE, f"about {', '.join(others)}, not ALL")
    if others and all_named and OTHER_DISEASE in (intent, top):
        return Decision(WHAT_IS, "compares ALL with another disease")
    unsure = intent == FALLBACK or (top in settings.page_questions and confidence < settings.min_confidence)
    if not analysis.common_words and not analysis.mentions and not analysis.cues and confidence < MASH_CONFIDENCE:
        return Decision(KEYBOARD_MASH, "no known word")
    half_answered = lacked_detail_named(intent, top, ranking, analysis, settings)
    if half_answered is not None:
        return half_answered
    ordered = narrower_question(top, analysis, settings) or order_question(top, analysis, settings)
    if ordered is not None:
        return ordered
    if SAME_TOPIC in analysis.follow_ups() or (unsure and is_follow_up(analysis, settings.follow_up_max_words)):
        return Decision(FOLLOW_UP, "follow-up words")
    half_answered = lacked_detail_guessed(intent, top, analysis, settings)
    if half_answered is not None:
        return half_answered
    not_covered = [settings.detail_intents[d] for d in analysis.details() if d in settings.detail_intents]
    if unsure and not_covered:
        return Decision(not_covered[0], "asks for a detail no page question gives")
    if intent == FALLBACK and top in settings.page_questions:
        taken = unsure_guess(top, confidence, ranking, analysis, settings)
        if taken is not None:
            return taken
    # "Who tends to get it?": the pronoun stands for what the chat is about, which the page is.
    leaning = BACK_REFERENCE in analysis.follow_ups() and confidence >= LEANING_GUESS
    if unsure and not in_scope(analysis) and not leaning:
        return Decision(OUT_OF_SCOPE, "no page term or topic word")
    return None


def asked_with_emergency(ranking: list[dict[str, Any]], analysis: Analysis, language: str | None,
                         settings: Settings, sure: float) -> str | None:
    """The page question a message also asks when only the classifier called it an emergency
    (no emergency words: often a worried parent's question): decided as if the emergency
    were not there, so that it can be answered after the emergency message. None when that
    is not a page question. `sure`: the confidence the classifier needs to be taken at its word."""
    rest = given_not(ranking, EMERGENCY)
    top, confidence = classifier_top(rest)
    # Only a page question in a message about the page is taken at the classifier's word
    # (with the emergency gone, "please help us now" leaves nothing but noise); otherwise the
    # rules look for one.
    intent = top if confidence >= sure and top in settings.page_questions and in_scope(analysis) else FALLBACK
    decision = decide(intent, rest, analysis, language, replace(settings, emergency_confidence=2.0))
    chosen = decision.intent if decision is not None else intent
    return chosen if chosen in settings.page_questions else None
