"""The hospital page as HTML, built from the same content file the assistant answers from.

Rendered once when the server starts, with a Jinja2 template (web/templates/page.html) that
escapes every value, so a character in the content (or a hospital setting) never becomes
markup. The site wording the widget shows (the emergency note, the "can't be reached"
message, its privacy controls and idle time) and the longest message the assistant reads
travel to it as data attributes of its script tag.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from core.chat_request import MAX_MESSAGE_CHARS
from core.content import load_content
from core.page import Page
from core.replies import format_date
from core.site import Site

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"


def tel_href(phone: str) -> str:
    """A tel: link target from a number as the hospital wrote it: digits and a leading + only."""
    return "tel:" + re.sub(r"[^\d+]", "", phone)


def unreachable_text(site: Site) -> str:
    return site.say(load_content().conversation.technical.unreachable)


def privacy_settings(site: Site) -> str:
    """The widget's idle time and the words of its privacy controls, as JSON (data-privacy)."""
    privacy = site.wording.privacy
    return json.dumps({"idle_minutes": privacy.session_idle_minutes, **privacy.widget}, ensure_ascii=False)


def environment(templates_dir: Path = TEMPLATES_DIR) -> Environment:
    env = Environment(loader=FileSystemLoader(templates_dir), autoescape=select_autoescape(["html"]),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["tel_href"] = tel_href
    env.filters["long_date"] = format_date
    # Jinja's own `capitalize` lowercases the rest of the text, which would change a name.
    env.filters["capitalize_first"] = lambda text: text[:1].upper() + text[1:]
    return env


def render_page(page: Page, site: Site, templates_dir: Path = TEMPLATES_DIR) -> str:
    source = page.source
    return environment(templates_dir).get_template("page.html").render(
        page=page,
        source=source,
        site=site,
        site_name=site.settings.hospital_name or "Patient information",
        description=page.sections[0].paragraphs[0][0].text,
        # The opening section repeats the page title: it is left out of the table of contents.
        titled=[s for s in page.sections if s.title != source.title],
        unreachable=unreachable_text(site),
        privacy=privacy_settings(site),
        max_chars=MAX_MESSAGE_CHARS,
    )
