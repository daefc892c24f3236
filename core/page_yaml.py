"""Writing `content/all_page.yml` the way a person keeps it.

The importer rewrites the file from a `Page`; this module lays it out exactly like the
hand-kept file (its header comment kept word for word, flow lists for terms, long sentences
folded at 98 columns, a blank line between sections), so that a re-review shows in `git diff`
as the sentences that changed and nothing else. `render_page_yaml(parse(file))` gives the file
back unchanged (tests/test_page_import.py checks it).
"""

from __future__ import annotations

import json
import textwrap

import yaml

from core.page import BulletList, ListItem, Page, Sentence

WIDTH = 98  # the hand-kept file's own width


def _scalar(text: str) -> str:
    """The text as a one-line YAML scalar: plain when YAML reads it back as the same text."""
    dumped = yaml.safe_dump(text, default_flow_style=True, width=10**6, allow_unicode=True)
    if dumped[:1] in ("'", '"') or "\n" in dumped.rstrip("\n").removesuffix("\n..."):
        return json.dumps(text, ensure_ascii=False)
    return dumped.split("\n", 1)[0]


def _flow_item(word: str) -> str:
    plain = _scalar(word)
    if plain.startswith('"') or any(c in word for c in ",[]{}#:"):
        return json.dumps(word, ensure_ascii=False)
    return plain


def _text(key: str, text: str, indent: int) -> list[str]:
    """`key: text` on one line when it fits, else a folded block wrapped at WIDTH."""
    line = f"{' ' * indent}{key}: {_scalar(text)}"
    if len(line) <= WIDTH:
        return [line]
    inner = " " * (indent + 2)
    wrapped = textwrap.wrap(text, WIDTH, initial_indent=inner, subsequent_indent=inner,
                            break_long_words=False, break_on_hyphens=False)
    return [f"{' ' * indent}{key}: >-", *wrapped]


def _terms(terms: dict[str, tuple[str, ...]], indent: int) -> list[str]:
    if not terms:
        return []
    pad = " " * indent
    return [f"{pad}terms:"] + [f"{pad}  {kind}: [{', '.join(_flow_item(w) for w in words)}]"
                                for kind, words in terms.items()]


def _sentence(sentence: Sentence, first: bool) -> list[str]:
    lead = "      - - " if first else "        - "
    return [f"{lead}id: {sentence.id}", *_text("text", sentence.text, 10), *_terms(sentence.terms, 10)]


def _item(item: ListItem) -> list[str]:
    return [f"          - text: {_scalar(item.text)}", *_terms(item.terms, 12)]


def _list(bullet_list: BulletList) -> list[str]:
    lines = [f"      - id: {bullet_list.id}", *_text("intro", bullet_list.intro, 8), "        items:"]
    for item in bullet_list.items:
        lines += _item(item)
    return lines


def _source(page: Page) -> list[str]:
    src = page.source
    lines = ["source:"]
    for key in ("title", "reviewer", "reviewer_role", "review_policy"):
        lines += _text(key, getattr(src, key), 2)
    lines.append(f"  updated: {src.updated.isoformat()}")
    lines += _text("next_topic", src.next_topic, 2)
    lines.append("  call_to_action:")
    lines += [f"    - {_scalar(line)}" for line in src.call_to_action]
    return lines


def render_page_yaml(page: Page, header: str) -> str:
    """The whole file: the header comment, the source block, then each section."""
    lines = [*_source(page), "", "sections:"]
    for n, section in enumerate(page.sections):
        if n:
            lines.append("")
        lines += [f"  - id: {section.id}", *_text("title", section.title, 4), "    paragraphs:"]
        for paragraph in section.paragraphs:
            for i, sentence in enumerate(paragraph):
                lines += _sentence(sentence, i == 0)
        if section.lists:
            lines.append("    lists:")
            for bullet_list in section.lists:
                lines += _list(bullet_list)
    return header + "\n".join(lines) + "\n"


def header_of(text: str) -> str:
    """The comment lines at the top of a file (its explanation for trainers), kept as they are."""
    kept = []
    for line in text.splitlines(keepends=True):
        if not line.startswith("#"):
            break
        kept.append(line)
    return "".join(kept)
