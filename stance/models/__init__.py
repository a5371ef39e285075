"""The sentiment and stance models: scorers that need numpy alone, how they are fitted, and
scikit-learn estimators over them.

Import the names below from ``stance.models``: :class:`Classifier` (the interface the
estimators declare, ``base``), :class:`LinearViews` (weights per named view, exact
explanations, ``linear``), :class:`SentimentModel`, :class:`StanceModel` (and :class:`DeferredStanceModel`, one read on
first use), :class:`StanceQuery` and :class:`Model` (``scorers``). Three modules are imported by name:
``stance.models.config`` (the training config), ``stance.models.fitting`` (fitting with
scikit-learn, imported inside its functions) and ``stance.models.estimators``
(``SentimentClassifier``, ``StanceClassifier``), which imports scikit-learn: this package does
not, so scoring, which imports it, never loads scikit-learn.
"""

from __future__ import annotations

from stance.models.base import Classifier
from stance.models.linear import Contributions, LinearViews, softmax
from stance.models.scorers import DeferredStanceModel, Model, SentimentModel, StanceModel, StanceQuery, query_views

__all__ = [
    "Classifier",
    "Contributions",
    "DeferredStanceModel",
    "LinearViews",
    "Model",
    "SentimentModel",
    "StanceModel",
    "StanceQuery",
    "query_views",
    "softmax",
]
