"""Variants of the stance recipe measured in the same article-grouped CV (the model card's variant table).

Each variant changes one thing against the shipped config and is scored as the mean macro-F1 over
three SGD seeds (one seed moves English by up to ~1.5 points, Indonesian by ~0.5), so that kept and
dropped variants are compared above the optimiser's noise. The experimental views built here
(clause, target-alias, direction, language tokens, and the stacked predictions of the sentiment
model and of a NewsMTSC-trained stance model) are not shipped: they live here, not in
``stance/views.py``.
"""

from __future__ import annotations

import copy
import re

import numpy as np

from stance.model import CLASSES, softmax
from stance.train import design, featurizers_for, fit_design
from stance.views import OTHER, TARGET, _cue_of, mask
from training.stance_cv import StanceData, coef_matrix, summarize

SEEDS = (0, 1, 2)
_CLAUSE = re.compile(r"(?<=[.;:!?])\s+|\s+(?:sementara|namun|tetapi|but|while|however|whereas)\s+", re.I)
_EN = re.compile(r"\b(?:the|and|of|to|is|that|was|for|with)\b", re.I)
_ID = re.compile(r"\b(?:yang|dan|di|ini|itu|dengan|untuk|dari|tidak|akan)\b", re.I)
_TOKENS = {"word_ngrams": [1, 1], "char_ngrams": None, "n_features": 2**12, "norm": "sqrt"}


def clause_view(masked: str) -> str:
    """The sentences / clauses (split on . ; : ! ? and contrastive conjunctions) holding the target."""
    return " . ".join(p for p in _CLAUSE.split(masked) if TARGET in p)


def alias_view(query) -> str:
    """Which words named the target and the other parties (the masked views hide them)."""
    own = sorted({re.sub(r"\W+", "_", query.text[s:e].lower()) for s, e in query.spans})
    other = sorted({re.sub(r"\W+", "_", query.text[s:e].lower()) for s, e in query.other_spans})
    return " ".join(["al_" + x for x in own] + ["ot_" + x for x in other])


def direction_view(masked: str) -> str:
    """Per lexicon cue in the target's clauses: target before/after it, distance, another party beyond it."""
    out = []
    for part in _CLAUSE.split(masked):
        words = part.split()
        at = [i for i, w in enumerate(words) if TARGET in w]
        if not at:
            continue
        others = [i for i, w in enumerate(words) if OTHER in w]
        for j, word in enumerate(words):
            cat = _cue_of(word)
            if not cat or cat in ("say", "by"):
                continue
            t = min(at, key=lambda i: abs(i - j))
            side = "T_c" if t < j else "c_T"
            far = "1" if abs(t - j) <= 2 else ("2" if abs(t - j) <= 6 else "3")
            out += [f"{side}_{cat}", f"{side}_{cat}_{far}"]
            if any((o < j) if t > j else (o > j) for o in others):
                out.append(f"{side}_{cat}_O")
        if others:
            out.append("T_first" if at[0] < others[0] else "O_first")
        out.append("T_start" if at[0] <= 1 else "T_mid")
    return " ".join(out)


def add_views(data: StanceData) -> None:
    masked = data.views["masked"]
    data.views["clause"] = [clause_view(m) for m in masked]
    data.views["alias"] = [alias_view(q) for q in data.queries]
    data.views["direction"] = [direction_view(m) for m in masked]
    data.views["cue_direction"] = [c + " " + d for c, d in zip(data.views["cue"], data.views["direction"])]
    lang = ["en" if len(_EN.findall(q.text)) > len(_ID.findall(q.text)) else "id" for q in data.queries]
    data.views["cue_lang"] = [f"{c} lang_{g} {c.split()[0]}_{g}" for c, g in zip(data.views["cue"], lang)]


_SCORES = {"word_ngrams": [1, 1], "char_ngrams": None, "n_features": 2**12, "norm": None}


def probability_tokens(proba: np.ndarray, tag: str) -> list[str]:
    """Another model's probabilities as tokens: a quarter bin per class and the class it picks
    (letters and digits only, so that each stays one token: ``spneg3 spisneg``)."""
    out = []
    for row in proba:
        tokens = [f"{tag}{c[:3]}{min(int(p * 4), 3)}" for c, p in zip(CLASSES, row)]
        tokens.append(f"{tag}is{CLASSES[int(row.argmax())][:3]}")
        out.append(" ".join(tokens))
    return out


def sentiment_view(root, data: StanceData, config: dict) -> list[str]:
    """Stacking: the shipped sentiment recipe's out-of-fold probabilities (trained without the
    pair's article fold) for the pair's paragraph and for its mention windows, as tokens."""
    from training.sentiment_cv import SentimentData, weights_for

    sentiment = SentimentData(root, config)
    section = config["sentiment"]
    featurizers = featurizers_for(section["views"])
    X = design(featurizers, {"text": [r["text"] for r in sentiment.train]}).tocsr()
    weight = weights_for(sentiment.source, config["domain_weights"])
    paragraph, near = np.zeros((data.n_ann, len(CLASSES))), np.zeros((data.n_ann, len(CLASSES)))
    for k in range(config["folds"]):  # the same article folds as the stance pairs
        train = sentiment.folds != k
        linear = fit_design(X[train], sentiment.y[train], featurizers, section, sample_weight=weight[train])
        test = np.flatnonzero(data.folds[: data.n_ann] == k)
        paragraph[test] = linear.logits({"text": [data.queries[i].text for i in test]})
        near[test] = linear.logits({"text": [data.views["near"][i] for i in test]})
    return [a + " " + b for a, b in zip(probability_tokens(softmax(paragraph), "sp"),
                                        probability_tokens(softmax(near), "sn"))]


def newsmtsc_view(root, data: StanceData, config: dict) -> list[str]:
    """Stacking: the shipped stance recipe trained on NewsMTSC train alone (never on our
    annotations, so nothing leaks across folds): its probabilities for each pair, as tokens."""
    both = StanceData(root, config, extra=("newsmtsc_train",))
    section = config["stance"]
    featurizers = featurizers_for(section["views"])
    X = design(featurizers, both.views).tocsr()
    train = ~both.is_ann & both.found
    linear = fit_design(X[train], both.y[train], featurizers, section)
    logits = X[: data.n_ann] @ coef_matrix(linear, featurizers) + linear.intercept
    return probability_tokens(softmax(logits), "mt")


def aux_sentiment_rows(rows: list[dict], config: dict, registry=None):
    """Our annotated paragraphs with their sentiment label, every party masked as <O> (auxiliary rows)."""
    from stance.parties import Registry
    from stance.train import group_folds, labels_to_y

    registry = Registry.default() if registry is None else registry
    texts = [r["text"] for r in rows]
    mentions = registry.find_mentions(texts)
    masked = [mask(t, (), tuple((m.start, m.end) for m in ms)) for t, ms in zip(texts, mentions)]
    return masked, labels_to_y([r["label"] for r in rows]), group_folds([r["group"] for r in rows], config["folds"], config["seed"])


def cv_seeds(data: StanceData, config: dict, views: dict, section: dict | None = None, aux=None) -> dict:
    """Mean (and per-seed) id/en macro-F1 over :data:`SEEDS` for one variant."""
    import scipy.sparse as sp

    section = {**config["stance"], **(section or {}), "views": views}
    featurizers = featurizers_for(views)
    X = design(featurizers, data.views).tocsr()
    if aux is not None:
        texts, y_aux, folds_aux, w = aux
        XA = design(featurizers, {k: texts if k == "masked" else [""] * len(texts) for k in featurizers}).tocsr()
    per_seed = []
    for seed in SEEDS:
        logits = np.zeros((data.n_ann, len(CLASSES)))
        for k in range(config["folds"]):
            train = data.found & data.is_ann & (data.folds != k)
            Xt, yt, wt = X[train], data.y[train], np.ones(int(train.sum()))
            if aux is not None:
                keep = folds_aux != k
                Xt = sp.vstack([Xt, XA[keep]]).tocsr()
                yt, wt = np.concatenate([yt, y_aux[keep]]), np.concatenate([wt, np.full(int(keep.sum()), w)])
            linear = fit_design(Xt, yt, featurizers, section, sample_weight=wt, seed=seed)
            test = np.flatnonzero(data.folds[: data.n_ann] == k)
            logits[test] = X[test] @ coef_matrix(linear, featurizers) + linear.intercept
        r = summarize(data, logits)
        per_seed.append((r["id"]["macro_f1"], r["en"]["macro_f1"]))
    return {"id": float(np.mean([p[0] for p in per_seed])), "en": float(np.mean([p[1] for p in per_seed])),
            "per_seed": per_seed}


def variants(config: dict) -> list[tuple[str, dict, dict, str | None]]:
    """(name, views, section overrides, aux) for every variant tried; the first is the shipped config."""
    v = config["stance"]["views"]
    m, n, c = v["masked"], v["near"], v["cue"]
    clause = {"word_ngrams": [1, 2], "char_ngrams": None, "n_features": 2**18}
    base = {"masked": m, "near": n, "cue": c}
    out = [
        ("shipped: masked word 1-2, near word 1-2 + char 3-5, cue; sqrt norm, no sublinear tf", base, {}, None),
        ("previous: masked word 1-3, masked and near with sublinear tf", {
            "masked": {**m, "word_ngrams": [1, 3], "sublinear_tf": True}, "near": {**n, "sublinear_tf": True}, "cue": c},
         {}, None),
        ("masked word 1-3", {**base, "masked": {**m, "word_ngrams": [1, 3]}}, {}, None),
        ("masked and near sublinear tf", {**base, "masked": {**m, "sublinear_tf": True},
                                          "near": {**n, "sublinear_tf": True}}, {}, None),
        ("masked and near norm l2", {**base, "masked": {**m, "norm": "l2"}, "near": {**n, "norm": "l2"}}, {}, None),
        ("masked + char 3-5", {**base, "masked": {**m, "char_ngrams": [3, 5]}}, {}, None),
        ("near without char n-grams", {**base, "near": {**n, "char_ngrams": None}}, {}, None),
        ("near word 1-3", {**base, "near": {**n, "word_ngrams": [1, 3]}}, {}, None),
        ("cue norm sqrt", {**base, "cue": {**c, "norm": "sqrt"}}, {}, None),
        ("+ clause view (sentences/clauses holding the target, word 1-2)", {**base, "clause": clause}, {}, None),
        ("clause view instead of the 5-word window", {"masked": m, "clause": n, "cue": c}, {}, None),
        ("+ target/other alias tokens (which word named the party)", {**base, "alias": _TOKENS}, {}, None),
        ("+ language and target x language tokens in the cue view", {"masked": m, "near": n, "cue_lang": c}, {}, None),
        ("+ direction view (cue side, distance, other party beyond the cue)", {**base, "direction": _TOKENS}, {}, None),
        ("direction tokens inside the (unnormalised) cue view", {"masked": m, "near": n, "cue_direction": c}, {}, None),
        ("alpha 2e-5", base, {"alpha": 2e-5}, None),
        ("alpha 1e-4", base, {"alpha": 1e-4}, None),
        ("epochs 40", base, {"epochs": 40}, None),
        ("no class weights", base, {"class_weight": None}, None),
        ("averaged SGD", base, {"average": True}, None),
        ("modified_huber loss", base, {"loss": "modified_huber"}, None),
        ("hinge loss, alpha 1e-4", base, {"loss": "hinge", "alpha": 1e-4}, None),
        ("adaptive learning rate, eta0 0.1", base, {"learning_rate": "adaptive", "eta0": 0.1}, None),
        ("+ our paragraphs' sentiment labels as rows (weight 0.1)", base, {}, "aux0.1"),
        ("+ our paragraphs' sentiment labels as rows (weight 0.3)", base, {}, "aux0.3"),
        ("+ stacked out-of-fold sentiment of the paragraph and of the mention windows (tokens)",
         {**base, "sentiment": _SCORES}, {}, None),
        ("+ stacked prediction of the same recipe trained on NewsMTSC alone (tokens)",
         {**base, "newsmtsc": _SCORES}, {}, None),
    ]
    return copy.deepcopy(out)


def run_variants(root, data: StanceData, config: dict, log=lambda s: None) -> list[dict]:
    from training.loaders import sentiment_rows

    add_views(data)
    data.views["sentiment"] = sentiment_view(root, data, config)
    data.views["newsmtsc"] = newsmtsc_view(root, data, config)
    aux_base = None
    results = []
    for name, views, section, aux in variants(config):
        log(f"stance variant: {name}")
        aux_rows = None
        if aux:
            if aux_base is None:
                rows = sentiment_rows(root, "annotations_id") + sentiment_rows(root, "annotations_en")
                aux_base = aux_sentiment_rows(rows, config)
            aux_rows = (*aux_base, float(aux[3:]))
        r = cv_seeds(data, config, views, section, aux_rows)
        results.append({"variant": name, "id": r["id"], "en": r["en"], "per_seed": r["per_seed"]})
    return results
