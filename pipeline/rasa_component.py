"""Rasa NLU component: the page's terms as entities, and emergencies before anything else.

Placed at the end of the NLU pipeline (after SpacyNLP, SpacyTokenizer, DIET and the
FallbackClassifier) in config.yml as `pipeline.rasa_component.PageTermExtractor`.

For each message it adds an entity per term named (pipeline/matching.py):
  {"entity": kind, "value": canonical name, "start", "end", "extractor": "PageTermExtractor"}
with `"role": "negated"` when the visitor said they don't have it. Actions read the values;
whether a value is on the page is for them to check against the content.

It also adds `cues` to the parse data (not entities, so stories and the e2e tests need not
annotate them): `details` asked for that the page may lack ("how long": duration),
`follow_ups` word kinds ("next", "last"), and the `language` when the message is not English.

Then it decides whether the page can answer the message at all (pipeline/scope.py): an
emergency (its phrases or the classifier's signal), another language, another disease,
keyboard mash, a follow-up or an out-of-scope message gets that intent (confidence 1.0)
whatever DIET or the FallbackClassifier said, and an `emergency` entity carries the kind of
emergency (breathing, bleeding, …, suicide). The intent DIET chose stays next in
`intent_ranking`, so the actions can still see (and offer) that question.
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

from pipeline.language import identifier, other_language
from pipeline.matching import Analysis, TermMatcher
from pipeline.ranking import classifier_top, without
from pipeline.scope import EMERGENCY, OTHER_DISEASE, Settings, asked_with_emergency, decide, diseases

NEGATED_ROLE = "negated"
EMERGENCY_ENTITY = "emergency"
CUES = "cues"  # the parse data's key for what else the message was read for
CLASSIFIER_EMERGENCY = "unspecified"  # the kind when only the classifier said "emergency"


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


def put_first(message_data: dict[str, Any], intent_name: str) -> None:
    """Make this intent the message's intent; keep what it was next in the ranking."""
    chosen = {"name": intent_name, "confidence": 1.0}
    ranking = [r for r in message_data.get(INTENT_RANKING_KEY) or [] if r.get("name") != intent_name]
    message_data[INTENT] = chosen
    message_data[INTENT_RANKING_KEY] = [chosen, *ranking]


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
        # emergency_confidence: the classifier's report_emergency at or above it is an
        # emergency even without an emergency phrase (docs/evaluation.md, "Emergencies").
        # question_confidence: below it, the classifier's guess at the question asked with an
        # emergency only the classifier saw is unsure (as the FallbackClassifier's threshold).
        return {"emergency_confidence": 0.35, "question_confidence": 0.4}

    def __init__(self, config: dict[str, Any]) -> None:
        self._config = config
        self._matcher: TermMatcher | None = None
        self._settings: Settings | None = None

    @classmethod
    def create(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> PageTermExtractor:
        return cls({**cls.get_default_config(), **config})

    @classmethod
    def load(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> PageTermExtractor:
        """At serving time: load the language identifier now, not on the first message."""
        identifier()
        return cls.create(config, model_storage, resource, execution_context)

    @staticmethod
    def required_packages() -> list[str]:
        return ["spacy", "langid"]

    def settings_of(self, meta: dict[str, Any]) -> Settings:
        """What the scope rules decide with: the content's, from the saved pipeline's meta.json."""
        def tuples(key: str) -> dict[str, tuple[str, ...]]:
            return {k: tuple(v) for k, v in (meta.get(key) or {}).items()}

        def sets(key: str) -> dict[str, frozenset[str]]:
            return {k: frozenset(v) for k, v in (meta.get(key) or {}).items()}

        return Settings(
            page_questions=frozenset(meta.get("page_questions") or ()),
            not_covered=frozenset(meta.get("not_covered") or ()),
            min_confidence=float(meta.get("min_confidence", 1.0)),
            emergency_confidence=float(self._config["emergency_confidence"]),
            follow_up_max_words=int(meta.get("follow_up_max_words", 8)),
            about=tuples("about"), detail_intents=dict(meta.get("detail_intents") or {}),
            answer_parts=sets("answer_parts"), detail_of=tuples("detail_of"),
            detail_questions=dict(meta.get("detail_questions") or {}), lacking=sets("lacking"),
            mentions=sets("mentions"), parts=tuples("parts"), more=dict(meta.get("more") or {}),
            when_named=dict(meta.get("when_named") or {}), next_after=dict(meta.get("next_after") or {}),
        )

    def matcher(self, model: SpacyModel) -> tuple[TermMatcher, Settings]:
        """The matcher and settings of the loaded pipeline, made once for it, not per message."""
        if self._matcher is None or self._matcher.nlp is not model.model:
            self._matcher = TermMatcher(model.model)
            self._settings = self.settings_of(model.model.meta["all_assistant"])
        return self._matcher, self._settings

    def process(self, messages: list[Message], model: SpacyModel) -> list[Message]:
        matcher, settings = self.matcher(model)
        for message in messages:
            text = message.get(TEXT)
            if not text:
                continue
            analysis = matcher.analyse(text, message.get(SPACY_DOCS[TEXT]))
            entities = entities_of(analysis)
            language = other_language(text, analysis.words, analysis.known_words)
            cues = {"details": analysis.details(), "follow_ups": analysis.follow_ups(), "language": language}
            ranking = message.get(INTENT_RANKING_KEY) or []
            if classifier_top(ranking)[0] == OTHER_DISEASE and not diseases(analysis)[1]:
                # "Tell me about spread and survival" reads like "tell me about lymphoma", but
                # only a disease named makes a question about another disease.
                chosen, ranking = without(ranking, OTHER_DISEASE, float(self._config["question_confidence"]))
                message.set(INTENT, chosen, add_to_output=True)
                message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
            intent = (message.get(INTENT) or {}).get("name") or ""
            decision = decide(intent, ranking, analysis, language, settings)
            if (decision.intent if decision else intent) == EMERGENCY and analysis.emergency() is None:
                # Only the classifier saw an emergency: the message may well be a worried question,
                # answered after the emergency message (actions/safety.py).
                entities.append({"entity": EMERGENCY_ENTITY, "value": CLASSIFIER_EMERGENCY})
                cues["with_emergency"] = asked_with_emergency(
                    ranking, analysis, language, settings, float(self._config["question_confidence"]))
            message.set(CUES, cues, add_to_output=True)
            found = self.add_extractor_name(entities)
            message.set(ENTITIES, message.get(ENTITIES, []) + found, add_to_output=True)
            if decision is not None:
                put_first(message.data, decision.intent)
        return messages
