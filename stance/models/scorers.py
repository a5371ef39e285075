"""The sentiment and stance scorers: what a model file holds and ``stance score`` runs.

:class:`SentimentModel` reads a paragraph; :class:`StanceModel` reads the views
(:mod:`stance.views`) of a :class:`StanceQuery`, a (paragraph, target) pair; :class:`Model`
holds the shipped models and what was recorded when they were built. Each scores through a
:class:`~stance.models.linear.LinearViews`, with numpy alone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

import numpy as np

from stance.checks import check_items
from stance.domain import CLASSES
from stance.exceptions import InputTypeError, param_error
from stance.models.linear import Contributions, LinearViews, softmax
from stance.text import check_texts
from stance.views import build_views, is_derived

__all__ = ["StanceQuery", "SentimentModel", "StanceModel", "DeferredStanceModel", "Model", "query_views", "text_views"]

_FIX_QUERIES = "pass a list of StanceQuery(text, target, spans)"

T = TypeVar("T")


@dataclass(frozen=True)
class StanceQuery:
    """One (paragraph, target) pair: ``spans`` are the target's mentions in ``text``."""

    text: str
    target: str
    spans: tuple[tuple[int, int], ...]
    other_spans: tuple[tuple[int, int], ...] = ()


class _LinearScorer(Generic[T]):
    """What both scorers share: logits and probabilities of a checked batch ``X`` of ``T``,
    through the texts each view of :attr:`linear` reads (``_views``)."""

    linear: LinearViews

    def decision_function(self, X: Sequence[T]) -> np.ndarray:
        """Calibrated logits, ``(n, 3)``, columns in :data:`~stance.domain.CLASSES` order."""
        return self._logits(X, "decision_function")

    def predict_proba(self, X: Sequence[T]) -> np.ndarray:
        """Probabilities, ``(n, 3)``: the softmax of :meth:`decision_function`."""
        return softmax(self._logits(X, "predict_proba"))

    def _logits(self, X: object, method: str) -> np.ndarray:
        views = self._views(X, method)
        if not next(iter(views.values())):
            return np.zeros((0, len(CLASSES)), dtype=np.float32)
        return self.linear.logits(views)

    def _views(self, X: object, method: str) -> dict[str, list[str]]:
        raise NotImplementedError


class SentimentModel(_LinearScorer[str]):
    """Paragraph sentiment: one view, the paragraph itself. ``X`` is a sequence of paragraphs."""

    def __init__(self, linear: LinearViews) -> None:
        self.linear = linear

    def explain(self, text: str) -> Contributions:
        if not isinstance(text, str):
            raise param_error("SentimentModel.explain", "text", f"must be a str, got {type(text).__name__}",
                              "pass one paragraph's text", InputTypeError)
        return self.linear.explain({"text": text})

    def _views(self, X: object, method: str) -> dict[str, list[str]]:
        return text_views(check_texts(X, f"SentimentModel.{method}", name="X"), self.linear.featurizers)


def text_views(texts: list[str], names: Iterable[str]) -> dict[str, list[str]]:
    """The sentiment views of ``texts``: ``text`` and its copies (``text~vec``) all read the paragraph."""
    return {name: texts for name in names}


class StanceModel(_LinearScorer[StanceQuery]):
    """Stance toward a target, one model shared by all targets (see :mod:`stance.views`). ``X``
    is a sequence of :class:`StanceQuery`."""

    def __init__(self, linear: LinearViews, window: int = 5) -> None:
        self.linear = linear
        self.window = window

    def views(self, X: Sequence[StanceQuery]) -> dict[str, list[str]]:
        """The texts each of the model's views reads for the queries ``X`` (:func:`query_views`)."""
        return self._views(X, "views")

    def explain(self, query: StanceQuery) -> Contributions:
        if not isinstance(query, StanceQuery):
            raise param_error("StanceModel.explain", "query", f"must be a StanceQuery, got {type(query).__name__}",
                              "pass StanceQuery(text, target, spans)", InputTypeError)
        views = self._views([query], "explain")
        return self.linear.explain({k: v[0] for k, v in views.items()})

    def _views(self, X: object, method: str) -> dict[str, list[str]]:
        queries = check_items(X, StanceQuery, f"StanceModel.{method}", "X", _FIX_QUERIES)
        return _views_of(queries, self.window, [name for name in self.linear.featurizers if is_derived(name)])


def query_views(queries: Sequence[StanceQuery], *, window: int = 5, derived: Sequence[str] = ()) -> dict[str, list[str]]:
    """The texts each stance view reads for ``queries`` (:func:`stance.views.build_views`)."""
    return _views_of(check_items(queries, StanceQuery, "query_views", "queries", _FIX_QUERIES), window, derived)


def _views_of(queries: list[StanceQuery], window: int, derived: Sequence[str]) -> dict[str, list[str]]:
    return build_views([q.text for q in queries], [q.target for q in queries], [q.spans for q in queries],
                       [q.other_spans for q in queries], window=window, derived=derived)


class DeferredStanceModel(StanceModel):
    """A :class:`StanceModel` read on first use: ``read()`` returns the model. A model file's
    span-target model is one (:func:`stance.persist.read_model`): reading its weights costs
    start-up that scoring party pairs never needs. ``read`` must be picklable (a
    ``functools.partial`` of a module-level function) when the model is sent to workers."""

    def __init__(self, read: Callable[[], StanceModel], window: int = 5) -> None:
        self._read = read
        self._linear: LinearViews | None = None
        self.window = window

    @property
    def linear(self) -> LinearViews:
        if self._linear is None:
            self._linear = self._read().linear
        return self._linear

    @linear.setter
    def linear(self, value: LinearViews) -> None:
        self._linear = value


@dataclass
class Model:
    """The shipped models and what was recorded when they were built.

    ``span`` (optional) is the stance model for targets given as character spans, any named
    target (NewsMTSC-style): trained on such rows as well as on party pairs. A model without
    one scores spans with ``stance``, the party model (:meth:`stance_model`).
    """

    sentiment: SentimentModel
    stance: StanceModel
    metadata: dict = field(default_factory=dict)
    model_id: str = ""
    span: StanceModel | None = None

    def stance_model(self, *, spans: bool) -> StanceModel:
        """The model for party pairs (``spans=False``) or for span-given targets (``spans=True``)."""
        return self.span if spans and self.span is not None else self.stance
