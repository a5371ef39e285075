"""The sentiment and stance models: scorers that need numpy alone, and how they are fitted.

``linear`` (:class:`LinearViews`: weights per named view, exact explanations),
``scorers`` (:class:`SentimentModel`, :class:`StanceModel`, :class:`StanceQuery`, :class:`Model`)
and ``fitting`` (views to weights with scikit-learn, imported inside its functions). Import
the names below from ``stance.models``; ``stance.models.fitting`` is imported by name.
"""

from __future__ import annotations

from stance.models.linear import Contributions, LinearViews, softmax
from stance.models.scorers import Model, SentimentModel, StanceModel, StanceQuery, query_views

__all__ = [
    "Contributions",
    "LinearViews",
    "Model",
    "SentimentModel",
    "StanceModel",
    "StanceQuery",
    "query_views",
    "softmax",
]
