"""The hospital page as it is published, rendered from the content, for the import tests.

The tests never read the team's copy of the page: they render `content/all_page.yml` back to
the two published formats (the plain-text export and an HTML page), so a re-import of an
unchanged page must find no changes, whatever the page says today.
"""

from __future__ import annotations

import html

from core.page import Page, Section
from core.replies import format_date


def _body(section: Section, page: Page) -> list[tuple[str, str]]:
    """(kind, text) blocks of one section: heading, paragraph, intro, item."""
    blocks = [] if section.title == page.source.title else [("heading", section.title)]
    blocks += [("paragraph", " ".join(s.text for s in paragraph)) for paragraph in section.paragraphs]
    for bullet_list in section.lists:
        blocks.append(("paragraph", bullet_list.intro))
        blocks += [("item", item.text) for item in bullet_list.items]
    return blocks


def text_export(page: Page) -> str:
    src = page.source
    lines = [src.title, "", f"{src.review_policy} by", "", f"{src.reviewer}, {src.reviewer_role}", "",
             f"This page was updated on {format_date(src.updated)}.", ""]
    for section in page.sections:
        previous = ""
        for kind, text in _body(section, page):
            if kind == "item":
                lines.append(f"  • {text}")
            else:
                lines += ["", text] if previous == "item" else [text]
                lines.append("")
            previous = kind
        lines.append("")
    lines += [f"Next topic: {src.next_topic}", "", *src.call_to_action]
    return "\n".join(lines) + "\n"


def html_export(page: Page) -> str:
    src = page.source
    esc = html.escape
    parts = ["<!doctype html><html><head><title>Page</title><script>var x = '<p>not text</p>';</script>",
             "</head><body><header><nav><a href='/'>Home</a></nav></header><main>",
             f"<h1>{esc(src.title)}</h1>", f"<p>{esc(src.review_policy)} by<br><a href='#'>{esc(src.reviewer)}</a>, "
             f"{esc(src.reviewer_role)}</p>", f"<p>This page was updated on {format_date(src.updated)}.</p>"]
    for section in page.sections:
        in_list = False
        for kind, text in _body(section, page):
            if kind == "item" and not in_list:
                parts.append("<ul>")
            if kind != "item" and in_list:
                parts.append("</ul>")
            in_list = kind == "item"
            tag = {"heading": "h2", "paragraph": "p", "item": "li"}[kind]
            parts.append(f"<{tag}>{esc(text)}</{tag}>")
        if in_list:
            parts.append("</ul>")
    parts += [f"<p>Next topic: <a href='#'>{esc(src.next_topic)}</a></p>",
              *[f"<p>{esc(line)}</p>" for line in src.call_to_action],
              "</main><footer><p>Footer text.</p></footer></body></html>"]
    return "\n".join(parts)


def div_export(page: Page) -> str:
    """The HTML page as a site builder makes it: <div>s for the review lines and the next
    topic, sections wrapped in <div>s, a breadcrumb outside <main>."""
    src = page.source
    esc = html.escape
    parts = ["<html><body><div class='crumbs'><a href='/'>Home</a> / <a href='#'>Cancers</a></div><main><article>",
             f"<h1 class='title'>{esc(src.title)}</h1><div class='review'>",
             f"<div>{esc(src.review_policy)} by</div>",
             f"<div><a href='#'>{esc(src.reviewer)}</a>, {esc(src.reviewer_role)}</div>",
             f"<div>This page was updated on {format_date(src.updated)}.</div></div>"]
    for section in page.sections:
        parts.append("<div class='section'>")
        for kind, text in _body(section, page):
            if kind == "heading":
                parts.append(f"<h2><span>{esc(text)}</span></h2>")
            elif kind == "item":
                parts.append(f"<ul><li><span>{esc(text)}</span></li></ul>")
            else:
                parts.append(f"<div class='rich-text'><p>{esc(text)}</p></div>")
        parts.append("</div>")
    parts += [f"<div class='next'><span>Next topic:</span> <a href='#'>{esc(src.next_topic)}</a></div>",
              "<div class='cta'>", *[f"<p>{esc(line)}</p>" for line in src.call_to_action],
              "</div></article></main></body></html>"]
    return "\n".join(parts)
