"""Where a reply's words come from on the page: every sentence, list and list item of
content/all_page.yml that the reply quotes word for word, by section.

Found from the reply itself rather than from the question type, so an answer about one
named thing (actions/items.py), a diagnosis reply or an emergency follow-up shows exactly
the sentences it said, and a reply that quotes nothing shows that it quotes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from core.answer_map import SOURCE_SECTION
from core.content import Content
from core.replies import format_date, source_text


@dataclass
class SourceSection:
    id: str
    title: str
    sentence_ids: list[str] = field(default_factory=list)
    # (list id, how many of its items the reply quotes)
    lists: list[tuple[str, int]] = field(default_factory=list)


@dataclass(frozen=True)
class Sources:
    sections: tuple[SourceSection, ...]
    reviewed: str  # the content's review date, as the page shows it

    @property
    def quotes_page(self) -> bool:
        return bool(self.sections)


def _normal(text: str) -> str:
    return " ".join(text.split())


def quoted_sources(content: Content, reply_text: str) -> Sources:
    """The page's sections, sentences and lists that `reply_text` quotes, in page order."""
    text = _normal(reply_text)
    page = content.page
    sections: list[SourceSection] = []
    for section in page.sections:
        found = SourceSection(section.id, section.title)
        found.sentence_ids = [s.id for p in section.paragraphs for s in p if _normal(s.text) in text]
        for bullet_list in section.lists:
            items = sum(1 for item in bullet_list.items if f"• {_normal(item.text)}" in text)
            if items or _normal(bullet_list.intro) in text:
                found.lists.append((bullet_list.id, items))
        if found.sentence_ids or found.lists:
            sections.append(found)
    if _normal(source_text(page)) in text:
        sections.append(SourceSection(SOURCE_SECTION, f"Page details: {page.source.title} (reviewer and date)"))
    return Sources(tuple(sections), format_date(page.source.updated))
