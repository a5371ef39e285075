"""The stance yardstick: every candidate against the plain baseline, in the same folds.

Two protocols, each run per language, each predicting every annotated pair of that language
exactly once (out of fold):

- ``cv``: article-grouped 5-fold cross-validation. The group is the article id
  (``item.split(":")[1]``), so a translation (``allsides-tr:ID:i``) and its original
  (``allsides:ID:i``) always fall in the same fold, whatever language a model trains on.
- ``loso``: leave one source out. Indonesian: ``indosum``, ``narasipal``, ``clickid``,
  ``posp``+``facqa`` and ``allsides-tr``, each held out in turn. English: the AllSides outlets
  (the ``source`` field of the news pool), dealt into five groups of similar size, each held
  out in turn. This is the protocol that predicts a new outlet.

In both, the rows of the *other* language that share an article with a test row are left out
of training too (the English originals of held-out translations, and the other way round),
so a cross-lingual model cannot see its test paragraphs in translation.

A *candidate* is anything with ``fit(train: Pairs, lang: str)`` and ``predict_proba(test:
Pairs) -> (n, 3)``; it is given every training row of both languages and picks what it uses.

    python -m training.yardstick [--data-dir DIR] [--protocol cv loso] [--lang id en]
        [--candidates baseline before recipe] [--seeds 3] [--only-fold K] [--json OUT]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from stance.domain import CLASSES
from stance.metrics import calibration, report
from stance.exceptions import param_error
from stance.train import labels_to_y
from training.loaders import data_dir, stance_rows

PROTOCOLS = ("cv", "loso")
LANGS = ("id", "en")
NATIVE_ID = ("indosum", "narasipal", "clickid", "posp", "facqa")
ID_SOURCE_GROUPS = {"indosum": "indosum", "narasipal": "narasipal", "clickid": "clickid",
                    "posp": "posp+facqa", "facqa": "posp+facqa", "allsides-tr": "allsides-tr"}
N_OUTLET_GROUPS = 5


@dataclass(frozen=True)
class Pairs:
    """Annotated (paragraph, party) pairs whose label is not ``absent``, as parallel arrays."""

    text: np.ndarray      # object: the paragraph
    target: np.ndarray    # object: china / russia / west
    y: np.ndarray         # int: index into CLASSES
    lang: np.ndarray      # object: id / en
    source: np.ndarray    # object: the item prefix (indosum, allsides-tr, allsides, ...)
    article: np.ndarray   # object: item.split(":")[1], shared by a translation and its original
    outlet: np.ndarray    # object: the AllSides outlet for allsides and allsides-tr rows, else ""

    def __len__(self) -> int:
        return len(self.y)

    def take(self, index: np.ndarray) -> "Pairs":
        return Pairs(*(getattr(self, f)[index] for f in self.__dataclass_fields__))


def load_pairs(root: Path) -> Pairs:
    """Every non-absent pair of both annotation files, with source, article and outlet."""
    rows = stance_rows(root, "annotations_id") + stance_rows(root, "annotations_en")
    return _pairs(rows, _outlets(root), [r["target"] for r in rows])


def load_paragraphs(root: Path) -> Pairs:
    """Every annotated paragraph of both files with its sentiment (``target`` is empty)."""
    from training.loaders import sentiment_rows

    outlets = _outlets(root)
    rows = sentiment_rows(root, "annotations_id") + sentiment_rows(root, "annotations_en")
    return _pairs(rows, outlets, [""] * len(rows))


def _outlets(root: Path) -> dict[str, str]:
    outlets = {}
    with open(root / "news" / "allsides_en.jsonl", encoding="utf-8") as fh:
        for line in fh:
            article = json.loads(line)
            outlets[str(article["id"])] = article.get("source") or ""
    return outlets


def _pairs(rows: list[dict], outlets: dict[str, str], targets: list[str]) -> Pairs:
    source = [r["group"].split(":")[0] for r in rows]
    article = [r["group"].split(":")[1] for r in rows]
    outlet = [outlets.get(a, "") if s.startswith("allsides") else "" for s, a in zip(source, article)]
    obj = lambda values: np.array(values, dtype=object)  # noqa: E731
    return Pairs(obj([r["text"] for r in rows]), obj(targets), labels_to_y([r["label"] for r in rows]),
                 obj([r["lang"] for r in rows]), obj(source), obj(article), obj(outlet))


def outlet_groups(pairs: Pairs, k: int = N_OUTLET_GROUPS) -> dict[str, int]:
    """English outlets dealt into ``k`` groups of similar pair counts (largest first, to the lightest)."""
    counts: dict[str, int] = {}
    for o in pairs.outlet[pairs.lang == "en"]:
        counts[o] = counts.get(o, 0) + 1
    load, group = [0] * k, {}
    for name, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        g = int(np.argmin(load))
        group[name] = g
        load[g] += n
    return group


def protocol_folds(pairs: Pairs, protocol: str, lang: str, *, k: int = 5, seed: int = 0) -> tuple[np.ndarray, list[str]]:
    """Fold per pair (``-1``: never tested, always trainable) and the folds' names.

    Test rows of fold ``f`` are the ``lang`` rows with fold ``f``; a model for fold ``f``
    trains on every row whose fold is not ``f``.
    """
    if protocol == "cv":
        keys = np.array([int(hashlib.sha256(f"{seed}:{a}".encode()).hexdigest()[:8], 16) for a in pairs.article])
        return (keys % k).astype(np.int64), [f"fold {i}" for i in range(k)]
    if protocol != "loso":
        raise param_error("protocol_folds", "protocol", f"must be one of {', '.join(PROTOCOLS)}, got {protocol!r}",
                          "pass protocol='cv' (article-grouped) or 'loso' (leave one source out)")
    if lang == "id":
        names = sorted(set(ID_SOURCE_GROUPS.values()), key=list(ID_SOURCE_GROUPS.values()).index)
        own = {s: names.index(g) for s, g in ID_SOURCE_GROUPS.items()}
        label = lambda i: own[pairs.source[i]]  # noqa: E731
    else:
        groups = outlet_groups(pairs)
        names = [f"outlets {g}" for g in range(N_OUTLET_GROUPS)]
        label = lambda i: groups[pairs.outlet[i]]  # noqa: E731
    folds = np.full(len(pairs), -1, dtype=np.int64)
    by_article: dict[str, int] = {}
    for i in np.flatnonzero(pairs.lang == lang):
        folds[i] = label(i)
        by_article[pairs.article[i]] = folds[i]
    other = np.flatnonzero(pairs.lang != lang)
    folds[other] = [by_article.get(a, -1) for a in pairs.article[other]]
    return folds, names


def out_of_fold(make: Callable[[int], object], pairs: Pairs, protocol: str, lang: str, seed: int = 0,
                log: Callable[[str], None] | None = None, only: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Out-of-fold probabilities for every ``lang`` pair (of fold ``only`` alone, if given), and
    the pairs' fold numbers."""
    folds, names = protocol_folds(pairs, protocol, lang)
    test_rows = np.flatnonzero(pairs.lang == lang)
    if only is not None:
        test_rows = test_rows[folds[test_rows] == only]
    proba = np.zeros((len(pairs), len(CLASSES)))
    for f, name in enumerate(names):
        test = test_rows[folds[test_rows] == f]
        if not len(test):
            continue
        train = np.flatnonzero(folds != f)
        t0 = time.time()
        model = make(seed)
        model.fit(pairs.take(train), lang)
        proba[test] = model.predict_proba(pairs.take(test))
        if log:
            log(f"  {protocol}/{lang} {name}: {len(train)} train, {len(test)} test, {time.time() - t0:.0f}s")
    return proba[test_rows], folds[test_rows]


def summarize(pairs: Pairs, lang: str, proba: np.ndarray, task: str = "stance", rows: np.ndarray | None = None) -> dict:
    """macro-F1, per-class recall, confusion and ECE; Indonesian also native vs translated and per source.

    ``proba`` holds the ``lang`` pairs' probabilities, or those of ``rows`` when given."""
    sel = np.flatnonzero(pairs.lang == lang) if rows is None else rows
    y, source = pairs.y[sel], pairs.source[sel]
    gold = [CLASSES[i] for i in y]
    found = proba.sum(1) > 0  # a candidate returns a zero row where it found no mention of the target
    pred = [CLASSES[i] if f else "absent" for i, f in zip(proba.argmax(1), found)]

    def part(mask: np.ndarray) -> dict:
        r = report([g for g, m in zip(gold, mask) if m], [p for p, m in zip(pred, mask) if m], task)
        r["calibration"] = {"ece": calibration(proba[mask & found], y[mask & found])["ece"]}
        return r

    out = {"all": part(np.ones(len(y), dtype=bool))}
    if lang == "id":
        native = np.isin(source, NATIVE_ID)
        out["native"] = part(native) if native.any() else None
        out["translated"] = part(~native) if (~native).any() else None
        out["by_source"] = {}
        for g in dict.fromkeys(ID_SOURCE_GROUPS.values()):
            mask = np.isin(source, [s for s, gg in ID_SOURCE_GROUPS.items() if gg == g])
            if mask.any():
                out["by_source"][g] = part(mask)["macro_f1"]
    return out


def run(make: Callable[[int], object], pairs: Pairs, protocol: str, lang: str, seeds: Sequence[int] = (0,),
        log: Callable[[str], None] | None = None, task: str = "stance", only: int | None = None,
        save: Path | None = None) -> dict:
    """The candidate's summary per seed, and the mean and spread of macro-F1 over seeds.

    With ``save``, each seed's out-of-fold probabilities go to ``save``-``seed``.npz (``proba``,
    ``rows``: their indices into ``pairs``, ``folds``), for analyses such as ensembles."""
    per_seed = []
    rows = None
    if only is not None:
        folds, _ = protocol_folds(pairs, protocol, lang)
        rows = np.flatnonzero((pairs.lang == lang) & (folds == only))
    for seed in seeds:
        proba, folds = out_of_fold(make, pairs, protocol, lang, seed, log, only)
        sel = np.flatnonzero(pairs.lang == lang) if rows is None else rows
        if save is not None:
            np.savez_compressed(f"{save}-{seed}.npz", proba=proba, rows=sel, folds=folds)
        per_seed.append(summarize(pairs, lang, proba, task, rows))
    f1 = np.array([s["all"]["macro_f1"] for s in per_seed])
    out = {"seeds": list(seeds), "macro_f1_mean": float(f1.mean()), "macro_f1_spread": float(f1.max() - f1.min()),
           "first_seed": per_seed[0]}
    if lang == "id" and per_seed[0]["native"]:
        native = np.array([s["native"]["macro_f1"] for s in per_seed])
        out["native_macro_f1_mean"] = float(native.mean())
    out["recall_mean"] = {c: float(np.mean([s["all"]["per_class"][c]["recall"] for s in per_seed])) for c in CLASSES}
    return out


def headline(name: str, protocol: str, lang: str, r: dict) -> str:
    rec = " ".join(f"{c[:3]} {100 * v:.1f}" for c, v in r["recall_mean"].items())
    native = f"  native {100 * r['native_macro_f1_mean']:.1f}" if "native_macro_f1_mean" in r else ""
    spread = f" ±{100 * r['macro_f1_spread'] / 2:.1f}" if len(r["seeds"]) > 1 else ""
    return f"{name:28s} {protocol:4s} {lang}  macro-F1 {100 * r['macro_f1_mean']:.1f}{spread}{native}  recall {rec}"


def main(argv=None) -> int:
    from training.candidates import CANDIDATES, SENTIMENT_CANDIDATES

    parser = argparse.ArgumentParser(description="Candidates against the plain baseline, in the same folds.")
    parser.add_argument("--task", default="stance", choices=("stance", "sentiment"))
    parser.add_argument("--data-dir")
    parser.add_argument("--protocol", nargs="+", default=list(PROTOCOLS), choices=PROTOCOLS)
    parser.add_argument("--lang", nargs="+", default=list(LANGS), choices=LANGS)
    parser.add_argument("--candidates", nargs="+", default=["baseline", "before", "recipe"],
                        choices=sorted({*CANDIDATES, *SENTIMENT_CANDIDATES}))
    parser.add_argument("--seeds", type=int, default=1, help="seeds for stochastic candidates (mean and spread)")
    parser.add_argument("--only-fold", type=int, help="test on this fold alone (quick comparisons)")
    parser.add_argument("--save-proba", metavar="DIR",
                        help="write each run's out-of-fold probabilities to DIR/<candidate>-<protocol>-<lang>-<seed>.npz")
    parser.add_argument("--json", help="add every figure to this file ({task: {candidate: {protocol: {lang: ...}}}}; "
                                       "figures already there for other candidates, protocols or languages are kept)")
    args = parser.parse_args(argv)
    log = lambda m: print(m, file=sys.stderr, flush=True)  # noqa: E731
    root = data_dir(args.data_dir)
    pairs, table = (load_pairs(root), CANDIDATES) if args.task == "stance" else (load_paragraphs(root), SENTIMENT_CANDIDATES)
    results: dict = {}
    for name in args.candidates:
        make, stochastic = table[name]
        seeds = range(args.seeds) if stochastic else (0,)
        for protocol in args.protocol:
            for lang in args.lang:
                save = Path(args.save_proba) / f"{name}-{protocol}-{lang}" if args.save_proba else None
                if save is not None:
                    save.parent.mkdir(parents=True, exist_ok=True)
                r = run(make, pairs, protocol, lang, seeds, log, args.task, args.only_fold, save)
                results.setdefault(name, {}).setdefault(protocol, {})[lang] = r
                print(headline(name, protocol, lang, r), flush=True)
    if args.json:
        merge_report(Path(args.json), args.task, results)
    return 0


def merge_report(path: Path, task: str, results: dict) -> None:
    """Add ``results`` (candidate -> protocol -> lang) under ``task`` to the JSON report at ``path``."""
    report = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    for name, protocols in results.items():
        for protocol, langs in protocols.items():
            report.setdefault(task, {}).setdefault(name, {}).setdefault(protocol, {}).update(langs)
    path.write_text(json.dumps(report, indent=1, sort_keys=True) + "\n", encoding="utf-8")


if __name__ == "__main__":
    raise SystemExit(main())
