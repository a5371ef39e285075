"""The interface every stance classifier declares: :class:`Classifier`.

It is scikit-learn's classifier contract, written down as a :class:`typing.Protocol` so that
code can name it without importing scikit-learn: ``__init__`` only stores its keyword
arguments; ``fit`` checks ``X`` and ``y`` and sets the fitted state, whose names end in ``_``;
``get_params``/``set_params`` read and write the parameters, so ``clone``, ``GridSearchCV``
and ``cross_validate`` can copy and tune an estimator. The estimators of
:mod:`stance.models.estimators` implement it on scikit-learn's ``BaseEstimator``.

Columns of ``decision_function`` and ``predict_proba`` follow ``classes_``, which is
:data:`~stance.domain.CLASSES` whatever labels ``y`` holds. ``coef_`` is ``(3,
n_features_in_)``: ``n_features_in_`` counts the hashed feature columns of all views, not
columns of ``X`` (``X`` is text, or :class:`~stance.models.StanceQuery` pairs).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol, runtime_checkable

import numpy as np

__all__ = ["Classifier"]


@runtime_checkable
class Classifier(Protocol):
    """A fitted sentiment or stance classifier (``isinstance`` is true once ``fit`` has run)."""

    classes_: np.ndarray
    coef_: np.ndarray
    intercept_: np.ndarray
    n_features_in_: int

    def fit(self, X: Sequence, y: Sequence[str], sample_weight: np.ndarray | None = None) -> Classifier:
        """Check ``X`` and ``y``, fit, set the ``_``-suffixed attributes; return ``self``."""
        ...

    def decision_function(self, X: Sequence) -> np.ndarray:
        """Calibrated logits, ``(n, 3)``, columns in ``classes_`` order."""
        ...

    def predict_proba(self, X: Sequence) -> np.ndarray:
        """Probabilities, ``(n, 3)``: the softmax of :meth:`decision_function`."""
        ...

    def predict(self, X: Sequence) -> np.ndarray:
        """The most probable label of each row, from ``classes_``."""
        ...

    def get_params(self, deep: bool = True) -> dict[str, Any]:
        """The ``__init__`` parameters and their values."""
        ...

    def set_params(self, **params: Any) -> Classifier:
        """Set ``__init__`` parameters; return ``self``."""
        ...
