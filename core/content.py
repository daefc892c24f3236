"""All the content, checked together and loaded once, through `load_content()`.

Nothing is read at import time: the action server, the NLU component, the web page and the
tools each call `load_content()` when they first need it; a broken file raises ContentError
there, with one plain line per problem.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache

from core.answer_limits import AnswerLimits, parse_answer_limits
from core.answer_map import AnswerMap, parse_answer_map
from core.checking import read_yaml
from core.conversation import Conversation, parse_conversation
from core.cues import FollowUpWords, Scope, parse_follow_ups, parse_scope
from core.intent_titles import IntentTitles, parse_intent_titles
from core.page import Page, parse_page
from core.paths import (
    ANSWERS_FILE,
    CONTENT_DIR,
    CONVERSATION_FILE,
    FOLLOW_UPS_FILE,
    LIMITS_FILE,
    PAGE_FILE,
    SAFETY_FILE,
    SCOPE_FILE,
    SITE_FILE,
    SYNONYMS_FILE,
    TITLES_FILE,
)
from core.settings import load_settings
from core.site import Site, SiteWording, parse_site
from core.vocabulary import Vocabulary, build_vocabulary

CONTENT_FILES = (PAGE_FILE, ANSWERS_FILE, SYNONYMS_FILE, SAFETY_FILE, SITE_FILE, TITLES_FILE, LIMITS_FILE,
                 SCOPE_FILE, FOLLOW_UPS_FILE, CONVERSATION_FILE)


@dataclass(frozen=True)
class Content:
    page: Page
    answers: AnswerMap
    vocabulary: Vocabulary
    site: SiteWording
    titles: IntentTitles
    limits: AnswerLimits
    scope: Scope
    follow_ups: FollowUpWords
    conversation: Conversation  # what the actions say

    def title_for(self, intent: str) -> str | None:
        """The plain-words title to offer for an intent, or None if it is never offered."""
        if intent in self.titles.never_offer:
            return None
        question = self.answers.questions.get(intent)
        return question.title if question else self.titles.titles.get(intent)

    def question_about(self, kind: str, value: str) -> str | None:
        """The question type about one page term ("phase", "induction" → what induction is):
        the shortest answer among the questions mainly about that kind whose sentences name it."""
        found: list[tuple[int, str]] = []
        for question in self.answers.questions.values():
            if not question.about or question.about[0] != kind or not question.say:
                continue
            section = self.page.section(question.section)
            named = {self.vocabulary.canonical_of(kind, term) for s in question.say
                     for term in section.sentence(s).terms.get(kind, ())}
            if value in named:
                found.append((len(question.say), question.intent))
        return min(found)[1] if found else None


def read_content() -> Content:
    """Read and check every content file now (no cache): ContentError lists what is wrong."""
    page = parse_page(read_yaml(PAGE_FILE), PAGE_FILE)
    answers = parse_answer_map(read_yaml(ANSWERS_FILE), page, ANSWERS_FILE)
    site = parse_site(read_yaml(SITE_FILE), SITE_FILE)
    return Content(
        page=page,
        answers=answers,
        vocabulary=build_vocabulary(page, read_yaml(SYNONYMS_FILE), read_yaml(SAFETY_FILE),
                                    SYNONYMS_FILE, SAFETY_FILE, site.numbers),
        site=site,
        titles=parse_intent_titles(read_yaml(TITLES_FILE), TITLES_FILE),
        limits=parse_answer_limits(read_yaml(LIMITS_FILE), answers, LIMITS_FILE),
        scope=parse_scope(read_yaml(SCOPE_FILE), SCOPE_FILE),
        follow_ups=parse_follow_ups(read_yaml(FOLLOW_UPS_FILE), FOLLOW_UPS_FILE),
        conversation=parse_conversation(read_yaml(CONVERSATION_FILE), site.numbers, CONVERSATION_FILE),
    )


@cache
def load_content() -> Content:
    """The content, read once per process."""
    return read_content()


def load_site() -> Site:
    """The site wording with this deployment's settings (read from the environment each time)."""
    return Site(load_content().site, load_settings())


def content_version() -> str:
    """A short hash of every content file, to tell which content an answer or approval came from."""
    digest = hashlib.sha256()
    for path in CONTENT_FILES:
        digest.update(path.relative_to(CONTENT_DIR).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]
