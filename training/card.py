"""Render ``docs/model-card.md`` from the build report (``training/reports/build.json``)."""

from __future__ import annotations

GOALS = {"smsa_valid": 82, "nusax_id_valid": 82, "nusax_en_valid": 80}
CLASSICAL = {"smsa_valid": "none", "nusax_id_valid": "78.7 (SVM)", "nusax_en_valid": "76.5 (NB)"}


def pct(x: float) -> str:
    return f"{100 * x:.1f}"


def _per_class(r: dict) -> str:
    return " / ".join(pct(r["per_class"][c]["f1"]) for c in ("negative", "neutral", "positive"))


def _reliability(cal: dict) -> list[str]:
    rows = ["| confidence bin | n | mean confidence | accuracy |", "|---|---|---|---|"]
    rows += [f"| {b['bin']} | {b['n']} | {b['confidence']:.3f} | {b['accuracy']:.3f} |" for b in cal["reliability"]]
    return rows


def render(report: dict) -> str:
    s, st, mt = report["sentiment"], report["stance"], report["newsmtsc"]
    cfg = report["config"]
    L: list[str] = []
    add = L.append
    add("# Model card: `stance` default models")
    add("")
    add(f"Model id `{report['model_id']}`. Built by `python -m training.build` (deterministic: the same "
        "bytes twice) from `../shared/data`; every number below is in `training/reports/build.json`, "
        "written by the same command. Scoring needs numpy only; scikit-learn trains.")
    add("")
    add("## What it is")
    add("")
    add("- **Sentiment** of a paragraph (negative / neutral / positive), Indonesian and English: one "
        "logistic-loss linear model (scikit-learn `SGDClassifier`, one-vs-rest) over hashed word 1-2-grams "
        "and character 2-5-grams (2**18 buckets; each family divided by the square root of its n-gram "
        "count, raw counts: with sublinear tf it scored the same within noise and scores slower).")
    add("- **Stance** toward a target that is mentioned (negative / neutral / positive): one model shared by "
        "all targets (china, russia, west, or any name given as character spans). It reads three views of the "
        "(paragraph, target) pair (`stance/views.py`): the paragraph with the target masked as `<T>` and other "
        "parties as `<O>` (word 1-2-grams), the words within 5 tokens of each mention (word 1-2-grams + "
        "char 3-5-grams; both views 2**18 buckets, each n-gram family divided by the square root of its "
        "count, no sublinear tf), and cue tokens from a small team-written lexicon (`stance/data/lexicon.txt`: "
        "criticism, support, negation, reported speech, passive agent, good/bad states, each marked by the "
        "side of the target) plus the target's identity. `absent` is decided by the party registry, not "
        "by the model.")
    add("- **Calibration**: one temperature per model, fitted on out-of-fold logits (article-grouped 5-fold "
        "CV on our annotations); `score = P(positive) - P(negative)`. Temperature keeps the margin "
        "`logit(pos) - logit(neg)` an exact sum of per-n-gram contributions (`explain`).")
    add(f"- Weights are stored as float16 in a compressed npz; sizes: "
        + ", ".join(f"`{k}` {v / 1e6:.2f} MB" for k, v in report["size_bytes"].items()) + ".")
    add("")
    add("## Data")
    add("")
    add("| model | corpus | rows | weight per row |")
    add("|---|---|---|---|")
    for src, n in sorted(s["train_sizes"].items()):
        add(f"| sentiment | {src} | {n} | {cfg['domain_weights'][src]} |")
    for lang, n in st["train_pairs"].items():
        add(f"| stance | our annotations, {lang} (pairs whose target the registry finds) | {n} | 1.0 |")
    add("")
    add("Domain weighting (sentiment): SmSA is large and off-domain (reviews, comments) and gets 0.5 per "
        "row; NusaX is small (500 per language) and gets 2 (id) and 4 (en) so English, which has little "
        "other data, is not swamped; our news annotations get 1. Stance is trained on our annotations "
        "only: adding NewsMTSC (English target sentiment toward people) lowered party-stance CV (ablation "
        "below), so it is used for the NewsMTSC benchmark figures only. Class weights are `balanced`.")
    add("")
    add("## Party stance: article-grouped 5-fold CV on our annotations (macro-F1 x100, 3 classes)")
    add("")
    add("Folds by article (`item.split(':')[:2]`, source prefix kept); a gold pair whose target the registry "
        "does not find counts as wrong for our model (the baseline, which needs no mention, still predicts). "
        "Command: `python -m training.build`.")
    add("")
    add("| | id | en |")
    add("|---|---|---|")
    b, c = st["baseline"], st["cv"]
    add(f"| naive baseline: TF-IDF (sklearn defaults) of the target-masked paragraph + target token, LR | "
        f"{pct(b['id']['macro_f1'])} | {pct(b['en']['macro_f1'])} |")
    add(f"| shipped stance model | **{pct(c['id']['macro_f1'])}** | **{pct(c['en']['macro_f1'])}** |")
    add(f"| gain | {pct(c['id']['macro_f1'] - b['id']['macro_f1'])} | {pct(c['en']['macro_f1'] - b['en']['macro_f1'])} |")
    add(f"| per class F1 neg / neu / pos | {_per_class(c['id'])} | {_per_class(c['en'])} |")
    add(f"| accuracy | {pct(c['id']['accuracy'])} | {pct(c['en']['accuracy'])} |")
    add(f"| pairs | {c['id']['n']} | {c['en']['n']} |")
    add("")
    add(f"Pairs whose target the registry misses: {c['not_found']} of {c['all']['n']}.")
    add("")
    if "ablation" in st:
        add("### Ablation (same folds)")
        add("")
        add("| features | id | en |")
        add("|---|---|---|")
        for a in st["ablation"]:
            add(f"| {a['step']} | {pct(a['id'])} | {pct(a['en'])} |")
        add("")
        if "variants" in st:
            add("### Variants tried (same folds, mean over SGD seeds " + ", ".join(str(x) for x in range(len(st["variants"][0]["per_seed"])))
                + "; one seed moves en by up to ~1.5 points, id by ~0.5)")
            add("")
            add("The first row is the shipped recipe; every other row changes one thing (`training/stance_variants.py`). "
                "Kept: only the first row. The shipped model itself is the seed-0 fit (table above).")
            add("")
            add("| variant | id | en | id per seed | en per seed |")
            add("|---|---|---|---|---|")
            for a in st["variants"]:
                add(f"| {a['variant']} | {pct(a['id'])} | {pct(a['en'])} | "
                    + " / ".join(pct(p[0]) for p in a["per_seed"]) + " | "
                    + " / ".join(pct(p[1]) for p in a["per_seed"]) + " |")
            add("")
        add("### Learning curve (share of the training folds' annotation pairs kept, same test folds)")
        add("")
        add("| annotations used | id | en |")
        add("|---|---|---|")
        for a in st["learning_curve"]:
            add(f"| {int(100 * a['fraction'])}% | {pct(a['id'])} | {pct(a['en'])} |")
        add("")
        add("### Size vs accuracy (buckets of the masked and near views)")
        add("")
        add("| n_features | id | en |")
        add("|---|---|---|")
        for a in st["size"][:1]:
            add(f"| {a['n_features']} | {pct(a['id'])} | {pct(a['en'])} |")
        add(f"| 2**18 (shipped) | {pct(c['id']['macro_f1'])} | {pct(c['en']['macro_f1'])} |")
        for a in st["size"][1:]:
            add(f"| {a['n_features']} | {pct(a['id'])} | {pct(a['en'])} |")
        add("")
        add("2**18 buckets per view stored as float16 keep the wheel small (see sizes above); float16 storage "
            f"changes the stance argmax on {100 * (1 - st['float16']['argmax_agreement']):.2f}% of annotation pairs "
            f"(max |dp| {st['float16']['max_abs_prob_diff']:.4f}) and the sentiment argmax on "
            f"{100 * (1 - s['float16']['argmax_agreement']):.2f}% of training texts.")
        add("")
    add("## Sentiment (macro-F1 x100)")
    add("")
    add("| benchmark (split we have) | shipped | best classical published (test) | goal (test) |")
    add("|---|---|---|---|")
    for k in ("smsa_valid", "nusax_id_valid", "nusax_en_valid"):
        add(f"| {k.replace('_', ' ')} | **{pct(s[k]['macro_f1'])}** | {CLASSICAL[k]} | >= {GOALS[k]} |")
    for lang in ("id", "en"):
        r = s[f"annotations_{lang}_cv"]
        add(f"| our news annotations, {lang} (article-grouped CV) | {pct(r['macro_f1'])} | - | - |")
    add("")
    add("Command: `python -m training.build` (or `stance evaluate --task sentiment --data "
        "../shared/data/external/smsa/valid.tsv`, `.../nusax/indonesian/valid.csv`, `.../nusax/english/valid.csv`). "
        "The NusaX valid splits have 100 sentences each: one sentence is 1 point of accuracy. The SGD "
        "regularisation and the domain weights were chosen on these valid splits; the held-out tests were "
        "never seen.")
    add("")
    add("## NewsMTSC dev (English target sentiment, macro-F1 x100)")
    add("")
    add("Shipped column: `stance evaluate --task stance --data ../shared/data/external/newsmtsc/dev_rw.jsonl` "
        "(and `dev_mt.jsonl`); the other column trains the same recipe on `train.jsonl` alone "
        "(`stance train --task stance --data .../train.jsonl`, as `training/build.py` does).")
    add("")
    add("| split | shipped model (no NewsMTSC in training) | same recipe trained on NewsMTSC train | goal (test) |")
    add("|---|---|---|---|")
    for k, goal in (("newsmtsc_dev_rw", 72), ("newsmtsc_dev_mt", 70)):
        add(f"| {k.replace('newsmtsc_', '')} | {pct(mt['shipped'][k]['macro_f1'])} | "
            f"{pct(mt['trained_on_newsmtsc'][k]['macro_f1'])} | >= {goal} |")
    add("")
    add("## Calibration")
    add("")
    add(f"Temperatures: sentiment {s['temperature']}, stance {c['temperature']}. Expected calibration error "
        f"(top label, 10 bins) on out-of-fold predictions: sentiment {s['calibration_cv']['ece']:.3f}, "
        f"stance {c['all']['calibration']['ece']:.3f} (id {c['id']['calibration']['ece']:.3f}, "
        f"en {c['en']['calibration']['ece']:.3f}). The temperature is fitted on the same out-of-fold "
        "predictions it is scored on (one parameter).")
    add("")
    add("Stance reliability (out-of-fold, both languages):")
    add("")
    L.extend(_reliability(c["all"]["calibration"]))
    add("")
    add("Sentiment reliability (out-of-fold, our annotations):")
    add("")
    L.extend(_reliability(s["calibration_cv"]))
    add("")
    add("## Known limits")
    add("")
    add("- Party stance is below the issue's goals (id >= 75, en >= 70) and the gain over the naive "
        "baseline is short of the +15 points asked (table above): linear n-gram features do not resolve "
        "who does what to whom in long paragraphs; the positive class is weakest, especially in English "
        "(305 positive pairs of 3,872). The variant table above lists what was measured in this build "
        "(clause view, directional cue tokens, alias tokens, language tokens, norms, n-gram orders, "
        "losses, learning rates, regularisation, auxiliary sentiment rows, and the stacked predictions of "
        "the sentiment model and of a NewsMTSC-trained stance model): none beats the shipped recipe "
        "by more than the seed noise, and tokens added to the unnormalised cue view hurt. Outside the "
        "build, in the same CV: logistic regression by lbfgs (C=1) gave id 59.6 / en 53.0 at 80 s per CV; "
        "NBSVM (each class's features scaled by its smoothed log-count ratio) at best id 59.9 / en 51.9; "
        "word clusters learned from the unlabelled news pools and the SmSA/NusaX texts (PPMI over a "
        "4-word window, 100-dimension SVD, k-means into 256 or 1,024 clusters) as tokens of the window or "
        "clause view at best +0.7 id / +0.3 en over 10 seeds (the clusters group topics, not "
        "stance: 'criticized' sits with 'praised'). Tried earlier without gain (within +-1 point): "
        "NewsMTSC rows, target x cue and target x word conjunctions, windows of 3/8/12 words, "
        "left/right-marked window words, wider and paragraph-wide cues, LinearSVC and one-vs-rest "
        "liblinear instead of SGD, seed-averaged SGD, and per-class bias offsets tuned on the "
        "out-of-fold scores (at most +1.3 id / +0.6 en even when tuned on the scores they are "
        "measured on). The learning curve (+3 to +5 points per doubling of the annotations) is the "
        "clearest lever: more labelled pairs, English positive pairs above all.")
    add("- English annotations are US political news (2012-2020), so `west` there is often US domestic "
        "politics; Indonesian narasipal headlines are mostly Gaza.")
    add("- Annotators were not consistent on vetoes/blockers and on the nationality of private persons "
        "(see `../shared/data/annotations/README.md`); the model is not tuned to either reading.")
    add("- Sentiment is trained mostly on reviews and comments (SmSA, NusaX); news sentiment (CV on our "
        "annotations) is clearly lower than the benchmark numbers.")
    add("- Lexicon cues are hand-written for Indonesian and English news verbs; they are features whose "
        "weights are learned, never labels.")
    add("")
    add("## Sources and licences")
    add("")
    add("Our annotations (texts from IndoSum CC BY-SA 4.0, Narasipal headlines, IndoNLU POSP/FacQA MIT, "
        "AllSides); IndoNLU SmSA; NusaX-Senti (CC BY-SA 4.0); NewsMTSC (MIT, evaluation only). No text is "
        "shipped, only hashed weights.")
    add("")
    return "\n".join(L)
