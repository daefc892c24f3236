"""The NLU settings `make nlu-tradeoffs` compares (tools/perf/nlu_tradeoffs.py): each variant
is config.yml with a few settings changed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Config = dict[str, Any]


def _component(config: Config, name: str, **match: Any) -> Config:
    for component in config["pipeline"]:
        if component.get("name") == name and all(component.get(k) == v for k, v in match.items()):
            return component
    raise KeyError(f"config.yml has no {name} {match or ''}")


CLASSIFIERS = ("DIETClassifier", "LogisticRegressionClassifier", "pipeline.intent_classifier.PageIntentClassifier")
# Rasa's logistic regression, as config.yml runs it (its input assembled faster: same model).
LOGREG = "pipeline.intent_classifier.PageIntentClassifier"
# DIET as config.yml had it before issue 11, for variants of a config.yml without DIET.
DIET = {"name": "DIETClassifier", "entity_recognition": False, "constrain_similarities": True, "random_seed": 1}


def _classifier_index(config: Config) -> int:
    names = [component.get("name") for component in config["pipeline"]]
    return next(i for i, name in enumerate(names) if name in CLASSIFIERS)


def _diet(**settings: Any) -> Callable[[Config], None]:
    def change(config: Config) -> None:
        index = _classifier_index(config)
        if config["pipeline"][index]["name"] != "DIETClassifier":
            config["pipeline"][index] = dict(DIET)
        config["pipeline"][index].update(settings)
    return change


def _char_ngrams(low: int, high: int, max_features: int | None = None) -> Callable[[Config], None]:
    def change(config: Config) -> None:
        chars = _component(config, "CountVectorsFeaturizer", analyzer="char_wb")
        chars.update(min_ngram=low, max_ngram=high)
        if max_features:
            chars["max_features"] = max_features
    return change


def _classifier(name: str, **settings: Any) -> Callable[[Config], None]:
    """Another intent classifier in DIET's place."""
    def change(config: Config) -> None:
        config["pipeline"][_classifier_index(config)] = {"name": name, **settings}
    return change


def _both(*changes: Callable[[Config], None]) -> Callable[[Config], None]:
    def change(config: Config) -> None:
        for each in changes:
            each(config)
    return change


VARIANTS: dict[str, tuple[str, Callable[[Config], None]]] = {
    "config.yml": ("config.yml as it is", lambda config: None),
    "diet-2-layers-100": ("DIET, 2 transformer layers (its default), 100 epochs",
                          _diet(number_of_transformer_layers=2, epochs=100)),
    "diet-0-layers-100": ("DIET without transformer, 100 epochs", _diet(number_of_transformer_layers=0, epochs=100)),
    "diet-0-layers-50": ("DIET without transformer, 50 epochs", _diet(number_of_transformer_layers=0, epochs=50)),
    "diet-0-layers-25": ("DIET without transformer, 25 epochs", _diet(number_of_transformer_layers=0, epochs=25)),
    "diet-0-layers-50-char-2-4": ("DIET without transformer, 50 epochs, char n-grams 2–4",
                                  _both(_diet(number_of_transformer_layers=0, epochs=50), _char_ngrams(2, 4))),
    "diet-0-layers-50-char-max-5000": ("DIET without transformer, 50 epochs, char n-grams 1–4, max 5,000 features",
                                       _both(_diet(number_of_transformer_layers=0, epochs=50),
                                             _char_ngrams(1, 4, 5000))),
    "logistic-regression": ("Logistic regression (Rasa's LogisticRegressionClassifier) instead of DIET",
                            _classifier("LogisticRegressionClassifier", random_state=1)),
    "logistic-regression-1000": ("Logistic regression instead of DIET, up to 1,000 iterations (converges)",
                                 _classifier("LogisticRegressionClassifier", random_state=1, max_iter=1000)),
    "logistic-regression-liblinear": ("Logistic regression instead of DIET, one-vs-rest (liblinear)",
                                      _classifier(LOGREG, random_state=1, solver="liblinear")),
    "logistic-regression-liblinear-char-1-3": ("Logistic regression (liblinear), char n-grams 1–3",
                                               _both(_classifier(LOGREG, random_state=1, solver="liblinear"),
                                                     _char_ngrams(1, 3))),
    "logistic-regression-liblinear-char-2-5": ("Logistic regression (liblinear), char n-grams 2–5",
                                               _both(_classifier(LOGREG, random_state=1, solver="liblinear"),
                                                     _char_ngrams(2, 5))),
    "diet-1-layer-128-50": ("DIET, 1 transformer layer of size 128, 50 epochs",
                            _diet(number_of_transformer_layers=1, transformer_size=128, epochs=50)),
}
