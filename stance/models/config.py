"""The training config: which views each model reads and how its weights are fitted.

:data:`DEFAULT_CONFIG` is the recipe ``stance train`` and the estimators fit with (the build's
own config, ``training/configs/default.json``, is merged onto it); :func:`merge_config` lays a
user's config over it key by key. ``seed`` seeds the solvers and the folds, ``folds`` is the
number of cross-validation folds of :func:`stance.train.train`; ``sentiment`` and ``stance``
are the *sections* :mod:`stance.models.fitting` reads.
"""

from __future__ import annotations

import json

__all__ = ["DEFAULT_CONFIG", "merge_config"]

_UNIT_WORDS_AND_CHARS = {"word_ngrams": [1, 2], "char_ngrams": [2, 5], "n_features": 2**18, "norm": "sqrt"}

DEFAULT_CONFIG: dict = {
    "seed": 0,
    "folds": 5,
    "sentiment": {
        "views": {"text": {"word_ngrams": [1, 2], "char_ngrams": [2, 5], "n_features": 2**18}},
        "alpha": 5e-6,
        "epochs": 15,
        "class_weight": "balanced",
    },
    # Views of stance.views; "masked@<party>" are the per-party copies of "masked". Each
    # n-gram family divided by the square root of its n-gram count (unit length when no
    # n-gram repeats, and twice as fast to score as "l2"), then IDF-weighted (folded into
    # the stored weights); lbfgs, C=0.1 (IDF-scaled rows are longer than unit). Measured
    # against the plain TF-IDF baseline in training/yardstick.py (docs/model-card.md).
    "stance": {
        "views": {
            "masked": _UNIT_WORDS_AND_CHARS,
            "near": _UNIT_WORDS_AND_CHARS,
            "cue": {"word_ngrams": [1, 2], "char_ngrams": None, "n_features": 2**12, "norm": None},
            "masked@china": _UNIT_WORDS_AND_CHARS,
            "masked@russia": _UNIT_WORDS_AND_CHARS,
            "masked@west": _UNIT_WORDS_AND_CHARS,
        },
        "idf": ["masked", "near"],
        "window": 5,
        "solver": "lbfgs",
        "C": 0.1,
        "tol": 1e-3,
        "max_iter": 3000,
        "class_weight": "balanced",
    },
}


def merge_config(base: dict, override: dict) -> dict:
    """A copy of ``base`` with ``override``'s keys, merged key by key where both hold a mapping."""
    out = json.loads(json.dumps(base))
    for k, v in override.items():
        out[k] = merge_config(out[k], v) if isinstance(v, dict) and isinstance(out.get(k), dict) else v
    return out
