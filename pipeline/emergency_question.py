"""Rasa NLU component: a question asked in the same message as an emergency is classified on
its own ("where does ALL spread? my husband has chest pain now").

DIET reads a whole message as one intent, and emergency words outweigh everything else in
it, so the question asked with them would be lost and action_after_emergency could not offer
it. Placed after SpacyTokenizer and before the featurizers (config.yml): when the message
names an emergency (its phrases, content/safety.yml) and also holds a question, a sentence
ending in "?" that names none, only that question's tokens go on to the featurizers and DIET.
The text and the spaCy doc stay whole, so PageTermExtractor still finds the emergency (and
every term) in the whole message, puts report_emergency first, and leaves DIET's guess at
the question next in the ranking.

It runs only when serving (registered as a non-trainable extractor, it has no training step):
training examples are never cut.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import SPACY_DOCS, TOKENS_NAMES
from rasa.nlu.tokenizers.tokenizer import Token
from rasa.nlu.utils.spacy_utils import SpacyModel, SpacyNLP
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from pipeline.matching import Analysis, TermMatcher

SENTENCE_ENDS = frozenset({".", "?", "!", ";"})
QUESTION_MARK = "?"


def sentences(tokens: list[Token]) -> list[list[Token]]:
    """The tokens split after each sentence-ending mark (the mark stays with its sentence)."""
    groups: list[list[Token]] = [[]]
    for token in tokens:
        groups[-1].append(token)
        if token.text in SENTENCE_ENDS:
            groups.append([])
    return [group for group in groups if group]


def question_tokens(tokens: list[Token], analysis: Analysis) -> list[Token] | None:
    """The tokens of the questions that name no emergency, when the message names one."""
    spans = [(e.start, e.end) for e in analysis.emergencies if not e.negated]
    if not spans:
        return None

    def names_emergency(group: list[Token]) -> bool:
        return any(start < group[-1].end and group[0].start < end for start, end in spans)

    kept = [token for group in sentences(tokens)
            if group[-1].text == QUESTION_MARK and not names_emergency(group) for token in group]
    return kept if len(kept) > 1 else None


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False, model_from="SpacyNLP"
)
class EmergencyQuestionSplitter(GraphComponent):
    """Lets DIET read the question asked next to an emergency on its own."""

    @classmethod
    def required_components(cls) -> list[type]:
        return [SpacyNLP]

    def __init__(self) -> None:
        self._matcher: TermMatcher | None = None

    @classmethod
    def create(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> EmergencyQuestionSplitter:
        return cls()

    def matcher(self, model: SpacyModel) -> TermMatcher:
        if self._matcher is None or self._matcher.nlp is not model.model:
            self._matcher = TermMatcher(model.model)
        return self._matcher

    def process(self, messages: list[Message], model: SpacyModel) -> list[Message]:
        for message in messages:
            text, tokens = message.get(TEXT), message.get(TOKENS_NAMES[TEXT])
            if not text or not tokens:
                continue
            kept = question_tokens(tokens, self.matcher(model).analyse(text, message.get(SPACY_DOCS[TEXT])))
            if kept is not None:
                message.set(TOKENS_NAMES[TEXT], kept)
        return messages
