"""What each page question's answer does not say (`content/answer_limits.yml`), checked
against the answer map: every question type and detail it names must exist."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from core.answer_map import AnswerMap
from core.checking import Checker
from core.page import TERM_KINDS
from core.paths import LIMITS_FILE
from core.safety import GAP

PLACEHOLDERS = ("{topic}", "{named}")


@dataclass(frozen=True)
class Detail:
    """A kind of detail visitors ask for ("how long", "which drugs")."""

    kind: str
    asks: tuple[str, ...]
    missing: str  # may hold {topic} and {named}
    quote: bool
    named_kinds: tuple[str, ...] = ()
    intent: str | None = None  # the not-covered question asking for it, when the classifier is unsure
    # Kinds of page term it is asked about ("how long is maintenance?": a phase): a message with
    # its words and such a term asks about that term even when the classifier sees no page question.
    of: tuple[str, ...] = ()
    question: str | None = None  # the page question it always belongs to ("is survival different for …")
    covers: tuple[str, ...] = ()  # details its wording already says: not said again when both are asked

    def wording(self, topic: str, named: str) -> str:
        return self.missing.replace("{topic}", topic).replace("{named}", named)


@dataclass(frozen=True)
class AnswerLimits:
    details: dict[str, Detail]
    topics: dict[str, str]  # question type → how a reply names it
    lacking: dict[str, tuple[str, ...]]  # question type → details its answer does not give

    def missing_details(self, question_type: str, asked: list[str]) -> list[Detail]:
        """The details asked for that this question type's answer does not give, in file order."""
        lacks = set(self.lacking.get(question_type, ()))
        missing = [d for kind, d in self.details.items() if kind in asked and kind in lacks]
        covered = {kind for d in missing for kind in d.covers}
        return [d for d in missing if d.kind not in covered]


def _detail(check: Checker, kind: str, raw: Any) -> Detail | None:
    where = f"details.{kind}"
    optional = {"named_kinds", "intent", "of", "question", "covers"}
    data = check.mapping(raw, where, {"asks", "missing", "quote"}, optional)
    asks = check.phrases(data.get("asks"), where)
    for phrase in asks:
        if not all(part.strip() for part in phrase.split(GAP)):
            check.fail(where, f"{phrase!r}: '{GAP}' must stand between words")
    missing = check.text(data.get("missing"), where)
    if not isinstance(data.get("quote"), bool):
        check.fail(where, "'quote' must be yes or no")
    named_kinds = check.ids(data.get("named_kinds") or [], where, "named_kinds")
    of = check.ids(data.get("of") or [], where, "of")
    for named_kind in (*named_kinds, *of):
        if named_kind not in TERM_KINDS:
            check.fail(where, f"unknown term kind '{named_kind}' (known: {', '.join(TERM_KINDS)})")
    if "{named}" in missing and not named_kinds:
        check.fail(where, "'{named}' needs 'named_kinds'")
    intent, question = data.get("intent"), data.get("question")
    if intent is not None and not isinstance(intent, str):
        check.fail(where, "'intent' must be an intent name")
        intent = None
    if question is not None and not isinstance(question, str):
        check.fail(where, "'question' must be a question type")
        question = None
    if of and not data.get("quote"):
        check.fail(where, "'of' needs 'quote: yes' (a detail asked about a term quotes what the page says of it)")
    covers = check.ids(data.get("covers") or [], where, "covers")
    return Detail(kind, tuple(asks), missing, bool(data.get("quote")), tuple(named_kinds), intent, tuple(of),
                  question, tuple(covers))


def parse_answer_limits(raw: Any, answers: AnswerMap, path: Path = LIMITS_FILE) -> AnswerLimits:
    check = Checker(path)
    data = check.mapping(raw, "top level", {"details", "questions"}, {"every_question_lacks"})
    details_raw = data.get("details")
    if not isinstance(details_raw, dict) or not details_raw:
        check.fail("details", "expected detail kinds mapping to asks / missing / quote")
        details_raw = {}
    details = {str(k): d for k, v in details_raw.items() if (d := _detail(check, str(k), v)) is not None}
    everywhere = check.ids(data.get("every_question_lacks") or [], "every_question_lacks", "every_question_lacks")
    questions_raw = data.get("questions")
    if not isinstance(questions_raw, dict):
        check.fail("questions", "expected question types mapping to topic / does_not_say")
        questions_raw = {}
    topics: dict[str, str] = {}
    lacking: dict[str, tuple[str, ...]] = {}
    for intent, entry in questions_raw.items():
        where = f"questions.{intent}"
        if intent not in answers.questions:
            check.fail(where, "not a question type of content/answers.yml")
        fields = check.mapping(entry, where, {"topic", "does_not_say"})
        topics[str(intent)] = check.text(fields.get("topic"), where)
        lacks = check.ids(fields.get("does_not_say") or [], where, "does_not_say")
        lacking[str(intent)] = tuple(dict.fromkeys((*lacks, *everywhere)))
    for where, kinds in [("every_question_lacks", everywhere), *((f"questions.{q}", v) for q, v in lacking.items())]:
        for kind in kinds:
            if kind not in details:
                check.fail(where, f"no detail called '{kind}' under details")
    for intent in sorted(set(answers.questions) - set(topics)):
        check.fail("questions", f"'{intent}' is missing: every question type needs a topic")
    for detail in details.values():
        if detail.intent and detail.intent not in {*answers.not_covered, "out_of_scope"}:
            check.fail(f"details.{detail.kind}", f"intent '{detail.intent}' is not a not_covered intent of answers.yml")
        for covered in detail.covers:
            if covered not in details or covered == detail.kind:
                check.fail(f"details.{detail.kind}", f"covers '{covered}', which is not another detail")
        if detail.question and detail.kind not in lacking.get(detail.question, ()):
            check.fail(f"details.{detail.kind}", f"question '{detail.question}' must be a question type whose "
                                                 f"does_not_say lists '{detail.kind}'")
    check.raise_if_any()
    return AnswerLimits(details, topics, lacking)
