"""A slow, obvious pure-Python featurizer: the specification the fast one must match.

One document at a time, one character at a time, Python integers masked to 32 bits.
Nothing here is shared with ``stance._ngrams`` except the constants, so a mistake in the
vectorized code cannot hide in both.
"""

from __future__ import annotations

import math
import unicodedata
from collections import Counter

from stance._ngrams import CHAR_BASE, MIX, WORD_BASE, order_key
from stance.text import fold

M32 = 0xFFFFFFFF


def char_class(ch: str) -> str:
    category = unicodedata.category(ch)[0]
    return "word" if category in "LMN" else "symbol" if category in "PS" else "break"


def tokens(text: str, lowercase: bool = True) -> list[str]:
    """Runs of word characters ('-' and "'" between two of them stay inside) and
    single punctuation or symbol characters; everything else separates."""
    text = fold(text)
    if lowercase:
        text = text.lower()
    kind = [char_class(ch) for ch in text]
    inside = [k == "word" for k in kind]
    for i in range(1, len(text) - 1):
        if text[i] in "-'" and kind[i - 1] == "word" and kind[i + 1] == "word":
            inside[i] = True
    found, current = [], ""
    for ch, k, keep in zip(text, kind, inside):
        if keep:
            current += ch
            continue
        if current:
            found.append(current)
            current = ""
        if k == "symbol":
            found.append(ch)
    if current:
        found.append(current)
    return found


def poly_hash(values: list[int], base: int) -> int:
    h = 0
    for v in values:
        h = (h * base + v) & M32
    return h


def bucket_and_sign(h: int, kind: str, n: int, bits: int, split: bool) -> tuple[int, int]:
    """Top bits of the mixed hash; with ``split``, chars in the lower half, words upper."""
    width = bits - 1 if split else bits
    product = (((h + int(order_key(kind, n))) & M32) * int(MIX)) & M32
    bucket = product >> (32 - width)
    if split and kind == "word":
        bucket += 1 << width
    return bucket, 1 - 2 * ((product >> (31 - width)) & 1)


def char_ngrams(toks: list[str], n: int, boundaries: str) -> list[str]:
    if boundaries == "word":
        grams = []
        for tok in toks:
            padded = " " + tok + " "
            grams += [padded[i : i + n] for i in range(len(padded) - n + 1)]
    else:
        stream = " " + " ".join(toks) + " " if toks else " "
        grams = [stream[i : i + n] for i in range(len(stream) - n + 1)]
    return [g for g in grams if g.strip()]  # at least one word character


def ngrams(text: str, *, word_ngrams=(1, 2), char_ngrams_=(2, 5), char_boundaries="word",
           lowercase=True, bits=20) -> list[tuple[str, str, int, int]]:
    """Every n-gram of ``text`` as (kind, string, bucket, sign)."""
    toks = tokens(text, lowercase)
    split = word_ngrams is not None and char_ngrams_ is not None
    found = []
    if char_ngrams_ is not None:
        for n in range(char_ngrams_[0], char_ngrams_[1] + 1):
            for gram in char_ngrams(toks, n, char_boundaries):
                h = poly_hash([ord(c) for c in gram], int(CHAR_BASE))
                found.append(("char", gram, *bucket_and_sign(h, "char", n, bits, split)))
    if word_ngrams is not None:
        token_hash = [poly_hash([ord(c) for c in t], int(CHAR_BASE)) for t in toks]
        for n in range(word_ngrams[0], word_ngrams[1] + 1):
            for j in range(len(toks) - n + 1):
                h = poly_hash(token_hash[j : j + n], int(WORD_BASE))
                found.append(("word", " ".join(toks[j : j + n]), *bucket_and_sign(h, "word", n, bits, split)))
    return found


def features(text: str, *, word_ngrams=(1, 2), char_ngrams=(2, 5), char_boundaries="word",
             n_features=2**20, lowercase=True, sublinear_tf=False, norm="sqrt",
             alternate_sign=False) -> dict[int, float]:
    """The feature row of one document as {bucket: value}, zeros dropped."""
    bits = n_features.bit_length() - 1
    counts: Counter = Counter()
    family = {}
    sizes: Counter = Counter()
    for kind, _, bucket, sign in ngrams(text, word_ngrams=word_ngrams, char_ngrams_=char_ngrams,
                                        char_boundaries=char_boundaries, lowercase=lowercase,
                                        bits=bits):
        counts[bucket] += sign if alternate_sign else 1
        family[bucket] = kind
        sizes[kind] += 1
    values = {}
    for bucket, count in counts.items():
        if count == 0:
            continue
        value = float(count)
        if sublinear_tf:
            value = math.copysign(1.0 + math.log(abs(count)), count)
        values[bucket] = value
    if norm == "sqrt":  # each family over the square root of its number of n-grams
        values = {b: v / math.sqrt(sizes[family[b]]) for b, v in values.items()}
    if norm == "mean":  # each family over its number of n-grams
        values = {b: v / sizes[family[b]] for b, v in values.items()}
    if norm == "l2":  # each family (characters, words) to unit length on its own
        for kind in ("char", "word"):
            mine = [b for b in values if family[b] == kind]
            length = math.sqrt(sum(values[b] ** 2 for b in mine))
            for b in mine:
                values[b] /= length
    return values
