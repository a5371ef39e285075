"""Score articles: registry + models -> :class:`~stance.results.ArticleResult`.

>>> import stance
>>> result = stance.score("Rusia dan Tiongkok mengecam sanksi Barat.")   # doctest: +SKIP
>>> result.paragraphs[0].stances["west"].label                          # doctest: +SKIP
'negative'

:meth:`Scorer.score_many` streams: it reads ``batch_size`` articles from its input,
scores them as one batch (one featurisation pass per model) and yields their results
before reading more, so memory stays flat on any corpus size. A batch also ends at
:data:`BATCH_PARAGRAPHS` paragraphs: per-batch costs are paid once for many paragraphs
(headline corpora too), and memory stays bounded with long articles. With ``n_jobs > 1``
the batches go to joblib workers, which load the model once each (from its path) instead
of receiving it with every batch; batches travel as plain tuples (see
:meth:`Prepared.__reduce__`), and the CLI has workers return output text, not results.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Union

import numpy as np

from stance.batches import BATCH_PARAGRAPHS, MAX_PARAGRAPH_CHARS, Prepared, batches, prepare
from stance.domain import ABSENT, CLASSES
from stance.exceptions import InputTypeError, input_error, param_error
from stance.parties import Registry
from stance.results import (
    ArticleResult,
    Label,
    ParagraphResult,
    PartyStance,
    summarize,
)

if TYPE_CHECKING:
    from stance.models import Model

Parties = Union[str, Sequence[str], None]  # a party selection: None (all), ids, or "id,id"

__all__ = ["MAX_PARAGRAPH_CHARS", "DEFAULT_BATCH_SIZE", "BATCH_PARAGRAPHS", "Scorer", "score", "score_many", "Prepared",
           "prepare"]

#: Articles per batch in :meth:`Scorer.score_many` (at most).
DEFAULT_BATCH_SIZE = 1024
_ABSENT = PartyStance(ABSENT, None, None)  # immutable: one instance serves every absent party

_models: dict[str | None, object] = {}  # loaded models by path, once per process
_registries: dict[str, Registry] = {}  # registry files by path, once per process


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

    def __init__(self, model: "str | Path | Model | None" = None, registry: "str | Path | Registry | None" = None) -> None:
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
    def score(self, text: str, *, parties: Parties = None, explain: int = 0, id: str | None = None) -> ArticleResult:
        """Score one article (paragraphs split by :func:`stance.text.split_paragraphs`)."""
        if not isinstance(text, str):
            raise param_error("score", "text", f"must be a str, got {type(text).__name__}",
                              "call score_many(texts) for many articles", InputTypeError)
        parties = self.check_parties(parties, "The 'parties' parameter of score")
        explain = _check_explain(explain, "score")
        prepared = Prepared(id, prepare(text, "The 'text' parameter of score"))
        return self._score_batch([prepared], parties, explain)[0]

    def score_many(self, texts: Iterable[str | tuple[str, str]], *, parties: Parties = None, explain: int = 0,
                   n_jobs: int = 1,
                   batch_size: int = DEFAULT_BATCH_SIZE) -> Iterator[ArticleResult]:
        """Score articles lazily, in input order: any iterable in, an iterator out.

        Items are article texts (``str``) or ``(id, text)`` pairs; the id is kept in
        :attr:`ArticleResult.id`. A bad item raises when the iterator reaches it, naming
        its position. A batch holds at most ``batch_size`` articles and ends early at
        :data:`BATCH_PARAGRAPHS` paragraphs.
        """
        selected, explain, batches = self._check_many(texts, parties, explain, n_jobs, batch_size)
        if n_jobs == 1:
            return itertools.chain.from_iterable(
                self._score_batch(b, selected, explain) for b in batches
            )
        return _parallel(self, batches, selected, explain, n_jobs, None)

    def score_rendered(self, texts: Iterable[str | tuple[str, str] | Prepared], render: Callable[[ArticleResult], str], *,
                       parties: Parties = None, explain: int = 0, n_jobs: int = 1,
                       batch_size: int = DEFAULT_BATCH_SIZE) -> Iterator[tuple[int, str]]:
        """Like :meth:`score_many`, but yields ``(paragraphs, render(result))`` per article.

        The CLI's path: with ``n_jobs > 1`` workers render (``render`` must pickle), so
        the main process receives strings instead of rebuilding result objects. Items may
        also be :class:`Prepared` articles (already split by :func:`prepare`), so that a
        caller can report a bad article and go on with the rest.
        """
        parties, explain, batches = self._check_many(texts, parties, explain, n_jobs, batch_size)
        if n_jobs == 1:
            for batch in batches:
                for result in self._score_batch(batch, parties, explain):
                    yield len(result.paragraphs), render(result)
            return
        yield from _parallel(self, batches, parties, explain, n_jobs, render)

    def _check_many(self, texts: object, parties: Parties, explain: int, n_jobs: int,
                    batch_size: int) -> tuple[tuple[str, ...], int, Iterator[list]]:
        if isinstance(texts, (str, bytes)):
            raise param_error("score_many", "texts", f"must be an iterable of str, not a single {type(texts).__name__}",
                              "call score(text) for one article, or pass [text]", InputTypeError)
        if not isinstance(texts, Iterable):
            raise param_error("score_many", "texts", f"must be an iterable of str, got {type(texts).__name__}",
                              "pass a list or another iterable of str", InputTypeError)
        parties = self.check_parties(parties, "The 'parties' parameter of score_many")
        explain = _check_explain(explain, "score_many")
        if not (isinstance(batch_size, int) and not isinstance(batch_size, bool) and batch_size >= 1):
            raise param_error("score_many", "batch_size", f"must be a positive int, got {batch_size!r:.60}",
                              f"pass e.g. batch_size={DEFAULT_BATCH_SIZE}")
        if not (isinstance(n_jobs, int) and not isinstance(n_jobs, bool) and n_jobs != 0):
            raise param_error("score_many", "n_jobs", f"must be a non-zero int, got {n_jobs!r:.60}",
                              "pass 1 (no workers), N workers, or -1 (one per CPU)")
        return parties, explain, batches(texts, batch_size)

    def check_parties(self, parties: Parties, where: str = "The 'parties' parameter of Scorer") -> tuple[str, ...]:
        """A party selection checked against the registry: the ids of ``parties`` (None: every
        party of the registry; a list of ids, or ``"id,id"``), in order, each once.

        A bad selection raises an error naming ``where`` (``stance score`` passes
        ``"--parties"``): :class:`InputTypeError` for ids that are not strings, a ``ValueError``
        for an unknown id or no id at all.
        """
        known = self.registry.parties
        if parties is None:
            return known
        if isinstance(parties, str):
            parties = [p.strip() for p in parties.split(",") if p.strip()]
        parties = list(parties) if isinstance(parties, Iterable) else parties
        if not isinstance(parties, list) or not all(isinstance(p, str) for p in parties):
            raise input_error(where, f"must be a list of party ids, got {parties!r:.60}",
                              f"pass ids of the registry, e.g. {list(known[:2])}", InputTypeError)
        unknown = [p for p in parties if p not in known]
        if unknown or not parties:
            problem = f"unknown party {unknown[0]!r}" if unknown else "no party given"
            raise input_error(where, problem, f"use ids of the registry: {', '.join(known)}")
        return tuple(dict.fromkeys(parties))

    # -- internals ----------------------------------------------------------------------
    def _score_batch(self, docs: list[Prepared], parties: tuple[str, ...], explain: int) -> list[ArticleResult]:
        flat = [p.text for d in docs for p in d.paragraphs]
        sentiment = _labels(self.model.sentiment.predict_proba(flat))
        mentions = self.registry.find_mentions(flat)
        queries, owners = _stance_queries(flat, mentions, parties)
        stance = _labels(self.model.stance.predict_proba(queries)) if queries else []
        found: list[dict | None] = [None] * len(flat)  # per paragraph: party -> PartyStance
        for (k, party, own), query, (label, proba, score) in zip(owners, queries, stance):
            why = _explain(self.model.stance, query, explain)
            if found[k] is None:
                found[k] = {}
            found[k][party] = PartyStance(label, proba, score, own, why)
        every_party = set(parties) >= set(self.registry.parties)
        selected = set(parties)
        absent = dict.fromkeys(parties, _ABSENT)
        results, k = [], 0
        for doc in docs:
            paragraphs = []
            for para in doc.paragraphs:
                label, proba, score = sentiment[k]
                why = _explain(self.model.sentiment, para.text, explain)
                present = found[k]
                if present is None:
                    stances = absent.copy()
                else:
                    stances = {p: present.get(p, _ABSENT) for p in parties}
                shown = tuple(mentions[k]) if every_party else tuple(m for m in mentions[k] if m.party in selected)
                paragraphs.append(ParagraphResult(para.index, para.text, para.start, para.end,
                                                  Label(label, proba, score, why), stances, shown))
                k += 1
            scored = tuple(paragraphs)
            results.append(ArticleResult(scored, summarize(scored, parties), self.model_id,
                                         doc.id, parties))
        return results


def _stance_queries(texts, mentions, parties):
    """One query per (paragraph, mentioned party), and its owner ``(k, party, mentions)``."""
    from stance.models import StanceQuery

    queries, owners = [], []
    for k, found in enumerate(mentions):
        if not found:
            continue
        text = texts[k]
        for party in parties:
            own = tuple(m for m in found if m.party == party)
            if own:
                spans = tuple((m.start, m.end) for m in own)
                other = tuple((m.start, m.end) for m in found if m.party != party)
                queries.append(StanceQuery(text, party, spans, other))
                owners.append((k, party, own))
    return queries, owners


def _labels(proba) -> list[tuple[str, dict[str, float], float]]:
    """``(label, proba, score)`` per row of class probabilities, in whole-array numpy.

    The label is the first most probable class; probabilities and ``P(pos) - P(neg)`` are
    rounded to 6 decimals exactly as Python's ``round`` does (see :func:`_round6`).
    """
    p = np.asarray(proba, dtype=np.float64)
    if not len(p):
        return []
    best = p.argmax(axis=1).tolist()
    scores = _round6(p[:, 2] - p[:, 0]).tolist()
    rows = _round6(p).tolist()
    names = CLASSES
    return [(names[b], dict(zip(names, row)), s) for b, row, s in zip(best, rows, scores)]


def _round6(x: np.ndarray) -> np.ndarray:
    """``round(v, 6)`` of every value, bit for bit, without a Python call per value.

    ``rint(v * 1e6) / 1e6`` is the double nearest to the rounded decimal (the division is
    correctly rounded) unless ``v * 1e6`` lies so close to a half that the product's own
    rounding could pick the other neighbour; those few values go through ``round``.
    """
    scaled = x * 1e6
    out = np.rint(scaled) / 1e6
    near_half = np.abs(np.abs(scaled - np.trunc(scaled)) - 0.5) < 1e-6
    if near_half.any():
        flat, where = out.reshape(-1), np.flatnonzero(near_half)
        flat[where] = [round(v, 6) for v in x.reshape(-1)[where].tolist()]
    return out


def _explain(model, query, k: int):
    if not k:
        return None
    from stance.explain import top_k

    return top_k(model.explain(query), k)


def _check_explain(explain, owner: str) -> int:
    if isinstance(explain, bool) or not isinstance(explain, int) or explain < 0:
        raise param_error(owner, "explain", f"must be a non-negative int, got {explain!r:.60}",
                          "pass the number of n-grams to show each way, or 0 for none")
    return explain


def _resolve_model(source):
    if source is None or isinstance(source, str):
        if source not in _models:
            from stance.loading import load_model

            _models[source] = load_model(source)
        return _models[source]
    if hasattr(source, "sentiment") and hasattr(source, "stance"):
        return source
    raise param_error("Scorer", "model", f"must be a model directory, a Model or None, got {type(source).__name__}",
                      "pass a directory, load_model(path), or None for the shipped model", InputTypeError)


def _resolve_registry(source) -> Registry:
    if source is None:
        return Registry.default()
    if isinstance(source, str):
        if source not in _registries:
            _registries[source] = Registry.from_file(source)
        return _registries[source]
    if isinstance(source, Registry):
        return source
    raise param_error("Scorer", "registry", f"must be a registry file, a Registry or None, got {type(source).__name__}",
                      "pass a file, Registry.from_file(path), or None for the default registry", InputTypeError)


def _parallel(scorer: Scorer, batches, parties, explain, n_jobs, render) -> Iterator:
    from joblib import Parallel, delayed

    run = Parallel(n_jobs=n_jobs, return_as="generator", pre_dispatch="2*n_jobs")
    work = (delayed(_score_in_worker)(scorer, batch, parties, explain, render) for batch in batches)
    for results in run(work):
        yield from results


def _score_in_worker(scorer: Scorer, batch, parties, explain, render) -> list:
    results = scorer._score_batch(batch, parties, explain)
    if render is None:
        return results
    return [(len(r.paragraphs), render(r)) for r in results]


_default: Scorer | None = None


def _default_scorer() -> Scorer:
    global _default
    if _default is None:
        _default = Scorer()
    return _default


def score(text: str, *, parties: Parties = None, explain: int = 0) -> ArticleResult:
    """Score one article with the default model and registry (see :class:`Scorer`)."""
    return _default_scorer().score(text, parties=parties, explain=explain)


def score_many(texts: Iterable[str | tuple[str, str]], *, parties: Parties = None, explain: int = 0, n_jobs: int = 1,
               batch_size: int = DEFAULT_BATCH_SIZE) -> Iterator[ArticleResult]:
    """Stream articles through the default model and registry (see :meth:`Scorer.score_many`)."""
    return _default_scorer().score_many(texts, parties=parties, explain=explain, n_jobs=n_jobs,
                                        batch_size=batch_size)
