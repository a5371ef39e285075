"""Whole-array n-gram hashing: the engine behind :class:`stance.features.Featurizer`.

It hashes the n-grams of a batch of documents laid out as one token stream (see
:mod:`stance._stream`, which builds it).

Hashes are 32-bit polynomial hashes (mod 2**32) computed by rolling over the stream, one
numpy pass per n-gram order; a bucket is the top bits of ``(hash + order_key) * MIX``
(multiply-shift), and the sign, when used, the next bit; see :class:`Encoder`. The same definitions are
written out in pure Python in ``tests/reference_featurizer.py``; the two must agree
exactly. Changing any constant here changes every model's features: retrain
(``python -m training.build``); ``load_model`` refuses older model files, whose hashing
fingerprint (``stance.persist.featurizer_fingerprint``) no longer matches.

Occurrences are laid out position-major, so they come out grouped by document with no
sort; duplicates within a document are merged by a sort-free hash-claim pass.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from stance._arrays import claim, segment_sums
from stance._stream import SENTINEL, SPACE

CHAR_BASE = np.uint32(0x01000193)  # rolling base for characters (FNV prime)
WORD_BASE = np.uint32(0x9E3779B1)  # rolling base for tokens in word n-grams
MIX = np.uint32(0x85EBCA6B)  # multiply-shift constant (MurmurHash3 fmix32)


def order_key(kind: str, n: int) -> np.uint32:
    """Key added to a hash before bucketing, so each (kind, order) is its own namespace."""
    base = 0x3C6EF372 if kind == "char" else 0xA54FF53A
    return np.uint32((base + 0x27D4EB2F * n) & 0xFFFFFFFF)


@dataclass
class Occurrences:
    """Every n-gram occurrence of a chunk, grouped by document in document order.

    ``keys[i]`` is ``doc << bits | bucket`` for occurrence ``i`` (the document in the
    bits above the bucket, below bit 31), ``sign[i]`` its sign (None when unsigned),
    ``sizes[d, f]`` how many n-grams of family ``f`` (0 characters, 1 words; see
    :meth:`Encoder.block`) document ``d`` has. ``where`` (only when requested) holds
    each occurrence's stream position and feature column (see :func:`feature_columns`).
    """

    keys: np.ndarray
    sign: np.ndarray | None
    sizes: np.ndarray
    bits: int
    where: tuple[np.ndarray, ...] | None = None

    @property
    def bucket(self) -> np.ndarray:
        return self.keys & np.uint32((1 << self.bits) - 1)


def feature_columns(char_ngrams: tuple[int, int] | None, word_ngrams: tuple[int, int] | None) -> list[tuple[str, int]]:
    """The (kind, order) of each feature column, chars first then words."""
    columns = []
    if char_ngrams is not None:
        columns += [("char", n) for n in range(char_ngrams[0], char_ngrams[1] + 1)]
    if word_ngrams is not None:
        columns += [("word", n) for n in range(word_ngrams[0], word_ngrams[1] + 1)]
    return columns


class Encoder:
    """Turns hashes into bucket codes: ``bucket | sign_bit << 31``.

    When both families are used, character n-grams take the lower half of the buckets
    and word n-grams the upper half (like two vectorizers side by side), so each
    family can be normalised on its own and a bucket never mixes the two.
    """

    def __init__(self, bits: int, signed: bool, split: bool) -> None:
        self.bits, self.signed, self.split = bits, signed, split
        self.width = bits - 1 if split else bits
        self.shift = np.uint32(32 - self.width)
        self.sign_shift = np.uint32(31 - self.width)

    def __call__(self, hashes: np.ndarray, kind: str, n: int) -> np.ndarray:
        product = (hashes + order_key(kind, n)) * MIX
        code = product >> self.shift
        if self.split and kind == "word":
            code |= np.uint32(1 << self.width)
        if self.signed:
            code |= ((product >> self.sign_shift) & np.uint32(1)) << np.uint32(31)
        return code

    def block(self, bucket: np.ndarray) -> np.ndarray:
        """0 for character buckets, 1 for word buckets (always 0 when not split)."""
        return (bucket >> np.uint32(self.width)).astype(np.intp) if self.split else np.zeros(len(bucket), np.intp)


@dataclass
class Column:
    """The n-grams of one (kind, order) that start at each position of a chunk.

    ``codes[i]`` is the bucket code of the n-gram starting at stream position ``i``
    (character n-grams) or at token ``i`` (word n-grams), ``ok[i]`` whether it is a
    real n-gram. ``positions`` maps entries to stream positions (None: the identity),
    ``doc_starts[d]`` is the first entry of document ``d``.
    """

    index: int
    kind: str
    n: int
    codes: np.ndarray
    ok: np.ndarray
    positions: np.ndarray | None
    doc_starts: np.ndarray


def iter_columns(stream: np.ndarray, *, columns: list[tuple[str, int]], char_boundaries: str, encoder: Encoder,
                 tokens: "Tokens | None" = None) -> Iterator[Column]:
    """Hash ``stream`` one feature column at a time (one numpy pass per order)."""
    is_token = (stream != SPACE) & (stream != SENTINEL)
    sentinels = np.flatnonzero(stream == SENTINEL)
    char_cols = [(j, n) for j, (kind, n) in enumerate(columns) if kind == "char"]
    if char_cols:
        yield from _char_columns(stream, is_token, sentinels, char_cols, char_boundaries, encoder)
    word_cols = [(j, n) for j, (kind, n) in enumerate(columns) if kind == "word"]
    if word_cols:
        if tokens is None:
            tokens = tokens_of(stream, is_token, sentinels)
        yield from _word_columns(tokens, word_cols, encoder)


def hash_occurrences(stream: np.ndarray, n_docs: int, *, columns: list[tuple[str, int]], char_boundaries: str,
                     encoder: Encoder, keep_where: bool = False) -> Occurrences:
    """Every valid n-gram of ``stream``, ordered by position (hence by document).

    Each column's codes get their document or-ed in above the bucket bits as they are
    hashed, so the keys that :func:`stance._arrays.merge_duplicates` groups come out of one selection.
    ``n_docs`` must be at most ``2 ** (31 - encoder.bits)``.
    """
    sentinel = stream == SENTINEL
    # the document of each position, in the key bits (the last sentinel's value is unused)
    doc_key = (np.cumsum(sentinel, dtype=np.uint32) - np.uint32(1)) << np.uint32(encoder.bits)
    codes = np.empty((len(stream), len(columns)), dtype=np.uint32)
    valid = np.zeros((len(stream), len(columns)), dtype=bool)
    word_sizes = np.zeros(n_docs, dtype=np.int64)
    for col in iter_columns(stream, columns=columns, char_boundaries=char_boundaries,
                            encoder=encoder):
        at = slice(0, len(col.codes)) if col.positions is None else col.positions
        codes[at, col.index] = col.codes | doc_key[at]
        valid[at, col.index] = col.ok
        if col.kind == "word":  # few entries: one per token
            word_sizes += segment_sums(col.ok, col.doc_starts, dtype=np.int64)
    keys = np.compress(valid.ravel(), codes.ravel())  # row-major: by position, hence by document
    sign = None
    if encoder.signed:
        sign = 1 - 2 * (keys >> np.uint32(31)).astype(np.int8)
        keys &= np.uint32(0x7FFFFFFF)
    # keys are grouped by document, so a binary search for each document's smallest
    # possible key finds where it starts (within a document they are in any order)
    bounds = np.searchsorted(keys, np.arange(n_docs + 1, dtype=np.uint32) << np.uint32(encoder.bits))
    sizes = np.zeros((n_docs, 2), dtype=np.int64)
    if encoder.split:
        sizes[:, 1] = word_sizes
    sizes[:, 0] = np.diff(bounds) - sizes[:, 1]
    where = np.nonzero(valid) if keep_where else None
    return Occurrences(keys, sign, sizes, encoder.bits, where)


def _char_columns(stream, is_token, sentinels, char_cols, char_boundaries, encoder):
    length = len(stream)
    if char_boundaries == "word":
        start_ok = stream != SENTINEL
        inner = is_token  # from order 3: inner[i] when stream[i + 1 : i + n - 1] are all token characters
    else:
        positions = np.arange(length)
        after = np.where(stream == SENTINEL, positions, length)
        room = np.minimum.accumulate(after[::-1])[::-1] - positions
    rolling = stream
    top = max(n for _, n in char_cols)
    for n in range(1, min(top, length) + 1):
        if n > 1:
            rolling = rolling[:-1] * CHAR_BASE + stream[n - 1 :]
        if char_boundaries == "word" and n >= 3:
            inner = is_token[1:] if n == 3 else inner[:-1] & is_token[n - 2 :]
        for j, order in char_cols:
            if order != n:
                continue
            span = length - n + 1
            if char_boundaries == "word":
                if n == 1:
                    ok = is_token
                elif n == 2:  # a token character on either side: not a pad before a sentinel
                    ok = start_ok[:span] & (is_token[:span] | is_token[1:])
                else:  # a pad or token character, then only token characters inside
                    ok = start_ok[:span] & inner[:span]
            else:
                ok = room[:span] >= n
                if n == 1:
                    ok &= is_token
            yield Column(j, "char", n, encoder(rolling, "char", n), ok, None, sentinels[:-1])


@dataclass
class Tokens:
    """The tokens of a stream: first and last (inclusive) positions, 32-bit hash (the
    character rolling hash of the whole token), document, and each document's first."""

    starts: np.ndarray
    ends: np.ndarray
    hashes: np.ndarray
    doc: np.ndarray
    doc_starts: np.ndarray


def tokens_of(stream: np.ndarray, is_token: np.ndarray | None = None,
              sentinels: np.ndarray | None = None) -> Tokens:
    if is_token is None:
        is_token = (stream != SPACE) & (stream != SENTINEL)
    if sentinels is None:
        sentinels = np.flatnonzero(stream == SENTINEL)
    before = np.concatenate(([False], is_token[:-1]))
    after = np.concatenate((is_token[1:], [False]))
    is_start = is_token & ~before
    starts = np.flatnonzero(is_start)
    ends = np.flatnonzero(is_token & ~after)
    return Tokens(starts, ends, token_hashes(stream, starts, ends),
                  np.searchsorted(sentinels, starts) - 1, np.searchsorted(starts, sentinels[:-1]))


def _word_columns(tokens: "Tokens", word_cols, encoder):
    token, doc = tokens.hashes, tokens.doc
    rolling = token
    top = max(n for _, n in word_cols)
    for n in range(1, min(top, len(token)) + 1):
        if n > 1:
            rolling = rolling[:-1] * WORD_BASE + token[n - 1 :]
        for j, order in word_cols:
            if order != n:
                continue
            ok = doc[: len(rolling)] == doc[n - 1 :]
            yield Column(j, "word", n, encoder(rolling, "word", n), ok,
                         tokens.starts[: len(rolling)], tokens.doc_starts)


@dataclass
class Vocabulary:
    """The distinct tokens of a stream: ``ids[t]`` is the distinct id of token ``t``,
    and ``stream`` holds the distinct tokens in id order, each as its own document."""

    ids: np.ndarray
    stream: np.ndarray


def vocabulary(stream: np.ndarray, tokens: Tokens) -> Vocabulary:
    """Distinct tokens, told apart by two independent 32-bit polynomial hashes.

    Two different tokens share a 64-bit key with probability about 2**-64 a pair; in
    word mode a token's character n-grams depend on nothing else, so they can be
    hashed once per distinct token.
    """
    second = token_hashes(stream, tokens.starts, tokens.ends, base=WORD_BASE)
    keys = (tokens.hashes.astype(np.uint64) << np.uint64(32)) | second
    rep = claim(keys)
    first = np.flatnonzero(rep == np.arange(len(rep), dtype=rep.dtype))
    compact = np.empty(len(rep), dtype=np.intp)
    compact[first] = np.arange(len(first))
    ids = compact[rep]
    starts = tokens.starts[first]
    lengths = tokens.ends[first] - starts + 1
    # each distinct token becomes "\0 token " (length + 3), then one final "\0"
    out_starts = np.cumsum(lengths + 3) - (lengths + 3)
    out = np.full(int((lengths + 3).sum()) + 1, SPACE, dtype=np.uint32)
    out[out_starts] = SENTINEL
    out[-1] = SENTINEL
    offset = np.arange(int(lengths.sum())) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    out[np.repeat(out_starts + 2, lengths) + offset] = stream[np.repeat(starts, lengths) + offset]
    return Vocabulary(ids, out)


def token_hashes(stream: np.ndarray, starts: np.ndarray, ends: np.ndarray,
                 base: np.uint32 = CHAR_BASE) -> np.ndarray:
    """Polynomial hash of each ``stream[start:end + 1]``, as the character rolling hash.

    ``sum(c[j] * B**(end - j))`` = ``B**end * (Q[end] - Q[start - 1])`` where ``Q`` is
    the prefix sum of ``c[j] * B**-j`` (B is odd, so it has an inverse mod 2**32).
    """
    up, down = _powers(len(stream), base)
    prefix = np.cumsum(stream * down, dtype=np.uint32)
    below = np.where(starts > 0, prefix[starts - 1], np.uint32(0))
    return (prefix[ends] - below) * up[ends]


_POWERS: dict[int, tuple[np.ndarray, np.ndarray]] = {}


def _powers(length: int, base: np.uint32 = CHAR_BASE) -> tuple[np.ndarray, np.ndarray]:
    """``(B**j, B**-j)`` mod 2**32 for j < length, grown on demand and cached per base."""
    cached = _POWERS.get(int(base))
    if cached is None or len(cached[0]) < length:
        size = max(length, 1 << 16)
        inverse = np.uint32(pow(int(base), -1, 1 << 32))
        up = np.cumprod(np.full(size, base, dtype=np.uint32), dtype=np.uint32)
        down = np.cumprod(np.full(size, inverse, dtype=np.uint32), dtype=np.uint32)
        cached = (np.concatenate(([np.uint32(1)], up[:-1])),
                  np.concatenate(([np.uint32(1)], down[:-1])))
        _POWERS[int(base)] = cached
    return cached[0][:length], cached[1][:length]
