"""End-to-end speed of ``stance score``, against named peers in the same run.

    python benchmarks/bench_score.py                 # full profile (docs): 50,000 paragraphs,
                                                     # memory at 10 MB and 500 MB (a few minutes)
    python benchmarks/bench_score.py --quick         # 5,000 paragraphs, memory at 1 and 10 MB (< 1 min)
    python benchmarks/bench_score.py --write-docs    # also replace "## Scoring" in docs/benchmarks.md
    python benchmarks/bench_score.py --model DIR

Input: JSONL files of articles (``{"id", "paragraphs": [...]}``) made at run time in a
temporary folder from ``<data-dir>/news`` (IndoSum, AllSides, NarasiPal headlines, cycled
to the size asked); nothing is copied into the repository. Measured (best of N runs: the
machine may be shared, its load average is reported):

- paragraphs/s of ``stance score FILE -o OUT.jsonl`` (the console command, sentiment +
  stance for every party mentioned), start-up excluded (the wall time of the same command
  on one seed article is subtracted), and of ``Scorer.score_many`` in-process;
- peers on the same paragraphs, in the same process: VADER (``vaderSentiment``,
  English-only lexicon, sentiment only; reported as not installed when missing) and
  scikit-learn ``HashingVectorizer`` + ``LogisticRegression.predict_proba`` (2**18
  features, word 1-2-grams and char 2-5-grams like the default model, fitted on a few
  thousand of the paragraphs with dummy labels);
- start-up: wall time of ``stance score`` on one seed article (goal < 0.5 s);
- peak memory (max RSS of the child process) of ``stance score -o`` at two input sizes
  (flat = streaming works);
- ``--jobs 2`` speed-up over ``--jobs 1`` on the whole input.

Results are printed and written to ``benchmarks/results/bench_score.json`` (git-ignored).
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import machine

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DATA = Path(os.environ.get("STANCE_DATA_DIR", REPO.parent / "shared" / "data"))
SEEDS = REPO.parent / "shared" / "seeds"
SEED = "suara-kim-beijing-parade.txt"
STANCE = [sys.executable, "-m", "stance"]
MB = 1_000_000


def load() -> str:
    try:
        return ", ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        return "unknown"


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


def make_sized(path: Path, n_bytes: int, data_dir: Path) -> int:
    """Write a JSONL of articles of about ``n_bytes``; return its paragraph count."""
    size = count = 0
    with open(path, "w", encoding="utf-8") as out:
        for i, paragraphs in enumerate(news_articles(data_dir)):
            line = json.dumps({"id": f"a{i}", "paragraphs": paragraphs}, ensure_ascii=False) + "\n"
            out.write(line)
            size += len(line.encode("utf-8"))
            count += len(paragraphs)
            if size >= n_bytes:
                return count
    return count


def run_measured(args: list) -> tuple[float, int]:
    """Wall seconds and peak RSS (MB) of one command, run as the child of a fresh wrapper."""
    wrapper = ("import resource, subprocess, sys, time; t = time.perf_counter();"
               "r = subprocess.run(sys.argv[1:]); dt = time.perf_counter() - t;"
               "print(dt, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); sys.exit(r.returncode)")
    done = subprocess.run([sys.executable, "-c", wrapper, *map(str, args)], capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"failed: {' '.join(map(str, args))}\n{done.stderr[-2000:]}")
    seconds, rss_kb = done.stdout.split()
    return float(seconds), int(rss_kb) // 1024


def best_wall(args: list, repeat: int) -> float:
    return min(run_measured(args)[0] for _ in range(repeat))


def model_args(model: str | None) -> list[str]:
    return ["--model", model] if model else []


def ensure_model(model: str | None, tmp: Path) -> tuple[str | None, str]:
    """The model to time: --model, else the shipped one, else the tests' tiny model (said so)."""
    if model:
        return model, model
    from stance.exceptions import ModelFormatError
    from stance.loading import load_model

    try:
        return None, load_model().model_id
    except ModelFormatError:
        sys.path.insert(0, str(REPO))
        from tests.test_scoring_support import save_tiny_model

        path = str(save_tiny_model(tmp / "tiny_model"))
        return path, "tiny test model (no shipped model yet: figures are indicative)"


def bench_vader(paragraphs: list[str], repeat: int) -> float | str:
    try:
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer
    except ImportError:
        return "not installed (pip install vaderSentiment to compare)"
    analyzer = SentimentIntensityAnalyzer()
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for p in paragraphs:
            analyzer.polarity_scores(p)
        best = min(best, time.perf_counter() - start)
    return len(paragraphs) / best


def bench_sklearn(paragraphs: list[str], repeat: int) -> float:
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
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for i in range(0, len(paragraphs), 4096):
            clf.predict_proba(union.transform(paragraphs[i:i + 4096]))
        best = min(best, time.perf_counter() - start)
    return len(paragraphs) / best


def bench_in_process(path: Path, model: str | None, repeat: int) -> tuple[float, float]:
    """Paragraphs/s of ``score_many``: the first pass (cold per-word caches, like one CLI
    run) and the best later pass (warm, like a long-running service)."""
    from stance.scoring import Scorer

    scorer = Scorer(model=model)
    rows = [json.loads(line) for line in open(path, encoding="utf-8")]
    texts = ["\n\n".join(p.replace("\n\n", "\n") for p in r["paragraphs"]) for r in rows]
    times = []
    for _ in range(repeat + 1):
        n = 0
        start = time.perf_counter()
        for result in scorer.score_many(texts):
            n += len(result.paragraphs)
        times.append(time.perf_counter() - start)
    return n / times[0], n / min(times[1:])


def measure(args) -> dict:
    n = 5_000 if args.quick else 50_000
    repeat = 2 if args.quick else 3
    sizes = (1 * MB, 10 * MB) if args.quick else (10 * MB, 500 * MB)
    load_before = load()
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        model, model_name = ensure_model(args.model, tmp)
        corpus = tmp / "corpus.jsonl"
        paragraphs = make_corpus(corpus, n, args.data_dir)
        base = [*STANCE, "score", "--text-field", "paragraphs", "--quiet", *model_args(model)]
        seed = SEEDS / SEED
        if not seed.exists():
            seed = tmp / "seed.txt"
            seed.write_text("\n".join(paragraphs[:12]), encoding="utf-8")
        startup = best_wall([*STANCE, "score", seed, "-o", tmp / "s.jsonl", *model_args(model)], 5)
        cli = best_wall([*base, corpus, "-o", tmp / "out.jsonl"], repeat)
        cli_2 = best_wall([*base, "--jobs", "2", corpus, "-o", tmp / "out2.jsonl"], repeat)
        rss = {}
        for size in sizes:
            sized = tmp / f"sized_{size}.jsonl"
            count = make_sized(sized, size, args.data_dir)
            _, peak = run_measured([*base, sized, "-o", tmp / "out_sized.jsonl"])
            rss[f"{size // MB} MB"] = {"paragraphs": count, "peak_rss_mb": peak}
            sized.unlink()
            (tmp / "out_sized.jsonl").unlink()
        in_process = bench_in_process(corpus, model, repeat)
        vader = bench_vader(paragraphs, repeat)
        sk = bench_sklearn(paragraphs, repeat)
    return {
        "machine": machine(with_load=False), "load_average": f"{load_before} before, {load()} after",
        "model": model_name, "paragraphs": n, "profile": "quick" if args.quick else "full",
        "stance_score_cli_paragraphs_per_s": round(n / max(cli - startup, 1e-9)),
        "stance_score_cli_wall_s": round(cli, 3),
        "stance_in_process_paragraphs_per_s": {"first_pass": round(in_process[0]), "warm": round(in_process[1])},
        "vader_paragraphs_per_s": vader if isinstance(vader, str) else round(vader),
        "sklearn_hashing_lr_paragraphs_per_s": round(sk),
        "startup_seconds": round(startup, 3),
        "memory": rss,
        "jobs2_speedup": round(cli / cli_2, 2),
        "jobs1_jobs2_wall_s": [round(cli, 2), round(cli_2, 2)],
    }


def report(r: dict) -> str:
    """The results as the lines printed and written to docs/benchmarks.md."""
    ours = r["stance_score_cli_paragraphs_per_s"]
    vader, sk = r["vader_paragraphs_per_s"], r["sklearn_hashing_lr_paragraphs_per_s"]
    lines = [f"machine: {r['machine']}; load average {r['load_average']}",
             f"model: {r['model']}; input: {r['paragraphs']:,} news paragraphs ({r['profile']} profile)", ""]
    if isinstance(vader, str):
        lines.append(f"stance score / VADER:              VADER {vader}")
    else:
        lines.append(f"stance score / VADER:              {ours / vader:5.2f}x  ({ours:,} vs {vader:,} paragraphs/s)")
    lines.append(f"stance score / sklearn hashing+LR: {ours / sk:5.2f}x  ({ours:,} vs {sk:,} paragraphs/s)")
    lines.append("  (stance: sentiment + stance for every party mentioned; VADER and sklearn: one 3-way score)")
    lines.append(f"stance score (CLI, start-up excluded): {ours:,} paragraphs/s  (goal >= 10,000)")
    first, warm = r["stance_in_process_paragraphs_per_s"].values()
    lines.append(f"stance in-process (score_many):    {first:,} paragraphs/s first pass, {warm:,} warm")
    lines.append(f"start-up (one seed article):       {r['startup_seconds']:.3f} s  (goal < 0.5 s)")
    memory = ", ".join(f"{m['peak_rss_mb']} MB at {size} ({m['paragraphs']:,} paragraphs)"
                       for size, m in r["memory"].items())
    lines.append(f"peak memory with -o (max RSS):     {memory}")
    j1, j2 = r["jobs1_jobs2_wall_s"]
    lines.append(f"--jobs 2 speed-up:                 {r['jobs2_speedup']:.2f}x  ({j1:.2f} s vs {j2:.2f} s)")
    return "\n".join(lines)


def write_docs(text: str) -> None:
    """Replace (or add) the "## Scoring" section of docs/benchmarks.md; other sections stay."""
    path = REPO / "docs" / "benchmarks.md"
    old = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    section = (
        "## Scoring\n\n"
        "`python benchmarks/bench_score.py --write-docs` (full profile) wrote this; "
        "`--quick` is the CI profile.\n"
        "Peers run on the same paragraphs in the same run; figures are the best of several runs.\n\n"
        f"```\n{text}\n```\n"
    )
    match = re.search(r"^## Scoring\n.*?(?=^## |\Z)", old, flags=re.S | re.M)
    if match:
        new = old[: match.start()] + section + ("\n" if old[match.end():] else "") + old[match.end():]
    else:
        new = old.rstrip("\n") + "\n\n" + section
    path.write_text(new, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="5,000 paragraphs, memory at 1 and 10 MB")
    parser.add_argument("--model", help="model directory (default: the shipped model)")
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--write-docs", action="store_true", help="replace the Scoring section of docs/benchmarks.md")
    args = parser.parse_args()
    results = measure(args)
    text = report(results)
    print(text)
    out = REPO / "benchmarks" / "results"
    out.mkdir(exist_ok=True)
    (out / "bench_score.json").write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    if args.write_docs:
        write_docs(text)


if __name__ == "__main__":
    main()
