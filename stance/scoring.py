"""Score articles: registry + models -> :class:`~stance.results.ArticleResult`.

>>> import stance
>>> result = stance.score("Rusia dan Tiongkok mengecam sanksi Barat.")   # doctest: +SKIP
>>> result.paragraphs[0].stances["west"].label                          # doctest: +SKIP
'negative'

:meth:`Scorer.score_many` streams: it reads ``batch_size`` articles from its input,
scores them as one batch (one featurisation pass per model) and yields their results
before reading more, so memory stays flat on any corpus size. With ``n_jobs > 1`` the
batches go to joblib workers, which load the model once each (from its path) instead of
receiving it with every batch.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from stance.exceptions import InputError, InputTypeError, param_error
from stance.parties import Registry
from stance.results import (
    ABSENT,
    CLASSES,
    ArticleResult,
    Label,
    ParagraphResult,
    PartyStance,
    summarize,
)
from stance.text import Paragraph, split_paragraphs

__all__ = ["MAX_PARAGRAPH_CHARS", "DEFAULT_BATCH_SIZE", "Scorer", "score", "score_many"]

#: Longest paragraph scored, in characters. A longer one is an error (the article is not
#: scored): it is almost always a file without line breaks, not a paragraph.
MAX_PARAGRAPH_CHARS = 100_000
#: Articles per batch in :meth:`Scorer.score_many`.
DEFAULT_BATCH_SIZE = 64

_models: dict[str | None, object] = {}  # loaded models by path, once per process
_registries: dict[str, Registry] = {}  # registry files by path, once per process


@dataclass(frozen=True)
class Prepared:
    """An article already split and checked (the CLI's readers hand these over)."""

    id: str | None
    paragraphs: tuple[Paragraph, ...]


class Scorer:
    """Scores articles with one model and one party registry; reuse it for many calls.

    Parameters
    ----------
    model : path, Model or None
        A model directory (see :func:`stance.load_model`), a loaded model, or None for
        the shipped default model.
    registry : path, Registry or None
        A party registry file (extending the default one, see ``docs/parties.md``), a
        :class:`~stance.parties.Registry`, or None for the default registry.
    """

    def __init__(self, model=None, registry=None) -> None:
        self._model_source = str(model) if isinstance(model, (str, Path)) else model
        self._registry_source = str(registry) if isinstance(registry, (str, Path)) else registry
        self.model = _resolve_model(self._model_source)
        self.registry = _resolve_registry(self._registry_source)

    def __repr__(self) -> str:
        return f"Scorer(model_id={self.model_id!r}, parties={self.registry.parties!r})"

    @property
    def model_id(self) -> str:
        return str(getattr(self.model, "model_id", "unknown"))

    # Workers rebuild the scorer from paths: the model is not pickled with every batch.
    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        if self._model_source is None or isinstance(self._model_source, str):
            state["model"] = None
        if self._registry_source is None or isinstance(self._registry_source, str):
            state["registry"] = None
        return state

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        if self.model is None:
            self.model = _resolve_model(self._model_source)
        if self.registry is None:
            self.registry = _resolve_registry(self._registry_source)

    # -- public API -------------------------------------------------------------------
    def score(self, text: str, *, parties=None, explain: int = 0, id: str | None = None) -> ArticleResult:
        """Score one article (paragraphs split by :func:`stance.text.split_paragraphs`)."""
        if not isinstance(text, str):
            raise InputTypeError(
                f"The 'text' parameter of score must be a str. Got {type(text).__name__}. "
                "Call score_many(texts) for many articles."
            )
        parties = self.check_parties(parties, "score")
        explain = _check_explain(explain, "score")
        prepared = Prepared(id, prepare(text, "The 'text' parameter of score"))
        return self._score_batch([(0, prepared)], parties, explain)[0]

    def score_many(self, texts: Iterable, *, parties=None, explain: int = 0, n_jobs: int = 1,
                   batch_size: int = DEFAULT_BATCH_SIZE) -> Iterator[ArticleResult]:
        """Score articles lazily, in input order: any iterable in, an iterator out.

        Items are article texts (``str``) or ``(id, text)`` pairs; the id is kept in
        :attr:`ArticleResult.id`. A bad item raises when the iterator reaches it, naming
        its position.
        """
        if isinstance(texts, (str, bytes)):
            raise InputTypeError(
                "The 'texts' parameter of score_many must be an iterable of str, not a single "
                f"{type(texts).__name__}. Call score(text) for one article, or pass [text]."
            )
        if not isinstance(texts, Iterable):
            raise InputTypeError(
                f"The 'texts' parameter of score_many must be an iterable of str. Got {type(texts).__name__}."
            )
        parties = self.check_parties(parties, "score_many")
        explain = _check_explain(explain, "score_many")
        if not (isinstance(batch_size, int) and not isinstance(batch_size, bool) and batch_size >= 1):
            raise param_error("score_many", "batch_size", "be a positive int", batch_size)
        if not (isinstance(n_jobs, int) and not isinstance(n_jobs, bool) and n_jobs != 0):
            raise param_error("score_many", "n_jobs", "be a non-zero int (-1: all CPUs)", n_jobs)
        batches = _batches(texts, batch_size)
        if n_jobs == 1:
            return itertools.chain.from_iterable(
                self._score_batch(b, parties, explain) for b in batches
            )
        return _parallel(self, batches, parties, explain, n_jobs)

    def check_parties(self, parties, owner: str = "Scorer") -> tuple[str, ...]:
        """Validate a party selection: None (all), a list of ids, or "id,id"."""
        known = self.registry.parties
        if parties is None:
            return known
        if isinstance(parties, str):
            parties = [p.strip() for p in parties.split(",") if p.strip()]
        if not isinstance(parties, Iterable) or not all(isinstance(p, str) for p in parties):
            raise InputTypeError(
                f"The 'parties' parameter of {owner} must be a list of party ids. Got {parties!r:.60}."
            )
        parties = tuple(dict.fromkeys(parties))
        unknown = [p for p in parties if p not in known]
        if unknown or not parties:
            raise param_error(owner, "parties", f"name parties of the registry ({', '.join(known)})",
                              unknown[0] if unknown else [])
        return parties

    # -- internals ----------------------------------------------------------------------
    def _score_batch(self, items: list, parties: tuple[str, ...], explain: int) -> list[ArticleResult]:
        docs = [_prepare_item(pos, item) for pos, item in items]
        flat = [p.text for d in docs for p in d.paragraphs]
        sentiment = _rows(self.model.sentiment.predict_proba(flat)) if flat else []
        mentions = self.registry.find_mentions(flat)
        queries, slots = _stance_queries(flat, mentions, parties)
        stance = _rows(self.model.stance.predict_proba(queries)) if queries else []
        stance_at = {slot: (q, row) for slot, q, row in zip(slots, queries, stance)}
        results, k = [], 0
        for doc in docs:
            paragraphs = []
            for para in doc.paragraphs:
                paragraphs.append(self._paragraph(para, sentiment[k], mentions[k], k, stance_at,
                                                  parties, explain))
                k += 1
            paragraphs = tuple(paragraphs)
            results.append(ArticleResult(paragraphs, summarize(paragraphs, parties), self.model_id,
                                         doc.id, parties))
        return results

    def _paragraph(self, para, proba, mentions, k, stance_at, parties, explain) -> ParagraphResult:
        why = _explain(self.model.sentiment, para.text, explain)
        stances = {}
        for party in parties:
            found = stance_at.get((k, party))
            if found is None:
                stances[party] = PartyStance(ABSENT, None, None)
                continue
            query, row = found
            own = tuple(m for m in mentions if m.party == party)
            label = _label(row)
            stances[party] = PartyStance(label.label, label.proba, label.score, own,
                                         _explain(self.model.stance, query, explain))
        sentiment = _label(proba)
        if why is not None:
            sentiment = Label(sentiment.label, sentiment.proba, sentiment.score, why)
        shown = tuple(m for m in mentions if m.party in parties)
        return ParagraphResult(para.index, para.text, para.start, para.end, sentiment, stances, shown)


def prepare(text: str, where: str) -> tuple[Paragraph, ...]:
    """Split an article into paragraphs, or raise :class:`InputError` saying why it can't be scored."""
    paragraphs = split_paragraphs(text)
    if not paragraphs:
        raise InputError(f"{where}: empty text (no non-blank paragraph) — remove it, or give it text")
    for p in paragraphs:
        if len(p.text) > MAX_PARAGRAPH_CHARS:
            raise InputError(
                f"{where}: paragraph {p.index + 1} has {len(p.text):,} characters, more than the "
                f"maximum of {MAX_PARAGRAPH_CHARS:,} — split it into paragraphs (one a line, or blank "
                "lines between them)"
            )
    return tuple(paragraphs)


def _prepare_item(pos: int, item) -> Prepared:
    if isinstance(item, Prepared):
        return item
    ident = None
    if isinstance(item, tuple) and len(item) == 2:
        ident, item = item
        ident = None if ident is None else str(ident)
    if not isinstance(item, str):
        raise InputTypeError(
            f"The 'texts' parameter of score_many must contain str or (id, str) pairs. Item {pos} "
            f"is {type(item).__name__}: {item!r:.60}. Decode bytes and drop missing values first."
        )
    return Prepared(ident, prepare(item, f"Item {pos} of 'texts'"))


def _batches(texts: Iterable, size: int) -> Iterator[list]:
    numbered = enumerate(texts)
    while batch := list(itertools.islice(numbered, size)):
        yield batch


def _stance_queries(texts, mentions, parties):
    from stance.model import StanceQuery

    queries, slots = [], []
    for k, (text, found) in enumerate(zip(texts, mentions)):
        if not found:
            continue
        for party in parties:
            spans = tuple((m.start, m.end) for m in found if m.party == party)
            if spans:
                other = tuple((m.start, m.end) for m in found if m.party != party)
                queries.append(StanceQuery(text, party, spans, other))
                slots.append((k, party))
    return queries, slots


def _rows(proba) -> list[list[float]]:
    """Probability rows as Python floats (one C-level conversion, not one per value)."""
    return proba.astype("float64").tolist()


def _label(row: list[float]) -> Label:
    neg, neu, pos = row
    best = 0 if neg >= neu and neg >= pos else (1 if neu >= pos else 2)
    proba = {"negative": round(neg, 6), "neutral": round(neu, 6), "positive": round(pos, 6)}
    return Label(CLASSES[best], proba, round(pos - neg, 6))


def _explain(model, query, k: int):
    if not k:
        return None
    from stance.explain import top_k

    return top_k(model.explain(query), k)


def _check_explain(explain, owner: str) -> int:
    if isinstance(explain, bool) or not isinstance(explain, int) or explain < 0:
        raise param_error(owner, "explain", "be a non-negative int (n-grams shown each way)", explain)
    return explain


def _resolve_model(source):
    if source is None or isinstance(source, str):
        if source not in _models:
            from stance.model import load_model

            _models[source] = load_model(source)
        return _models[source]
    if hasattr(source, "sentiment") and hasattr(source, "stance"):
        return source
    raise InputTypeError(
        f"The 'model' parameter of Scorer must be a model directory, a Model or None. Got {type(source).__name__}."
    )


def _resolve_registry(source) -> Registry:
    if source is None:
        return Registry.default()
    if isinstance(source, str):
        if source not in _registries:
            _registries[source] = Registry.from_file(source)
        return _registries[source]
    if isinstance(source, Registry):
        return source
    raise InputTypeError(
        f"The 'registry' parameter of Scorer must be a registry file, a Registry or None. Got {type(source).__name__}."
    )


def _parallel(scorer: Scorer, batches, parties, explain, n_jobs) -> Iterator[ArticleResult]:
    from joblib import Parallel, delayed

    run = Parallel(n_jobs=n_jobs, return_as="generator", pre_dispatch="2*n_jobs")
    work = (delayed(_score_in_worker)(scorer, batch, parties, explain) for batch in batches)
    for results in run(work):
        yield from results


def _score_in_worker(scorer: Scorer, batch, parties, explain) -> list[ArticleResult]:
    return scorer._score_batch(batch, parties, explain)


_default: Scorer | None = None


def _default_scorer() -> Scorer:
    global _default
    if _default is None:
        _default = Scorer()
    return _default


def score(text: str, *, parties=None, explain: int = 0) -> ArticleResult:
    """Score one article with the default model and registry (see :class:`Scorer`)."""
    return _default_scorer().score(text, parties=parties, explain=explain)


def score_many(texts: Iterable, *, parties=None, explain: int = 0, n_jobs: int = 1,
               batch_size: int = DEFAULT_BATCH_SIZE) -> Iterator[ArticleResult]:
    """Stream articles through the default model and registry (see :meth:`Scorer.score_many`)."""
    return _default_scorer().score_many(texts, parties=parties, explain=explain, n_jobs=n_jobs,
                                        batch_size=batch_size)
