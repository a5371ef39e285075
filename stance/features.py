"""Hashed word and character n-gram features, computed with whole-array numpy.

:class:`Featurizer` is a stateless scikit-learn transformer (like ``HashingVectorizer``):
``transform`` works without ``fit``; ``fit`` only validates the parameters (the rules are
:mod:`stance.feature_params`'s, checked again by every ``transform``, ``decision`` and
``analyze``). It also offers the scoring path the models use, :meth:`Featurizer.decision`,
which computes ``transform(texts) @ W`` without building the sparse matrix.

Why no ``get_feature_names_out``: hashing is one-way, a bucket holds every n-gram that
hashes to it, so there are no names to return. :meth:`Featurizer.analyze` goes the
other way, from a text to its n-grams and their buckets, which is what explanations need.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

import numpy as np

from stance import _ngrams, _stream, kernel
from stance._arrays import Growing, merge_duplicates, segment_sums
from stance.kernel import PreparedWeights, run_bounds, safe_sqrt
from stance.exceptions import param_error
from stance.feature_params import PARAMS, check_params
from stance.text import check_texts, fold

if TYPE_CHECKING:
    from scipy.sparse import csr_matrix

__all__ = ["Featurizer"]

# Documents are processed in chunks of about this many characters: small enough for the
# dedupe tables of transform to stay in cache; larger when scoring, so that each chunk's
# vocabulary of distinct tokens is reused more (a quarter of the characters at 2**18).
# Chunks are independent: with n_jobs they run on threads (numpy releases the GIL).
_CHUNK_CHARS = 1 << 15
_SCORING_CHUNK_CHARS = 1 << 18


class Featurizer:
    """Hash word and character n-grams of texts into a fixed-width sparse matrix.

    Parameters
    ----------
    word_ngrams : (int, int) or None, default=(1, 2)
        Smallest and largest word n-gram order; None for no word features.
    char_ngrams : (int, int) or None, default=(2, 5)
        Smallest and largest character n-gram order; None for no character features.
    char_boundaries : {"word", "text"}, default="word"
        "word": character n-grams stay inside one token padded with a space on each
        side (scikit-learn's ``char_wb``); "text": they may span the single space
        between tokens.
    n_features : int, default=2**20
        Number of hash buckets, a power of two between 2**10 and 2**24.
    lowercase : bool, default=True
        Lower-case the text after normalisation (see :func:`stance.text.normalize`).
    sublinear_tf : bool, default=False
        Use ``1 + log(count)`` instead of the count.
    norm : {"sqrt", "l2", "mean", None}, default="sqrt"
        How each family of features (characters, words; they fill separate halves of
        the buckets, like two vectorizers side by side) is scaled per document.
        "sqrt": divided by the square root of the family's number of n-grams in the
        document, which equals "l2" when no n-gram repeats and keeps each row linear
        in its counts, so :meth:`decision` never has to merge duplicates (the fast
        path). "l2": each family to unit Euclidean length. "mean": divided by the
        family's number of n-grams (a row of word unigrams is then the text's word
        frequencies, so ``X @ E`` is the mean of the rows of ``E`` its words hash to:
        the form in which :mod:`stance.vectors` folds word vectors into weights; linear,
        like "sqrt"). None: raw counts.
        Both norms match or beat scikit-learn's vectorizers: docs/benchmarks.md.
    alternate_sign : bool, default=False
        Give each bucket a hashed sign so that collisions cancel on average.
    n_jobs : int, default=-1
        Threads for a batch of several chunks (about 32K characters each for
        :meth:`transform`, 256K for :meth:`decision`; smaller batches run on the calling
        thread). -1: one per CPU this process may use, at most ``$OMP_NUM_THREADS``
        when that is set (joblib sets it in its workers, so they do not oversubscribe);
        -2: all but one, and so on; 1: no threads. The results do not depend on it.

    Examples
    --------
    >>> X = Featurizer(n_features=2**16).transform(["Rusia dan Tiongkok", "NATO"])
    >>> X.shape, X.dtype.name
    ((2, 65536), 'float32')
    """

    def __init__(
        self,
        *,
        word_ngrams: tuple[int, int] | None = (1, 2),
        char_ngrams: tuple[int, int] | None = (2, 5),
        char_boundaries: str = "word",
        n_features: int = 2**20,
        lowercase: bool = True,
        sublinear_tf: bool = False,
        norm: str | None = "sqrt",
        alternate_sign: bool = False,
        n_jobs: int = -1,
    ) -> None:
        self.word_ngrams = word_ngrams
        self.char_ngrams = char_ngrams
        self.char_boundaries = char_boundaries
        self.n_features = n_features
        self.lowercase = lowercase
        self.sublinear_tf = sublinear_tf
        self.norm = norm
        self.alternate_sign = alternate_sign
        self.n_jobs = n_jobs

    # -- scikit-learn estimator contract ---------------------------------------------
    def get_params(self, deep: bool = True) -> dict:
        return {name: getattr(self, name) for name in PARAMS}

    def set_params(self, **params: object) -> "Featurizer":
        for name, value in params.items():
            if name not in PARAMS:
                raise param_error("Featurizer", name, "no such parameter", f"use one of {', '.join(PARAMS)}")
            setattr(self, name, value)
        return self

    def __repr__(self) -> str:
        default = Featurizer()
        changed = [
            f"{k}={v!r}" for k, v in self.get_params().items() if v != getattr(default, k)
        ]
        return f"Featurizer({', '.join(changed)})"

    def __sklearn_is_fitted__(self) -> bool:
        return True  # stateless: nothing is learned

    def fit(self, X: object = None, y: object = None) -> "Featurizer":
        """Validate the parameters; nothing is learned. Returns self."""
        self._validate()
        return self

    def fit_transform(self, X: Sequence[str], y: object = None) -> "csr_matrix":
        return self.fit(X, y).transform(X)

    # -- public API ----------------------------------------------------------------
    def transform(self, texts: Sequence[str]) -> "csr_matrix":
        """Features of ``texts`` as a ``scipy.sparse.csr_matrix`` of float32.

        Each row holds each bucket once (duplicates summed); column indices within a
        row are not sorted.
        """
        import scipy.sparse as sp

        self._validate()
        texts = check_texts(texts, "Featurizer.transform")
        # Each chunk's entries are copied out as it comes, so the chunks' own arrays do
        # not pile up beside the result (at 50M characters, each is a gigabyte); the
        # first chunk's entries per character size the result.
        chunks = list(self._chunks(texts))
        total_chars = sum(map(len, texts))
        row_sizes, indices, data = [np.zeros(0, np.int64)], Growing(np.int32), Growing(np.float32)
        for k, (sizes, buckets, values) in enumerate(self._map(self._chunk_pairs, chunks)):
            if k == 0 and len(chunks) > 1:
                expected = int(1.2 * len(buckets) * total_chars / max(sum(map(len, chunks[0])), 1)) + 1024
                indices.reserve(expected)
                data.reserve(expected)
            row_sizes.append(sizes)
            indices.extend(buckets)
            data.extend(values)
        indptr = np.zeros(len(texts) + 1, dtype=np.int64)
        np.cumsum(np.concatenate(row_sizes), out=indptr[1:])
        return sp.csr_matrix((data.result(), indices.result(), indptr), shape=(len(texts), self.n_features))

    def decision(self, texts: Sequence[str], weights: "np.ndarray | PreparedWeights") -> np.ndarray:
        """``transform(texts) @ weights`` without building the sparse matrix.

        ``weights`` has shape ``(n_features, k)`` or ``(n_features,)`` (or is what
        :meth:`prepare` made of such an array, to save a copy per call when scoring
        many batches); the result has shape ``(len(texts), k)`` or ``(len(texts),)``,
        dtype float32.
        """
        self._validate()
        texts = check_texts(texts, "Featurizer.decision")
        prepared = weights if isinstance(weights, PreparedWeights) else self.prepare(weights)
        chunks = list(self._chunks(texts, _SCORING_CHUNK_CHARS))
        parts = list(self._map(lambda chunk: self._chunk_decision(chunk, prepared), chunks))
        out = np.concatenate(parts) if parts else np.zeros((0, prepared.k), dtype=np.float32)
        return out if prepared.ndim == 2 else out[:, 0]

    def prepare(self, weights: np.ndarray) -> "PreparedWeights":
        """Lay ``weights`` out for :meth:`decision`: one row per bucket holding its
        weights for every class (then, with signs, the negated rows), and a zero row."""
        weights = np.asarray(weights, dtype=np.float32)
        if weights.shape[:1] != (self.n_features,) or weights.ndim > 2:
            raise param_error(
                "Featurizer.decision", "weights",
                f"must have shape (n_features={self.n_features}, k) or (n_features,), got {weights.shape}",
                "pass one column of weights per class, one row per feature bucket",
            )
        by_class = weights.reshape(self.n_features, -1).T
        k = by_class.shape[0]
        rows = 2 * self.n_features + 1 if self.alternate_sign else self.n_features + 1
        table = np.zeros((rows, k + k % 2), dtype=np.float32)
        table[: self.n_features, :k] = by_class.T
        if self.alternate_sign:
            table[self.n_features : 2 * self.n_features, :k] = -by_class.T
        return PreparedWeights(by_class, table, weights.ndim, self.n_features)

    def analyze(self, text: str) -> list[tuple[str, int, float]]:
        """The n-grams of one text as ``(ngram, bucket, sign)``, in text order.

        Character n-grams show the padding space as ``" "``; word n-grams join their
        tokens with a space. The features of ``text`` are these buckets, counted.
        """
        self._validate()
        (doc,) = check_texts([text], "Featurizer.analyze")
        stream = _stream.build_stream(fold(doc), self.lowercase)
        occ = self._hash(stream, 1, keep_where=True)
        columns = self._columns()
        rows, cols = occ.where
        decoded = stream.tobytes().decode("utf-32-le", "surrogatepass")
        tokens = _ngrams.tokens_of(stream)
        starts, ends = tokens.starts.tolist(), tokens.ends.tolist()
        words = [decoded[start : end + 1] for start, end in zip(starts, ends)]
        token_index = {start: i for i, start in enumerate(starts)}
        found = []
        for k, (row, col) in enumerate(zip(rows.tolist(), cols.tolist())):
            kind, n = columns[col]
            if kind == "char":
                gram = decoded[row : row + n]
            else:
                first = token_index[row]
                gram = " ".join(words[first : first + n])
            sign = 1.0 if occ.sign is None else float(occ.sign[k])
            found.append((gram, int(occ.bucket[k]), sign))
        return found

    # -- internals -----------------------------------------------------------------
    def _validate(self) -> None:
        check_params(self)

    def _threads(self, n_chunks: int) -> int:
        """How many threads :meth:`_map` uses for ``n_chunks`` chunks."""
        if self.n_jobs > 0:
            return max(1, min(int(self.n_jobs), n_chunks))
        cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
        wanted = cpus + 1 + int(self.n_jobs)
        cap = os.environ.get("OMP_NUM_THREADS", "")
        if cap.isdigit() and int(cap) > 0:
            wanted = min(wanted, int(cap))
        return max(1, min(wanted, n_chunks))

    def _map(self, work, chunks: list) -> Iterator:
        """``work(chunk)`` for each chunk, in order; on threads when there are several."""
        threads = self._threads(len(chunks))
        if threads == 1:
            yield from map(work, chunks)
            return
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(threads, thread_name_prefix="stance-features") as pool:
            yield from pool.map(work, chunks)

    def _columns(self) -> list[tuple[str, int]]:
        return _ngrams.feature_columns(self.char_ngrams, self.word_ngrams)

    def _bits(self) -> int:
        return int(self.n_features).bit_length() - 1

    def _chunks(self, texts: Sequence[str], chars: int = _CHUNK_CHARS) -> Iterator[Sequence[str]]:
        """Consecutive runs of documents with about ``chars`` characters in all (each
        run ends with the document that reaches ``chars``), and few enough documents
        for their ids to fit the dedupe keys."""
        max_docs = 1 << (31 - self._bits())  # document ids sit between the bucket and sign bits
        ends = np.cumsum(np.fromiter(map(len, texts), dtype=np.int64, count=len(texts)) + 4)
        start, done = 0, 0
        while start < len(texts):
            stop = min(int(np.searchsorted(ends, done + chars)) + 1, start + max_docs, len(texts))
            yield texts[start:stop]
            start, done = stop, int(ends[stop - 1])

    def _encoder(self) -> _ngrams.Encoder:
        split = self.word_ngrams is not None and self.char_ngrams is not None
        return _ngrams.Encoder(self._bits(), self.alternate_sign, split)

    def _hash(self, stream: np.ndarray, n_docs: int, keep_where: bool = False):
        return _ngrams.hash_occurrences(
            stream, n_docs,
            columns=self._columns(),
            char_boundaries=self.char_boundaries,
            encoder=self._encoder(),
            keep_where=keep_where,
        )

    def _occurrences(self, chunk: list[str]) -> _ngrams.Occurrences:
        stream = _stream.build_stream("\x00".join(map(fold, chunk)), self.lowercase)
        return self._hash(stream, len(chunk))

    def _values(self, counts: np.ndarray) -> np.ndarray:
        if not self.sublinear_tf:
            return counts
        return np.sign(counts) * (1.0 + np.log(np.maximum(np.abs(counts), 1.0)))

    def _pairs(self, occ: _ngrams.Occurrences, n_docs: int):
        """The chunk's distinct (document, bucket) pairs in document order, as
        ``(groups, buckets, values)``: ``groups`` is ``2 * document + family``, ``buckets``
        int32 and ``values`` final (counted, scaled, normalised)."""
        counts, reps = merge_duplicates(occ.keys, occ.sign)
        keys = np.take(occ.keys, reps)
        encoder = self._encoder()
        # a key is document, then (when split) the family bit, then the bucket in its family
        group = keys >> np.uint32(encoder.width) if encoder.split else (keys >> np.uint32(encoder.bits)) << np.uint32(1)
        buckets = (keys & np.uint32((1 << encoder.bits) - 1)).view(np.int32)
        values = self._values(counts)
        if self.norm == "l2":
            squares = np.bincount(group, weights=values * values, minlength=2 * n_docs)
            values = values / np.take(safe_sqrt(squares).astype(np.float32), group)
        elif self.norm == "sqrt":
            values = values / np.take(safe_sqrt(occ.sizes.ravel()).astype(np.float32), group)
        elif self.norm == "mean":
            values = values / np.take(np.maximum(occ.sizes.ravel(), 1).astype(np.float32), group)
        return group, buckets, values

    def _linear(self) -> bool:
        """Whether a row is a fixed scale times its counts, so needs no merged counts."""
        return not self.sublinear_tf and self.norm != "l2"

    def _chunk_pairs(self, chunk: list[str]):
        """``(row_sizes, buckets, values)`` of a chunk: its CSR entries in row order."""
        groups, buckets, values = self._pairs(self._occurrences(chunk), len(chunk))
        return (np.bincount(groups >> np.uint32(1), minlength=len(chunk)), buckets,
                values.astype(np.float32, copy=False))

    def _chunk_decision(self, chunk: list[str], weights: "PreparedWeights") -> np.ndarray:
        n_docs = len(chunk)
        if not self._linear():  # values need merged counts: sum over distinct pairs
            groups, buckets, values = self._pairs(self._occurrences(chunk), n_docs)
            rows = groups >> np.uint32(1)
            out = np.zeros((n_docs, weights.k), dtype=np.float32)
            for k in range(weights.k):
                contribution = np.take(weights.by_class[k], buckets.astype(np.intp)) * values
                out[:, k] = segment_sums(contribution.astype(np.float32), run_bounds(rows, n_docs))
            return out
        stream = _stream.build_stream("\x00".join(map(fold, chunk)), self.lowercase)
        return kernel.linear_decision(stream, n_docs, weights, columns=self._columns(), encoder=self._encoder(),
                                      char_boundaries=self.char_boundaries, norm=self.norm)
