"""Evaluation on labelled files: stance, sentiment and party detection, in one place.

``evaluate(task, path)`` is what ``stance evaluate`` runs; the figures come from
:mod:`stance.metrics`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np

from stance.domain import ABSENT, ANNOTATION_LABELS, CLASSES, PARTIES, is_label, parse_label
from stance.exceptions import DataFormatError, InputTypeError, input_error, param_error
from stance.metrics import calibration, prf, report
from stance.models import Model
from stance.parties import Registry
from stance.readers import read_sentiment_file, read_stance_file
from stance.readers.records import records, text_field
from stance.text import check_texts
from stance.train import check_task, labels_to_y, stance_queries

__all__ = ["evaluate", "evaluate_detection", "read_detection_file", "detection_rows_from_annotations"]


def evaluate(task: str, path: str | Path, *, model: Model | None = None, registry: Registry | None = None) -> dict:
    """Score a labelled file; see :func:`report` for the keys. ``detect`` uses the registry.

    For ``stance`` every labelled pair is scored, also one whose target the registry does
    not find in the text (``not_found`` counts them): the file says the paragraph refers to
    the target, so the model scores it from the paragraph without a marked mention, and
    the figure measures stance, not detection (``--task detect`` measures that). A row whose
    target is given as character spans is scored by the model's span-target model when it
    has one (:meth:`stance.models.Model.stance_model`).

    For ``stance`` and ``sentiment`` the report also holds ``calibration``: the expected
    calibration error of the top label in 10 equal-width bins and the reliability table
    (:func:`calibration`).
    """
    from stance.loading import load_model

    check_task(task, ("stance", "sentiment", "detect"), "evaluate")
    registry = Registry.default() if registry is None else registry
    if task == "detect":
        rows = read_detection_file(path, registry)
        return evaluate_detection([r.pop("text") for r in rows], rows, registry)
    model = load_model(model) if model is None or isinstance(model, (str, Path)) else model
    if task == "sentiment":
        rows = read_sentiment_file(path)
        proba = model.sentiment.predict_proba([r["text"] for r in rows])
        pred = [CLASSES[i] for i in proba.argmax(1)]
        out = report([r["label"] for r in rows], pred, task)
        out["calibration"] = calibration(proba, labels_to_y([r["label"] for r in rows]))
        return out
    rows = [r for r in read_stance_file(path) if r["label"] != ABSENT]
    queries, found = stance_queries(rows, registry)
    proba = np.zeros((len(rows), len(CLASSES)))
    spanned = np.array([r.get("spans") is not None for r in rows], dtype=bool)
    for spans in (False, True):  # a row with spans goes to the span model, when the model has one
        take = np.flatnonzero(spanned == spans)
        if len(take):
            proba[take] = model.stance_model(spans=spans).predict_proba([queries[i] for i in take])
    out = report([r["label"] for r in rows], [CLASSES[i] for i in proba.argmax(1)], task)
    out["not_found"] = int((~found).sum())
    out["calibration"] = calibration(proba, labels_to_y([r["label"] for r in rows]))
    return out


# -- party detection ---------------------------------------------------------------------

_TRUE_FALSE = {"true": True, "false": False}


def read_detection_file(path: str | Path, registry: Registry | None = None) -> list[dict]:
    """Rows ``{"text": str, "<party>": bool, ...}`` of a detection file, for :func:`evaluate_detection`.

    Each row holds the text and, per party of ``registry`` (default: the default one), whether
    it is present: a JSON boolean, or the word ``true``/``false`` in any case (a CSV/TSV
    column, or a JSON string). Annotation rows (``specs/labels.md``) work too: a party is
    present when its label is not ``absent``. JSONL, CSV and TSV are read as for training
    (:func:`stance.readers.records.records`). Other fields (``id``, ``lang``, ``note`` ...) are
    ignored, except a true/false field that names no party of the registry, which is an error.
    """
    registry = Registry.default() if registry is None else registry
    parties = registry.parties
    rows = []
    for where, row in records(path):
        text = text_field(row, where)
        flags = {}
        for key, value in row.items():
            if key in parties:
                flags[key] = _presence(value, key, where)
            elif key != "text" and _true_false(value) is not None:
                raise input_error(where, f"the true/false field {key!r} must name a party of the registry "
                                  f"({', '.join(parties)})",
                                  "fix the name, or add the party with a registry file (--registry FILE)",
                                  DataFormatError)
        if not flags:
            raise input_error(where, "no party flags", f"add one per party, e.g. \"{parties[0]}\": true",
                              DataFormatError)
        rows.append({"text": text, **flags})
    if not rows:
        example = json.dumps({"text": "...", **{p: i == 0 for i, p in enumerate(parties)}})
        raise input_error(str(path), "no rows found",
                          f"write one row per paragraph with a true/false field per party, e.g. {example}",
                          DataFormatError)
    return rows


def _true_false(value: object) -> bool | None:
    if isinstance(value, bool):
        return value
    return _TRUE_FALSE.get(value.strip().lower()) if isinstance(value, str) else None


def _presence(value: object, party: str, where: str) -> bool:
    flag = _true_false(value)
    if flag is not None:
        return flag
    if is_label(value, allow_absent=True):  # an annotation file: present unless absent
        return parse_label(value, where, party, allow_absent=True) != ABSENT
    raise input_error(where, f"party {party!r} must be true or false, got {value!r:.60}",
                      f"write true or false (or an annotation label: {', '.join(ANNOTATION_LABELS)})", DataFormatError)


def detection_rows_from_annotations(path: str | Path) -> list[dict]:
    """Turn annotation JSONL (labels per party) into detection rows (present = not 'absent')."""
    rows = []
    for where, row in records(path):
        out: dict[str, str | bool] = {"text": text_field(row, where)}
        for party in PARTIES:
            out[party] = parse_label(row.get(party), where, party, allow_absent=True) != ABSENT
        rows.append(out)
    return rows


def evaluate_detection(
    texts: Sequence[str], gold: Sequence[Mapping[str, bool]], registry: Registry | None = None
) -> dict:
    """Precision, recall and F1 of party presence (a party is present if it has a mention)."""
    registry = Registry.default() if registry is None else registry
    texts = check_texts(texts, "evaluate_detection")
    if isinstance(gold, (str, bytes)) or len(gold) != len(texts):
        length = len(gold) if hasattr(gold, "__len__") else "?"
        raise param_error("evaluate_detection", "gold", f"must be a list of {len(texts)} dicts (one per text), "
                          f"got {type(gold).__name__} of length {length}", "pass one dict of party flags per text",
                          InputTypeError)
    parties = [p for p in registry.parties if any(p in g for g in gold)]
    counts = {p: [0, 0, 0] for p in parties}  # tp, fp, fn
    for i, (text, flags) in enumerate(zip(texts, gold)):
        if not isinstance(flags, Mapping):
            raise param_error("evaluate_detection", "gold", f"item {i} must be a dict, got {type(flags).__name__}",
                              f"pass one dict of party flags per text, e.g. {{{registry.parties[0]!r}: True}}",
                              InputTypeError)
        found = {m.party for m in registry.find(text)}
        for p in parties:
            truth = bool(flags.get(p, False))
            c = counts[p]
            if truth and p in found:
                c[0] += 1
            elif p in found:
                c[1] += 1
            elif truth:
                c[2] += 1
    per_party = {}
    for p, (tp, fp, fn) in counts.items():
        per_party[p] = {**prf(tp, fp, fn), "support": tp + fn, "tp": tp, "fp": fp, "fn": fn}
    tp, fp, fn = (sum(c[k] for c in counts.values()) for k in range(3))
    micro = prf(tp, fp, fn)
    return {
        "task": "detect",
        "n": len(texts),
        "per_party": per_party,
        "micro_f1": micro["f1"],
        "micro_precision": micro["precision"],
        "micro_recall": micro["recall"],
    }
