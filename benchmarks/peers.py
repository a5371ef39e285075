"""Named peers that ``stance``'s models are measured against, in the same folds.

``PlainStanceBaseline`` is the plain recipe the stance issue names: it is what a careful data
scientist would build in an afternoon with scikit-learn, so a model that cannot beat it by a
clear margin on text from unseen outlets is not worth shipping. Nothing here is tuned; the
recipe is fixed and written out in full so that nobody weakens it by accident.

Each (paragraph, party) pair: the party's aliases (the default registry's names,
case-insensitive; its cased aliases such as ``AS``/``US``/``EU`` case-sensitive) replaced by one
target token, the other parties' aliases by another, and a party-id token appended;
``TfidfVectorizer(word 1-2, sublinear_tf)`` + ``TfidfVectorizer(char_wb 2-5, sublinear_tf)``;
``LogisticRegression(C=1, class_weight="balanced", max_iter=3000)``; one model per language.

``PlainSentimentBaseline`` is the same recipe without masking, for paragraph sentiment.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

import numpy as np

__all__ = ["PlainStanceBaseline", "PlainSentimentBaseline", "plain_mask"]

TARGET_TOKEN = "xxtargetxx"
OTHER_TOKEN = "xxotherxx"


@lru_cache(maxsize=1)
def _alias_patterns() -> dict[str, re.Pattern]:
    """One whole-word pattern per default party: its aliases, cased ones matched as written."""
    from stance.parties import Registry

    patterns = {}
    for party, spec in Registry.default().spec().items():
        plain = sorted(spec["aliases"], key=len, reverse=True)
        cased = sorted(spec["cased_aliases"], key=len, reverse=True)
        alternatives = [f"(?i:{re.escape(a)})" for a in plain] + [re.escape(a) for a in cased]
        patterns[party] = re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)")
    return patterns


def plain_mask(text: str, target: str, spans=None) -> str:
    """``text`` with ``target``'s aliases as one token, other parties' as another, the party id last.

    With ``spans`` (character offsets of a named target, NewsMTSC-style) those spans are the
    target token instead, and the appended id is ``party_other``.
    """
    patterns = _alias_patterns()
    if spans:
        for start, end in sorted(spans, reverse=True):
            text = f"{text[:start]} {TARGET_TOKEN} {text[end:]}"
        target = "other"
    elif target in patterns:
        text = patterns[target].sub(f" {TARGET_TOKEN} ", text)
    for party, pattern in patterns.items():
        if party != target:
            text = pattern.sub(f" {OTHER_TOKEN} ", text)
    return f"{text} party_{target}"


class _TfidfLogReg:
    """word 1-2 + char_wb 2-5 TF-IDF (sublinear tf), balanced LogisticRegression(C=1)."""

    def __init__(self) -> None:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import make_pipeline, make_union

        self.pipeline = make_pipeline(
            make_union(TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True),
                       TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True)),
            LogisticRegression(C=1.0, class_weight="balanced", max_iter=3000),
        )

    def fit(self, texts: Sequence[str], y: np.ndarray, sample_weight=None) -> "_TfidfLogReg":
        self.pipeline.fit(list(texts), y, logisticregression__sample_weight=sample_weight)
        return self

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        """Probabilities with a column for every class id 0..2, even one unseen in training."""
        proba = self.pipeline.predict_proba(list(texts))
        out = np.zeros((len(proba), 3))
        out[:, self.pipeline.classes_] = proba
        return out


class PlainStanceBaseline(_TfidfLogReg):
    """The plain stance recipe on ``(texts, targets[, spans])``: see the module docstring."""

    def fit(self, texts, y, sample_weight=None, *, targets: Sequence[str] = (), spans=None) -> "PlainStanceBaseline":
        spans = spans if spans is not None else [None] * len(texts)
        super().fit([plain_mask(t, p, s) for t, p, s in zip(texts, targets, spans)], y, sample_weight)
        return self

    def predict_proba(self, texts, *, targets: Sequence[str] = (), spans=None) -> np.ndarray:
        spans = spans if spans is not None else [None] * len(texts)
        return super().predict_proba([plain_mask(t, p, s) for t, p, s in zip(texts, targets, spans)])


class PlainSentimentBaseline(_TfidfLogReg):
    """The plain recipe on paragraphs as they are (no masking), for sentiment."""
