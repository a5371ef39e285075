"""Fit the models with scikit-learn: :func:`fit_sentiment` and :func:`fit_stance`, and below them
linear models over named views.

:func:`fit_views` builds each view's featurizer (:func:`featurizers_for`), hstacks the views'
features (:func:`design`) and fits logistic regression on them (:func:`fit_design`); an IDF or
per-view scale (:func:`column_scale`) and word-vector projections (:func:`word_projections`)
are folded into the returned :class:`~stance.models.LinearViews` weights, so scoring needs
neither. :func:`fit_temperature` calibrates held-out logits. scikit-learn and scipy are
imported inside the functions that use them: importing this module loads neither, and
scoring never imports it. The config is :mod:`stance.models.config`'s; labelled files and
cross-validation are :mod:`stance.train`'s, which re-exports these names.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING

import numpy as np

from stance.domain import CLASSES
from stance.exceptions import DataFormatError, input_error
from stance.features import Featurizer
from stance.models.config import DEFAULT_CONFIG
from stance.models.linear import LinearViews, softmax
from stance.models.scorers import SentimentModel, StanceModel, StanceQuery, query_views, text_views
from stance.views import COPY, base_view, is_derived

if TYPE_CHECKING:
    from scipy.sparse import csr_matrix

__all__ = [
    "VECTOR_VIEW",
    "featurizers_for",
    "design",
    "fit_views",
    "word_projections",
    "fit_design",
    "column_scale",
    "fit_temperature",
    "labels_to_y",
    "fit_sentiment",
    "fit_stance",
]

_Y = {c: i for i, c in enumerate(CLASSES)}


def featurizers_for(views: dict) -> dict[str, Featurizer]:
    out = {}
    for name, params in views.items():
        params = {k: tuple(v) if isinstance(v, list) else v for k, v in params.items()}
        out[name] = Featurizer(**params).fit()
    return out


def design(featurizers: dict[str, Featurizer], views: dict[str, list[str]]) -> "csr_matrix":
    import scipy.sparse as sp

    return sp.hstack([f.transform(views[name]) for name, f in featurizers.items()], format="csr")


def fit_views(views: dict[str, list[str]], y: np.ndarray, section: dict, *,
              sample_weight: np.ndarray | None = None, seed: int = 0, texts: Sequence[str] = ()) -> LinearViews:
    """Logistic regression over the hstacked views; returns uncalibrated weights.

    ``texts``: unlabelled text for the word vectors of the ``<view>~vec`` views, if any
    (:func:`word_projections`)."""
    featurizers = featurizers_for(section["views"])
    return fit_design(design(featurizers, views), y, featurizers, section, sample_weight=sample_weight,
                      seed=seed, projections=word_projections(featurizers, section, texts, seed=seed))


VECTOR_VIEW = COPY + "vec"  # "masked~vec": the masked text's mean word vector


def word_projections(featurizers: dict[str, Featurizer], section: dict, texts: Sequence[str], *,
                     seed: int = 0) -> dict[str, np.ndarray]:
    """For each ``<view>~vec`` view, word vectors learned from ``texts`` laid out in its
    featurizer's buckets and scaled by ``section["vectors"]["weight"]`` (:mod:`stance.vectors`).

    ``section["vectors"]``: ``dim`` (200), ``weight`` (2.0), ``min_count`` (3), ``max_vocab``
    (40,000), ``window`` (5).
    """
    names = [name for name in featurizers if name.endswith(VECTOR_VIEW)]
    if not names:
        return {}
    from stance.vectors import projection, train_vectors

    spec = {"dim": 200, "weight": 2.0, "min_count": 3, "max_vocab": 40_000, "window": 5,
            **section.get("vectors", {})}
    words, vectors = train_vectors(list(dict.fromkeys(texts)), dim=spec["dim"], window=spec["window"],
                                   min_count=spec["min_count"], max_vocab=spec["max_vocab"], seed=seed)
    return {name: spec["weight"] * projection(featurizers[name], words, vectors) for name in names}


def fit_design(X: "csr_matrix", y: np.ndarray, featurizers: dict[str, Featurizer], section: dict, *,
               sample_weight: np.ndarray | None = None, seed: int = 0,
               projections: dict[str, np.ndarray] | None = None) -> LinearViews:
    """Fit on a prebuilt design matrix (views hstacked in ``featurizers`` order).

    ``section["solver"]``: ``"sgd"`` (default; logistic loss by SGD, ``alpha``, ``epochs``) or
    ``"lbfgs"`` (``LogisticRegression``, ``C``, ``max_iter``, ``tol``). ``section["idf"]`` names views
    whose columns are scaled by their inverse document frequency in ``X`` before fitting;
    the scale is folded into the returned weights, so scoring needs no IDF table and
    explanations stay exact sums. ``projections`` (view -> ``(n_features, d)``): those views'
    columns are fitted as ``X_view @ P`` and their weights returned as ``P @ coef.T``.
    """
    projections = projections or {}
    classes = np.unique(y)
    if len(classes) == 0:
        raise input_error("The training data", "has no rows", "pass labelled rows", DataFormatError)
    if len(classes) < 2:
        raise input_error("The training data", f"has only the label {CLASSES[classes[0]]!r}, and at least two of "
                          f"{', '.join(CLASSES)} are needed", "add rows with other labels", DataFormatError)
    scale = column_scale(X, featurizers, section, keep=projections)
    if scale is not None:
        import scipy.sparse as sp

        X = X @ sp.diags(scale)
    widths = {name: f.n_features for name, f in featurizers.items()}
    if projections:
        X = _project(X, featurizers, projections)
        widths.update({name: p.shape[1] for name, p in projections.items()})
    clf = _classifier(section, X.shape[0], seed)
    clf.fit(X, y, sample_weight=sample_weight)
    coef = np.zeros((len(CLASSES), X.shape[1]), dtype=np.float64)
    intercept = np.full(len(CLASSES), -30.0)  # a class never seen gets ~0 probability
    if clf.coef_.shape[0] == 1:  # binary: sklearn keeps one row, for the second class
        coef[classes[1]], coef[classes[0]] = clf.coef_[0] / 2, -clf.coef_[0] / 2
        intercept[classes[1]], intercept[classes[0]] = clf.intercept_[0] / 2, -clf.intercept_[0] / 2
    else:
        coef[classes], intercept[classes] = clf.coef_, clf.intercept_
    weights, start = {}, 0
    for name in featurizers:
        block = coef[:, start:start + widths[name]].T
        weights[name] = projections[name] @ block if name in projections else block
        start += widths[name]
    if scale is not None:
        start = 0
        for name, f in featurizers.items():
            weights[name] = weights[name] * scale[start:start + f.n_features, None]
            start += f.n_features
    return LinearViews(featurizers, {k: w.astype(np.float32) for k, w in weights.items()},
                       intercept.astype(np.float32), 1.0)


def _project(X: "csr_matrix", featurizers: dict[str, Featurizer], projections: dict[str, np.ndarray]) -> "csr_matrix":
    """``X`` with each projected view's block replaced by ``block @ P`` (dense columns)."""
    import scipy.sparse as sp

    blocks, start = [], 0
    for name, f in featurizers.items():
        block = X[:, start:start + f.n_features]
        blocks.append(sp.csr_matrix(block @ projections[name]) if name in projections else block)
        start += f.n_features
    return sp.hstack(blocks, format="csr")


def _classifier(section: dict, n_samples: int, seed: int):
    """The scikit-learn estimator a config section asks for (logistic loss either way)."""
    if section.get("solver", "sgd") == "lbfgs":
        from sklearn.linear_model import LogisticRegression

        return LogisticRegression(C=section.get("C", 1.0), class_weight=section.get("class_weight"),
                                  max_iter=section.get("max_iter", 3000), tol=section.get("tol", 1e-4))
    from sklearn.linear_model import SGDClassifier

    # Logistic loss by SGD, one-vs-rest: seconds where lbfgs takes minutes on 2**18-wide
    # views; the temperature fitted afterwards turns the scores into calibrated probabilities.
    # A config may give LogisticRegression's "C" instead of "alpha": the same penalty is
    # alpha = 1 / (C * n_samples); "max_iter" is accepted for "epochs".
    alpha = section["alpha"] if "alpha" in section else (
        1.0 / (section["C"] * n_samples) if "C" in section else 5e-5)
    # "loss", "average", "learning_rate" and "eta0" are SGDClassifier's; the ablation in
    # training/ tries them.
    options = {k: section[k] for k in ("loss", "average", "learning_rate", "eta0") if k in section}
    return SGDClassifier(**{"loss": "log_loss", **options}, alpha=alpha, class_weight=section.get("class_weight"),
                         max_iter=section.get("epochs", section.get("max_iter", 20)), tol=None, random_state=seed)


def column_scale(X: "csr_matrix", featurizers: dict[str, Featurizer], section: dict, *,
                 keep: Collection[str] = ()) -> np.ndarray | None:
    """Per-column scale of the design ``X`` that ``section`` asks for, or None.

    ``section["idf"]``: views (and their gated copies) scaled by ``1 + log((1 + n) / (1 + df))``
    over the rows of ``X``; ``section["view_scale"]``: a factor per view (a larger factor
    means a weaker penalty on that view's weights). Views named in ``keep`` stay unscaled
    (the projected views of :func:`fit_design`, whose columns become word-vector means).
    """
    idf_views, factors = section.get("idf", ()), section.get("view_scale", {})
    if not idf_views and not factors:
        return None
    df = np.bincount(X.indices, minlength=X.shape[1]) if idf_views else np.zeros(X.shape[1])
    scale = np.ones(X.shape[1])
    start = 0
    for name, f in featurizers.items():
        block = slice(start, start + f.n_features)
        base = base_view(name)
        if name in keep:
            start += f.n_features
            continue
        if base in idf_views:
            scale[block] = 1.0 + np.log((1.0 + X.shape[0]) / (1.0 + df[block]))
        scale[block] *= factors.get(name, factors.get(base, 1.0))
        start += f.n_features
    return scale


def fit_temperature(logits: np.ndarray, y: np.ndarray) -> float:
    """The temperature minimising held-out log-loss (golden-section search on log T)."""
    logits = np.asarray(logits, dtype=np.float64)

    def loss(log_t: float) -> float:
        p = softmax(logits / np.exp(log_t))
        return float(-np.mean(np.log(np.clip(p[np.arange(len(y)), y], 1e-12, None))))

    lo, hi = np.log(0.05), np.log(20.0)
    g = (np.sqrt(5) - 1) / 2
    a, b = hi - g * (hi - lo), lo + g * (hi - lo)
    fa, fb = loss(a), loss(b)
    for _ in range(60):
        if fa < fb:
            hi, b, fb = b, a, fa
            a = hi - g * (hi - lo)
            fa = loss(a)
        else:
            lo, a, fa = a, b, fb
            b = lo + g * (hi - lo)
            fb = loss(b)
    return float(round(np.exp((lo + hi) / 2), 6))


# -- the sentiment and stance models ----------------------------------------------------


def labels_to_y(labels: Sequence[str]) -> np.ndarray:
    """Class indices (into :data:`~stance.domain.CLASSES`) of ``labels``."""
    return np.array([_Y[label] for label in labels], dtype=np.int64)


def fit_sentiment(texts: Sequence[str], labels: Sequence[str], config: dict | None = None, *,
                  sample_weight: np.ndarray | None = None, unlabelled: Sequence[str] = ()) -> SentimentModel:
    """A sentiment model on ``texts`` with ``config`` (default :data:`~stance.models.config.DEFAULT_CONFIG`);
    ``unlabelled`` texts join ``texts`` in learning word vectors when the config has a ``text~vec`` view."""
    config = config or DEFAULT_CONFIG
    texts = list(texts)
    linear = fit_views(text_views(texts, config["sentiment"]["views"]), labels_to_y(labels), config["sentiment"],
                       sample_weight=sample_weight, seed=config.get("seed", 0), texts=list(unlabelled) + texts)
    return SentimentModel(linear)


def fit_stance(queries: Sequence[StanceQuery], labels: Sequence[str], config: dict | None = None, *,
               sample_weight: np.ndarray | None = None, unlabelled: Sequence[str] = ()) -> StanceModel:
    """A stance model on ``queries``; ``unlabelled`` texts join the queries' paragraphs in
    learning word vectors when the config has ``<view>~vec`` views."""
    config = config or DEFAULT_CONFIG
    section = config["stance"]
    window = section.get("window", 5)
    views = query_views(queries, window=window, derived=[name for name in section["views"] if is_derived(name)])
    views = {k: v for k, v in views.items() if k in section["views"]}
    linear = fit_views(views, labels_to_y(labels), section, sample_weight=sample_weight,
                       seed=config.get("seed", 0), texts=[q.text for q in queries] + list(unlabelled))
    return StanceModel(linear, window=window)
