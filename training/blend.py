"""Study saved out-of-fold probabilities without refitting: each run alone, and logit blends.

``python -m training.yardstick ... --save-proba DIR`` keeps each run's probabilities as
``DIR/<candidate>-<protocol>-<lang>-<seed>.npz``. This reads them back and reports each
with the yardstick's own :func:`~training.yardstick.summarize`, and the blend of two runs
(the weighted mean of their log-probabilities, renormalised: a linear model's logits add,
so a blend of two linear models is one linear model over both feature sets):

    python -m training.blend /tmp/oof --protocol loso --lang id --runs baseline recipe-l2 \
        --blend baseline recipe-l2 --weight 0.5 [--json training/reports/yardstick.json]

The blend weight is fixed in advance, never tuned on the folds it is reported on.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from training.loaders import data_dir
from training.yardstick import headline, load_pairs, merge_report, summarize


def load_run(directory: Path, name: str, protocol: str, lang: str, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """The saved probabilities of one run and the pairs' indices they belong to."""
    with np.load(directory / f"{name}-{protocol}-{lang}-{seed}.npz") as saved:
        return saved["proba"], saved["rows"]


def blend(a: np.ndarray, b: np.ndarray, weight: float) -> np.ndarray:
    """``weight`` of ``a``'s log-probabilities plus the rest of ``b``'s, as probabilities; a row
    either run left at zero (target not found) stays zero."""
    logits = weight * np.log(a + 1e-12) + (1 - weight) * np.log(b + 1e-12)
    proba = np.exp(logits - logits.max(1, keepdims=True))
    proba /= proba.sum(1, keepdims=True)
    proba[(a.sum(1) == 0) | (b.sum(1) == 0)] = 0
    return proba


def as_result(summary: dict, lang: str) -> dict:
    """A one-seed summary in the shape :func:`training.yardstick.run` reports."""
    out = {"seeds": [0], "macro_f1_mean": summary["all"]["macro_f1"], "macro_f1_spread": 0.0, "first_seed": summary,
           "recall_mean": {c: v["recall"] for c, v in summary["all"]["per_class"].items()}}
    if lang == "id" and summary.get("native"):
        out["native_macro_f1_mean"] = summary["native"]["macro_f1"]
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Saved out-of-fold runs, alone and blended.")
    parser.add_argument("directory")
    parser.add_argument("--data-dir")
    parser.add_argument("--protocol", required=True, choices=("cv", "loso"))
    parser.add_argument("--lang", required=True, choices=("id", "en"))
    parser.add_argument("--runs", nargs="*", default=[], help="candidates to report alone")
    parser.add_argument("--blend", nargs=2, metavar=("A", "B"), help="two candidates to blend")
    parser.add_argument("--weight", type=float, default=0.5, help="weight of A in the blend (default 0.5)")
    parser.add_argument("--json", help="add the figures to this yardstick report")
    args = parser.parse_args(argv)
    pairs = load_pairs(data_dir(args.data_dir))
    directory = Path(args.directory)
    results: dict = {}

    def report(name: str, proba: np.ndarray, rows: np.ndarray) -> None:
        r = as_result(summarize(pairs, args.lang, proba, rows=rows), args.lang)
        results.setdefault(name, {}).setdefault(args.protocol, {})[args.lang] = r
        print(headline(name, args.protocol, args.lang, r), flush=True)

    for name in args.runs:
        report(name, *load_run(directory, name, args.protocol, args.lang))
    if args.blend:
        (a, rows_a), (b, rows_b) = (load_run(directory, n, args.protocol, args.lang) for n in args.blend)
        if not np.array_equal(rows_a, rows_b):
            parser.error("the two runs cover different pairs: run them with the same --protocol, --lang and --only-fold")
        report(f"blend-{args.blend[0]}-{args.blend[1]}-{args.weight:g}", blend(a, b, args.weight), rows_a)
    if args.json:
        merge_report(Path(args.json), "stance", results)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
