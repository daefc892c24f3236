"""The one report writer of the tools: Markdown tables with tabulate, pages from Jinja2
templates, and cells that show a visitor's text as text (never as HTML, Markdown or a
spreadsheet formula).

Templates live next to the tool that uses them (`templates/` in its package) and are
rendered with `render(folder, name, **values)`: `.html` templates escape every value.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path

import jinja2
from tabulate import tabulate

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Markdown's own punctuation, escaped so a visitor's text can't become a link, an image,
# emphasis or an extra table cell; < > & become entities, so it can't become HTML either.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~-])")


def csv_safe(value: str) -> str:
    """A cell a spreadsheet shows as text: formula-like starts get a leading apostrophe."""
    return f"'{value}" if value.startswith(_FORMULA_START) else value


def markdown_text(text: str) -> str:
    """Visitor text for a Markdown report: one line, shown as typed, never live."""
    return _MD_SPECIAL.sub(r"\\\1", html.escape(" ".join(text.split()), quote=False))


def markdown_table(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A GitHub-flavoured Markdown table; cells are shown as given (no number reformatting)."""
    cells = [[str(cell) for cell in row] for row in rows]
    return tabulate(cells, headers=list(headers), tablefmt="github", stralign=None, numalign=None,
                    disable_numparse=True)


def text_table(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A plain table for the terminal: aligned columns under a dashed header line."""
    cells = [[str(cell) for cell in row] for row in rows]
    return tabulate(cells, headers=list(headers), tablefmt="simple", disable_numparse=True)


def _escape_html(name: str | None) -> bool:
    return name is not None and ".html" in name


@cache
def _environment(folder: Path) -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(folder), autoescape=_escape_html, undefined=jinja2.StrictUndefined,
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
    )
    environment.filters["markdown_table"] = lambda rows, headers: markdown_table(headers, rows)
    return environment


def render(folder: Path, name: str, **values: object) -> str:
    """The template `name` of `folder` filled in; a missing value is an error, not a blank."""
    return _environment(folder.resolve()).get_template(name).render(**values)
