"""Questions the page only half answers: say what it doesn't give, then what it does.

"How long does maintenance last?" → "Our page doesn't say how long maintenance chemotherapy
takes. What it says is: …" (the page's own answer), then the booking offer. A detail no page
section touches (side effects, pain, costs, diet, everyday life) gets only the first part:
quoting the nearest paragraph would look like an answer. What each question type does not
say is marked in content/answer_limits.yml; the parse data's `cues.details` (found by the NLU
pipeline from the same file) say what the visitor asked for. Nothing missing is ever filled in.
"""

from __future__ import annotations

from typing import Any

from actions.follow_ups import read_cues
from actions.items import booking_offer, display, join, named_terms
from core.answer_limits import Detail
from core.content import Content
from core.replies import Reply, answer_text, question_button, related_buttons
from core.site import Site


def missing_details(question: str, message: dict[str, Any], content: Content) -> list[Detail]:
    """The details asked for (words, or terms of a detail's `named_kinds`) that the answer lacks."""
    asked = read_cues(message, "details")
    named = {n.term.kind for n in named_terms(message.get("entities") or [], content.vocabulary) if not n.negated}
    asked += [kind for kind, d in content.limits.details.items() if named & set(d.named_kinds)]
    return content.limits.missing_details(question, asked)


def _named(detail: Detail, message: dict[str, Any], content: Content) -> str:
    terms = [n.term for n in named_terms(message.get("entities") or [], content.vocabulary)
             if n.term.kind in detail.named_kinds and not n.negated]
    return join([display(t) for t in terms], "or") if terms else content.conversation.answers.any_group.fill()


def half_answer(question: str, message: dict[str, Any], content: Content, site: Site) -> Reply | None:
    """The reply when the question asks for something its answer lacks, else None."""
    missing = missing_details(question, message, content)
    if not missing:
        return None
    topic = content.limits.topics.get(question, "that")
    lacks = join([d.wording(topic, _named(d, message, content)) for d in missing], "or")
    if not all(d.quote for d in missing):
        text = content.conversation.answers.half_answer_alone.fill(lacks=lacks, offer=booking_offer(site))
        return Reply(text, (site.wording.booking_button(), question_button(content, question)))
    said = answer_text(content.page, content.answers.questions[question])
    text = f"{content.conversation.answers.half_answer_with_page.fill(lacks=lacks)}\n{said}\n{booking_offer(site)}"
    return Reply(text, related_buttons(content, content.answers.questions[question]))
