"""The token stream: a batch of documents as one array of code points, which
:mod:`stance._ngrams` hashes.

Each document's tokens are separated by single spaces, padded with a space on each side,
and documents are separated by a 0 sentinel::

    \\0 ␠ w o r d ␠ ! ␠ w o r d ␠ \\0 ␠ n e x t ␠ \\0

A token is a maximal run of letters, marks and digits (Unicode categories L*, M*, N*),
with a hyphen or apostrophe between two such characters kept inside it
("negara-negara", "don't"), or a single punctuation or symbol character (P*, S*:
"!", "?", '"', emoji), which carry tone. Everything else only separates tokens.
``tests/reference_featurizer.py`` tokenizes the same way in pure Python; what a token is
decides every feature, so a change here means retraining, like a change of hashing.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import numpy as np

SPACE = 32
SENTINEL = 0


BREAK, WORD, SYMBOL = 0, 1, 2


def _char_class(ch: str) -> int:
    category = unicodedata.category(ch)[0]
    return WORD if category in "LMN" else SYMBOL if category in "PS" else BREAK


@lru_cache(maxsize=1)
def _bmp_class_table() -> np.ndarray:
    """BREAK, WORD or SYMBOL for each Basic Multilingual Plane code point."""
    return np.array([_char_class(chr(c)) for c in range(0x10000)], dtype=np.int8)


def char_classes(codes: np.ndarray) -> np.ndarray:
    """Vectorized :func:`_char_class` for a code-point array."""
    classes = _bmp_class_table().take(codes, mode="clip")  # U+FFFF is a BREAK
    if codes.max(initial=0) > 0xFFFF:  # rare: look up each distinct astral point once
        astral = codes > 0xFFFF
        points = np.unique(codes[astral])
        found = np.array([_char_class(chr(c)) for c in points.tolist()], dtype=np.int8)
        classes[astral] = found[np.searchsorted(points, codes[astral])]
    return classes


def build_stream(joined: str, lowercase: bool = False) -> np.ndarray:
    """Turn documents, folded (see :func:`stance.text.fold`) and joined by NULs, into
    the token stream.

    Each token is preceded by one space, and each document's sentinel too (so every
    token has a space on both sides), characters that are neither word nor symbol are
    dropped.
    """
    joined = "\x00" + joined + "\x00"
    if lowercase:
        joined = joined.lower()
    codes = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    kind = char_classes(codes)
    word = kind == WORD
    joiner = (codes == 0x2D) | (codes == 0x27)  # hyphen, apostrophe inside a word
    word[1:-1] |= joiner[1:-1] & word[:-2] & word[2:]
    symbol = (kind == SYMBOL) & ~word
    sentinel = codes == SENTINEL
    keep = word | symbol | sentinel
    spaced = symbol | sentinel  # gets a space before it, as does a word's first character
    spaced[1:] |= word[1:] & ~word[:-1]
    spaced[0] = False  # no space before the very first sentinel
    # one past each character's slot in the output; the slots in between are spaces
    slot = np.cumsum(spaced.view(np.uint8) + keep.view(np.uint8), dtype=np.intp)
    out = np.full(int(slot[-1]), SPACE, dtype=np.uint32)
    kept = np.flatnonzero(keep)
    where = np.take(slot, kept)
    where -= 1
    out[where] = np.take(codes, kept)
    return out
