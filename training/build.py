"""Rebuild the shipped models from ``../shared/data``: ``python -m training.build``.

Deterministic (seeded SGD, lbfgs, hashed article folds, fixed zip timestamps, the date
from the config): running it twice writes the same bytes. Writes ``stance/data/model/``
(``model.npz`` + ``model.json``), ``training/reports/build.json`` (every number) and
``docs/model-card.md``, whose comparison against the plain baseline comes from the
yardstick's report (``python -m training.yardstick --json training/reports/yardstick.json``,
run first: it takes about an hour on 2 cores; the build itself about 20 minutes).

    python -m training.build [--data-dir DIR] [--config training/configs/default.json]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

from stance import persist
from stance.domain import CLASSES
from stance.models import Model, SentimentModel, StanceModel, softmax
from stance.parties import Registry
from stance.metrics import calibration, report
from stance.train import fit_temperature, library_versions, merge_config
from training import card, newsmtsc, vectors
from training.candidates import Recipe, SentimentRecipe, extra_rows, queries, recipe_config
from training.loaders import FILES, data_dir, sentiment_rows
from training.yardstick import load_paragraphs, load_pairs, protocol_folds, summarize

REPO = Path(__file__).resolve().parents[1]
MODEL_DIR = REPO / "stance" / "data" / "model"
REPORT = REPO / "training" / "reports" / "build.json"
YARDSTICK = REPO / "training" / "reports" / "yardstick.json"
CARD = REPO / "docs" / "model-card.md"
DEFAULT_CONFIG_FILE = REPO / "training" / "configs" / "default.json"


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def load_config(path: Path) -> dict:
    return recipe_config(path)


def out_of_fold_calibrated(recipe, rows, config: dict, name: str, lang: str = "") -> tuple[float, np.ndarray]:
    """Article-grouped out-of-fold logits of ``recipe()`` over ``rows`` (both languages at once),
    the temperature fitted on them, and the calibrated probabilities. ``lang``: the language
    whose news pools a recipe with word-vector views learns from."""
    folds, _ = protocol_folds(rows, "cv", "id", k=config["folds"], seed=config["seed"])
    logits = np.zeros((len(rows), len(CLASSES)))
    for k in range(config["folds"]):
        log(f"{name} cv fold {k}")
        test = np.flatnonzero(folds == k)
        logits[test] = recipe().fit(rows.take(np.flatnonzero(folds != k)), lang).logits(rows.take(test))
    temperature = fit_temperature(logits, rows.y)
    return temperature, softmax(logits / temperature)


def build_sentiment(root: Path, config: dict) -> tuple[SentimentModel, dict]:
    """The sentiment recipe of ``config`` on our annotated paragraphs (both languages) plus SmSA
    and NusaX train, weighted per corpus; temperature from article-grouped out-of-fold logits."""
    paragraphs = load_paragraphs(root)
    extra = {f"{name}_train": w for name, w in config["domain_weights"].items() if not name.startswith("annotations")}
    recipe = lambda: SentimentRecipe(config["seed"], section=config["sentiment"], extra=extra, root=root)  # noqa: E731
    temperature, proba = out_of_fold_calibrated(recipe, paragraphs, config, "sentiment")
    metrics: dict = {"temperature": temperature, "calibration_cv": calibration(proba, paragraphs.y)}
    for lang in ("id", "en"):
        metrics[f"annotations_{lang}_cv"] = summarize(paragraphs, lang, proba[paragraphs.lang == lang], "sentiment")["all"]
    final = recipe().fit(paragraphs, "")
    linear = final.model.linear
    linear.temperature = temperature
    for name in ("smsa_valid", "nusax_id_valid", "nusax_en_valid"):
        rows = sentiment_rows(root, name)
        pred = final.model.predict_proba([r["text"] for r in rows]).argmax(1)
        metrics[name] = report([r["label"] for r in rows], [CLASSES[i] for i in pred], "sentiment")
    metrics["train_sizes"] = {f"annotations_{lang}": int((paragraphs.lang == lang).sum()) for lang in ("id", "en")}
    metrics["train_sizes"].update({name.removesuffix("_train"): len(sentiment_rows(root, name)) for name in extra})
    metrics["float16"] = float16_agreement(linear, {"text": list(paragraphs.text)})
    return final.model, metrics


def build_stance(root: Path, config: dict) -> tuple[StanceModel, dict]:
    """The stance recipe of ``config`` fitted on every annotated pair (both languages, plus the
    extra corpora), its temperature fitted on article-grouped out-of-fold logits."""
    pairs = load_pairs(root)
    recipe = lambda: Recipe(config["seed"], section=config["stance"], langs="both", root=root,  # noqa: E731
                            source_weights=config.get("stance_source_weights"), extra=config.get("stance_extra"))
    temperature, proba = out_of_fold_calibrated(recipe, pairs, config, "stance")
    metrics: dict = {"temperature": temperature,
                     "train_pairs": {lang: int((pairs.lang == lang).sum()) for lang in ("id", "en")},
                     "extra": {name: len(extra_rows(name, root)[1]) for name in config.get("stance_extra") or {}},
                     "calibration": calibration(proba, pairs.y)}
    for lang in ("id", "en"):
        metrics[lang] = summarize(pairs, lang, proba[pairs.lang == lang])
    log("stance: final fit")
    final = recipe().fit(pairs, "")
    linear = final.model.linear
    linear.temperature = temperature
    metrics["float16"] = float16_agreement(linear, final.model.views(queries(pairs)[0]))
    return final.model, metrics


def build_span(root: Path, config: dict) -> tuple[StanceModel, dict]:
    """The stance model for span-given targets (any named target, :attr:`stance.models.Model.span`).

    ``config["span"]``: the stance recipe changed by ``stance`` (word-vector views learned from
    the ``vectors_lang`` news pools, no IDF, C=1), fitted on our annotated pairs of ``langs``
    (``"en"``, ``"id"`` or ``"both"``) at ``annotation_weight`` per row plus the ``extra``
    span-marked corpora (NewsMTSC train); temperature from article-grouped out-of-fold logits
    on our pairs. Its yardstick is NewsMTSC dev against the plain baseline (:mod:`training.newsmtsc`).
    """
    span = config["span"]
    pairs = load_pairs(root)
    if span["langs"] != "both":
        pairs = pairs.take(np.flatnonzero(pairs.lang == span["langs"]))
    section = merge_config(config["stance"], span["stance"])
    weights = {source: span["annotation_weight"] for source in set(pairs.source)}
    recipe = lambda: Recipe(config["seed"], section=section, langs="both", root=root,  # noqa: E731
                            source_weights=weights, extra=span["extra"])
    temperature, proba = out_of_fold_calibrated(recipe, pairs, config, "span", lang=span["vectors_lang"])
    metrics: dict = {"temperature": temperature, "calibration": calibration(proba, pairs.y),
                     "train_pairs": {lang: int((pairs.lang == lang).sum()) for lang in set(pairs.lang)},
                     "extra": {name: len(extra_rows(name, root)[1]) for name in span["extra"]}}
    for lang in sorted(set(pairs.lang)):
        metrics[lang] = summarize(pairs, lang, proba[pairs.lang == lang])
    log("span: final fit")
    final = recipe().fit(pairs, span["vectors_lang"])
    final.model.linear.temperature = temperature
    return final.model, metrics


def checksums(root: Path, files) -> list[dict]:
    """SHA-256 of each file (a path under ``root``)."""
    import hashlib

    return [{"file": f, "sha256": hashlib.sha256((root / f).read_bytes()).hexdigest()} for f in files]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Rebuild the shipped stance models from ../shared/data.")
    parser.add_argument("--data-dir", help="the shared data folder (default: ../shared/data or $STANCE_DATA_DIR)")
    parser.add_argument("--config", default=str(DEFAULT_CONFIG_FILE))
    parser.add_argument("--out", default=str(MODEL_DIR), help="model directory to write")
    parser.add_argument("--yardstick", default=str(YARDSTICK),
                        help="the yardstick report the card shows (python -m training.yardstick --json ...)")
    args = parser.parse_args(argv)
    t0 = time.time()
    root = data_dir(args.data_dir)
    config = load_config(Path(args.config))
    log("sentiment")
    sentiment, sentiment_metrics = build_sentiment(root, config)
    log(f"stance ({time.time() - t0:.0f}s)")
    stance, stance_metrics = build_stance(root, config)
    log(f"span ({time.time() - t0:.0f}s)")
    span, span_metrics = build_span(root, config)
    used = ["annotations_id", "annotations_en", "smsa_train", "nusax_id_train", "nusax_en_train",
            *(config.get("stance_extra") or {}), *config["span"]["extra"]]
    pools = [f"news/{file}" for file in vectors.POOLS[config["span"]["vectors_lang"]].values()]
    summary = {
        "stance_cv_macro_f1": {lang: stance_metrics[lang]["all"]["macro_f1"] for lang in ("id", "en")},
        "stance_cv_ece": stance_metrics["calibration"]["ece"],
        "sentiment_valid_macro_f1": {k: sentiment_metrics[k]["macro_f1"]
                                     for k in ("smsa_valid", "nusax_id_valid", "nusax_en_valid")},
        "sentiment_cv_macro_f1": {k: sentiment_metrics[f"annotations_{k}_cv"]["macro_f1"] for k in ("id", "en")},
        "sentiment_cv_ece": sentiment_metrics["calibration_cv"]["ece"],
    }
    meta = {
        "name": "stance-default",
        "date": config["date"],
        "registry_version": Registry.default().version,
        "training_data": checksums(root, [FILES[n] for n in dict.fromkeys(used)] + pools),
        "metrics": summary,
        "library_versions": library_versions(),
        "config": config,
    }
    model = Model(sentiment, stance, meta, span=span)
    out = Path(args.out)
    persist.save_model(model, out)
    log(f"saved {model.model_id} ({time.time() - t0:.0f}s); NewsMTSC dev")
    loaded = persist.read_model(out)
    report = {
        "model_id": model.model_id,
        "config": config,
        "sentiment": sentiment_metrics,
        "stance": stance_metrics,
        "span": span_metrics,
        "newsmtsc": {"baseline": newsmtsc.baseline(root), "shipped": newsmtsc.ours(root, loaded)},
        "size_bytes": {p.name: p.stat().st_size for p in sorted(out.iterdir())},
    }
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(json.dumps(report, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    yardstick = Path(args.yardstick)
    yard = json.loads(yardstick.read_text(encoding="utf-8")) if yardstick.is_file() else None
    CARD.write_text(card.render(report, yard), encoding="utf-8")
    log(f"done in {time.time() - t0:.0f}s: {out}")
    return 0


def float16_agreement(linear, views: dict) -> dict:
    """How far float16 storage moves the predictions: argmax agreement and max |dp|."""
    from stance.models import LinearViews

    half = LinearViews(linear.featurizers, {k: w.astype(np.float16).astype(np.float32) for k, w in linear.weights.items()},
                       linear.intercept, linear.temperature)
    p32, p16 = linear.proba(views), half.proba(views)
    return {"n": int(len(p32)), "argmax_agreement": float((p32.argmax(1) == p16.argmax(1)).mean()),
            "max_abs_prob_diff": float(np.abs(p32 - p16).max())}


if __name__ == "__main__":
    raise SystemExit(main())
