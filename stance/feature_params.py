"""The parameters of :class:`stance.features.Featurizer`: their names, and the rule each
value must follow, checked by ``fit`` and again by every ``transform``, ``decision`` and
``analyze`` (parameters may be set after construction, as in scikit-learn). Each broken
rule is an ``InputError`` written with :func:`stance.exceptions.param_error`.
"""

from __future__ import annotations

from typing import Protocol

import numpy as np

from stance.exceptions import param_error

__all__ = ["PARAMS", "FeaturizerParams", "check_params"]

PARAMS = (
    "word_ngrams", "char_ngrams", "char_boundaries", "n_features",
    "lowercase", "sublinear_tf", "norm", "alternate_sign", "n_jobs",
)


class FeaturizerParams(Protocol):
    """What :func:`check_params` reads: a featurizer's parameters, as attributes."""

    word_ngrams: tuple[int, int] | None
    char_ngrams: tuple[int, int] | None
    char_boundaries: str
    n_features: int
    lowercase: bool
    sublinear_tf: bool
    norm: str | None
    alternate_sign: bool
    n_jobs: int


def check_params(params: FeaturizerParams) -> None:
    """Raise ``InputError`` for the first parameter whose value breaks its rule."""
    n = params.n_features
    if not (isinstance(n, (int, np.integer)) and not isinstance(n, bool)
            and 2**10 <= n <= 2**24 and n & (n - 1) == 0):
        raise param_error(
            "Featurizer", "n_features", f"must be a power of two between 2**10 and 2**24, got {n!r:.60}",
            "pass e.g. 2**20"
        )
    for name, top in (("word_ngrams", 4), ("char_ngrams", 8)):
        value = getattr(params, name)
        if value is None:
            continue
        if not (isinstance(value, (tuple, list)) and len(value) == 2
                and all(isinstance(v, int) and not isinstance(v, bool) for v in value)
                and 1 <= value[0] <= value[1] <= top):
            raise param_error(
                "Featurizer", name,
                f"must be None or a pair (low, high) with 1 <= low <= high <= {top}, got {value!r:.60}",
                "pass e.g. (1, 2), or None",
            )
    if params.word_ngrams is None and params.char_ngrams is None:
        raise param_error(
            "Featurizer", "word_ngrams",
            "must not be None when char_ngrams is None too (no features at all)",
            "pass word_ngrams or char_ngrams, e.g. word_ngrams=(1, 2)",
        )
    if params.char_boundaries not in ("word", "text"):
        raise param_error(
            "Featurizer", "char_boundaries", f"must be 'word' or 'text', got {params.char_boundaries!r:.60}",
            "pass 'word' or 'text'"
        )
    if params.norm not in ("sqrt", "l2", "mean", None):
        raise param_error("Featurizer", "norm", f"must be 'sqrt', 'l2', 'mean' or None, got {params.norm!r:.60}",
                          "pass 'sqrt', 'l2', 'mean' or None")
    for name in ("lowercase", "sublinear_tf", "alternate_sign"):
        if not isinstance(getattr(params, name), bool):
            raise param_error("Featurizer", name, f"must be True or False, got {getattr(params, name)!r:.60}",
                              "pass True or False")
    if not (isinstance(params.n_jobs, (int, np.integer)) and not isinstance(params.n_jobs, bool)
            and params.n_jobs != 0):
        raise param_error("Featurizer", "n_jobs", f"must be a non-zero int, got {params.n_jobs!r:.60}",
                          "pass 1 (one thread), N threads, or -1 (one per CPU)")
