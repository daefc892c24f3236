"""Rasa NLU component: the page's terms as entities, and emergencies before anything else.

Placed at the end of the NLU pipeline (after SpacyNLP, SpacyTokenizer, DIET and the
FallbackClassifier) in config.yml as `pipeline.rasa_component.PageTermExtractor`.

For each message it adds an entity per term named (pipeline/matching.py):
  {"entity": kind, "value": canonical name, "start", "end", "extractor": "PageTermExtractor"}
with `"role": "negated"` when the visitor said they don't have it. Actions read the values;
whether a value is on the page is for them to check against the content.

When the message reports an emergency that is not negated, the intent becomes
`report_emergency` (confidence 1.0) whatever DIET or the FallbackClassifier said, and an
`emergency` entity carries its kind (breathing, bleeding, …, suicide). The intent DIET chose
stays next in `intent_ranking`, so the follow-up action can still offer that question.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import SPACY_DOCS
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.nlu.utils.spacy_utils import SpacyModel, SpacyNLP
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from pipeline.matching import Analysis, TermMatcher

NEGATED_ROLE = "negated"
EMERGENCY_ENTITY = "emergency"


def entities_of(analysis: Analysis) -> list[dict[str, Any]]:
    """Rasa entities for the terms named, and for the emergency reported (at most one)."""
    entities: list[dict[str, Any]] = []
    for mention in analysis.mentions:
        entity = {"entity": mention.kind, "value": mention.canonical, "start": mention.start, "end": mention.end}
        if mention.negated:
            entity["role"] = NEGATED_ROLE
        entities.append(entity)
    emergency = analysis.emergency()
    if emergency is not None:
        entities.append({"entity": EMERGENCY_ENTITY, "value": emergency.kind,
                         "start": emergency.start, "end": emergency.end})
    return entities


def put_emergency_first(message_data: dict[str, Any], intent_name: str) -> None:
    """Make the emergency intent the message's intent; keep what it was next in the ranking."""
    emergency = {"name": intent_name, "confidence": 1.0}
    ranking = [r for r in message_data.get(INTENT_RANKING_KEY) or [] if r.get("name") != intent_name]
    message_data[INTENT] = emergency
    message_data[INTENT_RANKING_KEY] = [emergency, *ranking]


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False, model_from="SpacyNLP"
)
class PageTermExtractor(GraphComponent, EntityExtractorMixin):
    """Entities from the project's entity ruler, and the emergency override."""

    @classmethod
    def required_components(cls) -> list[type]:
        return [SpacyNLP]

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"emergency_intent": "report_emergency"}

    def __init__(self, config: dict[str, Any]) -> None:
        self._config = config
        self._matcher: TermMatcher | None = None

    @classmethod
    def create(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> PageTermExtractor:
        return cls({**cls.get_default_config(), **config})

    @staticmethod
    def required_packages() -> list[str]:
        return ["spacy"]

    def matcher(self, model: SpacyModel) -> TermMatcher:
        if self._matcher is None or self._matcher.nlp is not model.model:
            self._matcher = TermMatcher(model.model)
        return self._matcher

    def process(self, messages: list[Message], model: SpacyModel) -> list[Message]:
        matcher = self.matcher(model)
        for message in messages:
            text = message.get(TEXT)
            if not text:
                continue
            analysis = matcher.analyse(text, message.get(SPACY_DOCS[TEXT]))
            found = self.add_extractor_name(entities_of(analysis))
            message.set(ENTITIES, message.get(ENTITIES, []) + found, add_to_output=True)
            if analysis.emergency() is not None:
                put_emergency_first(message.data, self._config["emergency_intent"])
        return messages
