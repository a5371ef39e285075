"""Sentiment: train on SmSA + NusaX (id, en) + our annotations, score the valid splits.

Domains are weighted per row so that each corpus counts as set in the config
(``domain_weights``): SmSA is large and off-domain (reviews and comments), our
annotations are small and in-domain (news), NusaX is small and parallel id/en.
Our annotations are scored by article-grouped CV (same folds as stance).

    python -m training.sentiment_cv [--data-dir DIR] [--json OUT]
"""

from __future__ import annotations

import argparse
import json
import sys
import time

import numpy as np

from stance.model import CLASSES
from stance.train import (DEFAULT_CONFIG, calibration, design, featurizers_for, fit_design, fit_temperature,
                          group_folds, labels_to_y, report)
from training.loaders import data_dir, sentiment_rows

TRAIN = ("smsa_train", "nusax_id_train", "nusax_en_train", "annotations_id", "annotations_en")
VALID = ("smsa_valid", "nusax_id_valid", "nusax_en_valid")
DOMAIN_WEIGHTS = {"smsa": 0.5, "nusax_id": 2.0, "nusax_en": 4.0, "annotations_id": 1.0, "annotations_en": 1.0}


class SentimentData:
    def __init__(self, root, config: dict) -> None:
        self.train = [r for name in TRAIN for r in sentiment_rows(root, name)]
        self.valid = {name: sentiment_rows(root, name) for name in VALID}
        self.y = labels_to_y([r["label"] for r in self.train])
        self.source = np.array([r["source"] for r in self.train])
        ann = np.char.startswith(self.source.astype(str), "annotations")
        self.folds = np.full(len(self.train), -1)
        self.folds[ann] = group_folds([r["group"] for r in self.train if r["source"].startswith("annotations")],
                                      config["folds"], config["seed"])


def weights_for(source: np.ndarray, domain_weights: dict) -> np.ndarray:
    return np.array([domain_weights[s] for s in source], dtype=np.float64)


def evaluate_config(data: SentimentData, config: dict, domain_weights: dict, *, folds: bool = True,
                    keep: dict | None = None) -> dict:
    section = config["sentiment"]
    featurizers = featurizers_for(section["views"])
    X = design(featurizers, {"text": [r["text"] for r in data.train]}).tocsr()
    w = weights_for(data.source, domain_weights)
    out: dict = {}
    linear = fit_design(X, data.y, featurizers, section, sample_weight=w)
    if keep is not None:
        keep["linear"] = linear
    valid_logits = []
    for name, rows in data.valid.items():
        z = linear.logits({"text": [r["text"] for r in rows]})
        valid_logits.append((z, labels_to_y([r["label"] for r in rows])))
        out[name] = report([r["label"] for r in rows], [CLASSES[i] for i in z.argmax(1)], "sentiment")
    if folds:
        n_folds = config["folds"]
        ann = data.folds >= 0
        logits = np.zeros((len(data.train), len(CLASSES)))
        for k in range(n_folds):
            train = data.folds != k
            lin = fit_design(X[train], data.y[train], featurizers, section, sample_weight=w[train])
            test = np.flatnonzero(data.folds == k)
            logits[test] = X[test] @ np.vstack([lin.weights[n] for n in featurizers]) + lin.intercept
        for lang in ("id", "en"):
            sel = ann & (data.source == f"annotations_{lang}")
            out[f"annotations_{lang}_cv"] = report([CLASSES[i] for i in data.y[sel]],
                                                   [CLASSES[i] for i in logits[sel].argmax(1)], "sentiment")
        temperature = fit_temperature(logits[ann], data.y[ann])
        out["temperature"] = temperature
        p = np.exp(logits[ann] / temperature)
        out["calibration_cv"] = calibration(p / p.sum(1, keepdims=True), data.y[ann])
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir")
    parser.add_argument("--json")
    parser.add_argument("--no-folds", action="store_true")
    args = parser.parse_args(argv)
    t0 = time.time()
    data = SentimentData(data_dir(args.data_dir), DEFAULT_CONFIG)
    res = evaluate_config(data, DEFAULT_CONFIG, DOMAIN_WEIGHTS, folds=not args.no_folds)
    for k, v in res.items():
        if isinstance(v, dict) and "macro_f1" in v:
            print(f"{k:24s} macro-F1 {100 * v['macro_f1']:.1f}  acc {100 * v['accuracy']:.1f}  n {v['n']}")
    print(f"({time.time() - t0:.0f}s)", file=sys.stderr)
    if args.json:
        with open(args.json, "w") as fh:
            json.dump(res, fh, indent=1)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
