"""Reading the hospital's page as it is published: the plain-text export or the HTML page.

Both formats become the same `PublishedPage`: the title, the review line, the date, the
sections with their headings, paragraphs split into sentences, and the bullet lists. No ids
yet: `core.page_import` matches it against `content/all_page.yml` and keeps the ids there.

What the reader expects (docs/TRAINING.md, "A re-review"):
- the title first, then a line "... reviewed ... by" with the reviewer (on it or on the next
  line: "Name, MD, Role"), then a line "... updated on <Month D, YYYY>";
- the text before the first heading is the opening section, titled like the page;
- a heading is a line of its own without a final full stop or colon (in HTML: <h2>-<h6>);
- a paragraph ending with ':' directly before bullet items ('•', '-' or '*'; in HTML <ul>/<ol>)
  introduces that list;
- "Next topic: ..." ends the body; the lines after it are the call to action.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from bs4 import BeautifulSoup, Comment, NavigableString, Tag

from core.checking import ContentError

BULLET = re.compile(r"^\s*[•*\-–]\s+")
_DATE = re.compile(r"updated(?: on)?:?\s+(?P<date>[A-Z][a-z]+\.? \d{1,2}, \d{4})")
_REVIEWED = re.compile(r"^(?P<policy>.*\breviewed\b.*?)\s+by:?(?:\s+(?P<who>.+))?$", re.IGNORECASE)
_NEXT_TOPIC = re.compile(r"^next topic:?\s*(?P<topic>.*)$", re.IGNORECASE)
# A sentence ends at . ! or ? (and a closing quote or bracket) before a space and a capital,
# a digit or an opening quote, unless the word before the full stop is an abbreviation.
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[A-Z0-9\"“‘(])")
_ABBREVIATIONS = {"dr", "mr", "mrs", "ms", "st", "vs", "etc", "e.g", "i.e", "fig", "no", "approx", "prof"}
_CREDENTIAL = re.compile(r"^(?:[A-Z][A-Za-z]{0,4}\.?){1,3}$")  # MD, PhD, M.D., FACP, DO, RN
_HEADING_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_TEXT_TAGS = {"p", "dt", "dd", "blockquote", "figcaption", "td", "th"}
# Elements that hold blocks rather than words.
_CONTAINER_TAGS = _HEADING_TAGS | _TEXT_TAGS | {"li", "ul", "ol", "dl", "div", "section", "article", "aside",
                                                "main", "table", "tr", "figure", "details"}
_SKIPPED_TAGS = ["script", "style", "noscript", "template", "nav", "header", "footer", "form", "svg", "button"]


@dataclass(frozen=True)
class PublishedList:
    intro: str
    items: tuple[str, ...]


@dataclass(frozen=True)
class PublishedSection:
    title: str
    paragraphs: tuple[tuple[str, ...], ...]  # each paragraph: its sentences
    lists: tuple[PublishedList, ...]


@dataclass(frozen=True)
class PublishedPage:
    title: str
    reviewer_line: str  # "Name, MD, Role": split against the current content by the importer
    review_policy: str
    updated: dt.date
    next_topic: str
    call_to_action: tuple[str, ...]
    sections: tuple[PublishedSection, ...]


@dataclass(frozen=True)
class Block:
    kind: str  # "heading", "text" or "item"
    text: str


def clean(text: str) -> str:
    return " ".join(text.split())


def split_sentences(paragraph: str) -> tuple[str, ...]:
    """The sentences of a paragraph, keeping its words exactly (spaces normalised)."""
    pieces, start = [], 0
    text = clean(paragraph)
    for match in _SENTENCE_END.finditer(text):
        before = text[start:match.start()].rstrip("\"”’)")
        last_word = before.rsplit(" ", 1)[-1].rstrip(".!?").lower()
        if before.endswith(".") and (last_word in _ABBREVIATIONS or re.fullmatch(r"[a-z]", last_word)):
            continue
        pieces.append(text[start:match.end()].strip())
        start = match.end()
    pieces.append(text[start:].strip())
    return tuple(p for p in pieces if p)


def split_reviewer(line: str) -> tuple[str, str]:
    """'Name, MD, Role, Place' → ('Name, MD', 'Role, Place'): credentials stay with the name."""
    parts = [p.strip() for p in clean(line).split(",")]
    n = 1
    while n < len(parts) and _CREDENTIAL.match(parts[n]):
        n += 1
    return ", ".join(parts[:n]), ", ".join(parts[n:])


# --- formats → blocks --------------------------------------------------------------------------

def _looks_like_heading(text: str) -> bool:
    return len(text.split()) <= 15 and not text.endswith((".", ":", ";", ","))


def text_blocks(text: str) -> list[Block]:
    """Blocks of the plain-text export: blank lines separate blocks, bullets are items."""
    blocks: list[Block] = []
    for chunk in re.split(r"\n\s*\n", text.replace("\r\n", "\n")):
        lines = [line for line in chunk.split("\n") if line.strip()]
        paragraph: list[str] = []
        for line in lines + [""]:
            if line and not BULLET.match(line):
                paragraph.append(line)
                continue
            if paragraph:
                joined = clean(" ".join(paragraph))
                single = len(paragraph) == 1 and len(lines) == 1
                blocks.append(Block("heading" if single and _looks_like_heading(joined) else "text",
                                    "\n".join(clean(p) for p in paragraph)))
                paragraph = []
            if line:
                blocks.append(Block("item", clean(BULLET.sub("", line))))
    return blocks


def _inline_text(tag: Tag) -> str:
    lines = [""]
    for node in tag.descendants:
        if isinstance(node, Tag) and node.name == "br":
            lines.append("")
        elif isinstance(node, NavigableString) and not isinstance(node, Comment):
            lines[-1] += str(node)
    return "\n".join(clean(line) for line in lines if clean(line))


def _holds_words(tag: Tag) -> bool:
    """A heading, paragraph or list item, or a container with no block inside it."""
    return tag.name in _HEADING_TAGS | _TEXT_TAGS | {"li"} or tag.find(list(_CONTAINER_TAGS)) is None


def _walk(tag: Tag, blocks: list[Block]) -> None:
    """Headings, paragraphs and list items in document order; a container (div, section, …)
    without blocks inside counts as a paragraph, so a page built of <div>s reads as well."""
    for child in tag.children:
        if isinstance(child, NavigableString):
            if not isinstance(child, Comment) and clean(child):
                blocks.append(Block("text", clean(child)))  # loose text between blocks
            continue
        if not isinstance(child, Tag):
            continue
        if _holds_words(child):
            text = _inline_text(child)
            if text:
                kind = "heading" if child.name in _HEADING_TAGS else "item" if child.name == "li" else "text"
                blocks.append(Block(kind, text if kind == "text" else clean(text)))
        else:
            _walk(child, blocks)


def html_blocks(html: str) -> list[Block]:
    """Blocks of the HTML page, in document order: headings, paragraphs and list items."""
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.find_all(_SKIPPED_TAGS):
        tag.decompose()
    blocks: list[Block] = []
    _walk(soup.find("main") or soup.body or soup, blocks)
    return blocks


# --- blocks → page -----------------------------------------------------------------------------

def _header(blocks: list[Block], where: str) -> tuple[str, str, str, dt.date, int]:
    """Title, reviewer line, review policy, date, and the index of the first body block."""
    if not blocks:
        raise ContentError(f"{where}: the page is empty")
    title = clean(blocks[0].text)
    policy = reviewer = None
    for n, block in enumerate(blocks[1:8], 1):
        text = clean(block.text)
        reviewed = _REVIEWED.match(text)
        if reviewed and policy is None:
            policy, reviewer = clean(reviewed["policy"]), reviewed["who"]
            if not reviewer and n + 1 < len(blocks):
                reviewer = clean(blocks[n + 1].text)
        date = _DATE.search(text)
        if date:
            if policy is None or not reviewer:
                raise ContentError(f"{where}: no line '... reviewed ... by <reviewer>' before the date line")
            try:
                updated = dt.datetime.strptime(date["date"].replace(".", ""), "%B %d, %Y").date()
            except ValueError:
                raise ContentError(f"{where}: '{date['date']}' is not a date like 'August 11, 2023'") from None
            return title, reviewer, policy, updated, n + 1
    raise ContentError(f"{where}: no line 'This page was updated on <Month D, YYYY>' near the top")


def _footer(blocks: list[Block]) -> tuple[str, tuple[str, ...], int]:
    """Next topic, call-to-action lines, and the index where the body ends."""
    for n, block in enumerate(blocks):
        found = _NEXT_TOPIC.match(clean(block.text))
        if not found:
            continue
        rest = [line for b in blocks[n + 1:] for line in b.text.split("\n")]
        topic = found["topic"] or (rest.pop(0) if rest else "")
        lines: list[str] = []
        for line in rest:  # a line without a full stop goes on on the next one
            if lines and not lines[-1].endswith((".", "!", "?")):
                lines[-1] = f"{lines[-1]} {line}"
            else:
                lines.append(line)
        return clean(topic), tuple(line[:1].upper() + line[1:] for line in lines), n
    return "", (), len(blocks)


def _sections(title: str, body: list[Block]) -> tuple[PublishedSection, ...]:
    sections: list[PublishedSection] = []
    heading, paragraphs, lists = title, [], []
    items: list[str] = []

    def close_list() -> None:
        if not items:
            return
        intro = ""
        if paragraphs and paragraphs[-1][-1].endswith(":"):
            intro, rest = paragraphs[-1][-1], paragraphs.pop()[:-1]
            if rest:
                paragraphs.append(rest)
        lists.append(PublishedList(intro, tuple(items)))
        items.clear()

    for block in body + [Block("heading", "")]:
        if block.kind == "item":
            items.append(block.text)
            continue
        close_list()
        if block.kind == "heading":
            if paragraphs or lists:
                sections.append(PublishedSection(heading, tuple(paragraphs), tuple(lists)))
            heading, paragraphs, lists = clean(block.text), [], []
        else:
            paragraphs.append(split_sentences(block.text))
    return tuple(sections)


def parse_published(text: str, where: str = "page", html: bool | None = None) -> PublishedPage:
    """Read a published page (HTML when it starts with a tag), or raise ContentError."""
    is_html = text.lstrip()[:1] == "<" if html is None else html
    blocks = html_blocks(text) if is_html else text_blocks(text)
    title, reviewer, policy, updated, start = _header(blocks, where)
    next_topic, cta, end = _footer(blocks)
    sections = _sections(title, blocks[start:end])
    if not sections:
        raise ContentError(f"{where}: no sections found between the date line and 'Next topic'")
    for section in sections:
        if not section.paragraphs:
            raise ContentError(f"{where}: section '{section.title}' has no paragraph (a list needs one first)")
    return PublishedPage(title, reviewer, policy, updated, next_topic, cta, sections)


def read_published(path: Path) -> PublishedPage:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ContentError(f"{path}: file not found") from None
    except UnicodeDecodeError:
        raise ContentError(f"{path}: not a UTF-8 text or HTML file") from None
    return parse_published(text, path.name, html=path.suffix.lower() in (".html", ".htm") or None)
