"""Train and evaluate sentiment and stance models: the API behind ``stance train`` / ``evaluate``.

The training config (:data:`DEFAULT_CONFIG`, :func:`merge_config`), labelled rows made into
model inputs (:func:`stance_queries`, :func:`labels_to_y`), folds by article
(:func:`group_folds`), :func:`fit_sentiment` / :func:`fit_stance` and :func:`train`, which
cross-validates a model on a user's files and writes a model directory. The fitting itself
(views to weights, with scikit-learn, imported lazily) is :mod:`stance.models.fitting`; its names
stay importable from here. Metrics are computed with numpy.
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
# fitting's names, re-exported: training/ and users import them from stance.train
from stance.models.fitting import (VECTOR_VIEW, column_scale, design, featurizers_for, fit_design,  # noqa: F401
                            fit_temperature, fit_views, word_projections)
from stance.metrics import calibration, report
from stance.models import Model, SentimentModel, StanceModel, StanceQuery, query_views, softmax
from stance.readers import read_sentiment_file, read_stance_file
from stance.views import is_derived

if TYPE_CHECKING:
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
        oof[test] = model.decision_function([x for x, t in zip(inputs, test) if t])
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
