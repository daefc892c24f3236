"""Training examples of a not-covered intent that the page may now answer.

When a re-review adds what the page did not say before ("Is ALL hereditary?"), the examples
that taught the model "our page doesn't cover that" (under `ask_causes`, say) must move to
the new question type, or the two intents fight over the same questions. `make validate`
warns about each not-covered example that is close to an example of an answered question
type *and* shares a word with what that question type now says from the page (its title, its
section's title, its sentences and list), so contrast pairs that the page does not answer
("how is CLL treated" next to "how is ALL treated") stay quiet.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from core.answer_map import SOURCE_SECTION, AnswerMap
from core.page import Page
from tools.common.project_data import Example

# Not topics the page lacks but the visitor's own situation, off-topic talk, or no intent at all.
NOT_TOPICS = {"request_diagnosis", "out_of_scope", "nlu_fallback"}
CLOSE = 0.5  # shared words / all words of the two examples (content words only)


@dataclass(frozen=True)
class Overlap:
    example: Example
    question_type: str
    nearest: str
    shared: tuple[str, ...]


def _stem(word: str) -> str:
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def content_words(text: str, generic: frozenset[str] = frozenset()) -> set[str]:
    return {_stem(w) for w in re.findall(r"[a-z]+", text.lower())
            if w not in ENGLISH_STOP_WORDS and len(w) > 1 and _stem(w) not in generic}


def _page_words(page: Page, answers: AnswerMap, intent: str, generic: frozenset[str]) -> set[str]:
    question = answers.questions[intent]
    texts = [question.title]
    if question.section != SOURCE_SECTION:
        section = page.section(question.section)
        texts += [section.title, *(section.sentence(s).text for s in question.say)]
        if question.list_id:
            bullet_list = section.bullet_list(question.list_id)
            texts += [bullet_list.intro, *(item.text for item in bullet_list.items)]
    return set().union(*(content_words(t, generic) for t in texts))


def overlaps(page: Page, answers: AnswerMap, examples: dict[str, list[Example]]) -> list[Overlap]:
    """Each not-covered example that looks like a question the page now answers."""
    # The disease's own names ("leukemia", "blood cancer") are in nearly every question: they say nothing.
    names = [page.source.title, *(w for _, s in page.sentences() for w in s.terms.get("disease", ()))]
    generic = frozenset(set().union(*(content_words(n) for n in names)))
    answered = {intent: [(e, content_words(e.text, generic)) for e in examples.get(intent, [])]
                for intent in answers.questions}
    said = {intent: _page_words(page, answers, intent, generic) for intent in answers.questions}
    page_text = " ".join([page.source.title] + [s.title for s in page.sections] + [x.text for _, x in page.sentences()]
                         + [i.text for s in page.sections for b in s.lists for i in (*b.items,)])
    known = content_words(page_text).union(*(w for pairs in answered.values() for _, w in pairs))
    found = []
    for intent in answers.not_covered:
        if intent in NOT_TOPICS:
            continue
        for example in examples.get(intent, []):
            words = content_words(example.text, generic)
            if words - known:
                continue  # it names something neither the page nor any answered question does (AML, biopsy)
            best: tuple[float, str, str, set[str]] | None = None
            for other, candidates in answered.items():
                for candidate, other_words in candidates:
                    shared = words & other_words
                    score = len(shared) / len(words | other_words) if shared else 0.0
                    if score >= CLOSE and shared & said[other] and (best is None or score > best[0]):
                        best = (score, other, candidate.text, shared)
            if best:
                found.append(Overlap(example, best[1], best[2], tuple(sorted(best[3]))))
    return found
