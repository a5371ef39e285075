"""scikit-learn estimators over the stance models: fit, predict, cross-validate, tune.

:class:`SentimentClassifier` (X: paragraphs, ``str``) and :class:`StanceClassifier`
(X: :class:`~stance.models.StanceQuery` pairs) implement :class:`stance.models.Classifier`,
scikit-learn's estimator contract: ``__init__`` only stores its parameters; ``fit`` checks ``X`` and ``y``, fits with
:mod:`stance.models.fitting` (the recipe a ``config`` describes, over
:data:`stance.models.config.DEFAULT_CONFIG`)
and sets the fitted attributes ``model_`` (the :class:`~stance.models.SentimentModel` or
:class:`~stance.models.StanceModel` that scores, with numpy only), ``classes_``, ``coef_``
(``(3, n_features_in_)``, the views' weight blocks side by side), ``intercept_`` and
``n_features_in_`` (hashed feature columns over all views). They work in ``Pipeline``,
``GridSearchCV`` and ``cross_validate``::

    from sklearn.model_selection import cross_validate
    from stance.models.estimators import SentimentClassifier

    cross_validate(SentimentClassifier(), texts, labels, cv=5, scoring="f1_macro")

This module imports scikit-learn; scoring (``stance.Scorer``, ``stance score``) never does.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.utils.validation import check_is_fitted

from stance.checks import check_items
from stance.domain import CLASSES, parse_label
from stance.exceptions import InputTypeError, param_error
from stance.models.config import DEFAULT_CONFIG, merge_config
from stance.models.fitting import fit_sentiment, fit_stance
from stance.models.scorers import SentimentModel, StanceModel, StanceQuery
from stance.text import check_texts

__all__ = ["SentimentClassifier", "StanceClassifier"]


class _LinearClassifier(ClassifierMixin, BaseEstimator):
    """What both estimators share; subclasses say how X becomes the model's input."""

    def __init__(self, config: dict | None = None, seed: int = 0) -> None:
        self.config = config
        self.seed = seed

    def fit(self, X: Sequence, y: Sequence[str], sample_weight: np.ndarray | None = None) -> "_LinearClassifier":
        X = self._check_X(X, "fit")
        labels = [parse_label(v, f"{type(self).__name__}.fit: y[{i}]", "label")
                  for i, v in enumerate(np.asarray(y, dtype=object).ravel())]
        if len(labels) != len(X):
            raise param_error(f"{type(self).__name__}.fit", "y", f"must hold one label per row of X ({len(X)}), "
                              f"got {len(labels)}", "pass as many labels as rows", InputTypeError)
        config = merge_config(DEFAULT_CONFIG, self.config or {})
        config["seed"] = self.seed
        self.model_ = self._fit(X, labels, config, sample_weight)
        linear = self.model_.linear
        self.classes_ = np.array(CLASSES)
        self.coef_ = np.concatenate([linear.weights[name] for name in linear.featurizers], axis=0).T
        self.intercept_ = np.array(linear.intercept)
        self.n_features_in_ = int(self.coef_.shape[1])
        return self

    def decision_function(self, X: Sequence) -> np.ndarray:
        """Calibrated logits, ``(n, 3)``, columns in :attr:`classes_` order (their softmax is
        :meth:`predict_proba`)."""
        rows = self._fitted_rows(X, "decision_function")
        return self.model_.decision_function(rows)

    def predict_proba(self, X: Sequence) -> np.ndarray:
        rows = self._fitted_rows(X, "predict_proba")
        return self.model_.predict_proba(rows)

    def predict(self, X: Sequence) -> np.ndarray:
        rows = self._fitted_rows(X, "predict")
        return self.classes_[self.model_.predict_proba(rows).argmax(axis=1)]

    def _fitted_rows(self, X: object, method: str) -> list:
        """``X`` checked, once the estimator is fitted: ``NotFittedError`` before (called first,
        before ``model_`` or ``classes_`` is read)."""
        check_is_fitted(self, "model_")
        return self._check_X(X, method)

    _string_input = False  # X is text (SentimentClassifier), or StanceQuery pairs

    def __sklearn_tags__(self):  # sklearn.utils.Tags (scikit-learn >= 1.6 asks for them)
        # X is a sequence of texts or of StanceQuery pairs, never a matrix: check_estimator
        # skips the checks that feed it numeric arrays, as it does for CountVectorizer.
        tags = super().__sklearn_tags__()
        tags.input_tags.two_d_array = False
        tags.input_tags.string = self._string_input
        return tags

    def _check_X(self, X: object, method: str) -> list:
        raise NotImplementedError

    def _fit(self, X: list, labels: list[str], config: dict,
             sample_weight: np.ndarray | None) -> SentimentModel | StanceModel:
        raise NotImplementedError


class SentimentClassifier(_LinearClassifier):
    """Paragraph sentiment as a scikit-learn classifier: X is a sequence of ``str``."""

    _string_input = True

    def _check_X(self, X: object, method: str) -> list:
        return check_texts(X, f"SentimentClassifier.{method}", name="X")

    def _fit(self, X: list, labels: list[str], config: dict, sample_weight: np.ndarray | None) -> SentimentModel:
        return fit_sentiment(X, labels, config, sample_weight=sample_weight)


class StanceClassifier(_LinearClassifier):
    """Stance toward a target as a scikit-learn classifier: X is a sequence of
    :class:`~stance.models.StanceQuery` (``stance.train.stance_queries`` makes them from rows)."""

    def _check_X(self, X: object, method: str) -> list:
        return check_items(X, StanceQuery, f"StanceClassifier.{method}", "X",
                           "make them with stance.train.stance_queries(rows)")

    def _fit(self, X: list, labels: list[str], config: dict, sample_weight: np.ndarray | None) -> StanceModel:
        return fit_stance(X, labels, config, sample_weight=sample_weight)
