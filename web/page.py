"""The hospital page as HTML, built from the same content file the assistant answers from.

Every piece of text is HTML-escaped here, so a character in the content (or a hospital
setting) can never become markup; the page is rendered once when the server starts.
"""

from __future__ import annotations

import re
from html import escape
from pathlib import Path
from string import Template

from actions.answers import format_date
from actions.content import Page, Section
from actions.settings import Settings

TEMPLATE_FILE = Path(__file__).resolve().parent / "templates" / "page.html"
INDENT = " " * 6


def _section_html(section: Section, show_title: bool) -> str:
    section_id = escape(section.id)
    parts = [f'{INDENT}<section class="section" id="{section_id}" aria-labelledby="{section_id}-title">']
    # The opening section repeats the page title: keep its name for assistive tech only.
    hidden = "" if show_title else ' class="visually-hidden"'
    parts.append(f'{INDENT}  <h2 id="{section_id}-title"{hidden}>{escape(section.title)}</h2>')
    for paragraph in section.paragraphs:
        parts.append(f"{INDENT}  <p>{escape(' '.join(sentence.text for sentence in paragraph))}</p>")
    for bullet_list in section.lists:
        parts.append(f'{INDENT}  <p class="list-intro">{escape(bullet_list.intro)}</p>')
        parts.append(f"{INDENT}  <ul>")
        parts.extend(f"{INDENT}    <li>{escape(item.text)}</li>" for item in bullet_list.items)
        parts.append(f"{INDENT}  </ul>")
    parts.append(f"{INDENT}</section>")
    return "\n".join(parts)


def _toc_html(sections: list[Section]) -> str:
    items = "\n".join(
        f'{INDENT}    <li><a href="#{escape(s.id)}">{escape(s.title)}</a></li>' for s in sections
    )
    return (
        f'{INDENT}<nav class="toc" aria-label="On this page">\n'
        f'{INDENT}  <h2 class="toc__title">On this page</h2>\n'
        f"{INDENT}  <ol>\n{items}\n{INDENT}  </ol>\n"
        f"{INDENT}</nav>"
    )


def tel_href(phone: str) -> str:
    """A tel: link target from a number as the hospital wrote it: digits and a leading + only."""
    return "tel:" + re.sub(r"[^\d+]", "", phone)


def render_page(page: Page, settings: Settings, template_file: Path = TEMPLATE_FILE) -> str:
    source = page.source
    titled = [s for s in page.sections if s.title != source.title]
    phone = settings.appointment_phone
    if phone:
        phone_link = f'<a href="{escape(tel_href(phone))}">{escape(phone)}</a>'
        header_contact = f"Appointments: {phone_link}"
        cta_phone = f"Call {phone_link}"
    else:
        # No number is configured: point to the line without inventing one.
        header_contact = "Appointments: call the appointment line shown on our website"
        cta_phone = "Call the appointment line shown on our website."
    first_sentence = page.sections[0].paragraphs[0][0].text
    values = {
        "title": escape(source.title),
        "site_name": escape(settings.hospital_name or "Patient information"),
        "description": escape(first_sentence),
        "phone": escape(phone or ""),
        "header_contact": header_contact,
        "reviewer": escape(source.reviewer),
        "reviewer_role": escape(source.reviewer_role),
        "review_policy": escape(source.review_policy.rstrip(".")),
        "updated_iso": source.updated.isoformat(),
        "updated": escape(format_date(source.updated)),
        "toc": _toc_html(titled),
        "sections": "\n".join(_section_html(s, s.title != source.title) for s in page.sections),
        "next_topic": escape(source.next_topic),
        "cta": "\n".join(
            f'{INDENT}  <p class="cta__line{" cta__line--lead" if n == 0 else ""}">{escape(line)}</p>'
            for n, line in enumerate(source.call_to_action)
        ),
        "cta_phone": cta_phone,
    }
    return Template(template_file.read_text(encoding="utf-8")).substitute(values)
