"""What scoring returns: frozen dataclasses with ``to_dict()``, and the article roll-up.

The JSON form (``to_dict()``) is a stable, documented schema: ``docs/schema.json``
(JSON Schema 2020-12), described in ``docs/api.md``. Add fields, never rename or remove
them, without bumping :data:`SCHEMA_VERSION`. ``to_dict()`` is the only place that spells
the shape: the json and jsonl writers (:mod:`stance.writers`) write its JSON text, so it is
on ``stance score``'s hot path (no comprehension where most results have nothing to list).

Scores are ``P(positive) - P(negative)``, in ``[-1, 1]``. Mention offsets index the
paragraph's text (``paragraph.text[m.start:m.end] == m.text``); paragraph offsets index
the article.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, cast

from stance.domain import ABSENT, CLASSES
from stance.parties import Mention

if TYPE_CHECKING:
    import pandas

__all__ = [
    "SCHEMA_VERSION",
    "Explanation",
    "Label",
    "PartyStance",
    "ParagraphResult",
    "RollUp",
    "Summary",
    "ArticleResult",
    "summarize",
]

SCHEMA_VERSION = 1
Z95 = 1.959963984540054  # two-sided 95% normal quantile


@dataclass(frozen=True)
class Explanation:
    """The k n-grams that pushed a score most each way, with exact contributions.

    ``bias + sum(c for _, c in positive) + sum(c for _, c in negative) + rest == margin``,
    where ``margin`` is the calibrated ``logit(positive) - logit(negative)`` and ``rest``
    sums the contributions of the n-grams not listed.
    """

    margin: float
    bias: float
    positive: tuple[tuple[str, float], ...]
    negative: tuple[tuple[str, float], ...]
    rest: float

    def to_dict(self) -> dict:
        return {
            "margin": self.margin,
            "bias": self.bias,
            "positive": [{"ngram": g, "contribution": c} for g, c in self.positive],
            "negative": [{"ngram": g, "contribution": c} for g, c in self.negative],
            "rest": self.rest,
        }


@dataclass(frozen=True)
class Label:
    """A three-way prediction: its label, class probabilities and score."""

    label: str
    proba: Mapping[str, float]
    score: float
    explanation: Explanation | None = None

    def to_dict(self) -> dict:
        return {
            "label": self.label,
            "proba": dict(self.proba),
            "score": self.score,
            "explanation": None if self.explanation is None else self.explanation.to_dict(),
        }


@dataclass(frozen=True)
class PartyStance:
    """The stance of one paragraph toward one party.

    A party the paragraph does not mention has ``label == "absent"`` and ``proba``,
    ``score`` and ``explanation`` None: it gets no stance.
    """

    label: str
    proba: Mapping[str, float] | None
    score: float | None
    mentions: tuple[Mention, ...] = ()
    explanation: Explanation | None = None

    @property
    def present(self) -> bool:
        return self.label != ABSENT

    def to_dict(self) -> dict:
        return {
            "label": self.label,
            "proba": None if self.proba is None else dict(self.proba),
            "score": self.score,
            "mentions": _mention_dicts(self.mentions),
            "explanation": None if self.explanation is None else self.explanation.to_dict(),
        }


@dataclass(frozen=True)
class ParagraphResult:
    """One scored paragraph: ``start``/``end`` index the article."""

    index: int
    text: str
    start: int
    end: int
    sentiment: Label
    stances: Mapping[str, PartyStance]
    mentions: tuple[Mention, ...] = ()

    def to_dict(self) -> dict:
        return {
            "index": self.index,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "sentiment": self.sentiment.to_dict(),
            "stances": {p: s.to_dict() for p, s in self.stances.items()},
            "mentions": _mention_dicts(self.mentions),
        }


@dataclass(frozen=True)
class RollUp:
    """Paragraph scores rolled up over an article.

    ``score`` is the weighted mean paragraph score (weights: mentions of the party for a
    party, 1 for sentiment), ``stderr`` its standard error (None with fewer than two
    paragraphs), ``interval`` a 95% normal interval clipped to [-1, 1]. ``counts`` are
    paragraphs per label; ``decisive`` is the index of the paragraph with the largest
    absolute score (the first one on ties). Without any paragraph, ``score`` is None.
    """

    score: float | None
    stderr: float | None
    interval: tuple[float, float] | None
    counts: Mapping[str, int]
    paragraphs: int
    mentions: int
    decisive: int | None

    def to_dict(self) -> dict:
        return {
            "score": self.score,
            "stderr": self.stderr,
            "interval": None if self.interval is None else list(self.interval),
            "counts": dict(self.counts),
            "paragraphs": self.paragraphs,
            "mentions": self.mentions,
            "decisive": self.decisive,
        }


@dataclass(frozen=True)
class Summary:
    """The article roll-up: overall sentiment and one :class:`RollUp` per party."""

    sentiment: RollUp
    parties: Mapping[str, RollUp]

    def to_dict(self) -> dict:
        return {
            "sentiment": self.sentiment.to_dict(),
            "parties": {p: r.to_dict() for p, r in self.parties.items()},
        }


@dataclass(frozen=True)
class ArticleResult:
    """A scored article: its paragraphs, roll-up, and the model that scored it."""

    paragraphs: tuple[ParagraphResult, ...]
    summary: Summary
    model_id: str
    id: str | None = None
    parties: tuple[str, ...] = field(default=())

    def to_dict(self, *, summary_only: bool = False) -> dict:
        out: dict = {"schema": SCHEMA_VERSION, "id": self.id, "model_id": self.model_id}
        out["parties"] = list(self.parties)
        out["summary"] = self.summary.to_dict()
        if not summary_only:
            out["paragraphs"] = [p.to_dict() for p in self.paragraphs]
        return out

    def to_frame(self) -> "pandas.DataFrame":
        """One row per paragraph as a ``pandas.DataFrame`` (needs pandas installed)."""
        try:
            import pandas as pd
        except ImportError:
            raise _missing_pandas() from None
        return pd.DataFrame(paragraph_rows(self))


def paragraph_rows(article: ArticleResult) -> list[dict]:
    """Flat rows, one per paragraph: the CSV output and ``to_frame()`` share them."""
    rows = []
    for p in article.paragraphs:
        row = {
            "id": article.id,
            "paragraph": p.index,
            "start": p.start,
            "end": p.end,
            "sentiment": p.sentiment.label,
            "sentiment_score": p.sentiment.score,
        }
        for party in article.parties:
            stance = p.stances[party]
            row[f"{party}"] = stance.label
            row[f"{party}_score"] = stance.score
            row[f"{party}_mentions"] = len(stance.mentions)
        row["text"] = p.text
        rows.append(row)
    return rows


def summary_rows(article: ArticleResult) -> list[dict]:
    """Flat rows, one per article and target (``sentiment`` first, then each party)."""
    rows = []
    targets = [("sentiment", article.summary.sentiment)]
    targets += [(p, article.summary.parties[p]) for p in article.parties]
    for target, r in targets:
        rows.append(
            {
                "id": article.id,
                "target": target,
                "score": r.score,
                "stderr": r.stderr,
                "low": None if r.interval is None else r.interval[0],
                "high": None if r.interval is None else r.interval[1],
                **{c: r.counts[c] for c in CLASSES},
                "paragraphs": r.paragraphs,
                "mentions": r.mentions,
                "decisive": r.decisive,
            }
        )
    return rows


def _mention_dicts(mentions: tuple[Mention, ...]) -> list[dict]:
    if not mentions:  # most paragraphs and stances: no comprehension to set up
        return []
    return [{"party": m.party, "start": m.start, "end": m.end, "text": m.text} for m in mentions]


def _missing_pandas() -> Exception:
    from stance.exceptions import StanceError, input_error

    class MissingDependencyError(StanceError, ImportError):
        pass

    return input_error("ArticleResult.to_frame()", "needs pandas, which is not installed",
                       "install it: pip install pandas", MissingDependencyError)


# -- roll-up -------------------------------------------------------------------------------


def roll_up(scores: Sequence[float], labels: Sequence[str], weights: Sequence[float],
            indices: Sequence[int]) -> RollUp:
    """Weighted mean, its standard error and a 95% interval, label counts, decisive paragraph.

    The standard error is the usual one for a weighted (ratio) mean:
    ``sqrt(n / (n - 1) * sum(w_i**2 * (s_i - mean)**2)) / sum(w)``; it equals the plain
    standard error of the mean when all weights are equal.
    """
    counts = {c: 0 for c in CLASSES}
    for label in labels:
        counts[label] += 1
    n = len(scores)
    if n == 0:
        return RollUp(None, None, None, counts, 0, 0, None)
    total = float(sum(weights))
    mean = sum(w * s for w, s in zip(weights, scores)) / total
    stderr = interval = None
    if n > 1:
        spread = sum((w * (s - mean)) ** 2 for w, s in zip(weights, scores))
        stderr = math.sqrt(n / (n - 1) * spread) / total
        interval = (max(-1.0, mean - Z95 * stderr), min(1.0, mean + Z95 * stderr))
    best = max(range(n), key=lambda i: (abs(scores[i]), -i))
    return RollUp(mean, stderr, interval, counts, n, int(total), indices[best])


def summarize(paragraphs: Sequence[ParagraphResult], parties: Sequence[str]) -> Summary:
    """The article roll-up of scored paragraphs (sentiment, then each party in ``parties``)."""
    sentiment = roll_up(
        [p.sentiment.score for p in paragraphs],
        [p.sentiment.label for p in paragraphs],
        [1.0] * len(paragraphs),
        [p.index for p in paragraphs],
    )
    sentiment = _with_mentions(sentiment, 0)  # sentiment weighs paragraphs, not mentions
    per_party = {}
    for party in parties:
        present = [(p, p.stances[party]) for p in paragraphs if p.stances[party].present]
        per_party[party] = roll_up(
            [cast(float, s.score) for _, s in present],  # a present party always has a score
            [s.label for _, s in present],
            [float(len(s.mentions)) for _, s in present],
            [p.index for p, _ in present],
        )
    return Summary(sentiment, per_party)


def _with_mentions(r: RollUp, mentions: int) -> RollUp:
    return RollUp(r.score, r.stderr, r.interval, r.counts, r.paragraphs, mentions, r.decisive)
