"""Featurizer speed and quality against scikit-learn's HashingVectorizer, in one run.

    python benchmarks/bench_features.py --quick          # seconds: CI smoke
    python benchmarks/bench_features.py                  # docs/benchmarks.md figures
    python benchmarks/bench_features.py --accuracy       # + logistic regression on SmSA/NusaX

The peer is what a user would otherwise write: ``HashingVectorizer(analyzer="char_wb",
ngram_range=(2, 5))`` and ``HashingVectorizer(ngram_range=(1, 2))`` side by side. Texts
are real paragraphs from ``--data-dir`` (Indonesian news and SmSA), read at run time.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from common import best_seconds, machine  # noqa: E402

from stance.features import Featurizer  # noqa: E402

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


def news_paragraphs(data_dir: Path, limit_chars: int) -> list[str]:
    """Indonesian news paragraphs and SmSA sentences, alternating sources, about limit_chars."""
    news = []
    with open(data_dir / "news" / "indosum_id.jsonl", encoding="utf-8") as lines:
        for line in lines:
            news += json.loads(line)["paragraphs"]
    with open(data_dir / "external" / "smsa" / "train.tsv", encoding="utf-8") as lines:
        smsa = [line.rsplit("\t", 1)[0] for line in lines if line.strip()]
    texts, size = [], 0
    for a, b in zip(news, smsa * (len(news) // len(smsa) + 1)):
        for text in (a, b):
            texts.append(text)
            size += len(text)
        if size >= limit_chars:
            break
    return texts


def corpus(data_dir: Path, chars: int) -> list[str]:
    """At least ``chars`` characters of paragraphs from every news pool, repeated if needed."""
    pool = []
    for name in ("indosum_id.jsonl", "allsides_en.jsonl"):
        with open(data_dir / "news" / name, encoding="utf-8") as lines:
            for line in lines:
                pool += json.loads(line)["paragraphs"]
    texts, size = [], 0
    while size < chars:
        for text in pool:
            texts.append(text)
            size += len(text)
            if size >= chars:
                break
    return texts


def sklearn_pair():
    from sklearn.feature_extraction.text import HashingVectorizer

    chars = HashingVectorizer(analyzer="char_wb", ngram_range=(2, 5), n_features=2**20)
    words = HashingVectorizer(ngram_range=(1, 2), n_features=2**20)
    return chars, words


def speed(texts: list[str], repeat: int) -> dict:
    """Seconds for sklearn's pair and for ``Featurizer()`` (default threads) and one thread."""
    import scipy.sparse as sp

    chars, words = sklearn_pair()
    ours, single = Featurizer(), Featurizer(n_jobs=1)
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    rng = np.random.default_rng(0)
    w_ours = rng.standard_normal((ours.n_features, 3)).astype(np.float32)
    w_peer = rng.standard_normal((2 * 2**20, 3)).astype(np.float32)
    prepared = ours.prepare(w_ours)  # what the models do once, at load time

    def peer_transform():
        return chars.transform(texts), words.transform(texts)

    def peer_scores():
        return sp.hstack(peer_transform(), format="csr") @ w_peer

    ours.decision(texts[:10], prepared)  # warm caches (character tables)
    t_peer = best_seconds(peer_transform, repeat)
    t_peer_scores = best_seconds(peer_scores, repeat)
    out = {"mb": mb, "documents": len(texts), "threads": ours._threads(len(list(ours._chunks(texts))))}
    for key, featurizer in (("", ours), ("_1_thread", single)):
        t_ours = best_seconds(featurizer.transform, repeat, texts)
        t_scores = best_seconds(featurizer.decision, repeat, texts, prepared)
        out["transform" + key] = {"sklearn_s": t_peer, "stance_s": t_ours, "ratio": t_peer / t_ours,
                                  "sklearn_mb_s": mb / t_peer, "stance_mb_s": mb / t_ours}
        out["scoring" + key] = {"sklearn_s": t_peer_scores, "stance_s": t_scores,
                                "ratio": t_peer_scores / t_scores,
                                "sklearn_mb_s": mb / t_peer_scores, "stance_mb_s": mb / t_scores}
    return out


def growth(data_dir: Path, sizes: list[int]) -> list[dict]:
    ours = Featurizer()
    weights = ours.prepare(np.random.default_rng(0).standard_normal((ours.n_features, 3)).astype(np.float32))
    rows = []
    for chars in sizes:
        texts = corpus(data_dir, chars)
        repeat = 3 if chars <= 10_000_000 else 1
        t_transform = best_seconds(ours.transform, repeat, texts)
        t_scores = best_seconds(ours.decision, repeat, texts, weights)
        rows.append({"chars": chars, "transform_s": t_transform, "scoring_s": t_scores,
                     "transform_mb_s": chars / 1e6 / t_transform,
                     "scoring_mb_s": chars / 1e6 / t_scores})
    return rows


def read_tsv(path: Path):
    with open(path, encoding="utf-8") as lines:
        rows = [line.rstrip("\n").rsplit("\t", 1) for line in lines if line.strip()]
    return [r[0] for r in rows], [r[1] for r in rows]


def read_csv(path: Path):
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return [r["text"] for r in rows], [r["label"] for r in rows]


def accuracy(data_dir: Path, strengths: list[float]) -> list[dict]:
    """Macro-F1 of LogisticRegression(C) on each featurization, for each C."""
    import scipy.sparse as sp
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import f1_score

    ext = data_dir / "external"
    sets = {
        "SmSA valid": (read_tsv(ext / "smsa/train.tsv"), read_tsv(ext / "smsa/valid.tsv")),
        "NusaX-id valid": (read_csv(ext / "nusax/indonesian/train.csv"),
                           read_csv(ext / "nusax/indonesian/valid.csv")),
        "NusaX-en valid": (read_csv(ext / "nusax/english/train.csv"),
                           read_csv(ext / "nusax/english/valid.csv")),
    }
    chars, words = sklearn_pair()
    featurizations = {
        "sklearn char_wb(2,5) + word(1,2)":
            lambda t: sp.hstack([chars.transform(t), words.transform(t)], format="csr"),
        "stance Featurizer()": Featurizer().transform,
        "stance Featurizer(norm='l2')": Featurizer(norm="l2").transform,
    }
    rows = []
    for C in strengths:
        for name, featurize in featurizations.items():
            row = {"C": C, "features": name}
            for dataset, ((x_train, y_train), (x_valid, y_valid)) in sets.items():
                model = LogisticRegression(C=C, max_iter=2000)
                model.fit(featurize(x_train), y_train)
                predicted = model.predict(featurize(x_valid))
                row[dataset] = 100 * f1_score(y_valid, predicted, average="macro")
            rows.append(row)
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--quick", action="store_true", help="200 KB, one repeat, no growth")
    parser.add_argument("--accuracy", action="store_true", help="also train LR on SmSA/NusaX")
    parser.add_argument("--C", type=float, nargs="+", default=[10.0],
                        help="LogisticRegression strengths for --accuracy (default: 10)")
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    args = parser.parse_args(argv)

    print(f"machine: {machine()}")
    results = {"machine": machine()}
    size, repeat = (200_000, 1) if args.quick else (2_000_000, 5)
    results["speed"] = s = speed(news_paragraphs(args.data_dir, size), repeat)
    print(f"\n{s['documents']} paragraphs, {s['mb']:.2f} MB (best of {repeat})")
    print("| path | stance vs sklearn | stance | sklearn |\n|---|---|---|---|")
    rows = (("transform", "features (transform)"), ("scoring", "scores (X @ W)"),
            ("transform_1_thread", "features, n_jobs=1"), ("scoring_1_thread", "scores, n_jobs=1"))
    for key, label in rows:
        r = s[key]
        print(f"| {label} | {r['ratio']:.1f}x | {r['stance_s'] * 1e3:.0f} ms, "
              f"{r['stance_mb_s']:.1f} MB/s | {r['sklearn_s'] * 1e3:.0f} ms, "
              f"{r['sklearn_mb_s']:.2f} MB/s |")
    print(f"(Featurizer() used {s['threads']} threads)")
    if not args.quick:
        sizes = [10_000, 100_000, 1_000_000, 10_000_000, 50_000_000]
        results["growth"] = rows = growth(args.data_dir, sizes)
        print("\n| input | transform | M chars/s | scoring | M chars/s |\n|---|---|---|---|---|")
        for r in rows:
            print(f"| {r['chars'] / 1e6:g} M chars | {r['transform_s']:.3f} s | "
                  f"{r['transform_mb_s']:.1f} | {r['scoring_s']:.3f} s | {r['scoring_mb_s']:.1f} |")
    if args.accuracy:
        results["accuracy"] = rows = accuracy(args.data_dir, args.C)
        names = [k for k in rows[0] if k not in ("C", "features")]
        print("\nLogisticRegression(C, max_iter=2000), macro-F1 x100")
        print("| C | features | " + " | ".join(names) + " |")
        print("|---" * (len(names) + 2) + "|")
        for r in rows:
            print(f"| {r['C']:g} | {r['features']} | " + " | ".join(f"{r[n]:.1f}" for n in names) + " |")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
