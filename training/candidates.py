"""Candidates for :mod:`training.yardstick`: ``name -> (make(seed), stochastic)``.

Stance (``CANDIDATES``):

- ``baseline``: the plain recipe (:class:`benchmarks.peers.PlainStanceBaseline`), one model per
  language, trained on that language's rows only;
- ``before``: the recipe of the model shipped before the stance issue (views ``masked``, ``near``,
  ``cue``; SGD over both languages' annotations);
- ``recipe``: the recipe the build ships now (``training/configs/default.json`` over
  ``stance.train.DEFAULT_CONFIG``), and ``recipe-*``: one change each to it.

Sentiment (``SENTIMENT_CANDIDATES``): ``baseline`` (the plain recipe without masking), ``shipped``
(the sentiment recipe the build ships) and variants.
"""

from __future__ import annotations

import json

import numpy as np

from benchmarks.peers import PlainSentimentBaseline, PlainStanceBaseline
from stance.models import StanceQuery
from training.yardstick import Pairs

__all__ = ["CANDIDATES"]


class Baseline:
    def __init__(self, seed: int = 0) -> None:
        self.model = PlainStanceBaseline()

    def fit(self, train: Pairs, lang: str) -> "Baseline":
        own = train.take(np.flatnonzero(train.lang == lang))
        self.model.fit(own.text, own.y, targets=own.target)
        return self

    def predict_proba(self, test: Pairs) -> np.ndarray:
        return self.model.predict_proba(test.text, targets=test.target)


def queries(pairs: Pairs) -> tuple[list[StanceQuery], np.ndarray]:
    from stance.train import stance_queries

    rows = [{"text": t, "target": p} for t, p in zip(pairs.text, pairs.target)]
    return stance_queries(rows)


CANDIDATES = {"baseline": (Baseline, False)}


class BaselineVectors:
    """The plain baseline's features plus dense blocks from :mod:`training.vectors`: the mean
    word vector of the masked paragraph and of the words within five of the target (for
    ``task="sentiment"``: the paragraph's mean word vector, on the unmasked baseline), each
    scaled to unit length and weighted ``weight`` (the form stance ships, unscaled means folded into
    per-word weights, is the recipe's ``~vec`` views: ``recipe-*-vectors``).
    Vectors are learned per fold from the pools the fold may read and the training paragraphs.
    """

    def __init__(self, seed: int = 0, *, weight: float = 0.5, root=None, task: str = "stance") -> None:
        self.weight, self.root, self.task = weight, root, task

    def fit(self, train: Pairs, lang: str) -> "BaselineVectors":
        from training import vectors
        from training.loaders import data_dir

        own = train.take(np.flatnonzero(train.lang == lang))
        texts = vectors.fold_texts(train, lang, data_dir(self.root))
        self.index, self.vectors = vectors.train_vectors(texts + list(dict.fromkeys(own.text)))
        self.model = PlainStanceBaseline() if self.task == "stance" else PlainSentimentBaseline()
        masked = self._masked(own)
        union = self.model.pipeline.steps[0][1]
        from sklearn.linear_model import LogisticRegression

        X = self._design(union.fit_transform(masked), masked)
        self.clf = LogisticRegression(C=1.0, class_weight="balanced", max_iter=3000).fit(X, own.y)
        return self

    def predict_proba(self, test: Pairs) -> np.ndarray:
        masked = self._masked(test)
        X = self._design(self.model.pipeline.steps[0][1].transform(masked), masked)
        out = np.zeros((len(test), 3))
        out[:, self.clf.classes_] = self.clf.predict_proba(X)
        return out

    def _masked(self, pairs: Pairs) -> list[str]:
        """The texts the baseline reads: masked for stance, the paragraphs as they are for sentiment."""
        from benchmarks.peers import plain_mask

        if self.task != "stance":
            return list(pairs.text)
        return [plain_mask(t, p) for t, p in zip(pairs.text, pairs.target)]

    def _design(self, sparse_block, masked: list[str]):
        import scipy.sparse as sp

        from benchmarks.peers import TARGET_TOKEN
        from training.vectors import mean_vectors

        blocks = [sparse_block]
        for near in (None, TARGET_TOKEN) if self.task == "stance" else (None,):
            dense = mean_vectors(masked, self.index, self.vectors, near=near)
            dense /= np.linalg.norm(dense, axis=1, keepdims=True) + 1e-9
            blocks.append(sp.csr_matrix(self.weight * dense))
        return sp.hstack(blocks).tocsr()


CANDIDATES.update({
    "baseline-vectors": (BaselineVectors, False),
})


# -- the recipe behind the shipped model, from a config section ----------------------------------

class Recipe:
    """``stance.train.fit_design`` on the views a config's ``stance`` section names.

    Trains on the registry-found pairs of ``langs`` (``"own"``: the test language only;
    ``"both"``), each weighted by ``source_weights`` (item prefix -> weight, default 1).
    Predicts every test pair: a pair whose target the registry misses is scored from its
    views without a target mention (``nomention``), as ``stance evaluate`` does.
    """

    def __init__(self, seed: int = 0, *, section: dict, langs: str = "both", source_weights: dict | None = None,
                 extra: dict | None = None, root=None, balance_by_source: bool = False) -> None:
        self.seed, self.section, self.langs, self.balance_by_source = seed, section, langs, balance_by_source
        self.source_weights, self.extra, self.root = source_weights or {}, extra or {}, root

    def fit(self, train: Pairs, lang: str) -> "Recipe":
        from stance.models import StanceModel
        from stance.train import design, featurizers_for, fit_design, query_views, word_projections
        from stance.views import is_derived

        if self.langs == "own":
            train = train.take(np.flatnonzero(train.lang == lang))
        qs, found = queries(train)
        keep = np.flatnonzero(found)
        qs, y = [qs[i] for i in keep], train.y[keep]
        weight = np.array([self.source_weights.get(s, 1.0) for s in train.source[keep]])
        sources = train.source[keep]
        for name, w in self.extra.items():
            extra_qs, extra_y = extra_rows(name, self.root)
            qs, y = qs + extra_qs, np.concatenate([y, extra_y])
            weight = np.concatenate([weight, np.full(len(extra_y), w)])
            sources = np.concatenate([sources, np.full(len(extra_y), name, dtype=object)])
        section = self.section
        if self.balance_by_source:  # classes balanced within each source, each source keeping its mass
            weight = weight * source_balance(sources, y)
            section = {**section, "class_weight": None}
        self.featurizers = featurizers_for(self.section["views"])
        derived = [n for n in self.featurizers if is_derived(n)]
        views = query_views(qs, window=self.section.get("window", 5), derived=derived)
        X = design(self.featurizers, views)
        projections = word_projections(self.featurizers, section, self._unlabelled(train, lang) + [q.text for q in qs],
                                       seed=self.seed)
        linear = fit_design(X, y, self.featurizers, section, sample_weight=weight, seed=self.seed,
                            projections=projections)
        self.model = StanceModel(linear, window=self.section.get("window", 5))
        return self

    def _unlabelled(self, train: Pairs, lang: str) -> list[str]:
        from training.loaders import data_dir

        return _pools(self.section, train, lang, data_dir(self.root))

    def predict_proba(self, test: Pairs) -> np.ndarray:
        return self.model.predict_proba(queries(test)[0])

    def logits(self, test: Pairs) -> np.ndarray:
        """Logits divided by the model's temperature (1 until the build sets it)."""
        return self.model.decision_function(queries(test)[0])


def _pools(section: dict, train: Pairs, lang: str, root) -> list[str]:
    """The news pools of ``lang`` a fold whose training rows are ``train`` may read
    (:func:`training.vectors.fold_texts`), when ``section`` has word-vector views; else none."""
    from stance.models.fitting import VECTOR_VIEW
    from training.vectors import fold_texts

    if not any(name.endswith(VECTOR_VIEW) for name in section["views"]):
        return []
    return fold_texts(train, lang, root)


def source_balance(sources: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Per-row factors ``n_s / (k_s * n_sc)``: each source's classes weigh the same (``k_s`` the
    number of classes the source has), and the source's rows still sum to ``n_s``."""
    factor = np.ones(len(y))
    for s in np.unique(sources):
        rows = np.flatnonzero(sources == s)
        counts = np.bincount(y[rows], minlength=3)
        factor[rows] = len(rows) / (np.count_nonzero(counts) * counts[y[rows]])
    return factor


_EXTRA: dict = {}


def extra_rows(name: str, root=None) -> tuple[list[StanceQuery], np.ndarray]:
    """Queries and labels of an extra stance corpus (``newsmtsc_train``), always in training.

    Sentences that also stand in our annotations are dropped, so that no test paragraph is
    seen through them.
    """
    from training.loaders import data_dir

    root = data_dir(root)
    key = (name, str(root))
    if key not in _EXTRA:
        from stance.train import labels_to_y, stance_queries
        from training.loaders import stance_rows

        ours = "\n".join(json.loads(line)["text"] for f in ("paragraphs_en.jsonl", "paragraphs_id.jsonl")
                         for line in open(root / "annotations" / f, encoding="utf-8"))
        rows = [r for r in stance_rows(root, name) if r["text"][:80] not in ours]
        qs, found = stance_queries(rows)
        _EXTRA[key] = ([q for q, f in zip(qs, found) if f], labels_to_y([r["label"] for r, f in zip(rows, found) if f]))
    return _EXTRA[key]


def recipe_config(path=None) -> dict:
    """The build's config (``training/configs/default.json`` over ``stance.train.DEFAULT_CONFIG``)."""
    from pathlib import Path

    from stance.train import DEFAULT_CONFIG, merge_config

    path = Path(path) if path else Path(__file__).resolve().parent / "configs" / "default.json"
    return merge_config(DEFAULT_CONFIG, json.loads(path.read_text(encoding="utf-8")))


def _from_config(seed: int, **changes) -> Recipe:
    """The shipped recipe (the build's config), with ``changes`` to its stance section or kwargs."""
    config = recipe_config()
    kwargs = {"langs": changes.pop("langs", "both"), "source_weights": changes.pop("source_weights", None),
              "balance_by_source": changes.pop("balance_by_source", False),
              "extra": changes.pop("extra", config.get("stance_extra"))}
    return Recipe(seed, section={**config["stance"], **changes}, **kwargs)


def _variant(**changes):
    return lambda seed: _from_config(seed, **changes)


BEFORE = {  # the stance section of the config shipped before the stance issue
    "views": {
        "masked": {"word_ngrams": [1, 2], "char_ngrams": None, "n_features": 2**18},
        "near": {"word_ngrams": [1, 2], "char_ngrams": [3, 5], "n_features": 2**18},
        "cue": {"word_ngrams": [1, 2], "char_ngrams": None, "n_features": 2**12, "norm": None},
    },
    "window": 5, "alpha": 5e-5, "epochs": 20, "class_weight": "balanced",
}

_MEAN_WORDS = {"word_ngrams": [1, 1], "char_ngrams": None, "n_features": 2**17, "norm": "mean"}
VECTOR_VIEWS = {"masked~vec": _MEAN_WORDS, "near~vec": _MEAN_WORDS}
# the recipe's views with every character-n-gram view at unit length and sublinear counts
L2_VIEWS = {k: ({**v, "norm": "l2", "sublinear_tf": True} if v.get("char_ngrams") else v)
            for k, v in recipe_config()["stance"]["views"].items()}

CANDIDATES.update({
    "before": (lambda seed: Recipe(seed, section=BEFORE, langs="both"), True),
    "recipe": (_variant(), False),
    # variants measured on the way (docs/model-card.md, "Known limits"), each one change to the recipe
    "recipe-own-language": (_variant(langs="own"), False),
    "recipe-no-newsmtsc": (_variant(extra={}), False),
    "recipe-near-x2": (_variant(view_scale={"near": 2.0}), False),
    "recipe-masked-x0.5": (_variant(view_scale={"masked": 0.5}), False),
    "recipe-translations-0.5": (_variant(source_weights={"allsides-tr": 0.5}), False),
    "recipe-window-8": (_variant(window=8), False),
    "recipe-no-gated": (_variant(views={k: v for k, v in recipe_config()["stance"]["views"].items() if "@" not in k}),
                        False),
    "recipe-no-idf": (_variant(idf=[], C=1.0), False),
    "recipe-l2": (_variant(views=L2_VIEWS, idf=[], C=1.0), False),
    "recipe-source-balanced": (_variant(balance_by_source=True), False),
    "recipe-l2-source-balanced": (_variant(views=L2_VIEWS, idf=[], C=1.0, balance_by_source=True), False),
    "recipe-masked-only": (_variant(views={"masked": recipe_config()["stance"]["views"]["masked"]}), False),
    # word vectors from the unlabelled pools (stance.vectors), folded into per-word weights
    "recipe-vectors": (_variant(views={**recipe_config()["stance"]["views"], **VECTOR_VIEWS}), False),
    "recipe-l2-source-balanced-vectors": (
        _variant(views={**L2_VIEWS, **VECTOR_VIEWS},
                 idf=[], C=1.0, balance_by_source=True), False),
    # the same without l2 / sublinear counts: every view stays on the scoring kernel's linear path
    "recipe-no-idf-source-balanced-vectors": (
        _variant(views={**recipe_config()["stance"]["views"], **VECTOR_VIEWS},
                 idf=[], C=1.0, balance_by_source=True), False),

})


# -- sentiment ---------------------------------------------------------------------------------

EXTRA_SENTIMENT = {"smsa_train": 0.5, "nusax_id_train": 2.0, "nusax_en_train": 4.0}


class SentimentBaseline:
    """The plain recipe without masking, on the test language's annotated paragraphs."""

    def __init__(self, seed: int = 0) -> None:
        self.model = PlainSentimentBaseline()

    def fit(self, train: Pairs, lang: str) -> "SentimentBaseline":
        own = train.take(np.flatnonzero(train.lang == lang))
        self.model.fit(own.text, own.y)
        return self

    def predict_proba(self, test: Pairs) -> np.ndarray:
        return self.model.predict_proba(test.text)


class SentimentRecipe:
    """``fit_design`` on the paragraphs of both languages plus SmSA and NusaX train (always in
    training: they share no article with ours), each corpus weighted as ``extra`` says."""

    def __init__(self, seed: int = 0, *, section: dict, extra: dict = EXTRA_SENTIMENT,
                 source_weights: dict | None = None, root=None) -> None:
        self.seed, self.section, self.extra = seed, section, extra
        self.source_weights, self.root = source_weights or {}, root

    def fit(self, train: Pairs, lang: str) -> "SentimentRecipe":
        from stance.models import SentimentModel
        from stance.models.scorers import text_views
        from stance.train import design, featurizers_for, fit_design, labels_to_y, word_projections
        from training.loaders import data_dir, sentiment_rows

        root = data_dir(self.root)
        rows = [(r["text"], r["label"], w) for name, w in self.extra.items() for r in sentiment_rows(root, name)]
        # the extra corpora first, as the recipe has always been fitted (SGD depends on the order)
        texts = [t for t, _, _ in rows] + list(train.text)
        y = np.concatenate([labels_to_y([l for _, l, _ in rows]),
                            train.y])
        weight = np.array([w for _, _, w in rows] + [self.source_weights.get(s, 1.0) for s in train.source])
        featurizers = featurizers_for(self.section["views"])
        X = design(featurizers, text_views(texts, featurizers))
        projections = word_projections(featurizers, self.section, _pools(self.section, train, lang, root) + texts,
                                       seed=self.seed)
        self.model = SentimentModel(fit_design(X, y, featurizers, self.section, sample_weight=weight, seed=self.seed,
                                               projections=projections))
        return self

    def predict_proba(self, test: Pairs) -> np.ndarray:
        return self.model.predict_proba(list(test.text))

    def logits(self, test: Pairs) -> np.ndarray:
        return self.model.decision_function(list(test.text))


def _sentiment(section: dict, **kwargs):
    return lambda seed: SentimentRecipe(seed, section=section, **kwargs)


SENTIMENT_LBFGS = {"solver": "lbfgs", "C": 1.0, "tol": 1e-3, "max_iter": 3000, "class_weight": "balanced",
                   "views": {"text": {"word_ngrams": [1, 2], "char_ngrams": [2, 5], "n_features": 2**18}}}
SENTIMENT_CANDIDATES = {
    "baseline": (SentimentBaseline, False),
    "shipped": (lambda seed: SentimentRecipe(seed, section=recipe_config()["sentiment"]), True),
    "sentiment-lbfgs": (_sentiment(SENTIMENT_LBFGS), False),
    "sentiment-lbfgs-news-only": (_sentiment(SENTIMENT_LBFGS, extra={}), False),
    "baseline-vectors": (lambda seed: BaselineVectors(seed, task="sentiment"), False),
    # the paragraph's mean word vector (stance.vectors) as a folded view
    "sentiment-lbfgs-vectors": (_sentiment({**SENTIMENT_LBFGS, "views": {**SENTIMENT_LBFGS["views"],
                                                                          "text~vec": _MEAN_WORDS}}), False),
}
