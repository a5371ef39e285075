"""Hashed word and character n-gram features, computed with whole-array numpy.

:class:`Featurizer` is a stateless scikit-learn transformer (like ``HashingVectorizer``):
``transform`` works without ``fit``; ``fit`` only validates the parameters. It also
offers the scoring path the models use, :meth:`Featurizer.decision`, which computes
``transform(texts) @ W`` without building the sparse matrix.

Why no ``get_feature_names_out``: hashing is one-way, a bucket holds every n-gram that
hashes to it, so there are no names to return. :meth:`Featurizer.analyze` goes the
other way, from a text to its n-grams and their buckets, which is what explanations need.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import numpy as np

from stance import _ngrams
from stance.exceptions import param_error
from stance.text import check_texts, fold

__all__ = ["Featurizer"]

_CHUNK_CHARS = 1 << 14  # documents are processed in chunks of about this many chars


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
    norm : {"l2", None}, default="l2"
        Scale each row to unit Euclidean length.
    alternate_sign : bool, default=False
        Give each bucket a hashed sign so that collisions cancel on average.

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
        norm: str | None = "l2",
        alternate_sign: bool = False,
    ) -> None:
        self.word_ngrams = word_ngrams
        self.char_ngrams = char_ngrams
        self.char_boundaries = char_boundaries
        self.n_features = n_features
        self.lowercase = lowercase
        self.sublinear_tf = sublinear_tf
        self.norm = norm
        self.alternate_sign = alternate_sign

    # -- scikit-learn estimator contract ---------------------------------------------
    _PARAMS = (
        "word_ngrams", "char_ngrams", "char_boundaries", "n_features",
        "lowercase", "sublinear_tf", "norm", "alternate_sign",
    )

    def get_params(self, deep: bool = True) -> dict:
        return {name: getattr(self, name) for name in self._PARAMS}

    def set_params(self, **params) -> "Featurizer":
        for name, value in params.items():
            if name not in self._PARAMS:
                raise param_error("Featurizer", name, f"be one of {list(self._PARAMS)}", value)
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

    def fit(self, X=None, y=None) -> "Featurizer":
        """Validate the parameters; nothing is learned. Returns self."""
        self._validate()
        return self

    def fit_transform(self, X, y=None):
        return self.fit(X, y).transform(X)

    # -- public API ----------------------------------------------------------------
    def transform(self, texts: Sequence[str]):
        """Features of ``texts`` as a ``scipy.sparse.csr_matrix`` of float32.

        Each row holds each bucket once (duplicates summed); column indices within a
        row are not sorted.
        """
        import scipy.sparse as sp

        self._validate()
        texts = check_texts(texts, "Featurizer.transform")
        parts = [self._chunk_matrix(chunk) for chunk in self._chunks(texts)]
        if not parts:
            return sp.csr_matrix((0, self.n_features), dtype=np.float32)
        return parts[0] if len(parts) == 1 else sp.vstack(parts, format="csr")

    def decision(self, texts: Sequence[str], weights: np.ndarray) -> np.ndarray:
        """``transform(texts) @ weights`` without building the sparse matrix.

        ``weights`` has shape ``(n_features, k)`` or ``(n_features,)``; the result has
        shape ``(len(texts), k)`` or ``(len(texts),)`` and dtype float32.
        """
        self._validate()
        texts = check_texts(texts, "Featurizer.decision")
        weights = np.asarray(weights, dtype=np.float32)
        if weights.shape[:1] != (self.n_features,) or weights.ndim > 2:
            raise param_error(
                "Featurizer.decision", "weights",
                f"have shape (n_features={self.n_features}, k) or (n_features,)",
                weights.shape,
            )
        matrix = weights.reshape(self.n_features, -1)
        out = np.zeros((len(texts), matrix.shape[1]), dtype=np.float32)
        done = 0
        for chunk in self._chunks(texts):
            out[done : done + len(chunk)] = self._chunk_decision(chunk, matrix)
            done += len(chunk)
        return out if weights.ndim == 2 else out[:, 0]

    def analyze(self, text: str) -> list[tuple[str, int, float]]:
        """The n-grams of one text as ``(ngram, bucket, sign)``, in text order.

        Character n-grams show the padding space as ``" "``; word n-grams join their
        tokens with a space. The features of ``text`` are these buckets, counted.
        """
        self._validate()
        (doc,) = check_texts([text], "Featurizer.analyze")
        stream = _ngrams.build_stream([fold(doc)], self.lowercase)
        occ = self._hash(stream, 1, keep_where=True)
        columns = self._columns()
        rows, cols = occ.where
        chars = stream.tolist()
        token_starts = np.flatnonzero(
            (stream > 32) & ~np.concatenate(([True], stream[:-1] > 32))
        ).tolist()
        token_index = {start: i for i, start in enumerate(token_starts)}
        tokens = [
            "".join(map(chr, chars[s : s + _run(chars, s)])) for s in token_starts
        ]
        found = []
        for k, (row, col) in enumerate(zip(rows.tolist(), cols.tolist())):
            kind, n = columns[col]
            if kind == "char":
                gram = "".join(map(chr, chars[row : row + n]))
            else:
                first = token_index[row]
                gram = " ".join(tokens[first : first + n])
            sign = 1.0 if occ.sign is None else float(occ.sign[k])
            found.append((gram, int(occ.bucket[k]), sign))
        return found

    # -- internals -----------------------------------------------------------------
    def _validate(self) -> None:
        n = self.n_features
        if not (isinstance(n, (int, np.integer)) and not isinstance(n, bool)
                and 2**10 <= n <= 2**24 and n & (n - 1) == 0):
            raise param_error(
                "Featurizer", "n_features", "be a power of two between 2**10 and 2**24", n
            )
        for name, top in (("word_ngrams", 4), ("char_ngrams", 8)):
            value = getattr(self, name)
            if value is None:
                continue
            if not (isinstance(value, (tuple, list)) and len(value) == 2
                    and all(isinstance(v, int) and not isinstance(v, bool) for v in value)
                    and 1 <= value[0] <= value[1] <= top):
                raise param_error(
                    "Featurizer", name,
                    f"be None or a pair (low, high) with 1 <= low <= high <= {top}", value,
                )
        if self.word_ngrams is None and self.char_ngrams is None:
            raise param_error(
                "Featurizer", "word_ngrams",
                "not be None when char_ngrams is None too (no features at all)", None,
            )
        if self.char_boundaries not in ("word", "text"):
            raise param_error(
                "Featurizer", "char_boundaries", "be 'word' or 'text'", self.char_boundaries
            )
        if self.norm not in ("l2", None):
            raise param_error("Featurizer", "norm", "be 'l2' or None", self.norm)
        for name in ("lowercase", "sublinear_tf", "alternate_sign"):
            if not isinstance(getattr(self, name), bool):
                raise param_error("Featurizer", name, "be True or False", getattr(self, name))

    def _columns(self) -> list[tuple[str, int]]:
        return _ngrams.feature_columns(self.char_ngrams, self.word_ngrams)

    def _bits(self) -> int:
        return int(self.n_features).bit_length() - 1

    def _chunks(self, texts: list[str]) -> Iterator[list[str]]:
        """Consecutive runs of documents with about _CHUNK_CHARS characters in all."""
        max_docs = 1 << (32 - self._bits())  # documents must fit the dedupe key
        start, size = 0, 0
        for i, text in enumerate(texts):
            size += len(text) + 4
            if size >= _CHUNK_CHARS or i + 1 - start >= max_docs:
                yield texts[start : i + 1]
                start, size = i + 1, 0
        if start < len(texts):
            yield texts[start:]

    def _hash(self, stream: np.ndarray, n_docs: int, keep_where: bool = False):
        return _ngrams.hash_occurrences(
            stream, n_docs,
            columns=self._columns(),
            char_boundaries=self.char_boundaries,
            bits=self._bits(),
            signed=self.alternate_sign,
            keep_where=keep_where,
        )

    def _occurrences(self, chunk: list[str]) -> _ngrams.Occurrences:
        stream = _ngrams.build_stream([fold(t) for t in chunk], self.lowercase)
        return self._hash(stream, len(chunk))

    def _values(self, counts: np.ndarray) -> np.ndarray:
        if not self.sublinear_tf:
            return counts
        return np.sign(counts) * (1.0 + np.log(np.maximum(np.abs(counts), 1.0)))

    def _chunk_matrix(self, chunk: list[str]):
        import scipy.sparse as sp

        occ = self._occurrences(chunk)
        uid, counts, reps = _ngrams.merge_duplicates(occ, self._bits())
        data = self._values(counts[uid[reps]])
        rows = occ.doc[reps]
        if self.norm == "l2":
            squares = np.bincount(rows, weights=data * data, minlength=len(chunk))
            data = data / _safe_sqrt(squares).astype(np.float32)[rows]
        indptr = np.zeros(len(chunk) + 1, dtype=np.int64)
        np.cumsum(np.bincount(rows, minlength=len(chunk)), out=indptr[1:])
        return sp.csr_matrix(
            (data.astype(np.float32, copy=False), occ.bucket[reps].astype(np.int32), indptr),
            shape=(len(chunk), self.n_features),
        )

    def _chunk_decision(self, chunk: list[str], weights: np.ndarray) -> np.ndarray:
        occ = self._occurrences(chunk)
        n_docs = len(chunk)
        merged = None
        if self.sublinear_tf or self.norm == "l2":
            merged = _ngrams.merge_duplicates(occ, self._bits())
        if self.sublinear_tf:  # values depend on counts: sum over distinct pairs
            uid, counts, reps = merged
            value = self._values(counts[uid[reps]])
            rows, buckets = occ.doc[reps], occ.bucket[reps]
        else:  # linear in counts: sum over occurrences
            value = None if occ.sign is None else occ.sign.astype(np.float32)
            rows, buckets = occ.doc, occ.bucket
        gathered = np.take(weights, buckets, axis=0)
        if value is not None:
            gathered *= value[:, None]
        scores = _sum_rows(gathered, rows, n_docs)
        if self.norm == "l2":
            if self.sublinear_tf:
                squares = np.bincount(rows, weights=value * value, minlength=n_docs)
            else:  # each occurrence adds its pair's (signed) count: sum of count**2
                uid, counts, _ = merged
                pair_counts = counts[uid] if value is None else counts[uid] * value
                squares = np.bincount(rows, weights=pair_counts, minlength=n_docs)
            scores /= _safe_sqrt(squares).astype(np.float32)[:, None]
        return scores


def _safe_sqrt(squares: np.ndarray) -> np.ndarray:
    norms = np.sqrt(squares)
    norms[norms == 0] = 1.0
    return norms


def _sum_rows(values: np.ndarray, rows: np.ndarray, n_docs: int) -> np.ndarray:
    """Sum rows of ``values`` per document id (ids ascending, documents may be empty)."""
    out = np.zeros((n_docs, values.shape[1]), dtype=np.float32)
    if len(rows) == 0:
        return out
    starts = np.flatnonzero(np.concatenate(([True], rows[1:] != rows[:-1])))
    out[rows[starts]] = np.add.reduceat(values, starts, axis=0)
    return out


def _run(chars: list[int], start: int) -> int:
    end = start
    while end < len(chars) and chars[end] > 32:
        end += 1
    return end - start
