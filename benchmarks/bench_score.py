"""End-to-end speed of ``stance score``, against named peers in the same run.

    python benchmarks/bench_score.py            # full profile: 50,000 paragraphs (docs)
    python benchmarks/bench_score.py --quick    # 5,000 paragraphs, a few seconds (CI)
    python benchmarks/bench_score.py --model DIR

Input: a JSONL file of articles (``{"id", "paragraphs": [...]}``) made at run time in a
temporary folder from ``<data-dir>/news`` (IndoSum, AllSides, NarasiPal headlines, cycled
to the size asked); nothing is copied into the repository. Measured:

- paragraphs/s of ``stance score FILE -o OUT.jsonl`` (the console command, sentiment +
  stance for every party mentioned), and of ``Scorer.score_many`` in-process;
- peers on the same paragraphs, in the same process: VADER (``vaderSentiment``,
  English-only lexicon, sentiment only) and scikit-learn ``HashingVectorizer`` +
  ``LogisticRegression.predict_proba`` (2**18 features, word 1-2-grams and char 2-5-grams
  like the default model, fitted on a few thousand of the paragraphs with dummy labels);
- start-up: wall time of ``stance score`` on one seed article (goal < 0.5 s);
- peak memory (max RSS) of ``stance score -o`` at two input sizes (flat = streaming works);
- ``--jobs 2`` speed-up over ``--jobs 1``.

Results are printed and written to ``benchmarks/results/bench_score.json`` (git-ignored).
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DATA = Path(os.environ.get("STANCE_DATA_DIR", REPO.parent / "shared" / "data"))
SEEDS = REPO.parent / "shared" / "seeds"
STANCE = [sys.executable, "-m", "stance.cli"]


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} CPUs, Python {platform.python_version()} ({platform.system()})"


def news_articles(data_dir: Path):
    """Articles as paragraph lists, cycled forever (headlines are one-paragraph articles)."""
    sources = []
    for name, key in (("indosum_id.jsonl", "paragraphs"), ("allsides_en.jsonl", "paragraphs"),
                      ("narasipal_headlines_id.jsonl", "title")):
        path = data_dir / "news" / name
        if path.exists():
            with open(path, encoding="utf-8") as f:
                for line in f:
                    row = json.loads(line)
                    value = row.get(key)
                    paragraphs = value if isinstance(value, list) else [value]
                    paragraphs = [p for p in paragraphs if isinstance(p, str) and p.strip()]
                    if paragraphs:
                        sources.append(paragraphs)
    if not sources:
        sys.exit(f"no news files in {data_dir / 'news'}: pass --data-dir")
    return itertools.cycle(sources)


def make_corpus(path: Path, n_paragraphs: int, data_dir: Path) -> list[str]:
    """Write a JSONL of articles holding ``n_paragraphs`` paragraphs; return the paragraphs."""
    flat = []
    with open(path, "w", encoding="utf-8") as out:
        for i, paragraphs in enumerate(news_articles(data_dir)):
            paragraphs = paragraphs[: n_paragraphs - len(flat)]
            out.write(json.dumps({"id": f"a{i}", "paragraphs": paragraphs}, ensure_ascii=False) + "\n")
            flat += paragraphs
            if len(flat) >= n_paragraphs:
                return flat
    return flat


def run_measured(args: list) -> tuple[float, int]:
    """Wall seconds and peak RSS (MB) of one command, in a fresh wrapper process."""
    wrapper = ("import resource, subprocess, sys, time; t = time.perf_counter();"
               "r = subprocess.run(sys.argv[1:]); dt = time.perf_counter() - t;"
               "print(dt, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); sys.exit(r.returncode)")
    done = subprocess.run([sys.executable, "-c", wrapper, *map(str, args)], capture_output=True, text=True)
    if done.returncode not in (0,):
        sys.exit(f"failed: {' '.join(map(str, args))}\n{done.stderr[-2000:]}")
    seconds, rss_kb = done.stdout.split()
    return float(seconds), int(rss_kb) // 1024


def model_args(model: str | None) -> list[str]:
    return ["--model", model] if model else []


def ensure_model(model: str | None, tmp: Path) -> tuple[str | None, str]:
    """The model to time: --model, else the shipped one, else the tests' tiny model (said so)."""
    if model:
        return model, model
    from stance.exceptions import ModelFormatError
    from stance.model import load_model

    try:
        return None, load_model().model_id
    except ModelFormatError:
        sys.path.insert(0, str(REPO))
        from tests.test_scoring_support import save_tiny_model

        path = str(save_tiny_model(tmp / "tiny_model"))
        return path, "tiny test model (no shipped model yet: figures are indicative)"


def bench_vader(paragraphs: list[str]) -> float | str:
    try:
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer
    except ImportError:
        return "vaderSentiment is not installed (pip install vaderSentiment)"
    analyzer = SentimentIntensityAnalyzer()
    start = time.perf_counter()
    for p in paragraphs:
        analyzer.polarity_scores(p)
    return len(paragraphs) / (time.perf_counter() - start)


def bench_sklearn(paragraphs: list[str]) -> float:
    import numpy as np
    from sklearn.feature_extraction.text import HashingVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import FeatureUnion

    union = FeatureUnion([
        ("word", HashingVectorizer(ngram_range=(1, 2), n_features=2**18, alternate_sign=False)),
        ("char", HashingVectorizer(analyzer="char_wb", ngram_range=(2, 5), n_features=2**18, alternate_sign=False)),
    ])
    train = paragraphs[:3000]
    clf = LogisticRegression(max_iter=50).fit(union.transform(train), np.arange(len(train)) % 3)
    start = time.perf_counter()
    for i in range(0, len(paragraphs), 4096):
        clf.predict_proba(union.transform(paragraphs[i:i + 4096]))
    return len(paragraphs) / (time.perf_counter() - start)


def bench_in_process(path: Path, model: str | None) -> float:
    from stance.scoring import Scorer

    scorer = Scorer(model=model)
    rows = [json.loads(line) for line in open(path, encoding="utf-8")]
    texts = ["\n\n".join(p.replace("\n\n", "\n") for p in r["paragraphs"]) for r in rows]
    n = 0
    start = time.perf_counter()
    for result in scorer.score_many(texts):
        n += len(result.paragraphs)
    return n / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="5,000 paragraphs instead of 50,000")
    parser.add_argument("--model", help="model directory (default: the shipped model)")
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA)
    args = parser.parse_args()
    n = 5_000 if args.quick else 50_000
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        model, model_name = ensure_model(args.model, tmp)
        corpus, small = tmp / "corpus.jsonl", tmp / "small.jsonl"
        paragraphs = make_corpus(corpus, n, args.data_dir)
        make_corpus(small, n // 10, args.data_dir)
        base = [*STANCE, "score", "--text-field", "paragraphs", "--quiet", *model_args(model)]
        seconds, rss_big = run_measured([*base, corpus, "-o", tmp / "out.jsonl"])
        _, rss_small = run_measured([*base, small, "-o", tmp / "out_small.jsonl"])
        seconds_2, _ = run_measured([*base, "--jobs", "2", corpus, "-o", tmp / "out2.jsonl"])
        seed = next(iter(sorted(SEEDS.glob("*.txt"))), None)
        if seed is None:
            seed = tmp / "seed.txt"
            seed.write_text("\n".join(paragraphs[:12]), encoding="utf-8")
        startup = min(run_measured([*STANCE[:1], "-m", "stance.cli", "score", seed, "-o", tmp / "s.jsonl",
                                    *model_args(model)])[0] for _ in range(5))
        ours = n / seconds
        in_process = bench_in_process(corpus, model)
        vader = bench_vader(paragraphs)
        sk = bench_sklearn(paragraphs)
    results = {
        "machine": machine(), "model": model_name, "paragraphs": n,
        "stance_score_cli_paragraphs_per_s": round(ours), "stance_in_process_paragraphs_per_s": round(in_process),
        "vader_paragraphs_per_s": vader if isinstance(vader, str) else round(vader),
        "sklearn_hashing_lr_paragraphs_per_s": round(sk),
        "startup_seconds": round(startup, 3),
        "peak_rss_mb": {str(n // 10): rss_small, str(n): rss_big},
        "jobs2_speedup": round(seconds / seconds_2, 2),
    }
    print(f"machine: {results['machine']}\nmodel: {model_name}\ninput: {n:,} news paragraphs\n")
    if not isinstance(vader, str):
        print(f"stance score / VADER:              {ours / vader:5.2f}x  ({ours:,.0f} vs {vader:,.0f} paragraphs/s)")
    else:
        print(f"VADER: {vader}")
    print(f"stance score / sklearn hashing+LR: {ours / sk:5.2f}x  ({ours:,.0f} vs {sk:,.0f} paragraphs/s)")
    print(f"  (stance does sentiment + stance per party; VADER and sklearn do one 3-way score)")
    print(f"stance in-process (score_many):    {in_process:,.0f} paragraphs/s")
    print(f"start-up (one seed article):       {startup:.3f} s  (goal < 0.5 s)")
    print(f"peak memory with -o:               {rss_small} MB at {n // 10:,} paragraphs, {rss_big} MB at {n:,}")
    print(f"--jobs 2 speed-up:                 {results['jobs2_speedup']:.2f}x")
    out = REPO / "benchmarks" / "results"
    out.mkdir(exist_ok=True)
    (out / "bench_score.json").write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
