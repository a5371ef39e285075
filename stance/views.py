"""Target-aware views of a paragraph: the texts the stance model's featurizers read.

For one (paragraph, target) pair the stance model reads three short texts, each hashed by
its own featurizer into its own block of weights:

- ``masked``: the paragraph with the target's mentions replaced by ``<T>`` and other
  parties' mentions by ``<O>`` (so "Rusia mengecam AS" reads "<T> mengecam <O>" for
  russia and "<O> mengecam <T>" for west: the same words, opposite directions);
- ``near``: the words in a window around each mention of the target, masked the same way;
- ``cue``: tokens from a small team-written lexicon (criticism, support, negation,
  reported speech, passive agent, good/bad states), each marked with its side of the
  target (``l`` before, ``r`` after), plus the target's identity (``tgt_china``, or
  ``tgt_other`` for a name that is not a party). Lexicon cues are features only; labels
  come only from the data.

A *gated* view ``<view>@<party>`` (``masked@china``) is ``<view>``'s text for pairs whose
target is that party and the empty text for every other pair, read by a featurizer (and
weight block) of its own: its weights are what the model learned about that party on top
of what it shares across targets (feature augmentation, Daumé's "frustratingly easy"
domain adaptation with the parties as domains). A *copy* ``<view>~<tag>`` (``masked~vec``)
is ``<view>``'s text unchanged, read by a featurizer of its own (the word-vector views of
:mod:`stance.vectors`). Gated views and copies are the *derived* views.

Everything here is string slicing and compiled regular expressions over whole strings:
no Python loop per character or per n-gram.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources

from stance.domain import PARTIES

__all__ = ["TARGET", "OTHER", "GATE", "COPY", "is_gated", "is_derived", "base_view", "build_views", "mask", "display",
           "lexicon_pattern"]

TARGET = "ztgtz"  # placeholders: letters only, so every featurizer keeps them as one token
OTHER = "zothz"
GATE = "@"  # "masked@china": the masked view, for china's pairs only
COPY = "~"  # "masked~vec": the masked view's text, for a featurizer of its own
_PREFIX = r"(?:me|mem|men|meng|meny|di|ber|ter|pe|pem|pen|peng|per)?"


def mask(text: str, spans: Sequence[tuple[int, int]], other_spans: Sequence[tuple[int, int]] = ()) -> str:
    """``text`` with target spans replaced by `` ztgtz `` and other spans by `` zothz ``.

    Overlapping spans keep the earliest (target first on ties).
    """
    marks = sorted([(s, e, TARGET) for s, e in spans] + [(s, e, OTHER) for s, e in other_spans],
                   key=lambda m: (m[0], m[2] != TARGET))
    out, pos = [], 0
    for start, end, token in marks:
        if start < pos:
            continue
        out.append(text[pos:start])
        out.append(f" {token} ")
        pos = end
    out.append(text[pos:])
    return "".join(out)


@lru_cache(maxsize=1)
def lexicon_pattern() -> tuple[re.Pattern, tuple[str, ...]]:
    """One compiled pattern for the lexicon; group ``i`` (1-based) is category ``cats[i-1]``."""
    by_cat: dict[str, list[str]] = {}
    text = (resources.files("stance") / "data" / "lexicon.txt").read_text(encoding="utf-8")
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            cat, stem = line.split(None, 1)
            if stem.startswith("="):
                by_cat.setdefault(cat, []).append(re.escape(stem[1:]) + r"\b")
            else:
                by_cat.setdefault(cat, []).append(_PREFIX + re.escape(stem) + r"\w*")
    cats = tuple(by_cat)
    groups = "|".join(f"({'|'.join(sorted(stems, key=len, reverse=True))})" for stems in by_cat.values())
    return re.compile(rf"(?<!\w)(?:{groups})", re.IGNORECASE), cats


_WORD_CUE: dict[str, str] = {}  # word -> cue category ("" = none); grows with the vocabulary seen


def _cue_of(word: str) -> str:
    cue = _WORD_CUE.get(word)
    if cue is None:
        pattern, cats = lexicon_pattern()
        match = pattern.match(word.lower().strip(".,;:!?\"'()[]"))
        cue = ""
        if match and match.end() == len(word.lower().strip(".,;:!?\"'()[]")):
            cue = cats[(match.lastindex or 1) - 1]  # the pattern is one group per category
            if cue in ("crit", "supp") and match.group(0).lower().startswith("di"):
                cue += "pass"
        if len(_WORD_CUE) < 200_000:
            _WORD_CUE[word] = cue
    return cue


def build_views(
    texts: Sequence[str],
    targets: Sequence[str],
    spans: Sequence[Sequence[tuple[int, int]]],
    other_spans: Sequence[Sequence[tuple[int, int]]],
    *,
    window: int = 5,
    derived: Sequence[str] = (),
) -> dict[str, list[str]]:
    """The ``masked``, ``near`` and ``cue`` texts of each (paragraph, target) pair, and the
    ``derived`` views named (``"masked@china"``, ``"near~vec"``: see the module docstring)."""
    masked, near, cue = [], [], []
    size = len(TARGET)
    for text, target, own, other in zip(texts, targets, spans, other_spans):
        m = mask(text, own, other)
        masked.append(m)
        windows, tokens = [], [f"tgt_{target if target in PARTIES else 'other'}"]
        pos = m.find(TARGET)
        while pos >= 0:
            left = m[:pos].rsplit(None, window)[-window:]
            right = m[pos + size:].split(None, window)[:window]
            windows.append(" ".join(left) + f" {TARGET} " + " ".join(right))
            tokens += ["l" + c for c in map(_cue_of, left) if c]
            tokens += ["r" + c for c in map(_cue_of, right) if c]
            pos = m.find(TARGET, pos + size)
        if not windows:
            tokens.append("nomention")
        near.append(" . ".join(windows))
        cue.append(" ".join(tokens))
    views = {"masked": masked, "near": near, "cue": cue}
    for name in derived:
        if is_gated(name):
            party = name.partition(GATE)[2]
            views[name] = [text if t == party else "" for text, t in zip(views[base_view(name)], targets)]
        else:
            views[name] = views[base_view(name)]
    return views


def is_gated(name: str) -> bool:
    """Whether a view name is a gated view ``<view>@<party>`` (see the module docstring)."""
    return GATE in name


def is_derived(name: str) -> bool:
    """Whether a view name is a gated view or a copy (see the module docstring)."""
    return GATE in name or COPY in name


def base_view(name: str) -> str:
    """The view whose text a derived view reads (``masked@china``, ``masked~vec`` -> ``masked``);
    a view's own name otherwise."""
    return name.partition(GATE)[0].partition(COPY)[0]


def display(ngram: str) -> str:
    """An n-gram as people read it: placeholders shown as ``<T>`` and ``<O>``."""
    return ngram.replace(TARGET, "<T>").replace(OTHER, "<O>")
