"""Article-grouped cross-validation of the stance model on our annotations.

Every number here comes from the same folds (``stance.train.group_folds`` over the article
id with its source prefix), so the naive baseline, the ablation steps and the learning
curve are comparable. A gold pair whose target the registry does not find counts as a
wrong prediction for our model (the baseline, which needs no mention, still predicts).

    python -m training.stance_cv [--data-dir DIR] [--json OUT]
"""

from __future__ import annotations

import argparse
import json
import sys
import time

import numpy as np

from stance.model import CLASSES, StanceModel
from stance.train import (DEFAULT_CONFIG, calibration, design, featurizers_for, fit_design, fit_temperature,
                          group_folds, labels_to_y, report, stance_queries)
from stance.views import OTHER, TARGET, mask
from training.loaders import data_dir, stance_rows

ANNOTATIONS = ("annotations_id", "annotations_en")


class StanceData:
    """Annotation pairs (+ optional extra training rows) with views computed once."""

    def __init__(self, root, config: dict, extra: tuple[str, ...] = ()) -> None:
        rows = [r for name in ANNOTATIONS for r in stance_rows(root, name)]
        self.n_ann = len(rows)
        for name in extra:
            rows += stance_rows(root, name)
        self.rows = rows
        self.queries, self.found = stance_queries(rows)
        self.y = labels_to_y([r["label"] for r in rows])
        self.lang = np.array([r["lang"] for r in rows])
        self.source = np.array([r["source"] for r in rows])
        self.is_ann = np.arange(len(rows)) < self.n_ann
        self.folds = np.full(len(rows), -1)
        self.folds[: self.n_ann] = group_folds([r["group"] for r in rows[: self.n_ann]], config["folds"], config["seed"])
        window = config["stance"].get("window", 5)
        self.views = StanceModel(None, window=window).views(self.queries)  # type: ignore[arg-type]
        # ablation only: the whole paragraph, unmasked, plus the target's identity
        self.views["plain"] = [f"{q.text} tgt_{q.target}" for q in self.queries]


def cross_validate(data: StanceData, config: dict, *, extra_weight: float = 0.5, fraction: float = 1.0,
                   views: dict | None = None, seed: int = 0) -> dict:
    """Out-of-fold predictions on the annotations -> per-language reports + calibration."""
    section = dict(config["stance"])
    views = section["views"] if views is None else views
    section["views"] = views
    featurizers = featurizers_for(views)
    X = design(featurizers, data.views).tocsr()
    weight = np.where(data.is_ann, 1.0, extra_weight)
    usable = data.found & (weight > 0)
    rng = np.random.default_rng(seed)
    logits = np.zeros((data.n_ann, len(CLASSES)))
    for k in range(config["folds"]):
        train = usable & (data.folds != k)
        if fraction < 1.0:  # learning curve: keep a fraction of the training articles' pairs
            train &= ~data.is_ann | (rng.random(len(train)) < fraction)
        linear = fit_design(X[train], data.y[train], featurizers, section, sample_weight=weight[train])
        test = np.flatnonzero(data.folds == k)
        logits[test] = X[test] @ coef_matrix(linear, featurizers) + linear.intercept
    return summarize(data, logits)


def coef_matrix(linear, featurizers) -> np.ndarray:
    """The views' weights stacked in design-matrix order: ``X @ coef_matrix + intercept`` are the logits."""
    return np.vstack([linear.weights[n] for n in featurizers])


def summarize(data: StanceData, logits: np.ndarray) -> dict:
    y = data.y[: data.n_ann]
    found = data.found[: data.n_ann]
    temperature = fit_temperature(logits[found], y[found])
    proba = np.exp(logits / temperature)
    proba /= proba.sum(1, keepdims=True)
    pred = np.array([CLASSES[i] for i in proba.argmax(1)], dtype=object)
    pred[~found] = "absent"
    gold = [CLASSES[i] for i in y]
    out = {"temperature": temperature}
    for lang in ("id", "en"):
        sel = data.lang[: data.n_ann] == lang
        out[lang] = report([g for g, s in zip(gold, sel) if s], pred[sel].tolist(), "stance")
        out[lang]["calibration"] = calibration(proba[sel & found], y[sel & found])
    out["all"] = report(gold, pred.tolist(), "stance")
    out["all"]["calibration"] = calibration(proba[found], y[found])
    out["not_found"] = int((~found).sum())
    return out


def baseline(data: StanceData, config: dict) -> dict:
    """Naive baseline: TF-IDF (sklearn defaults) of the target-masked paragraph + LR, annotations only."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    n = data.n_ann
    texts = [mask(q.text, q.spans, q.other_spans) + f" target_{q.target}" for q in data.queries[:n]]
    logits = np.zeros((n, len(CLASSES)))
    for k in range(config["folds"]):
        train, test = data.folds[:n] != k, data.folds[:n] == k
        vec = TfidfVectorizer()
        clf = LogisticRegression(max_iter=1000).fit(vec.fit_transform([t for t, s in zip(texts, train) if s]), data.y[:n][train])
        logits[test] = clf.decision_function(vec.transform([t for t, s in zip(texts, test) if s]))
    pred = [CLASSES[i] for i in logits.argmax(1)]
    gold = [CLASSES[i] for i in data.y[:n]]
    out = {}
    for lang in ("id", "en"):
        sel = data.lang[:n] == lang
        out[lang] = report([g for g, s in zip(gold, sel) if s], [p for p, s in zip(pred, sel) if s], "stance")
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir")
    parser.add_argument("--json")
    args = parser.parse_args(argv)
    config = DEFAULT_CONFIG
    t0 = time.time()
    data = StanceData(data_dir(args.data_dir), config)
    print(f"views built: {len(data.rows)} rows, {time.time() - t0:.1f}s, not found {int((~data.found[:data.n_ann]).sum())}",
          file=sys.stderr)
    results = {"baseline": baseline(data, config)}
    line = lambda name, r: print(f"{name:40s} id {100 * r['id']['macro_f1']:.1f}  en {100 * r['en']['macro_f1']:.1f}")  # noqa: E731
    line("baseline", results["baseline"])
    results["full"] = cross_validate(data, config)
    line("full", results["full"])
    print(f"  ({time.time() - t0:.0f}s)", file=sys.stderr)
    if args.json:
        with open(args.json, "w") as fh:
            json.dump(results, fh, indent=1)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
