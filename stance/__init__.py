"""stance: paragraph-level sentiment and stance toward China, Russia and the West.

>>> import stance
>>> result = stance.score("Xi dan Putin mengecam dominasi Barat.")      # doctest: +SKIP
>>> result.summary.parties["west"].score                               # doctest: +SKIP

Import cost is kept low on purpose: ``import stance`` loads nothing but the version;
the names below are imported from their modules on first use (module ``__getattr__``).
"""

from __future__ import annotations

from stance._version import __version__

__all__ = [
    "__version__",
    "score",
    "score_many",
    "Scorer",
    "load_model",
    "ArticleResult",
    "ParagraphResult",
    "PartyStance",
    "Label",
    "Explanation",
    "RollUp",
    "Summary",
]

_LAZY = {
    "score": "stance.scoring",
    "score_many": "stance.scoring",
    "Scorer": "stance.scoring",
    "load_model": "stance.loading",
    "ArticleResult": "stance.results",
    "ParagraphResult": "stance.results",
    "PartyStance": "stance.results",
    "Label": "stance.results",
    "Explanation": "stance.results",
    "RollUp": "stance.results",
    "Summary": "stance.results",
}


def __getattr__(name: str):
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'stance' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # later look-ups skip __getattr__
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
