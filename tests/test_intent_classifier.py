"""pipeline/intent_classifier.py builds the same input matrix as Rasa's LogisticRegressionClassifier, and
saves and loads the fitted model as plain arrays."""

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


def test_a_saved_classifier_loads_with_the_same_probabilities(tmp_path) -> None:
    rng = np.random.default_rng(1)
    labels = ["ask_symptoms", "ask_treatment", "out_of_scope"]
    messages = [message(seed) for seed in range(30)]
    for seed, found in enumerate(messages):
        found.set("intent", labels[seed % 3])
    trained = build(PageIntentClassifier, tmp_path)
    trained.clf.fit(trained._create_X(messages), [m.get("intent") for m in messages])
    trained.persist()
    context = ExecutionContext(GraphSchema({}), "test")
    loaded = PageIntentClassifier.load(PageIntentClassifier.get_default_config(), trained._model_storage,
                                       Resource("classifier"), context)
    probe = [message(int(seed)) for seed in rng.integers(100, 200, 5)]
    assert list(loaded.clf.classes_) == labels
    expected = trained.clf.predict_proba(trained._create_X(probe))
    assert np.allclose(loaded.clf.predict_proba(loaded._create_X(probe)), expected)
    assert not list(tmp_path.rglob("*.skops"))  # no pickle-based file written


def test_a_model_without_a_saved_classifier_loads_untrained_and_says_so(tmp_path, caplog) -> None:
    context = ExecutionContext(GraphSchema({}), "test")
    loaded = PageIntentClassifier.load(PageIntentClassifier.get_default_config(), LocalModelStorage(tmp_path),
                                       Resource("missing"), context)
    assert not hasattr(loaded.clf, "coef_")
    assert "train the model again" in caplog.text


def test_a_model_saved_by_rasas_classifier_still_loads(tmp_path) -> None:
    messages = [message(seed) for seed in range(12)]
    old = build(LogisticRegressionClassifier, tmp_path)
    old.clf.fit(old._create_X(messages), ["a", "b", "c"] * 4)
    old.persist()  # skops, as models trained before this class saved arrays
    context = ExecutionContext(GraphSchema({}), "test")
    loaded = PageIntentClassifier.load(PageIntentClassifier.get_default_config(), old._model_storage,
                                       Resource("classifier"), context)
    expected = old.clf.predict_proba(old._create_X(messages))
    assert np.allclose(loaded.clf.predict_proba(loaded._create_X(messages)), expected)
