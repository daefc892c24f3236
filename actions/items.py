"""Answers about the one thing a visitor named: a symptom, a body site, a phase, a treatment
or a cell type, instead of the whole section.

The NLU component (pipeline/rasa_component.py) puts the canonical names of the terms named
into the message's entities; this module looks them up in the content. Every fact said is a
sentence or a list item of content/all_page.yml; code writes only the connecting words and
the safety reminders. Whether something is on the page is decided here, from the content,
never taken from the NLU.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from core.answer_map import AnswerMap
from core.content import Content, load_content, load_site
from core.page import Page, Sentence
from core.replies import Reply, related_buttons
from core.site import Site
from core.vocabulary import SYMPTOM_SECTION, Term, Vocabulary

# Which kinds of term a question type is about come from content/answers.yml (`about`).
# Other question types (what ALL is, who gets it, survival, the page's review) keep their
# whole answer.
ITEM_KINDS = ("symptom", "body_site", "phase", "treatment", "cell_type")
SPREAD_QUESTION = "ask_where_it_spreads"  # its sentences name where leukemia cells spread
TREATMENT_QUESTION = "ask_treatment"  # said when a treatment is not on the page
NEGATED_ROLE = "negated"
SENTENCE_BUDGET = 600  # characters of page sentences in one chat message
# "what else besides fever?" asks for the other items, not about fever.
EXCLUSION_WORDS = ("besides", "apart from", "other than", "except", "aside from", "in addition to")


@dataclass(frozen=True)
class Named:
    """A term the visitor named, as the content knows it."""

    term: Term
    negated: bool


def named_terms(entities: Iterable[dict[str, Any]], vocabulary: Vocabulary) -> list[Named]:
    """The entities this content knows, in the order they were said, each once."""
    found: list[Named] = []
    seen: set[tuple[str, str]] = set()
    for entity in entities:
        kind, value = entity.get("entity"), entity.get("value")
        if not isinstance(kind, str) or not isinstance(value, str):
            continue
        term = vocabulary.find(kind, value)
        if term is None or (term.kind, term.canonical) in seen:
            continue
        seen.add((term.kind, term.canonical))
        found.append(Named(term, entity.get("role") == NEGATED_ROLE))
    return found


def current_terms(entities: Iterable[dict[str, Any]], vocabulary: Vocabulary, kind: str) -> list[Term]:
    """The terms of one kind the visitor named and did not negate."""
    return [n.term for n in named_terms(entities, vocabulary) if n.term.kind == kind and not n.negated]


# -- wording ---------------------------------------------------------------------------------
def display(term: Term) -> str:
    """A term inside a sentence: "Easy bruising" → "easy bruising"; "B-cells", "ALL" stay."""
    name = term.canonical
    if len(name) > 1 and name[0].isupper() and name[1].islower():
        return name[0].lower() + name[1:]
    return name


def join(names: list[str], last: str = "and") -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} {last} {names[-1]}"


def the(term: Term) -> str:
    return f"the {display(term)}"


def booking_offer(site: Site) -> str:
    return site.say(load_content().conversation.answers.doctor_can_tell_more)


# -- where the page mentions a term ------------------------------------------------------------
def mentions(kind: str, phrases: Iterable[str], term: Term, vocabulary: Vocabulary) -> bool:
    return any(vocabulary.canonical_of(kind, p) == term.canonical for p in phrases)


def sentences_naming(page: Page, term: Term, vocabulary: Vocabulary) -> list[tuple[str, Sentence]]:
    """(section id, sentence) of every sentence whose terms name it, in page order. For a
    phase, the sentences right after that go on about it ("This less intensive course…")."""
    found: list[tuple[str, Sentence]] = []
    for section in page.sections:
        for paragraph in section.paragraphs:
            following = False
            for sentence in paragraph:
                if mentions(term.kind, sentence.terms.get(term.kind, ()), term, vocabulary):
                    found.append((section.id, sentence))
                    following = term.kind == "phase"
                elif following and "phase" not in sentence.terms:
                    found.append((section.id, sentence))
                else:
                    following = False
    return found


def list_items_naming(page: Page, term: Term, vocabulary: Vocabulary) -> list[tuple[str, str]]:
    """(list intro, item text) of the list items that name it."""
    return [
        (bullet_list.intro, item.text)
        for section in page.sections
        for bullet_list in section.lists
        for item in bullet_list.items
        if mentions(term.kind, item.terms.get(term.kind, ()), term, vocabulary)
    ]


def symptom_list_of(page: Page, term: Term) -> tuple[str, str] | None:
    """(list id, item text) of the symptom list item this symptom is, if it is one."""
    for bullet_list in page.section(SYMPTOM_SECTION).lists:
        for item in bullet_list.items:
            if item.text == term.canonical:
                return bullet_list.id, item.text
    return None


def within_budget(texts: list[str], budget: int = SENTENCE_BUDGET) -> list[str]:
    kept: list[str] = []
    for text in texts:
        if kept and sum(len(t) + 1 for t in kept) + len(text) > budget:
            break
        kept.append(text)
    return kept


# -- the answers -------------------------------------------------------------------------------
@dataclass(frozen=True)
class Context:
    content: Content
    site: Site

    @property
    def page(self) -> Page:
        return self.content.page

    @property
    def answer_map(self) -> AnswerMap:
        return self.content.answers

    @property
    def vocabulary(self) -> Vocabulary:
        return self.content.vocabulary


def symptom_text(terms: list[Term], ctx: Context) -> str:
    section = ctx.page.section(SYMPTOM_SECTION)
    listed: dict[str, list[str]] = {}
    unlisted: list[Term] = []
    listed_terms: list[Term] = []
    for term in terms:
        place = symptom_list_of(ctx.page, term) if term.on_page else None
        if place is None:
            unlisted.append(term)
        else:
            listed.setdefault(place[0], []).append(place[1])
            listed_terms.append(term)
    words = ctx.content.conversation.answers
    lines: list[str] = []
    if listed_terms:
        lines.append(words.symptoms_listed.fill(symptoms=join([display(t) for t in listed_terms])))
        for bullet_list in section.lists:  # in the page's order
            if bullet_list.id in listed:
                lines.append(bullet_list.intro)
                lines.extend(f"• {item}" for item in listed[bullet_list.id])
    if unlisted:
        lines.append(words.symptoms_not_listed.fill(symptoms=join([display(t) for t in unlisted], "or")))
    lines.append(words.symptom_reminder.fill())
    if unlisted:
        lines.append(booking_offer(ctx.site))
    return "\n".join(lines)


def body_site_text(terms: list[Term], ctx: Context) -> str:
    spread = ctx.answer_map.questions[SPREAD_QUESTION]
    spread_sentences = [ctx.page.section(spread.section).sentence(s) for s in spread.say]
    spread_text = " ".join(s.text for s in spread_sentences)
    spread_phrases = [p for s in spread_sentences for p in s.terms.get("body_site", ())]
    named_in_spread = [t for t in terms if mentions("body_site", spread_phrases, t, ctx.vocabulary)]
    words = ctx.content.conversation.answers
    lines: list[str] = []
    if named_in_spread:
        lines.append(words.spread_named.fill(places=join([the(t) for t in named_in_spread])))
        lines.append(spread_text)
    not_on_page = []
    for term in terms:
        if term in named_in_spread:
            continue
        elsewhere = [s.text for _, s in sentences_naming(ctx.page, term, ctx.vocabulary)]
        elsewhere += [f"{intro} {item}" for intro, item in list_items_naming(ctx.page, term, ctx.vocabulary)]
        if term.on_page and elsewhere:
            lines.append(words.spread_elsewhere.fill(place=the(term)))
            lines.extend(within_budget(elsewhere, SENTENCE_BUDGET // 2))
        else:
            not_on_page.append(term)
    if not_on_page:
        lines.append(words.spread_nowhere.fill(places=join([the(t) for t in not_on_page], "or")))
        if not named_in_spread:
            lines.append(words.what_it_says.fill(said=spread_text))
        lines.append(booking_offer(ctx.site))
    return "\n".join(lines)


def sentence_item_text(terms: list[Term], ctx: Context) -> tuple[str, list[tuple[str, str]]]:
    """Phases, treatments and cell types: the page's sentences naming them. Returns the text
    and the (section, sentence id) said, or no ids when something was not on the page."""
    said: list[tuple[str, Sentence]] = []
    missing: list[Term] = []
    for term in terms:
        found = sentences_naming(ctx.page, term, ctx.vocabulary) if term.on_page else []
        if not found:
            missing.append(term)
        said.extend(f for f in found if f not in said)
    order = [(section.id, s.id) for section, s in ctx.page.sentences()]
    said.sort(key=lambda pair: order.index((pair[0], pair[1].id)))
    kept = within_budget([s.text for _, s in said])
    lines = [" ".join(kept)] if kept else []
    if missing:
        words = ctx.content.conversation.answers
        kind = missing[0].kind
        names = join([display(t) for t in missing], "or")
        lines.append((words.not_a_treatment if kind == "treatment" else words.not_mentioned).fill(names=names))
        if not kept and kind == "treatment":
            treatment = ctx.answer_map.questions[TREATMENT_QUESTION]
            section = ctx.page.section(treatment.section)
            said_text = " ".join(section.sentence(s).text for s in treatment.say)
            lines.append(words.what_it_says_on_treatment.fill(said=said_text))
        lines.append(booking_offer(ctx.site))
        return "\n".join(lines), []
    return "\n".join(lines), [(section_id, s.id) for section_id, s in said[: len(kept)]]


def _kind_to_answer(about: tuple[str, ...], named: list[Named]) -> str | None:
    current = [n for n in named if not n.negated]
    for kind in (*about, *ITEM_KINDS):
        if any(n.term.kind == kind for n in current):
            return kind
    return None


def item_reply(intent: str, latest_message: dict[str, Any], ctx: Context | None = None) -> Reply | None:
    """The answer about the items named in the message, or None to give the whole answer
    (no item named, only negated ones, "what else besides…", or the whole answer is just
    the item's sentences anyway)."""
    ctx = ctx or Context(load_content(), load_site())
    question = ctx.answer_map.questions.get(intent)
    if question is None or not question.about:
        return None
    text = " ".join(str(latest_message.get("text") or "").lower().split())
    if any(f" {word} " in f" {text} " for word in EXCLUSION_WORDS):
        return None
    named = named_terms(latest_message.get("entities") or [], ctx.vocabulary)
    kind = _kind_to_answer(question.about, named)
    if kind is None:
        return None
    terms = [n.term for n in named if n.term.kind == kind and not n.negated]
    if kind in question.about[1:] and all(t.on_page for t in terms):
        return None  # "why keep giving chemo after treatment?" asks what maintenance is, chemo named in passing
    buttons = related_buttons(ctx.content, question)
    if kind == "symptom":
        return Reply(symptom_text(terms, ctx), buttons)
    if kind == "body_site":
        return Reply(body_site_text(terms, ctx), buttons)
    answer, said = sentence_item_text(terms, ctx)
    whole = {(question.section, s) for s in question.say}
    if said and set(said) <= whole and len(whole - set(said)) <= 1:
        return None  # the question's own answer is about this item already (and may say a bit more)
    return Reply(answer, buttons)

