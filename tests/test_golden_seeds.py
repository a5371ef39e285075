"""The shipped model scores the seed articles exactly as it did when the golden file was written.

A refactor must not change a single byte of ``stance score``'s output. The golden file keeps,
per paragraph, every label, probability and score (no text: the seeds stay in ``../shared``)
and the SHA-256 of the whole ``--explain 3`` JSONL output, so explanations are covered too.

A new model changes the output on purpose; then rewrite the golden file and commit it with
the model:

    python -m tests.test_golden_seeds --write
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path


GOLDEN = Path(__file__).resolve().parent / "fixtures" / "seeds-golden.json"
SEEDS = Path(__file__).resolve().parent.parent.parent / "shared" / "seeds"


def score_seeds(seeds: Path) -> bytes:
    """``stance score --explain 3 --format jsonl`` over the seed files, ids relative to ``seeds``."""
    names = sorted(p.name for p in seeds.glob("*.txt"))
    done = subprocess.run([sys.executable, "-m", "stance", "score", "--explain", "3", "--format", "jsonl", "-q", *names],
                          cwd=seeds, capture_output=True, check=True)
    return done.stdout


def numbers(output: bytes) -> list[dict]:
    """Per article and paragraph: the labels, probabilities and scores, without text or n-grams."""
    out = []
    for line in output.decode("utf-8").splitlines():
        article = json.loads(line)
        rows = []
        for p in article["paragraphs"]:
            stances = {party: [s["label"], s["proba"], s["score"]] for party, s in p["stances"].items()}
            rows.append({"sentiment": [p["sentiment"]["label"], p["sentiment"]["proba"], p["sentiment"]["score"]],
                         "stances": stances})
        out.append({"id": article["id"], "model_id": article["model_id"], "summary": article["summary"],
                    "paragraphs": rows})
    return out


def golden(output: bytes) -> dict:
    return {"sha256": hashlib.sha256(output).hexdigest(), "articles": numbers(output)}


def test_seed_output_is_byte_identical_to_the_golden_file(seeds_dir):
    output = score_seeds(seeds_dir)
    stored = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert numbers(output) == stored["articles"], "scores changed: a new model needs `python -m tests.test_golden_seeds --write`"
    assert hashlib.sha256(output).hexdigest() == stored["sha256"], "same scores, but the JSONL bytes (explanations, layout) changed"


if __name__ == "__main__":
    if sys.argv[1:] != ["--write"]:
        raise SystemExit("usage: python -m tests.test_golden_seeds --write")
    GOLDEN.write_text(json.dumps(golden(score_seeds(SEEDS)), indent=1) + "\n", encoding="utf-8")
    print(f"wrote {GOLDEN}")
