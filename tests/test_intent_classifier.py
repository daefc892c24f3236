"""pipeline/intent_classifier.py builds the same input matrix as Rasa's LogisticRegressionClassifier."""

from __future__ import annotations

import numpy as np
import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.classifiers.logistic_regression_classifier import LogisticRegressionClassifier
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, FEATURE_TYPE_SEQUENCE, TEXT
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message
from scipy.sparse import random as sparse_random

from pipeline.intent_classifier import PageIntentClassifier


def message(seed: int, dense: bool = False) -> Message:
    """A message as the featurizers leave it: sequence and sentence features of several origins."""
    rng = np.random.default_rng(seed)
    found = Message(data={TEXT: f"message {seed}"})
    for origin, width in (("RegexFeaturizer", 3), ("LexicalSyntacticFeaturizer", 7),
                          ("CountVectorsFeaturizer", 11), ("CountVectorsFeaturizer_char", 13)):
        found.add_features(Features(sparse_random(4, width, density=0.3, random_state=seed, format="coo"),
                                    FEATURE_TYPE_SEQUENCE, TEXT, origin))
        found.add_features(Features(sparse_random(1, width, density=0.5, random_state=seed + width, format="coo"),
                                    FEATURE_TYPE_SENTENCE, TEXT, origin))
    if dense:
        found.add_features(Features(rng.random((1, 5)), FEATURE_TYPE_SENTENCE, TEXT, "dense"))
    return found


def build(cls: type[LogisticRegressionClassifier], tmp_path) -> LogisticRegressionClassifier:
    storage = LocalModelStorage(tmp_path)
    context = ExecutionContext(GraphSchema({}), "test")
    return cls.create(cls.get_default_config(), storage, Resource("classifier"), context)


@pytest.mark.parametrize("dense", [False, True])
def test_it_builds_the_matrix_rasas_classifier_builds(tmp_path, dense: bool) -> None:
    messages = [message(seed, dense) for seed in range(5)]
    ours = build(PageIntentClassifier, tmp_path)._create_X(messages)
    rasas = build(LogisticRegressionClassifier, tmp_path)._create_X(messages)
    assert ours.shape == rasas.shape == (5, 3 + 7 + 11 + 13 + (5 if dense else 0))
    assert (ours != rasas).nnz == 0
