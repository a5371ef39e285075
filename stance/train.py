"""Train and evaluate sentiment and stance models: the API behind ``stance train`` / ``evaluate``.

Labelled rows made into model inputs (:func:`stance_queries`), folds by article
(:func:`group_folds`) and :func:`train`, which cross-validates a model on a user's files and
writes a model directory. The training config (:data:`DEFAULT_CONFIG`, :func:`merge_config`,
from :mod:`stance.models.config`) and the fitting (:func:`fit_sentiment`, :func:`fit_stance`,
:func:`labels_to_y` and the views-to-weights functions, with scikit-learn imported lazily,
from :mod:`stance.models.fitting`) live with the models; their names stay importable from
here. Metrics are computed with numpy.
"""

from __future__ import annotations

import hashlib
import platform
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from stance.domain import ABSENT, CLASSES
from stance.exceptions import DataFormatError, InputTypeError, input_error, param_error
from stance.metrics import calibration, report
# the models' config and fitting names, re-exported: training/ and users import them from stance.train
from stance.models import Model, SentimentModel, StanceModel, StanceQuery, query_views, softmax  # noqa: F401
from stance.models.config import DEFAULT_CONFIG, merge_config
from stance.models.fitting import (VECTOR_VIEW, column_scale, design, featurizers_for,  # noqa: F401
                                   fit_design, fit_sentiment, fit_stance, fit_temperature, fit_views,
                                   labels_to_y, word_projections)
from stance.readers import read_sentiment_file, read_stance_file

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
        if len({l for l, t in zip(labels, test) if not t}) < 2:
            raise input_error("The training data", f"cross-validation fold {k} of {config['folds']} trains on rows "
                              "with a single label (folds group rows by article id)",
                              "add rows with other labels, or lower the config's 'folds'", DataFormatError)
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
