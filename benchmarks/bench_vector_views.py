"""What word-vector views and unit-length rows cost the stance model's scoring (one thread).

Peer: the shipped stance model itself, in the same run. The candidates are that model with two
``~vec`` views added (word unigrams, ``norm="mean"``, 2**17 buckets, random weights: the cost
does not depend on the weights' values), and that model with its character views at unit length
(``norm="l2"``) and sublinear counts, as the ``recipe-l2-*`` candidates of
``training/candidates.py`` have them; all scored on the same (paragraph, party) pairs. Pairs:
the first ``--pairs`` non-absent pairs of ``<data-dir>/annotations/paragraphs_id.jsonl``. Each
figure is the best of ``--runs`` warm passes, alternating the two models.

    OMP_NUM_THREADS=1 python benchmarks/bench_vector_views.py [--data-dir DIR] [--pairs 8000] [--runs 4]
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np

from stance.domain import PARTIES
from stance.features import Featurizer
from stance.loading import load_model
from stance.models import LinearViews, StanceModel
from stance.train import stance_queries


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", default=str(Path(__file__).resolve().parents[2] / "shared" / "data"))
    parser.add_argument("--pairs", type=int, default=8000)
    parser.add_argument("--runs", type=int, default=4)
    args = parser.parse_args(argv)
    rows = []
    with open(Path(args.data_dir) / "annotations" / "paragraphs_id.jsonl", encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            rows += [{"text": r["text"], "target": p} for p in PARTIES if r.get(p, "absent") != "absent"]
    queries, found = stance_queries(rows[: args.pairs])
    queries = [q for q, ok in zip(queries, found) if ok]
    shipped = load_model().stance
    featurizers, weights = dict(shipped.linear.featurizers), dict(shipped.linear.weights)
    rng = np.random.default_rng(0)
    for name in ("masked~vec", "near~vec"):
        featurizers[name] = Featurizer(word_ngrams=(1, 1), char_ngrams=None, n_features=2**17, norm="mean")
        weights[name] = rng.normal(size=(2**17, 3)).astype(np.float32)
    linear = LinearViews(featurizers, weights, shipped.linear.intercept, shipped.linear.temperature)
    # the recipe-l2-* candidates: every view with character n-grams at unit length, sublinear counts
    unit = {name: (Featurizer(**{**f.get_params(), "norm": "l2", "sublinear_tf": True}).fit() if f.char_ngrams else f)
            for name, f in shipped.linear.featurizers.items()}
    models = {"shipped": shipped, "with ~vec views": StanceModel(linear, window=shipped.window),
              "l2, sublinear": StanceModel(LinearViews(unit, dict(shipped.linear.weights), shipped.linear.intercept,
                                                       shipped.linear.temperature), window=shipped.window)}
    best = {name: 0.0 for name in models}
    for run in range(args.runs + 1):
        for name, model in models.items():
            start = time.perf_counter()
            model.predict_proba(queries)
            if run:  # the first pass warms caches and is not counted
                best[name] = max(best[name], len(queries) / (time.perf_counter() - start))
    for name, rate in best.items():
        print(f"{name:16s} {rate:9,.0f} pairs/s   ratio {rate / best['shipped']:5.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
