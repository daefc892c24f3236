"""Rasa's LogisticRegressionClassifier, reading its input in one step and saved as plain arrays.

Rasa's classifier asks each message for its combined sparse features
(`Message.get_sparse_features`), which deep-copies and stacks every featurizer's sequence
*and* sentence features one pair at a time, then stacks the sentence ones with an empty dense
matrix. Only the sentence features are used. Under the benchmark's load that assembly was a
tenth of the Rasa server's CPU (`make profile`), far more than the classification itself.
This class builds the same matrix (the sentence-level sparse features of the text, in the
order the featurizers added them, side by side) with one stack per message. With dense
features present (there are none in config.yml) it falls back to Rasa's own method.
tests/test_intent_classifier.py checks that both build the same matrix.

Rasa saves the fitted model with skops, whose import scans every public scikit-learn type:
about 4 s of each training and of each server start, more than fitting the model takes. A
fitted logistic regression is three arrays (coefficients, intercepts, intent names), so this
class saves those with numpy, without pickle (nothing in the file can run code, which is what
skops is for), and sets them on a fresh classifier when loading. The rest is Rasa's: training,
the probabilities, the ranking.
"""

from __future__ import annotations

import logging
from typing import Any

import numpy as np
from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.logistic_regression_classifier import LogisticRegressionClassifier
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, TEXT
from rasa.shared.nlu.training_data.message import Message
from scipy.sparse import csr_matrix, hstack, vstack

logger = logging.getLogger(__name__)
FITTED = ("coef_", "intercept_", "classes_")  # what predict_proba reads of a fitted model


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class PageIntentClassifier(LogisticRegressionClassifier):
    """Logistic regression on the sentence-level sparse features (Rasa's, assembled faster)."""

    def _create_X(self, messages: list[Message]) -> csr_matrix:  # noqa: N802 (Rasa's name)
        rows = []
        for message in messages:
            sentence = [f for f in message.features if f.attribute == TEXT and f.type == FEATURE_TYPE_SENTENCE]
            if any(f.is_dense() for f in sentence):
                return super()._create_X(messages)
            sparse = [f.features for f in sentence if f.is_sparse()]
            rows.append(hstack(sparse, format="csr") if sparse else csr_matrix((1, 0)))
        return vstack(rows, format="csr")

    def persist(self) -> None:
        if not hasattr(self.clf, "coef_"):
            return  # not trained (no examples): nothing to save, as Rasa's skips it
        with self._model_storage.write_to(self._resource) as model_dir:
            arrays = {name: getattr(self.clf, name) for name in FITTED}
            np.savez(model_dir / f"{self._resource.name}.npz", **{**arrays, "classes_": arrays["classes_"].astype(str)})

    @classmethod
    def load(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> PageIntentClassifier:
        component = cls.create(config, model_storage, resource, execution_context)
        try:
            with model_storage.read_from(resource) as model_dir:
                path = model_dir / f"{resource.name}.npz"
                if not path.exists() and (model_dir / f"{resource.name}.skops").exists():
                    # A model trained before the classifier was saved as arrays.
                    return super().load(config, model_storage, resource, execution_context, **kwargs)
                with np.load(path, allow_pickle=False) as saved:
                    for name in FITTED:
                        setattr(component.clf, name, saved[name])
        except (ValueError, FileNotFoundError, KeyError) as error:
            logger.warning(f"No trained intent classifier in the model ({error}): train the model again.")
            return component
        component.clf.n_features_in_ = component.clf.coef_.shape[1]
        return component
