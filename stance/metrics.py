"""Metrics: macro-F1 and per-class figures with the confusion matrix, expected calibration
error, precision/recall/F1 from counts. numpy only; used by training, evaluation and the build.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from stance.domain import CLASSES

__all__ = ["report", "calibration", "prf"]


def report(gold: Sequence[str], pred: Sequence[str], task: str, labels: Sequence[str] = CLASSES) -> dict:
    """macro-F1 over ``labels``, accuracy, per-class P/R/F1/support and the confusion matrix.

    Predictions outside ``labels`` (``absent``: the registry found no mention) count as
    wrong and get their own confusion column.
    """
    gold, pred = list(gold), list(pred)
    extra = sorted({p for p in pred if p not in labels})
    axis = list(labels) + extra
    index = {label: i for i, label in enumerate(axis)}
    matrix = np.zeros((len(axis), len(axis)), dtype=np.int64)
    for g, p in zip(gold, pred):
        matrix[index[g], index[p]] += 1
    per_class = {}
    for label in labels:
        i = index[label]
        tp, support, predicted = matrix[i, i], matrix[i].sum(), matrix[:, i].sum()
        precision = tp / predicted if predicted else 0.0
        recall = tp / support if support else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_class[label] = {"precision": float(precision), "recall": float(recall), "f1": float(f1),
                            "support": int(support)}
    n = len(gold)
    return {
        "task": task,
        "n": n,
        "macro_f1": float(np.mean([per_class[c]["f1"] for c in labels])) if n else 0.0,
        "accuracy": float(np.trace(matrix) / n) if n else 0.0,
        "per_class": per_class,
        "confusion": {"labels": axis, "matrix": matrix.tolist()},
    }


def calibration(proba: np.ndarray, y: np.ndarray, bins: int = 10) -> dict:
    """Expected calibration error (top-label, equal-width bins) and the reliability table."""
    conf = proba.max(axis=1)
    correct = proba.argmax(axis=1) == y
    edges = np.linspace(0, 1, bins + 1)
    table, ece = [], 0.0
    for lo, hi in zip(edges[:-1], edges[1:]):
        sel = (conf > lo) & (conf <= hi)
        if sel.any():
            gap = abs(conf[sel].mean() - correct[sel].mean())
            ece += sel.mean() * gap
            table.append({"bin": f"{lo:.1f}-{hi:.1f}", "n": int(sel.sum()),
                          "confidence": float(conf[sel].mean()), "accuracy": float(correct[sel].mean())})
    return {"ece": float(ece), "reliability": table}


def prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}
