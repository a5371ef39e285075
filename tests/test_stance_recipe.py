"""The stance recipe's pieces: gated views, IDF folded into weights, the yardstick's folds, the peer."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp

from benchmarks.peers import OTHER_TOKEN, TARGET_TOKEN, plain_mask
from stance.models import StanceQuery, query_views
from stance.models.fitting import column_scale, design, featurizers_for, fit_design
from stance.train import labels_to_y
from tests.test_model import STANCE
from training.yardstick import Pairs, protocol_folds

SECTION = {
    "views": {"masked": {"word_ngrams": [1, 2], "char_ngrams": [2, 4], "n_features": 2**12},
              "near": {"word_ngrams": [1, 1], "char_ngrams": None, "n_features": 2**10},
              "masked@russia": {"word_ngrams": [1, 2], "char_ngrams": [2, 4], "n_features": 2**12}},
    "idf": ["masked", "near"], "solver": "lbfgs", "C": 1.0, "tol": 1e-6, "max_iter": 5000, "class_weight": "balanced",
}


def test_a_gated_view_is_the_view_for_its_party_and_empty_for_the_others():
    queries = [StanceQuery("AS mengecam Rusia.", "russia", ((12, 17),), ((0, 2),)),
               StanceQuery("AS mengecam Rusia.", "west", ((0, 2),), ((12, 17),))]
    views = query_views(queries, derived=["masked@russia", "masked@west"])
    assert views["masked@russia"] == [views["masked"][0], ""]
    assert views["masked@west"] == ["", views["masked"][1]]


def test_idf_and_gated_weights_are_folded_so_scoring_equals_the_fitted_classifier():
    from sklearn.linear_model import LogisticRegression

    queries, labels = zip(*STANCE)
    featurizers = featurizers_for(SECTION["views"])
    views = query_views(list(queries), derived=["masked@russia"])
    X = design(featurizers, views)
    y = labels_to_y(labels)
    linear = fit_design(X, y, featurizers, SECTION)
    scaled = X @ sp.diags(column_scale(X, featurizers, SECTION))
    clf = LogisticRegression(C=1.0, class_weight="balanced", tol=1e-6, max_iter=5000).fit(scaled, y)
    np.testing.assert_allclose(linear.logits(views), clf.decision_function(scaled), rtol=1e-3, atol=1e-3)


def test_column_scale_is_idf_for_the_named_views_and_their_gated_copies_only():
    featurizers = featurizers_for(SECTION["views"])
    X = design(featurizers, query_views([q for q, _ in STANCE], derived=["masked@russia"]))
    scale = column_scale(X, featurizers, {"idf": ["masked"], "view_scale": {"near": 2.0}})
    masked, near, gated = scale[:2**12], scale[2**12:2**12 + 2**10], scale[2**12 + 2**10:]
    assert masked.min() >= 1.0 and masked.max() > 2.0 and gated.max() > 2.0
    assert np.all(near == 2.0)
    assert column_scale(X, featurizers, {}) is None


def _pairs(rows):
    cols = list(zip(*rows))
    obj = lambda v: np.array(v, dtype=object)  # noqa: E731
    return Pairs(obj(["t"] * len(rows)), obj(["china"] * len(rows)), np.zeros(len(rows), dtype=int),
                 obj(cols[0]), obj(cols[1]), obj(cols[2]), obj(cols[3]))


ROWS = [  # lang, source, article, outlet
    ("id", "indosum", "a1", ""), ("id", "narasipal", "a2", ""), ("id", "clickid", "a3", ""),
    ("id", "posp", "a4", ""), ("id", "facqa", "a5", ""), ("id", "allsides-tr", "x1", "CNN"),
    ("id", "allsides-tr", "x2", "Fox"), ("en", "allsides", "x1", "CNN"), ("en", "allsides", "x2", "Fox"),
    ("en", "allsides", "x3", "Vox"),
]


@pytest.mark.parametrize("protocol", ["cv", "loso"])
@pytest.mark.parametrize("lang", ["id", "en"])
def test_a_translation_and_its_original_are_never_split_across_folds(protocol, lang):
    pairs = _pairs(ROWS)
    folds, _ = protocol_folds(pairs, protocol, lang)
    for article in ("x1", "x2"):
        assert len(set(folds[pairs.article == article])) == 1


def test_leave_one_source_out_holds_out_whole_sources():
    pairs = _pairs(ROWS)
    folds, names = protocol_folds(pairs, "loso", "id")
    assert names == ["indosum", "narasipal", "clickid", "posp+facqa", "allsides-tr"]
    assert folds[3] == folds[4] == names.index("posp+facqa")
    assert set(folds[[5, 6, 7, 8]]) == {names.index("allsides-tr")}  # originals leave training with them
    assert folds[9] == -1  # an English article with no translation is always trainable
    folds, names = protocol_folds(pairs, "loso", "en")
    assert len(names) == 5 and folds[5] == folds[7] and folds[6] == folds[8]
    assert np.all(folds[:5] == -1)


def test_the_plain_baseline_masks_aliases_with_their_case_rules():
    text = plain_mask("AS dan Rusia bicara, as usual, di Jawa Barat.", "west")
    assert text.split()[0] == TARGET_TOKEN and OTHER_TOKEN in text and "as usual" in text
    assert text.endswith("party_west")
    assert plain_mask("Beijing said.", "china", spans=[(0, 7)]).split()[0] == TARGET_TOKEN


def test_gated_rows_are_scored_once_against_the_summed_weights_with_the_same_logits():
    queries, labels = zip(*STANCE)
    featurizers = featurizers_for(SECTION["views"])
    views = query_views(list(queries), derived=["masked@russia"])
    linear = fit_design(design(featurizers, views), labels_to_y(labels), featurizers, SECTION)
    separate = linear.intercept + sum(f.decision(views[name], linear.weights[name]) for name, f in featurizers.items())
    assert any(views["masked@russia"]) and not all(views["masked@russia"])
    np.testing.assert_allclose(linear.logits(views), separate, rtol=1e-5, atol=1e-4)


def test_explanations_with_gated_views_are_an_exact_sum():
    from stance.models import StanceModel

    queries, labels = zip(*STANCE)
    featurizers = featurizers_for(SECTION["views"])
    views = query_views(list(queries), derived=["masked@russia"])
    model = StanceModel(fit_design(design(featurizers, views), labels_to_y(labels), featurizers, SECTION))
    for query in queries[:4]:
        e = model.explain(query)
        assert e.bias + sum(v for _, v in e.contributions) == pytest.approx(e.margin, abs=1e-4)
        assert any(k.startswith("[masked@russia]") for k, _ in e.contributions) == (query.target == "russia")
