"""The party scanner's numpy prefilter: which word starts can begin an alias at all.

On large batches :class:`stance.parties.matcher.Matcher` first runs this DFA over the first
bytes of every word at once and marks, with a tab, the few word starts where some phrase
could be verified; its scanner then tries only those. The byte table (the scanner's) and the
separator pattern (the verifiers' in :mod:`stance.parties.patterns`) live here, so all of
them see the text the same way.
"""

from __future__ import annotations

import re

__all__ = ["TABLE", "SEPARATOR", "Prefilter"]

# bytes -> bytes: ASCII letters lower-cased, digits and "_" kept, everything else a space.
_KEEP = b"0123456789_abcdefghijklmnopqrstuvwxyz"
TABLE = bytes(
    (c + 32 if 65 <= c <= 90 else c) if (c in _KEEP or 65 <= c <= 90 or c == 0) else 32 for c in range(256)
)
SEPARATOR = r"[\s\-\u2010\u2011]+"  # what a space or hyphen inside an alias matches
_SPACE_BYTES = frozenset(b for b in range(128) if TABLE[b] == 32)  # bytes the scanner sees as a space
_SEPARATOR_BYTES = frozenset(b"\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f -?")  # SEPARATOR in ASCII ("?": any non-ASCII)
_FOLDS = frozenset("iks")  # letters re's IGNORECASE also matches with a non-ASCII one (İ ı K ſ)
_DEPTH = 6  # bytes looked at per word; a word still undecided after them is tried by the scanner
_REJECT, _ACCEPT, _ROOT = 0, 1, 2  # prefilter states


def _steps(phrase: str, cased: bool, exclusion: bool, suffixes: tuple[str, ...]) -> list[tuple[frozenset[int], bool, bool]]:
    """The bytes a verified hit of ``phrase`` can start with: (allowed bytes, repeatable, optional) per step.

    Mirrors :func:`stance.parties.patterns._verifier` (literal characters, separator runs, optional final periods) and
    the scanner's word boundary after a phrase that ends in a letter or digit.
    """
    steps: list[tuple[frozenset[int], bool, bool]] = []
    for chunk in re.split(r"([\s\-\u2010\u2011]+)", phrase):
        if re.fullmatch(SEPARATOR, chunk):
            steps.append((_SEPARATOR_BYTES, True, False))
            continue
        for ch in chunk:
            options = {ord(ch)} if cased or not ch.isalpha() else {ord(ch.lower()), ord(ch.upper())}
            if not cased and ch.lower() in _FOLDS:
                options.add(ord("?"))
            steps.append((frozenset(options), False, False))
    if not exclusion:  # "U.S." also matches "U.S"
        k = len(steps)
        while k and steps[k - 1][0] == {ord(".")}:
            k -= 1
            steps[k] = (steps[k][0], False, True)
    if phrase[-1].isalnum():
        after = {ord(c) for s in suffixes for c in (s[0], s[0].upper())}
        steps.append((_SPACE_BYTES | after, False, False))
    return steps


class Prefilter:
    """A DFA over the first bytes of every word, run with numpy over all words at once.

    It accepts a word if some alias or exclusion could be verified there, which is a superset
    of the scanner's verified hits; the space before each accepted word becomes a tab, and the
    scanner (whose pattern starts with a tab) skips every other word at C speed. Case and
    punctuation count here, so "as", "us" and "a" in English do not reach the scanner for
    "AS", "US" and "A$".
    """

    def __init__(self, phrases: list[tuple[str, bool, bool]], suffixes: tuple[str, ...]) -> None:
        import numpy as np  # lazy: small batches and `import stance` never need it

        self._np = np
        paths = [_steps(phrase, cased, exclusion, suffixes) for phrase, cased, exclusion in phrases]
        rows: list[list[int]] = [[_REJECT] * 128, [_ACCEPT] * 128]  # _REJECT, _ACCEPT; _ROOT is next
        root = _closure(paths, {(p, 0) for p in range(len(paths))})
        ids = {root: _ROOT}
        queue = [(root, 1)]
        for state, depth in queue:  # breadth first; grows while it runs
            moves: dict[int, set[tuple[int, int]]] = {}
            for p, j in state:
                options, repeatable, _ = paths[p][j]
                targets = ((p, j + 1), (p, j)) if repeatable else ((p, j + 1),)
                for b in options:
                    moves.setdefault(b, set()).update(targets)
            row = [_REJECT] * 128
            for b, items in moves.items():
                nxt = _closure(paths, items)
                if depth == _DEPTH or any(j == len(paths[p]) for p, j in nxt):
                    row[b] = _ACCEPT
                elif (sid := ids.get(nxt)) is not None:
                    row[b] = sid
                else:
                    row[b] = ids[nxt] = len(ids) + 2
                    queue.append((nxt, depth + 1))
            rows.append(row)
        table = np.array(rows, dtype=np.int32)
        self._table = table.ravel()  # state * 128 + byte -> next state
        # The first two bytes at once: (byte0 << 8 | byte1) -> state.
        self._first_two = np.zeros(1 << 16, dtype=np.int32)
        self._first_two.reshape(256, 256)[:128, :128] = table[table[_ROOT]]

    def mark(self, ascii_text: bytes, padded: bytes) -> bytes:
        """``padded`` with a tab instead of the space before every word the scanner must try."""
        np = self._np
        raw = ascii_text + b" " * _DEPTH
        text = np.frombuffer(raw, dtype=np.uint8)
        pairs = np.ndarray((len(raw) - 1,), dtype=">u2", buffer=raw, strides=(1,))  # pairs[i] = text[i:i + 2]
        spaces = np.frombuffer(padded, dtype=np.uint8) == 32
        where = np.flatnonzero(spaces[:-1] > spaces[1:]) + 1  # word starts
        state = self._first_two[pairs[where]]
        accepted = []
        for step in range(2, _DEPTH + 1):
            accepted.append(where[state == _ACCEPT])
            undecided = np.flatnonzero(state > _ACCEPT)
            where, state = where.take(undecided), state.take(undecided)
            if step < _DEPTH:
                state = self._table[state * 128 + text[where + step]]
        accepted.append(where)  # a state shared by paths of different lengths can outlast _DEPTH
        marked = np.frombuffer(padded, dtype=np.uint8).copy()
        marked[np.concatenate(accepted) - 1] = 9
        return marked.tobytes()


def _closure(paths: list, items) -> frozenset[tuple[int, int]]:
    """``items`` (phrase, step) plus the steps reachable by skipping optional ones."""
    out: set[tuple[int, int]] = set()
    stack = list(items)
    while stack:
        p, j = stack.pop()
        if (p, j) not in out:
            out.add((p, j))
            if j < len(paths[p]) and paths[p][j][2]:
                stack.append((p, j + 1))
    return frozenset(out)
