"""Word vectors (stance.vectors) and their folding into a linear model's weights (stance.models.fitting)."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp

from stance.features import Featurizer
from stance.models import LinearViews, query_views
from stance.models.fitting import design, featurizers_for, fit_design, word_projections
from stance.train import labels_to_y
from stance.vectors import projection, train_vectors
from tests.test_model import STANCE

# two topics that never share a sentence: words of one topic end up closer to each other
_MARKET = "harga beras naik pasar pedagang mengeluh minyak gula".split()
_FOOTBALL = "tim sepak bola menang stadion penonton bersorak gol".split()
_RNG = np.random.default_rng(0)
_CORPUS = [" ".join(_RNG.choice(topic, 6)) for _ in range(80) for topic in (_MARKET, _FOOTBALL)]


def test_words_that_share_contexts_get_closer_vectors_than_words_that_do_not():
    words, vectors = train_vectors(_CORPUS, dim=3, min_count=2)
    v = dict(zip(words, vectors))
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    within = np.mean([v[a] @ v[b] for t in (_MARKET, _FOOTBALL) for a in t for b in t if a != b])
    across = np.mean([v[a] @ v[b] for a in _MARKET for b in _FOOTBALL])
    assert within > across + 0.5


def test_too_little_text_for_the_dimension_is_a_clear_error():
    with pytest.raises(ValueError, match=r"^The 'texts' parameter of train_vectors: has 0 distinct words seen 3 times or more, "
                                         r"and 200-dimensional vectors need more than 200 — give more unlabelled text, or a smaller dim$"):
        train_vectors(["satu dua tiga"], dim=200)


def test_a_mean_norm_unigram_view_times_the_projection_is_the_mean_word_vector():
    words, vectors = train_vectors(_CORPUS, dim=4, min_count=2)
    featurizer = Featurizer(word_ngrams=(1, 1), char_ngrams=None, n_features=2**16, norm="mean")
    P = projection(featurizer, words, vectors)
    text = "Harga beras, kemarin"  # "kemarin" has no vector, nor ",": each counts as a zero
    v = dict(zip(words, vectors))
    expected = (v["harga"] + v["beras"]) / 4
    np.testing.assert_allclose(featurizer.transform([text]) @ P, expected[None], atol=1e-6)


def test_vector_views_are_folded_into_per_bucket_weights_that_score_like_the_fitted_classifier():
    from sklearn.linear_model import LogisticRegression

    mean_words = {"word_ngrams": [1, 1], "char_ngrams": None, "n_features": 2**12, "norm": "mean"}
    section = {"views": {"masked": {"word_ngrams": [1, 2], "char_ngrams": None, "n_features": 2**12},
                         "masked~vec": mean_words, "near~vec": mean_words},
               "idf": ["masked"], "vectors": {"dim": 3, "weight": 3.0, "min_count": 1},
               "solver": "lbfgs", "C": 1.0, "tol": 1e-8, "max_iter": 5000, "class_weight": "balanced"}
    queries, labels = zip(*STANCE)
    featurizers = featurizers_for(section["views"])
    views = query_views(list(queries), derived=["masked~vec", "near~vec"])
    assert views["masked~vec"] == views["masked"] and views["near~vec"] == views["near"]
    projections = word_projections(featurizers, section, [q.text for q in queries] + list(_CORPUS))
    assert set(projections) == {"masked~vec", "near~vec"}
    X, y = design(featurizers, views), labels_to_y(labels)
    linear = fit_design(X, y, featurizers, section, projections=projections)
    assert linear.weights["masked~vec"].shape == (2**12, 3)
    # the same fit by hand: IDF on the sparse view, the vector views as dense columns
    n = 2**12
    masked = X[:, :n]
    idf = 1.0 + np.log((1.0 + X.shape[0]) / (1.0 + np.bincount(masked.indices, minlength=n)))
    dense = [X[:, n:2 * n] @ projections["masked~vec"], X[:, 2 * n:] @ projections["near~vec"]]
    by_hand = sp.hstack([masked @ sp.diags(idf), sp.csr_matrix(np.hstack(dense))], format="csr")
    clf = LogisticRegression(C=1.0, class_weight="balanced", tol=1e-8, max_iter=5000).fit(by_hand, y)
    np.testing.assert_allclose(linear.logits(views), clf.decision_function(by_hand), rtol=1e-3, atol=1e-3)


def test_a_stance_model_with_vector_views_saves_loads_and_explains_exactly(tmp_path):
    from stance.models import Model
    from stance.persist import read_model, save_model
    from stance.train import fit_sentiment, fit_stance
    from tests.test_model import SENTIMENT, SMALL

    mean_words = {"word_ngrams": [1, 1], "char_ngrams": None, "n_features": 2**12, "norm": "mean"}
    config = {**SMALL, "stance": {**SMALL["stance"], "views": {**SMALL["stance"]["views"], "near~vec": mean_words},
                                  "vectors": {"dim": 3, "min_count": 1}}}
    queries, labels = zip(*STANCE)
    texts, sentiment_labels = zip(*SENTIMENT)
    stance = fit_stance(list(queries), list(labels), config, unlabelled=_CORPUS)
    assert np.abs(stance.linear.weights["near~vec"]).sum() > 0
    model = Model(fit_sentiment(list(texts), list(sentiment_labels), SMALL), stance,
                  {"name": "stance-test", "date": "2026-01-01", "registry_version": None})
    save_model(model, tmp_path)
    loaded = read_model(tmp_path)
    np.testing.assert_allclose(loaded.stance.predict_proba(list(queries)), stance.predict_proba(list(queries)), atol=2e-3)
    views = {k: v[0] for k, v in loaded.stance.views([queries[0]]).items()}
    explained = loaded.stance.linear.explain(views)
    assert explained.bias + sum(v for _, v in explained.contributions) == pytest.approx(explained.margin, abs=1e-4)


def test_a_copy_view_with_its_base_view_s_featurizer_is_scored_on_its_own_beside_gated_views():
    # a copy reads every row, a gated view only its party's: merging the copy into the base's
    # pass like a gate would count the base's weights twice on the gated rows
    params = {"word_ngrams": (1, 1), "char_ngrams": None, "n_features": 2**10}
    names = ("masked", "masked@russia", "masked~copy")
    rng = np.random.default_rng(0)
    linear = LinearViews({n: Featurizer(**params) for n in names},
                         {n: rng.normal(size=(2**10, 3)).astype(np.float32) for n in names}, np.zeros(3, np.float32))
    queries = [q for q, _ in STANCE]
    views = query_views(queries, derived=["masked@russia", "masked~copy"])
    expected = sum(Featurizer(**params).transform(views[n]) @ linear.weights[n] for n in names)
    np.testing.assert_allclose(linear.logits(views), expected, rtol=1e-4, atol=1e-4)


def test_a_sentiment_model_with_a_text_vec_view_fits_saves_and_scores(tmp_path):
    from stance.models import Model
    from stance.persist import read_model, save_model
    from stance.train import fit_sentiment, fit_stance
    from tests.test_model import SENTIMENT, SMALL

    mean_words = {"word_ngrams": [1, 1], "char_ngrams": None, "n_features": 2**12, "norm": "mean"}
    config = {**SMALL, "sentiment": {**SMALL["sentiment"], "views": {**SMALL["sentiment"]["views"],
                                                                     "text~vec": mean_words},
                                     "vectors": {"dim": 3, "min_count": 1}}}
    texts, labels = zip(*SENTIMENT)
    sentiment = fit_sentiment(list(texts), list(labels), config, unlabelled=_CORPUS)
    assert np.abs(sentiment.linear.weights["text~vec"]).sum() > 0
    queries, stance_labels = zip(*STANCE)
    save_model(Model(sentiment, fit_stance(list(queries), list(stance_labels), SMALL), {"name": "t", "date": "d"}),
               tmp_path)
    np.testing.assert_allclose(read_model(tmp_path).sentiment.predict_proba(list(texts)),
                               sentiment.predict_proba(list(texts)), atol=2e-3)
