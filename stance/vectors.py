"""Word vectors learned from unlabelled text, folded into the weights of a linear model.

:func:`train_vectors` learns count-based vectors (Levy and Goldberg): the positive pointwise
mutual information of words within ``window`` words of each other (weighted ``1/distance``,
context counts smoothed by ``** 0.75``), reduced by a truncated SVD to ``dim`` dimensions
(``U * sqrt(S)``, rows scaled to unit length). numpy and scikit-learn; a minute for a
million words on a laptop.

:func:`projection` lays them out in a featurizer's hash buckets: ``P[b]`` is the sum of the
vectors of the words that hash to bucket ``b``. With a word-unigram featurizer whose
``norm`` is ``"mean"``, ``X @ P`` is each text's mean word vector (words without a vector
count as zeros). A linear model fitted on ``X @ P`` with coefficients ``C`` is the linear model
``X @ (P @ C.T)`` on the hashed words, so the vectors are folded into ordinary per-bucket
weights: scoring needs no vector table, stays on the fast path, and every word's share of a
score is still an exact contribution.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from stance.exceptions import param_error

if TYPE_CHECKING:
    from stance.features import Featurizer

__all__ = ["TOKEN", "train_vectors", "projection"]

# Words (hyphenated compounds kept whole) and single punctuation marks: the featurizer's tokens.
TOKEN = re.compile(r"\w+(?:[-']\w+)*|[^\w\s]")


def train_vectors(texts: Sequence[str], *, dim: int = 200, window: int = 5, min_count: int = 3,
                  max_vocab: int = 40_000, seed: int = 0, token: re.Pattern = TOKEN) -> tuple[list[str], np.ndarray]:
    """``(words, vectors)``: the vocabulary (lower-cased ``token`` matches, at most ``max_vocab``
    seen at least ``min_count`` times) and one unit-length float32 row per word."""
    import scipy.sparse as sp
    from sklearn.decomposition import TruncatedSVD

    tokens = [token.findall(t.lower()) for t in texts]
    counts = Counter(w for ts in tokens for w in ts)
    words = [w for w, c in counts.most_common(max_vocab) if c >= min_count]
    n = len(words)
    if n <= dim:
        raise param_error("train_vectors", "texts", f"has {n} distinct words seen {min_count} times or more, and "
                          f"{dim}-dimensional vectors need more than {dim}", "give more unlabelled text, or a smaller dim")
    index = {w: i for i, w in enumerate(words)}
    # one stream of word ids, each text followed by `window` gaps so that no pair spans two texts
    ids = np.fromiter((index.get(w, -1) for ts in tokens for w in ts + [""] * window), dtype=np.int64)
    rows, cols, vals = [], [], []
    for d in range(1, window + 1):
        a, b = ids[:-d], ids[d:]
        ok = (a >= 0) & (b >= 0)
        rows += [a[ok], b[ok]]
        cols += [b[ok], a[ok]]
        vals.append(np.full(2 * int(ok.sum()), 1.0 / d))
    C = sp.coo_matrix((np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))), shape=(n, n))
    C = C.tocsr().tocoo()  # duplicates summed
    total = C.data.sum()
    word_mass = np.asarray(C.sum(axis=1)).ravel()
    context_mass = np.asarray(C.sum(axis=0)).ravel() ** 0.75
    context_mass /= context_mass.sum()
    pmi = np.log(C.data / total) - np.log(word_mass[C.row] / total) - np.log(context_mass[C.col])
    keep = pmi > 0
    ppmi = sp.csr_matrix((pmi[keep], (C.row[keep], C.col[keep])), shape=(n, n))
    svd = TruncatedSVD(dim, random_state=seed, n_iter=5)
    vectors = svd.fit_transform(ppmi) / np.sqrt(svd.singular_values_)[None, :]
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True) + 1e-9
    return words, vectors.astype(np.float32)


def projection(featurizer: "Featurizer", words: Sequence[str], vectors: np.ndarray) -> np.ndarray:
    """``(featurizer.n_features, dim)``: each word's vector added to the bucket the featurizer
    hashes it to (see the module docstring)."""
    X = featurizer.transform(list(words)).tocsr()
    X.data[:] = 1.0  # a one-word text is its word's bucket, whatever the norm
    return np.asarray(X.T @ vectors, dtype=np.float32)
