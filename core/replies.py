"""A question type's answer as a chat message: the page's own sentences or list, word for
word, with quick replies for related questions and for booking."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from core.answer_map import SOURCE_SECTION, Question
from core.content import Content, load_content
from core.page import Page, Section


@dataclass(frozen=True)
class Reply:
    text: str
    buttons: tuple[dict[str, str], ...] = ()

    def as_message(self) -> dict[str, Any]:
        """Keyword arguments for `CollectingDispatcher.utter_message`."""
        return {"text": self.text, "buttons": [dict(b) for b in self.buttons]}


def format_date(date: dt.date) -> str:
    return f"{date:%B} {date.day}, {date.year}"


def question_button(content: Content, intent: str) -> dict[str, str]:
    return {"title": content.answers.questions[intent].title, "payload": f"/{intent}"}


def related_buttons(content: Content, question: Question) -> tuple[dict[str, str], ...]:
    buttons = [question_button(content, i) for i in question.related[:3]]
    return (*buttons, content.site.booking_button())


def source_text(page: Page) -> str:
    """Who reviewed the page and when, in the page's own words, joined by content/conversation.yml's."""
    src = page.source
    return load_content().conversation.answers.page_review.fill(
        review_policy=src.review_policy, reviewer=src.reviewer, reviewer_role=src.reviewer_role,
        date=format_date(src.updated))


def answer_text(page: Page, question: Question) -> str:
    if question.section == SOURCE_SECTION:
        return source_text(page)
    section = page.section(question.section)
    lines = [" ".join(section.sentence(s).text for s in question.say)] if question.say else []
    if question.list_id:
        bullet_list = section.bullet_list(question.list_id)
        lines.append(bullet_list.intro)
        lines.extend(f"• {item.text}" for item in bullet_list.items)
    return "\n".join(lines)


def answer_source(content: Content, intent: str) -> dict[str, Any] | None:
    """Where a page answer comes from, as a chat message: a plain "Source: …" line for any
    channel, and the same as data (`custom.source`) for the widget, which links the section's
    title to its anchor on the hospital page. None for the page's review details themselves."""
    question = content.answers.questions[intent]
    if question.section == SOURCE_SECTION:
        return None
    section = content.page.section(question.section)
    updated = content.page.source.updated
    text = content.site.answer_source.format(title=section.title, date=format_date(updated))
    source = {"text": text, "title": section.title, "anchor": section.id, "updated": updated.isoformat()}
    return {"text": text, "json_message": {"source": source}}


def is_answer_source(message: dict[str, Any]) -> bool:
    """Whether a dispatched message is an answer's source line (see answer_source)."""
    return bool((message.get("custom") or message.get("json_message") or {}).get("source"))


def answer(content: Content, intent: str) -> Reply:
    """The page's answer to a question type, with buttons for related questions and booking."""
    question = content.answers.questions[intent]
    return Reply(answer_text(content.page, question), related_buttons(content, question))


def answered_topics(content: Content) -> list[tuple[Section | None, list[str]]]:
    """The page's sections that a question type answers, in page order, each with those question
    types (answers.yml order); None stands for the page's details (who reviewed it, when)."""
    by_section: dict[str, list[str]] = {}
    for intent, question in content.answers.questions.items():
        by_section.setdefault(question.section, []).append(intent)
    topics: list[tuple[Section | None, list[str]]] = [
        (s, by_section[s.id]) for s in content.page.sections if s.id in by_section]
    if SOURCE_SECTION in by_section:
        topics.append((None, by_section[SOURCE_SECTION]))
    return topics


def topic_buttons(content: Content) -> list[dict[str, str]]:
    """One quick reply for each answered section of the page: its first question type."""
    return [question_button(content, intents[0]) for section, intents in answered_topics(content) if section]


def capabilities_text(content: Content) -> str:
    """What the assistant answers, listed from the content: a new answered section shows up here."""
    words = content.site.conversation
    lines = [f"• {' '.join(content.answers.questions[i].title for i in intents)}"
             for _, intents in answered_topics(content)]
    return "\n".join([words["capabilities_intro"], *lines, words["capabilities_outro"]])
