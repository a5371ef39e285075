"""Fit and evaluate sentiment and stance models: the API behind ``stance train`` / ``evaluate``.

scikit-learn (``SGDClassifier`` with logistic loss) fits the weights; it is imported only here, lazily,
so scoring a loaded model never needs it. Metrics are computed with numpy.
"""

from __future__ import annotations

import hashlib
import json
import platform
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from stance.domain import ABSENT, CLASSES
from stance.exceptions import DataFormatError, InputTypeError, input_error, param_error
from stance.features import Featurizer
from stance.metrics import calibration, report
from stance.model import (LinearViews, Model, SentimentModel, StanceModel, StanceQuery, query_views,
                          softmax)
from stance.readers import read_sentiment_file, read_stance_file
from stance.views import COPY, base_view, is_derived

if TYPE_CHECKING:
    from scipy.sparse import csr_matrix

    from stance.parties import Registry

__all__ = [
    "DEFAULT_CONFIG",
    "read_sentiment_file",
    "read_stance_file",
    "stance_queries",
    "fit_sentiment",
    "fit_stance",
    "fit_temperature",
    "merge_config",
    "column_scale",
    "group_folds",
    "check_task",
    "train",
]

_Y = {c: i for i, c in enumerate(CLASSES)}

_UNIT_WORDS_AND_CHARS = {"word_ngrams": [1, 2], "char_ngrams": [2, 5], "n_features": 2**18, "norm": "sqrt"}

DEFAULT_CONFIG: dict = {
    "seed": 0,
    "folds": 5,
    "sentiment": {
        "views": {"text": {"word_ngrams": [1, 2], "char_ngrams": [2, 5], "n_features": 2**18}},
        "alpha": 5e-6,
        "epochs": 15,
        "class_weight": "balanced",
    },
    # Views of stance.views; "masked@<party>" are the per-party copies of "masked". Each
    # n-gram family divided by the square root of its n-gram count (unit length when no
    # n-gram repeats, and twice as fast to score as "l2"), then IDF-weighted (folded into
    # the stored weights); lbfgs, C=0.1 (IDF-scaled rows are longer than unit). Measured
    # against the plain TF-IDF baseline in training/yardstick.py (docs/model-card.md).
    "stance": {
        "views": {
            "masked": _UNIT_WORDS_AND_CHARS,
            "near": _UNIT_WORDS_AND_CHARS,
            "cue": {"word_ngrams": [1, 2], "char_ngrams": None, "n_features": 2**12, "norm": None},
            "masked@china": _UNIT_WORDS_AND_CHARS,
            "masked@russia": _UNIT_WORDS_AND_CHARS,
            "masked@west": _UNIT_WORDS_AND_CHARS,
        },
        "idf": ["masked", "near"],
        "window": 5,
        "solver": "lbfgs",
        "C": 0.1,
        "tol": 1e-3,
        "max_iter": 3000,
        "class_weight": "balanced",
    },
}


# -- data -----------------------------------------------------------------------------


def stance_queries(rows: Sequence[dict], registry: Registry | None = None) -> tuple[list[StanceQuery], np.ndarray]:
    """Queries for stance rows, and whether the target was found (registry or spans).

    A row without spans must name a registry party; the registry finds its mentions and
    the other parties' mentions. Rows with spans get the registry's mentions of other
    parties (outside the target's spans) as ``other_spans``.
    """
    from stance.parties import Registry

    registry = Registry.default() if registry is None else registry
    mentions = registry.find_mentions([r["text"] for r in rows])
    queries, found = [], np.zeros(len(rows), dtype=bool)
    for i, (row, ms) in enumerate(zip(rows, mentions)):
        target, spans = row["target"], row.get("spans")
        if spans is None:
            if target not in registry.parties:
                raise input_error(row.get("where", f"row {i}"), f"target {target!r} is not a party of the registry "
                                  f"({', '.join(registry.parties)}) and the row has no 'spans'",
                                  "add \"spans\": [[start, end], ...] with the target's character offsets",
                                  DataFormatError)
            own = tuple((m.start, m.end) for m in ms if m.party == target)
            other = tuple((m.start, m.end) for m in ms if m.party != target)
        else:
            own = tuple(tuple(s) for s in spans)
            other = tuple((m.start, m.end) for m in ms
                          if m.party != target and not any(m.start < e and s < m.end for s, e in own))
        found[i] = bool(own)
        queries.append(StanceQuery(row["text"], target, own, other))
    return queries, found


def labels_to_y(labels: Sequence[str]) -> np.ndarray:
    return np.array([_Y[label] for label in labels], dtype=np.int64)


# -- fitting --------------------------------------------------------------------------


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
    if len(classes) < 2:
        raise input_error("The training data", f"has only the label {CLASSES[classes[0]]!r}, and at least two of "
                          f"{', '.join(CLASSES)} are needed", "add rows with other labels", DataFormatError)
    scale = column_scale(X, featurizers, {**section, "skip": list(projections)})
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


def column_scale(X: "csr_matrix", featurizers: dict[str, Featurizer], section: dict) -> np.ndarray | None:
    """Per-column scale of the design ``X`` that ``section`` asks for, or None.

    ``section["idf"]``: views (and their gated copies) scaled by ``1 + log((1 + n) / (1 + df))``
    over the rows of ``X``; ``section["view_scale"]``: a factor per view (a larger factor
    means a weaker penalty on that view's weights).
    """
    idf_views, factors = section.get("idf", ()), section.get("view_scale", {})
    skip = set(section.get("skip", ()))  # views left as they are (fit_design's projected views)
    if not idf_views and not factors:
        return None
    df = np.bincount(X.indices, minlength=X.shape[1]) if idf_views else np.zeros(X.shape[1])
    scale = np.ones(X.shape[1])
    start = 0
    for name, f in featurizers.items():
        block = slice(start, start + f.n_features)
        base = base_view(name)
        if name in skip:
            start += f.n_features
            continue
        if base in idf_views:
            scale[block] = 1.0 + np.log((1.0 + X.shape[0]) / (1.0 + df[block]))
        scale[block] *= factors.get(name, factors.get(base, 1.0))
        start += f.n_features
    return scale


def fit_sentiment(texts: Sequence[str], labels: Sequence[str], config: dict | None = None, *,
                  sample_weight: np.ndarray | None = None) -> SentimentModel:
    config = config or DEFAULT_CONFIG
    linear = fit_views({"text": list(texts)}, labels_to_y(labels), config["sentiment"],
                       sample_weight=sample_weight, seed=config.get("seed", 0))
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


# -- metrics --------------------------------------------------------------------------


def group_folds(groups: Sequence[str], k: int, seed: int = 0) -> np.ndarray:
    """Fold number per row; all rows of a group share a fold (groups assigned by hash)."""
    keys = np.array([int(hashlib.sha256(f"{seed}:{g}".encode()).hexdigest()[:8], 16) for g in groups])
    return (keys % k).astype(np.int64)


# -- train / evaluate (CLI) -------------------------------------------------------------


def check_task(task: str, allowed: tuple[str, ...], owner: str) -> None:
    if task not in allowed:
        raise param_error(owner, "task", f"must be one of {', '.join(allowed)}, got {task!r:.60}",
                          f"pass one of {', '.join(allowed)}")


def _checksums(paths: Sequence) -> list[dict]:
    return [{"file": Path(p).name, "sha256": hashlib.sha256(Path(p).read_bytes()).hexdigest()} for p in paths]


def train(task: str, paths: list, *, out: str | Path, config: dict | None = None) -> dict:
    """Train a model from user files, cross-validate it by article, write it to ``out``.

    The model directory holds both a sentiment and a stance model (``load_model`` reads
    both); the one not trained is copied from the shipped default. Returns the CV report.
    """
    from stance import persist
    from stance.loading import load_model
    from stance.parties import Registry

    check_task(task, ("stance", "sentiment"), "train")
    if isinstance(paths, (str, Path)):
        raise param_error("train", "paths", f"must be a list of files, not a single {type(paths).__name__}",
                          "pass [path]", InputTypeError)
    config = merge_config(DEFAULT_CONFIG, config or {})
    reader = read_stance_file if task == "stance" else read_sentiment_file
    rows = [row for p in paths for row in reader(p)]
    if task == "stance":
        rows = [r for r in rows if r["label"] != ABSENT]
        queries, found = stance_queries(rows)
        rows = [r for r, f in zip(rows, found) if f]
        queries = [q for q, f in zip(queries, found) if f]
        inputs: list = queries
    else:
        inputs = [r["text"] for r in rows]
    labels = [r["label"] for r in rows]
    fit = fit_stance if task == "stance" else fit_sentiment
    folds = group_folds([r["group"] for r in rows], config["folds"], config["seed"])
    oof = np.zeros((len(rows), len(CLASSES)))
    for k in range(config["folds"]):
        test = folds == k
        if test.all() or not test.any():
            continue
        model = fit([x for x, t in zip(inputs, test) if not t], [l for l, t in zip(labels, test) if not t], config)
        oof[test] = model.linear.logits(_views(model, [x for x, t in zip(inputs, test) if t]))
    y = labels_to_y(labels)
    temperature = fit_temperature(oof, y)
    proba = softmax(oof / temperature)
    cv = report(labels, [CLASSES[i] for i in proba.argmax(1)], task)
    cv["calibration"] = calibration(proba, y)
    final = fit(inputs, labels, config)
    final.linear.temperature = temperature
    try:
        base = load_model()
    except Exception:  # noqa: BLE001 - no shipped model: the other task gets this one's twin
        base = None
    sentiment = final if isinstance(final, SentimentModel) else (base.sentiment if base else None)
    stance = final if isinstance(final, StanceModel) else (base.stance if base else None)
    if sentiment is None or stance is None:
        raise input_error("train", "no shipped default model to complete the model directory with",
                          "run `python -m training.build` first", DataFormatError)
    meta = {
        "name": "stance-custom", "date": date.today().isoformat(), "task_trained": task,
        "registry_version": Registry.default().version, "training_data": _checksums(paths),
        "metrics": {f"cv_{task}": cv}, "library_versions": library_versions(), "config": config,
    }
    persist.save_model(Model(sentiment, stance, meta), out)
    return cv


def _views(model, inputs):
    return model.views(inputs) if isinstance(model, StanceModel) else {"text": list(inputs)}


def library_versions() -> dict:
    import scipy
    import sklearn

    from stance._version import __version__

    return {"stance": __version__, "numpy": np.__version__, "scipy": scipy.__version__,
            "scikit-learn": sklearn.__version__, "python": platform.python_version()}


def merge_config(base: dict, override: dict) -> dict:
    """A copy of ``base`` with ``override``'s keys, merged key by key where both hold a mapping."""
    out = json.loads(json.dumps(base))
    for k, v in override.items():
        out[k] = merge_config(out[k], v) if isinstance(v, dict) and isinstance(out.get(k), dict) else v
    return out
