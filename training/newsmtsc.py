"""NewsMTSC dev (English sentiment toward a span-marked target): our model against the plain baseline.

The peer is :class:`benchmarks.peers.PlainStanceBaseline` trained on NewsMTSC ``train.jsonl``
(the target's spans as the target token); ours is any stance model scored through
``stance.evaluation.evaluate`` (spans given, so every row is scored). Both on ``dev_rw`` and ``dev_mt``.

    python -m training.newsmtsc [--data-dir DIR] [--model DIR]
"""

from __future__ import annotations

import argparse

from benchmarks.peers import PlainStanceBaseline
from stance.domain import CLASSES
from stance.evaluation import evaluate
from stance.metrics import report
from stance.train import labels_to_y
from training.loaders import FILES, data_dir, stance_rows

SPLITS = ("newsmtsc_dev_rw", "newsmtsc_dev_mt")


def baseline(root) -> dict:
    """The plain recipe trained on NewsMTSC train, scored on each dev split."""
    train = stance_rows(root, "newsmtsc_train")
    model = PlainStanceBaseline().fit([r["text"] for r in train], labels_to_y([r["label"] for r in train]),
                                      targets=[r["target"] for r in train], spans=[r["spans"] for r in train])
    out = {}
    for split in SPLITS:
        rows = stance_rows(root, split)
        proba = model.predict_proba([r["text"] for r in rows], targets=[r["target"] for r in rows],
                                    spans=[r["spans"] for r in rows])
        out[split] = report([r["label"] for r in rows], [CLASSES[i] for i in proba.argmax(1)], "stance")
    return out


def ours(root, model=None) -> dict:
    return {split: evaluate("stance", root / FILES[split], model=model) for split in SPLITS}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir")
    parser.add_argument("--model", help="model directory (default: the shipped model)")
    args = parser.parse_args(argv)
    root = data_dir(args.data_dir)
    base, mine = baseline(root), ours(root, args.model)
    for split in SPLITS:
        print(f"{split}: plain baseline (NewsMTSC train) {100 * base[split]['macro_f1']:.1f}   "
              f"stance {100 * mine[split]['macro_f1']:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
