"""What pipeline/scope.py needs from the content to decide whether, and which, page question a
message asks: written into the spaCy pipeline's meta.json by pipeline/build.py, so a saved
pipeline cannot drift from the content it was built from."""

from __future__ import annotations

from typing import Any

from core.answer_map import Question
from core.content import Content


def mentions(content: Content, question: Question) -> list[str]:
    """The page terms ("phase:maintenance") that the sentences of a question's answer name."""
    sections = {section.id: section for section in content.page.sections}
    if question.section not in sections:  # the page's review line, not a section of sentences
        return []
    section = sections[question.section]
    return sorted({f"{kind}:{name}" for s in question.say for kind, names in section.sentence(s).terms.items()
                   for name in names})


def next_after(content: Content) -> dict[str, str]:
    """"kind:term" → the question type that answers "what comes after it?" ("phase:induction"
    → consolidation): the `next` of the question about that term."""
    found: dict[str, str] = {}
    for term in content.vocabulary.terms:
        about = content.question_about(term.kind, term.canonical) if term.on_page else None
        following = content.answers.questions[about].next if about else None
        if following:
            found[f"{term.kind}:{term.canonical}"] = following
    return found


def scope_meta(content: Content) -> dict[str, Any]:
    """What pipeline/scope.py needs to decide whether and which page question a message asks."""
    questions = content.answers.questions.values()

    def parts(q: Question) -> list[str]:
        return [f"{q.section}:{s}" for s in q.say] + ([f"{q.section}:{q.list_id}"] if q.list_id else [])

    return {
        "min_confidence": content.scope.min_confidence,
        "follow_up_max_words": content.follow_ups.max_words,
        "page_questions": sorted(content.answers.questions),
        "not_covered": sorted(content.answers.not_covered),
        "about": {q.intent: list(q.about) for q in questions if q.about},
        "answer_parts": {q.intent: parts(q) for q in questions},
        "detail_intents": {d.kind: d.intent for d in content.limits.details.values() if d.intent},
        "detail_of": {d.kind: list(d.of) for d in content.limits.details.values() if d.of},
        "detail_questions": {d.kind: d.question for d in content.limits.details.values() if d.question},
        "lacking": {q: list(kinds) for q, kinds in content.limits.lacking.items()},
        "mentions": {q.intent: mentions(content, q) for q in questions},
        "parts": {q.intent: list(q.parts) for q in questions if q.parts},
        "more": {q.intent: q.more for q in questions if q.more},
        "when_named": {q.intent: dict(q.when_named) for q in questions if q.when_named},
        "next_after": next_after(content),
    }
