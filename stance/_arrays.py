"""Array primitives of the featurizer, with whole-array numpy: segment sums, grouping equal
keys without sorting (a hash-claim pass), and an array grown part by part. Nothing here knows
about text."""

from __future__ import annotations

import numpy as np
from numpy.typing import DTypeLike

__all__ = ["segment_sums", "claim", "merge_duplicates", "Growing"]

CLAIM_MIX = (0xCC9E2D51, 0x1B873593, 0xE6546B64, 0x2C1B3C6D, 0x297A2D39)
CLAIM_MIX_64 = (0x9E3779B97F4A7C15, 0xBF58476D1CE4E5B9, 0x94D049BB133111EB,
                0xFF51AFD7ED558CCD, 0xC4CEB9FE1A85EC53)


def segment_sums(values: np.ndarray, starts: np.ndarray, dtype: DTypeLike | None = None, axis: int = -1) -> np.ndarray:
    """Sums of ``values[..., starts[d]:starts[d + 1], ...]`` along ``axis`` (the last
    segment up to the end), for ascending ``starts`` that may lie past the end; an
    empty segment sums to 0."""
    axis %= values.ndim
    n = values.shape[axis]
    shape = list(values.shape)
    shape[axis] = len(starts)
    out = np.zeros(shape, dtype=dtype or values.dtype)
    inside = starts[: int(np.searchsorted(starts, n))]
    if len(inside):
        sums = np.add.reduceat(values, inside, axis=axis, dtype=dtype)
        at: list = [slice(None)] * values.ndim
        at[axis] = np.append(inside[1:], n) <= inside
        sums[tuple(at)] = 0
        at[axis] = slice(0, len(inside))
        out[tuple(at)] = sums
    return out


def claim(keys: np.ndarray) -> np.ndarray:
    """Group equal keys (uint32 or uint64) without sorting.

    Returns ``rep``: for each key, the index of one occurrence of it, the same for all
    its occurrences (so ``rep[i] == i`` marks one representative per distinct key).
    Each pending key writes its index into a slot of a table two to four times the size
    of what is pending; the index that stays there is the key's representative, and keys
    whose slot went to a different key try again with another multiplier on a fresh,
    smaller table.
    """
    width = keys.dtype.itemsize * 8
    mixes = CLAIM_MIX if width == 32 else CLAIM_MIX_64
    n = len(keys)
    small = np.int32 if n < 2**31 else np.intp  # indices into keys: half the cache footprint
    pending: np.ndarray = np.arange(n, dtype=small)
    rep = pending
    for round_ in range(len(mixes) + 1):
        sub = np.take(keys, pending) if round_ else keys
        table_bits = max(4, (2 * len(sub)).bit_length())  # 2-4 slots a key
        if round_ < len(mixes):
            shift = keys.dtype.type(width - table_bits)
            slot = ((sub * keys.dtype.type(mixes[round_])) >> shift).astype(np.intp)
        else:  # adversarial keys beat every multiplier: give each its exact rank
            slot = np.unique(sub, return_inverse=True)[1].astype(np.intp).ravel()
        table = np.empty(1 << table_bits, dtype=small)
        table[slot] = pending  # the scatter wants intp slots; the gathers take any
        winner = np.take(table, slot)
        won = np.take(keys, winner) == sub
        if round_ == 0:  # the losers' entries are overwritten by a later round
            rep = winner
        else:
            settled = np.flatnonzero(won)  # index arrays: boolean masks cost several times more
            rep[np.take(pending, settled)] = np.take(winner, settled)
        pending = np.take(pending, np.flatnonzero(~won))
        if len(pending) == 0:
            break
    return rep


def merge_duplicates(keys: np.ndarray, sign: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    """Merge equal keys (an n-gram's (document, bucket) pair, say), each counted with its sign.

    Returns ``(counts, reps)``: ``reps`` the index of one occurrence per pair, ascending
    (see :func:`claim`), and ``counts`` how many times each one's key occurs (signed
    when signs are used), as float32.
    """
    rep = claim(keys)
    reps = np.flatnonzero(rep == np.arange(len(rep), dtype=rep.dtype))
    weights = None if sign is None else sign.astype(np.float32)
    counts = np.bincount(rep, weights=weights, minlength=len(rep))
    return np.take(counts, reps).astype(np.float32), reps


class Growing:
    """A 1-D array filled part by part. Growing allocates and copies (``ndarray.resize``
    would zero the new part first); the result is trimmed in place."""

    def __init__(self, dtype: DTypeLike) -> None:
        self.array = np.empty(0, dtype=dtype)
        self.size = 0

    def reserve(self, capacity: int) -> None:
        if capacity > len(self.array):
            grown = np.empty(capacity, dtype=self.array.dtype)
            grown[: self.size] = self.array[: self.size]
            self.array = grown

    def extend(self, values: np.ndarray) -> None:
        end = self.size + len(values)
        if end > len(self.array):
            self.reserve(max(end, 2 * len(self.array), 1 << 12))
        self.array[self.size : end] = values
        self.size = end

    def result(self) -> np.ndarray:
        if self.size < len(self.array):  # shrinking reallocates in place: nothing is copied
            self.array.resize(self.size, refcheck=False)  # no views of it exist
        return self.array
