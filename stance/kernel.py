"""The decision kernel: ``X @ W`` for hashed n-grams without building ``X``.

:class:`PreparedWeights` lays a weight matrix out so that one gather fetches a bucket's
weights for every class; :func:`linear_decision` sums them per document straight from the
hash columns of :mod:`stance._ngrams`. :class:`stance.features.Featurizer` calls it from
``decision``; nothing here knows about texts, views or models.
"""

from __future__ import annotations

import numpy as np

from stance import _ngrams
from stance._arrays import segment_sums

__all__ = ["PreparedWeights", "linear_decision", "column_sums", "segment_rows", "run_bounds", "safe_sqrt"]


class PreparedWeights:
    """Weights laid out for :meth:`Featurizer.decision` (see :meth:`Featurizer.prepare`).

    ``table`` has one row per bucket (then, with signs, one per negated bucket, then a
    zero row) holding the ``k`` class weights padded to an even ``width``: one gather
    fetches a bucket's weights for every class, and rows sum as complex pairs.
    """

    def __init__(self, by_class: np.ndarray, table: np.ndarray, ndim: int, n_features: int) -> None:
        self.by_class, self.table, self.ndim = by_class, table, ndim
        self.k = by_class.shape[0]
        self.width = table.shape[1]
        self.n_features = n_features
        self.zero = table.shape[0] - 1

    def index(self, codes: np.ndarray, ok: np.ndarray) -> np.ndarray:
        """Row of ``table`` for each code: bucket, + n_features when negated, else zero."""
        index = codes.astype(np.intp)
        if self.table.shape[0] > self.n_features + 1:  # signed: the sign bit picks -W
            index = (index & 0x7FFFFFFF) + (index >> 31) * self.n_features
        return np.where(ok, index, self.zero)


def segment_rows(rows: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """Sums of ``rows[starts[d]:starts[d + 1]]`` (2-D, even width) per segment ``d``:
    :func:`stance._arrays.segment_sums` down the rows, adding float32 pairs as complex64."""
    pairs = np.ascontiguousarray(rows).view(np.complex64)
    return segment_sums(pairs, starts, axis=0).view(np.float32)


def run_bounds(rows: np.ndarray, n_docs: int) -> np.ndarray:
    """First entry of each document in ``rows`` (ascending document ids)."""
    return np.searchsorted(rows, np.arange(n_docs))


def safe_sqrt(squares: np.ndarray) -> np.ndarray:
    """Square roots, with 1 where the square is 0 (an empty row keeps its zeros)."""
    norms = np.sqrt(squares)
    norms[norms == 0] = 1.0
    return norms


def linear_decision(stream: np.ndarray, n_docs: int, weights: PreparedWeights, *, columns: list[tuple[str, int]],
                    encoder: _ngrams.Encoder, char_boundaries: str, norm: str | None) -> np.ndarray:
    """``X @ W`` for the documents of ``stream`` when a row is a fixed scale times its counts
    (no sublinear tf, no l2 norm): ``(n_docs, k)``, float32.
    """
    # Linear in counts: sum each column's weights per (document, family) straight
    # from the hash columns (invalid windows point at the zero bucket), and apply
    # each family's norm once per document at the end.
    sums = np.zeros((2, n_docs, weights.width), dtype=np.float32)
    sizes = np.zeros((2, n_docs), dtype=np.int64)
    if char_boundaries == "word" and any(kind == "char" for kind, _ in columns):
        # A token's character n-grams depend on the token alone: hash and weigh
        # them once per distinct token, then add each token's total to its document.
        tokens = _ngrams.tokens_of(stream)
        vocab = _ngrams.vocabulary(stream, tokens)
        char_cols = [c for c in columns if c[0] == "char"]
        columns = [c for c in columns if c[0] == "word"]
        n_distinct = int(vocab.ids.max(initial=-1)) + 1
        per_token, token_sizes = column_sums(vocab.stream, char_cols, weights, n_distinct, encoder=encoder,
                                             char_boundaries=char_boundaries)
        sums[0] += segment_rows(np.take(per_token[0], vocab.ids, axis=0), tokens.doc_starts)
        sizes[0] += segment_sums(token_sizes[0][vocab.ids], tokens.doc_starts)
    else:
        tokens = None
    if columns:
        more_sums, more_sizes = column_sums(stream, columns, weights, n_docs, tokens, encoder=encoder,
                                            char_boundaries=char_boundaries)
        sums += more_sums
        sizes += more_sizes
    if norm == "sqrt":
        sums /= safe_sqrt(sizes).astype(np.float32)[:, :, None]
    elif norm == "mean":
        sums /= np.maximum(sizes, 1).astype(np.float32)[:, :, None]
    return sums.sum(axis=0)[:, : weights.k]


def column_sums(stream: np.ndarray, columns: list[tuple[str, int]], weights: PreparedWeights, n_groups: int,
                tokens: _ngrams.Tokens | None = None, *, encoder: _ngrams.Encoder,
                char_boundaries: str) -> tuple[np.ndarray, np.ndarray]:
    """Per family (characters 0, words 1): the weights of every n-gram summed per
    document of ``stream`` (``(2, n_groups, width)``), and the n-gram counts."""
    sums = np.zeros((2, n_groups, weights.width), dtype=np.float32)
    sizes = np.zeros((2, n_groups), dtype=np.int64)
    # Columns of one family and kind share entry positions (stream positions for
    # characters, tokens for words): add them up entry by entry, then sum each
    # document's entries once.
    totals: dict = {}
    for col in _ngrams.iter_columns(stream, columns=columns, char_boundaries=char_boundaries,
                                    encoder=encoder, tokens=tokens):
        family = int(encoder.split and col.kind == "word")
        gathered = np.take(weights.table, weights.index(col.codes, col.ok), axis=0)
        if (family, col.kind) not in totals:
            totals[family, col.kind] = (gathered, col.ok.astype(np.int32), col.doc_starts)
        else:
            weight, count, _ = totals[family, col.kind]
            assert len(gathered) <= len(weight)  # iter_columns goes by rising order: shorter
            weight[: len(gathered)] += gathered
            count[: len(gathered)] += col.ok
    for (family, _), (weight, count, doc_starts) in totals.items():
        sums[family] += segment_rows(weight, doc_starts)
        sizes[family] += segment_sums(count, doc_starts, dtype=np.int64)
    return sums, sizes
