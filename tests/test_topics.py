"""The greeting and "What can you answer?" list the page's answered sections from the content,
so a section added by a re-review shows up there once a question type answers it."""

from __future__ import annotations

from dataclasses import replace

from core.answer_map import Question
from core.content import load_content
from core.domain_responses import domain_responses
from core.page import Section, Sentence
from core.replies import answered_topics, capabilities_text, topic_buttons


def test_every_question_type_is_listed_once_under_its_section_in_page_order() -> None:
    content = load_content()
    listed = [i for _, intents in answered_topics(content) for i in intents]
    assert sorted(listed) == sorted(content.answers.questions)
    order = [s.id for s, _ in answered_topics(content) if s]
    assert order == [s.id for s in content.page.sections if s.id in order]
    text = capabilities_text(content)
    assert all(q.title in text for q in content.answers.questions.values())


def test_the_greeting_and_capabilities_are_generated_with_one_button_a_section() -> None:
    content = load_content()
    responses = domain_responses(content)["responses"]
    sections = [s for s, _ in answered_topics(content) if s]
    assert [b["payload"] for b in responses["utter_greet"][0]["buttons"]] == [
        f"/{intents[0]}" for s, intents in answered_topics(content) if s]
    assert len(responses["utter_greet"][0]["buttons"]) == len(sections)
    assert responses["utter_capabilities"][0]["text"] == capabilities_text(content)


def test_a_new_answered_section_appears_with_no_domain_edit() -> None:
    content = load_content()
    section = Section("new-topic", "A new topic?", ((Sentence("fact", "A new sentence."),),))
    question = Question("ask_new_topic", "Is there a new topic?", section.id, ("fact",), None, ("ask_new_topic",))
    questions = {**content.answers.questions, question.intent: question}
    changed = replace(content, page=replace(content.page, sections=(*content.page.sections, section)),
                      answers=replace(content.answers, questions=questions))
    assert question.title in capabilities_text(changed)
    assert {"title": question.title, "payload": "/ask_new_topic"} in topic_buttons(changed)
    unanswered = replace(content, page=changed.page)  # on the page, but no question type yet
    assert "/ask_new_topic" not in str(topic_buttons(unanswered))
    assert question.title not in capabilities_text(unanswered)
