"""Rebuild the shipped models from ``../shared/data``: ``python -m training.build``.

Deterministic (seeded SGD, hashed article folds, fixed zip timestamps, the date from
the config): running it twice writes the same bytes. Writes ``stance/data/model/``
(``model.npz`` + ``model.json``), ``training/reports/build.json`` (every number) and
``docs/model-card.md``. Takes a few minutes on 2 cores.

    python -m training.build [--data-dir DIR] [--config training/configs/default.json] [--quick]

``--quick`` skips the ablation, learning curve and size study (the card keeps the
previous report's tables only if you rerun without it).
"""

from __future__ import annotations

import argparse
import copy
import json
import sys
import time
from pathlib import Path

import numpy as np

from stance import persist
from stance.model import CLASSES, Model, SentimentModel, StanceModel
from stance.parties import Registry
from stance.train import (DEFAULT_CONFIG, _merge, design, evaluate, featurizers_for, fit_design,
                          library_versions)
from training import card
from training.loaders import FILES, data_dir
from training.sentiment_cv import SentimentData, evaluate_config, weights_for
from training.stance_cv import StanceData, baseline, cross_validate
from training.stance_variants import run_variants

REPO = Path(__file__).resolve().parents[1]
MODEL_DIR = REPO / "stance" / "data" / "model"
REPORT = REPO / "training" / "reports" / "build.json"
CARD = REPO / "docs" / "model-card.md"
DEFAULT_CONFIG_FILE = REPO / "training" / "configs" / "default.json"


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def load_config(path: Path) -> dict:
    return _merge(DEFAULT_CONFIG, json.loads(path.read_text(encoding="utf-8")))


def build_sentiment(root: Path, config: dict) -> tuple[SentimentModel, dict]:
    data = SentimentData(root, config)
    keep: dict = {}
    metrics = evaluate_config(data, config, config["domain_weights"], folds=True, keep=keep)
    linear = keep["linear"]
    linear.temperature = metrics["temperature"]
    sizes = {}
    for r in data.train:
        sizes[r["source"]] = sizes.get(r["source"], 0) + 1
    metrics["train_sizes"] = sizes
    metrics["float16"] = float16_agreement(linear, {"text": [r["text"] for r in data.train]})
    return SentimentModel(linear), metrics


def build_stance(root: Path, config: dict, full: bool) -> tuple[StanceModel, dict]:
    data = StanceData(root, config, extra=tuple(config.get("stance_extra", ())))
    extra_weight = config.get("stance_extra_weight", 0.5)
    metrics: dict = {"train_pairs": {lang: int(((data.lang == lang) & data.is_ann & data.found).sum())
                                     for lang in ("id", "en")}}
    log("stance: baseline")
    metrics["baseline"] = baseline(data, config)
    log("stance: cross-validation")
    metrics["cv"] = cross_validate(data, config, extra_weight=extra_weight)
    if full:
        views = config["stance"]["views"]
        plain = {"plain": views["masked"]}
        steps = [
            ("whole paragraph + target id", plain),
            ("+ masking (target <T>, other parties <O>)", {"masked": views["masked"]}),
            ("+ windows around the mentions", {"masked": views["masked"], "near": views["near"]}),
            ("+ lexicon cues and target id (= shipped)", views),
        ]
        metrics["ablation"] = []
        for name, step_views in steps:
            log(f"stance ablation: {name}")
            r = cross_validate(data, config, extra_weight=extra_weight, views=step_views)
            metrics["ablation"].append({"step": name, "id": r["id"]["macro_f1"], "en": r["en"]["macro_f1"]})
        log("stance: + NewsMTSC train rows")
        mtsc = StanceData(root, config, extra=("newsmtsc_train",))
        r = cross_validate(mtsc, config, extra_weight=0.5)
        metrics["ablation"].append({"step": "+ NewsMTSC train (weight 0.5), not shipped", "id": r["id"]["macro_f1"],
                                    "en": r["en"]["macro_f1"]})
        metrics["variants"] = run_variants(root, data, config, log)
        metrics["learning_curve"] = []
        for fraction in (0.25, 0.5, 1.0):
            log(f"stance learning curve {fraction}")
            r = metrics["cv"] if fraction == 1.0 else cross_validate(data, config, extra_weight=extra_weight,
                                                                      fraction=fraction)
            metrics["learning_curve"].append({"fraction": fraction, "id": r["id"]["macro_f1"], "en": r["en"]["macro_f1"]})
        metrics["size"] = []
        for bits in (16, 20):
            small = copy.deepcopy(config)
            for name in ("masked", "near"):
                small["stance"]["views"][name]["n_features"] = 2**bits
            log(f"stance size study 2**{bits}")
            r = cross_validate(data, small, extra_weight=extra_weight)
            metrics["size"].append({"n_features": f"2**{bits}", "id": r["id"]["macro_f1"], "en": r["en"]["macro_f1"]})
    section = config["stance"]
    featurizers = featurizers_for(section["views"])
    use = data.found & data.is_ann
    if data.rows[data.n_ann:]:
        use = data.found
    weight = np.where(data.is_ann, 1.0, extra_weight)
    X = design(featurizers, {k: data.views[k] for k in featurizers}).tocsr()
    linear = fit_design(X[use], data.y[use], featurizers, section, sample_weight=weight[use], seed=config["seed"])
    linear.temperature = metrics["cv"]["temperature"]
    metrics["float16"] = float16_agreement(linear, {k: [v for v, a in zip(data.views[k], data.is_ann) if a]
                                                    for k in featurizers})
    return StanceModel(linear, window=section.get("window", 5)), metrics


def newsmtsc_metrics(root: Path, model: Model, config: dict) -> dict:
    """NewsMTSC dev: the shipped model, and the same recipe trained on NewsMTSC train alone."""
    from stance.train import fit_stance, read_stance_file, stance_queries

    out = {"shipped": {}, "trained_on_newsmtsc": {}}
    rows = [r for r in read_stance_file(root / FILES["newsmtsc_train"])]
    queries, _ = stance_queries(rows)
    own = fit_stance(queries, [r["label"] for r in rows], config)
    own.linear.temperature = 1.0
    own_model = Model(model.sentiment, own, {}, "newsmtsc")
    for split in ("newsmtsc_dev_rw", "newsmtsc_dev_mt"):
        out["shipped"][split] = evaluate("stance", root / FILES[split], model=model)
        out["trained_on_newsmtsc"][split] = evaluate("stance", root / FILES[split], model=own_model)
    return out


def checksums(root: Path, names) -> list[dict]:
    import hashlib

    return [{"file": FILES[n], "sha256": hashlib.sha256((root / FILES[n]).read_bytes()).hexdigest()} for n in names]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Rebuild the shipped stance models from ../shared/data.")
    parser.add_argument("--data-dir", help="the shared data folder (default: ../shared/data or $STANCE_DATA_DIR)")
    parser.add_argument("--config", default=str(DEFAULT_CONFIG_FILE))
    parser.add_argument("--quick", action="store_true", help="skip ablation, learning curve and size study")
    parser.add_argument("--out", default=str(MODEL_DIR), help="model directory to write")
    args = parser.parse_args(argv)
    t0 = time.time()
    root = data_dir(args.data_dir)
    config = load_config(Path(args.config))
    log("sentiment")
    sentiment, sentiment_metrics = build_sentiment(root, config)
    log(f"stance ({time.time() - t0:.0f}s)")
    stance, stance_metrics = build_stance(root, config, full=not args.quick)
    used = ["annotations_id", "annotations_en", "smsa_train", "nusax_id_train", "nusax_en_train",
            *config.get("stance_extra", ())]
    summary = {
        "stance_cv_macro_f1": {lang: stance_metrics["cv"][lang]["macro_f1"] for lang in ("id", "en")},
        "stance_baseline_macro_f1": {lang: stance_metrics["baseline"][lang]["macro_f1"] for lang in ("id", "en")},
        "stance_cv_ece": stance_metrics["cv"]["all"]["calibration"]["ece"],
        "sentiment_valid_macro_f1": {k: sentiment_metrics[k]["macro_f1"]
                                     for k in ("smsa_valid", "nusax_id_valid", "nusax_en_valid")},
        "sentiment_cv_macro_f1": {k: sentiment_metrics[f"annotations_{k}_cv"]["macro_f1"] for k in ("id", "en")},
        "sentiment_cv_ece": sentiment_metrics["calibration_cv"]["ece"],
    }
    meta = {
        "name": "stance-default",
        "date": config["date"],
        "registry_version": Registry.default().version,
        "training_data": checksums(root, used),
        "metrics": summary,
        "library_versions": library_versions(),
        "config": config,
    }
    model = Model(sentiment, stance, meta)
    out = Path(args.out)
    persist.save_model(model, out)
    log(f"saved {model.model_id} ({time.time() - t0:.0f}s); NewsMTSC dev")
    loaded = persist.read_model(out)
    report = {
        "model_id": model.model_id,
        "config": config,
        "sentiment": sentiment_metrics,
        "stance": stance_metrics,
        "newsmtsc": newsmtsc_metrics(root, loaded, config),
        "size_bytes": {p.name: p.stat().st_size for p in sorted(out.iterdir())},
    }
    if not args.quick or not REPORT.exists():
        REPORT.parent.mkdir(parents=True, exist_ok=True)
        REPORT.write_text(json.dumps(report, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        CARD.write_text(card.render(report), encoding="utf-8")
    log(f"done in {time.time() - t0:.0f}s: {out}")
    return 0


def float16_agreement(linear, views: dict) -> dict:
    """How far float16 storage moves the predictions: argmax agreement and max |dp|."""
    from stance.model import LinearViews

    half = LinearViews(linear.featurizers, {k: w.astype(np.float16).astype(np.float32) for k, w in linear.weights.items()},
                       linear.intercept, linear.temperature)
    p32, p16 = linear.proba(views), half.proba(views)
    return {"n": int(len(p32)), "argmax_agreement": float((p32.argmax(1) == p16.argmax(1)).mean()),
            "max_abs_prob_diff": float(np.abs(p32 - p16).max())}


if __name__ == "__main__":
    raise SystemExit(main())
