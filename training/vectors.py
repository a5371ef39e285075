"""Word vectors learned from unlabelled news, for the stance candidates that use them.

Vectors are :func:`stance.vectors.train_vectors` (PPMI-SVD); :func:`mean_vectors` averages them
over a text or a target's window, for the scikit-learn candidate ``baseline-vectors``.

The unlabelled text is the news pools in ``<data-dir>/news`` of the candidate's language plus
the training rows' own paragraphs. :func:`pool_texts` keeps out every pool article a fold
must not see: an annotated article outside the training rows (it may be a test article), and
every article of a source the training rows do not hold (Indonesian: the pool named after a
held-out source; English: a held-out AllSides outlet). So a leave-one-source-out fold learns
its vectors without the held-out outlet's text, as a new outlet would be met.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path

import numpy as np

__all__ = ["POOLS", "pool_texts", "fold_texts", "train_vectors", "mean_vectors"]

TOKEN = re.compile(r"\w+")
POOLS = {"id": {"indosum": "indosum_id.jsonl", "clickid": "clickid_id.jsonl",
                "narasipal": "narasipal_headlines_id.jsonl"},
         "en": {"allsides": "allsides_en.jsonl"}}


def pool_texts(root: Path, lang: str, *, sources: set, outlets: set, annotated: set, seen: set) -> list[str]:
    """Paragraphs of the ``lang`` pools a fold may read (see the module docstring).

    ``sources``/``outlets``: those of the training rows; ``annotated``: every annotated
    article id; ``seen``: the training rows' article ids.
    """
    out: list[str] = []
    for name, file in POOLS[lang].items():
        if lang == "id" and name not in sources:
            continue
        for line in open(Path(root) / "news" / file, encoding="utf-8"):
            article = json.loads(line)
            key = str(article["id"])
            if key in annotated and key not in seen:
                continue
            if lang == "en" and article.get("source") not in outlets:
                continue
            out += article.get("paragraphs") or [article.get("title", "")]
    return out


def fold_texts(train, lang: str, root: Path) -> list[str]:
    """:func:`pool_texts` for a fold whose training rows are ``train`` (a ``training.yardstick.Pairs``),
    in the test language ``lang``."""
    own = train.take(np.flatnonzero(train.lang == lang))
    annotated = {json.loads(line)["item"].split(":")[1] for f in ("paragraphs_en.jsonl", "paragraphs_id.jsonl")
                 for line in open(Path(root) / "annotations" / f, encoding="utf-8")}
    return pool_texts(root, lang, sources=set(own.source), outlets=set(own.outlet) - {""},
                      annotated=annotated, seen=set(own.article))


def train_vectors(texts: Sequence[str]) -> tuple[dict[str, int], np.ndarray]:
    """``(index, vectors)`` of :func:`stance.vectors.train_vectors` on ``\\w+`` words: word -> row."""
    from stance.vectors import train_vectors as learn

    words, vectors = learn(texts, token=TOKEN)
    return {w: i for i, w in enumerate(words)}, vectors


def mean_vectors(texts: Sequence[str], index: dict[str, int], vectors: np.ndarray, *, near: str | None = None,
                 window: int = 5) -> np.ndarray:
    """Per text, the mean vector of its known words; with ``near`` (a token), the mean over the
    words within ``window`` of each occurrence of ``near`` instead. Zeros when none is known."""
    out = np.zeros((len(texts), vectors.shape[1]), dtype=np.float32)
    for i, text in enumerate(texts):
        words = TOKEN.findall(text.lower())
        ids = np.array([index.get(w, -1) for w in words], dtype=np.int64)
        if near is not None:
            at = np.flatnonzero(np.array(words, dtype=object) == near)
            take = np.zeros(len(words), dtype=bool)
            for p in at:
                take[max(0, p - window):p + window + 1] = True
            ids = ids[take]
        ids = ids[ids >= 0]
        if len(ids):
            out[i] = vectors[ids].mean(0)
    return out
