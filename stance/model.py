"""Linear sentiment and stance models, scored with numpy alone.

A model is a sum of linear blocks: each *view* of the input (the paragraph, the paragraph
with the target masked, the words near the target, lexicon cues) is hashed by its own
:class:`~stance.features.Featurizer` and scored against its own weight block with
:meth:`Featurizer.decision` (no sparse matrix is built). Logits are divided by a
temperature fitted on held-out folds, so probabilities are calibrated and the margin
``logit(positive) - logit(negative)`` stays an exact sum of per-n-gram contributions.

scikit-learn trains the weights (:mod:`stance.fitting`); nothing here imports it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from stance.domain import CLASSES
from stance.exceptions import InputTypeError, param_error
from stance.features import Featurizer
from stance.text import check_texts
from stance.views import base_view, build_views, display, is_derived, is_gated

__all__ = [
    "StanceQuery",
    "Contributions",
    "LinearViews",
    "SentimentModel",
    "StanceModel",
    "Model",
    "query_views",
]

_NEG, _POS = 0, len(CLASSES) - 1  # CLASSES runs from negative to positive


@dataclass(frozen=True)
class StanceQuery:
    """One (paragraph, target) pair: ``spans`` are the target's mentions in ``text``."""

    text: str
    target: str
    spans: tuple[tuple[int, int], ...]
    other_spans: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class Contributions:
    """Every n-gram's exact share of a margin: ``bias + sum(contributions) == margin``
    (calibrated logit(positive) - logit(negative)). :func:`stance.explain.top_k` cuts it to
    the :class:`stance.results.Explanation` that results carry."""

    margin: float
    bias: float
    contributions: tuple[tuple[str, float], ...]


class LinearViews:
    """Weights per view, an intercept and a temperature: ``softmax((sum_v X_v W_v + b) / T)``.

    ``featurizers`` and ``weights`` map a view name to its featurizer and its
    ``(n_features, 3)`` weight block; columns follow :data:`CLASSES`.
    """

    def __init__(self, featurizers: dict[str, Featurizer], weights: dict[str, np.ndarray],
                 intercept: np.ndarray, temperature: float = 1.0) -> None:
        self.featurizers = featurizers
        self.weights = {k: np.ascontiguousarray(w, dtype=np.float32) for k, w in weights.items()}
        self.intercept = np.asarray(intercept, dtype=np.float32)
        self.temperature = float(temperature)
        # A gated view reads its base view's text with the same featurizer, so its rows are
        # scored once, against the sum of both weight blocks: one pass over the text, not two.
        self._gates: dict[str, list[str]] = {}
        for name in featurizers:
            base = base_view(name)
            if is_gated(name) and base in featurizers and featurizers[base].get_params() == featurizers[name].get_params():
                self._gates.setdefault(base, []).append(name)
        self._merged = {g for gs in self._gates.values() for g in gs}
        # laid out once for Featurizer.decision, not on every batch
        self._prepared = {k: featurizers[k].prepare(w) for k, w in self.weights.items() if k not in self._merged}
        self._prepared.update({g: featurizers[g].prepare(self.weights[b] + self.weights[g])
                               for b, gs in self._gates.items() for g in gs})

    def logits(self, views: dict[str, list[str]]) -> np.ndarray:
        """Calibrated logits, shape (n, 3)."""
        n = len(next(iter(views.values())))
        z = np.broadcast_to(self.intercept, (n, len(CLASSES))).astype(np.float32)
        for name, featurizer in self.featurizers.items():
            if name in self._merged:  # scored in its base view's pass, below
                continue
            if name not in self._gates:
                z = z + featurizer.decision(views[name], self._prepared[name])
                continue
            texts, rest = views[name], np.ones(n, dtype=bool)
            for gate in self._gates[name]:
                rows = np.flatnonzero([bool(t) for t in views[gate]])
                rest[rows] = False
                if len(rows):  # _prepared[gate] holds the base's weights plus the gate's
                    z[rows] += featurizer.decision([texts[i] for i in rows], self._prepared[gate])
            rows = np.flatnonzero(rest)
            if len(rows):
                z[rows] += featurizer.decision([texts[i] for i in rows], self._prepared[name])
        return z / np.float32(self.temperature)

    def proba(self, views: dict[str, list[str]]) -> np.ndarray:
        return softmax(self.logits(views))

    def explain(self, views: dict[str, str]) -> Contributions:
        """Exact per-n-gram contributions to the margin of one input."""
        scale = 1.0 / self.temperature
        totals: dict[str, float] = {}
        for name, featurizer in self.featurizers.items():
            w = self.weights[name]
            diff = (w[:, _POS].astype(np.float64) - w[:, _NEG]) * scale
            for key, value in _view_contributions(featurizer, views[name], diff, name).items():
                totals[key] = totals.get(key, 0.0) + value
        bias = float((self.intercept[_POS] - self.intercept[_NEG]) * scale)
        z = self.logits({k: [v] for k, v in views.items()})[0]
        margin = float(z[_POS] - z[_NEG])
        items = sorted(((k, v) for k, v in totals.items() if v != 0.0), key=lambda kv: (-abs(kv[1]), kv[0]))
        return Contributions(margin=margin, bias=bias, contributions=tuple(items))


def _view_contributions(featurizer: Featurizer, text: str, diff: np.ndarray, view: str) -> dict[str, float]:
    """Contribution of each n-gram of ``text`` to the margin through one view.

    A bucket's value (from ``transform``) times its weight is shared among the n-gram
    occurrences that hashed to it, in proportion to their signs, so the parts sum exactly.
    """
    occurrences = featurizer.analyze(text)
    if not occurrences:
        return {}
    row = featurizer.transform([text])  # scipy, imported lazily by the featurizer
    value = dict(zip(row.indices.tolist(), row.data.tolist()))
    sign_sum: dict[int, float] = {}
    for _, bucket, sign in occurrences:
        sign_sum[bucket] = sign_sum.get(bucket, 0.0) + sign
    out: dict[str, float] = {}
    for gram, bucket, sign in occurrences:
        total = sign_sum[bucket]
        if total == 0.0:
            continue
        share = value.get(bucket, 0.0) * float(diff[bucket]) * sign / total
        key = f"[{view}] {display(gram)}"
        out[key] = out.get(key, 0.0) + share
    return out


def softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


class SentimentModel:
    """Paragraph sentiment: one view, the paragraph itself."""

    def __init__(self, linear: LinearViews) -> None:
        self.linear = linear

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        texts = list(check_texts(texts, "SentimentModel.predict_proba"))
        if not texts:
            return np.zeros((0, len(CLASSES)), dtype=np.float32)
        return self.linear.proba({"text": texts})

    def explain(self, text: str) -> Contributions:
        if not isinstance(text, str):
            raise param_error("SentimentModel.explain", "text", f"must be a str, got {type(text).__name__}",
                              "pass one paragraph's text", InputTypeError)
        return self.linear.explain({"text": text})


class StanceModel:
    """Stance toward a target, one model shared by all targets (see :mod:`stance.views`)."""

    def __init__(self, linear: LinearViews, window: int = 5) -> None:
        self.linear = linear
        self.window = window

    def views(self, queries: Sequence[StanceQuery]) -> dict[str, list[str]]:
        derived = [name for name in self.linear.featurizers if is_derived(name)]
        return query_views(queries, window=self.window, derived=derived)

    def predict_proba(self, queries: Sequence[StanceQuery]) -> np.ndarray:
        views = self.views(queries)
        if not views["masked"]:
            return np.zeros((0, len(CLASSES)), dtype=np.float32)
        return self.linear.proba(views)

    def explain(self, query: StanceQuery) -> Contributions:
        if not isinstance(query, StanceQuery):
            raise param_error("StanceModel.explain", "query", f"must be a StanceQuery, got {type(query).__name__}",
                              "pass StanceQuery(text, target, spans)", InputTypeError)
        views = self.views([query])
        return self.linear.explain({k: v[0] for k, v in views.items()})


def query_views(queries: Sequence[StanceQuery], *, window: int = 5, derived: Sequence[str] = ()) -> dict[str, list[str]]:
    """The texts each stance view reads for ``queries`` (:func:`stance.views.build_views`)."""
    queries = _check_queries(queries)
    return build_views([q.text for q in queries], [q.target for q in queries], [q.spans for q in queries],
                       [q.other_spans for q in queries], window=window, derived=derived)


def _check_queries(queries: object) -> list[StanceQuery]:
    if isinstance(queries, StanceQuery):
        raise param_error("StanceModel.predict_proba", "queries", "must be a sequence of StanceQuery, not a single "
                          "StanceQuery", "pass [query]", InputTypeError)
    items: list = list(queries)  # type: ignore[call-overload]
    for i, q in enumerate(items):
        if not isinstance(q, StanceQuery):
            raise param_error("StanceModel.predict_proba", "queries",
                              f"item {i} is {type(q).__name__}, not a StanceQuery",
                              "pass StanceQuery(text, target, spans) items", InputTypeError)
    return items


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
