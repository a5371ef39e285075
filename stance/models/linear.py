"""Linear models over named views, scored with numpy alone: :class:`LinearViews`.

A model is a sum of linear blocks: each *view* of the input (the paragraph, the paragraph
with the target masked, the words near the target, lexicon cues) is hashed by its own
:class:`~stance.features.Featurizer` and scored against its own weight block with
:meth:`Featurizer.decision` (no sparse matrix is built). Logits are divided by a
temperature fitted on held-out folds, so probabilities are calibrated and the margin
``logit(positive) - logit(negative)`` stays an exact sum of per-n-gram contributions
(:class:`Contributions`).

scikit-learn trains the weights (:mod:`stance.models.fitting`); nothing here imports it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from stance.domain import CLASSES
from stance.features import Featurizer
from stance.views import base_view, display, is_gated

__all__ = ["Contributions", "LinearViews", "softmax"]

_NEG, _POS = 0, len(CLASSES) - 1  # CLASSES runs from negative to positive


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
