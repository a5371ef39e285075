"""Speed (and accuracy) of party detection, against a named peer in the same run.

Peer: the naive matcher, one ``re.finditer`` per alias and per exclusion over each text (the same
aliases, boundaries and case rules as the registry, no trie, no byte tricks).

    python benchmarks/bench_parties.py            # full profile (docs/parties.md)
    python benchmarks/bench_parties.py --quick    # a few seconds, for CI
    python benchmarks/bench_parties.py --accuracy # per-language P/R/F1 on the annotations

Text: news paragraphs from ``<data-dir>/news`` (IndoSum, Indonesian; AllSides, English) when
present, else generated news-like sentences. MB means 10**6 bytes of UTF-8. Every figure is the
best of N wall-clock runs (N = 7, or 3 with --quick), because the build machine is shared.
The "plain scan" column is the same matcher with the numpy prefilter switched off.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys
import time
from pathlib import Path

import stance.parties.matcher as party_matcher
from common import best_seconds, machine
from stance.evaluation import detection_rows_from_annotations, evaluate_detection
from stance.parties import Registry

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DATA = Path(os.environ.get("STANCE_DATA_DIR", REPO.parent / "shared" / "data"))


class NaiveMatcher:
    """One compiled regex per alias and per exclusion; exclusions drop overlapping aliases."""

    def __init__(self, registry: Registry) -> None:
        self.aliases, self.exclusions = [], []
        for party, lists in registry.spec().items():
            for key, target in (("aliases", self.aliases), ("exclusions", self.exclusions)):
                for phrase in lists[key]:
                    target.append((party, self._compile(phrase, re.IGNORECASE)))
            for phrase in lists["cased_aliases"]:
                self.aliases.append((party, self._compile(phrase, 0)))
            for phrase in lists["cased_exclusions"]:
                self.exclusions.append((party, self._compile(phrase, 0)))

    @staticmethod
    def _compile(phrase: str, flags: int) -> re.Pattern[str]:
        body = r"[\s\-]+".join(re.escape(word) for word in phrase.split())
        return re.compile(rf"(?<!\w){body}(?=(?:nya|lah|pun|kah)?(?!\w))", flags)

    def find(self, text: str) -> list[tuple[int, int, str]]:
        blocked = [(m.start(), m.end(), p) for p, rx in self.exclusions for m in rx.finditer(text)]
        hits = [(m.start(), m.end(), p) for p, rx in self.aliases for m in rx.finditer(text)]
        return sorted(h for h in hits if not any(b[2] == h[2] and b[0] < h[1] and h[0] < b[1] for b in blocked))


def news_paragraphs(data_dir: Path, lang: str, limit_bytes: int) -> list[str]:
    name = {"id": "indosum_id.jsonl", "en": "allsides_en.jsonl"}[lang]
    path = data_dir / "news" / name
    if not path.is_file():
        return synthetic_paragraphs(lang, limit_bytes)
    out, size = [], 0
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            for paragraph in json.loads(line)["paragraphs"]:
                out.append(paragraph)
                size += len(paragraph.encode("utf-8"))
                if size >= limit_bytes:
                    return out
    return out


def synthetic_paragraphs(lang: str, limit_bytes: int) -> list[str]:
    """Hand-written news-like sentences (used when the news pool is not beside the repo)."""
    words = {
        "id": "pemerintah mengatakan bahwa harga bahan pokok di pasar tradisional naik pada pekan ini karena cuaca".split(),
        "en": "officials said on tuesday that prices at local markets rose this week because of the weather and".split(),
    }[lang]
    names = ["Rusia", "AS", "Tiongkok", "Jawa Barat", "dolar AS", "Putin", "Washington", "Uni Eropa", "Barat"]
    rng, out, size = random.Random(0), [], 0
    while size < limit_bytes:
        sentence = " ".join(rng.choice(words) if rng.random() > 0.03 else rng.choice(names) for _ in range(60))
        out.append(sentence.capitalize() + ".")
        size += len(out[-1]) + 1
    return out


def megabytes(texts: list[str]) -> float:
    return sum(len(t.encode("utf-8", "surrogatepass")) for t in texts) / 1e6


def speed(args: argparse.Namespace) -> None:
    registry = Registry.default()
    naive = NaiveMatcher(registry)
    size = 300_000 if args.quick else 6_000_000
    peer_size = 30_000 if args.quick else 300_000
    repeat = 3 if args.quick else 7
    print(f"machine: {machine()}; best of {repeat} runs")
    print(f"registry {registry.version}: {len(naive.aliases)} aliases, {len(naive.exclusions)} literal exclusions")
    for lang in ("id", "en"):
        texts = news_paragraphs(args.data_dir, lang, size)
        peer_texts = news_paragraphs(args.data_dir, lang, peer_size)
        mb, peer_mb = megabytes(texts), megabytes(peer_texts)
        ours = mb / best_seconds(lambda: registry.find_mentions(texts), repeat)
        ours_same = peer_mb / best_seconds(lambda: registry.find_mentions(peer_texts), repeat)
        peer = peer_mb / best_seconds(lambda: [naive.find(t) for t in peer_texts], max(1, repeat // 2))
        joined = "\n".join(texts)
        one_text = mb / best_seconds(lambda: registry.find(joined), repeat)
        threshold = party_matcher._PREFILTER_MIN_BYTES
        party_matcher._PREFILTER_MIN_BYTES = float("inf")
        try:
            plain = mb / best_seconds(lambda: registry.find_mentions(texts), repeat)
        finally:
            party_matcher._PREFILTER_MIN_BYTES = threshold
        per_mb = sum(map(len, registry.find_mentions(texts))) / mb
        print(
            f"[{lang}] ratio {ours_same / peer:.0f}x faster than one re.finditer per alias | "
            f"stance {ours:.1f} MB/s over {len(texts):,} paragraphs ({mb:.1f} MB), "
            f"{one_text:.1f} MB/s as one text, {plain:.1f} MB/s plain scan | naive {peer:.2f} MB/s | "
            f"{per_mb:,.0f} mentions per MB"
        )


def accuracy(args: argparse.Namespace) -> None:
    registry = Registry.default()
    folder = args.data_dir / "annotations"
    if not folder.is_dir():
        sys.exit(f"error: no annotations in {folder}; pass --data-dir")
    every_text, every_gold = [], []
    print(f"registry {registry.version}")
    print("| file | party | precision | recall | F1 | support | fp | fn |")
    print("|---|---|---|---|---|---|---|---|")
    for name in ("paragraphs_id.jsonl", "paragraphs_en.jsonl"):
        rows = detection_rows_from_annotations(folder / name)
        texts = [row.pop("text") for row in rows]
        every_text += texts
        every_gold += rows
        result = evaluate_detection(texts, rows, registry)
        for party, s in result["per_party"].items():
            print(f"| {name} | {party} | {s['precision']:.3f} | {s['recall']:.3f} | {s['f1']:.3f} | {s['support']} | {s['fp']} | {s['fn']} |")
        print(f"| {name} | **micro** | {result['micro_precision']:.3f} | {result['micro_recall']:.3f} | {result['micro_f1']:.3f} | | | |")
    total = evaluate_detection(every_text, every_gold, registry)
    print(f"| both | **micro** | {total['micro_precision']:.3f} | {total['micro_recall']:.3f} | {total['micro_f1']:.3f} | | | |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small inputs: runs in a few seconds")
    parser.add_argument("--accuracy", action="store_true", help="P/R/F1 on the annotations instead of speed")
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA, help="folder with news/ and annotations/")
    args = parser.parse_args()
    accuracy(args) if args.accuracy else speed(args)


if __name__ == "__main__":
    main()
