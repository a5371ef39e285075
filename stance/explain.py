"""Explanations: the n-grams that pushed a score most each way, with exact contributions.

The models explain a prediction as ``bias + sum(contributions) == margin``, where
``margin`` is the calibrated ``logit(positive) - logit(negative)``: linear models make
this exact, no sampling. :func:`top_k` keeps the ``k`` largest contributions each way and
folds the others into ``rest``, so the identity still holds for the truncated view.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from stance.results import Explanation

if TYPE_CHECKING:
    from stance.models import Contributions

__all__ = ["top_k", "format_explanation"]


def top_k(explanation: "Contributions", k: int) -> Explanation:
    """The ``k`` most positive and ``k`` most negative of a model's contributions, as an Explanation."""
    pairs = [(str(g), float(c)) for g, c in explanation.contributions]
    positive = sorted((p for p in pairs if p[1] > 0), key=lambda p: -p[1])[:k]
    negative = sorted((p for p in pairs if p[1] < 0), key=lambda p: p[1])[:k]
    shown = sum(c for _, c in positive) + sum(c for _, c in negative)
    total = sum(c for _, c in pairs)
    return Explanation(
        margin=float(explanation.margin),
        bias=float(explanation.bias),
        positive=tuple(positive),
        negative=tuple(negative),
        rest=total - shown,
    )


def format_explanation(explanation: Explanation | None, *, width: int = 24) -> list[str]:
    """Human lines: a bar per n-gram, the strongest first (used by ``stance explain``); none
    for a score that carries no explanation."""
    if explanation is None:
        return []
    lines = [f"margin {explanation.margin:+.3f} = bias {explanation.bias:+.3f} + n-grams below"
             f" + {explanation.rest:+.3f} from the others"]
    biggest = max([abs(c) for _, c in explanation.positive + explanation.negative] or [1.0])
    for title, items in (("toward positive", explanation.positive),
                         ("toward negative", explanation.negative)):
        if not items:
            continue
        lines.append(f"  {title}:")
        for gram, c in items:
            bar = "#" * max(1, round(abs(c) / biggest * width)) if biggest else ""
            lines.append(f"    {c:+.3f} {bar:<{width}} {gram!r}")
    return lines
