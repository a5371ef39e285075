"""The scikit-learn estimators: the contract, and real use in cross_validate and a Pipeline."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.model_selection import GridSearchCV, cross_validate
from sklearn.utils import estimator_checks as checks

from stance.exceptions import DataFormatError, InputTypeError
from stance.models.estimators import SentimentClassifier, StanceClassifier
from stance.models import softmax
from stance.train import stance_queries
from tests.tiny_model import CONFIG, SENTIMENT, STANCE

TEXTS = [t for t, _ in SENTIMENT] * 2
LABELS = [label for _, label in SENTIMENT] * 2


@pytest.mark.parametrize("check", [checks.check_no_attributes_set_in_init, checks.check_get_params_invariance,
                                   checks.check_set_params, checks.check_parameters_default_constructible])
@pytest.mark.parametrize("estimator", [SentimentClassifier(CONFIG), StanceClassifier(CONFIG)])
def test_estimator_checks_that_apply_to_text_input(estimator, check):
    check(type(estimator).__name__, estimator)


def test_sentiment_classifier_fitted_attributes_and_predictions():
    clf = SentimentClassifier(CONFIG).fit(TEXTS, LABELS)
    assert list(clf.classes_) == ["negative", "neutral", "positive"]
    assert clf.coef_.shape == (3, clf.n_features_in_) and clf.intercept_.shape == (3,)
    proba = clf.predict_proba(TEXTS)
    assert np.allclose(proba.sum(axis=1), 1.0)
    z = clf.decision_function(TEXTS)
    assert np.allclose(np.exp(z) / np.exp(z).sum(axis=1, keepdims=True), proba, atol=1e-5)
    assert (clf.predict(TEXTS) == np.array(LABELS)).mean() > 0.8  # a linear model fits its own training rows


@pytest.mark.parametrize("method", ["predict", "predict_proba", "decision_function"])
def test_an_unfitted_estimator_raises_not_fitted(method):
    with pytest.raises(NotFittedError, match=r"^This SentimentClassifier instance is not fitted yet\. Call 'fit' "):
        getattr(SentimentClassifier(CONFIG), method)(TEXTS)


def test_the_scorers_decision_function_is_the_log_of_their_probabilities():
    model = SentimentClassifier(CONFIG).fit(TEXTS, LABELS).model_
    z = model.decision_function(TEXTS)
    assert np.array_equal(softmax(z), model.predict_proba(TEXTS))
    assert model.decision_function([]).shape == (0, 3)


def test_cross_validate_and_grid_search_take_the_estimator():
    scores = cross_validate(SentimentClassifier(CONFIG), TEXTS, LABELS, cv=2, scoring="f1_macro")
    assert len(scores["test_score"]) == 2 and all(0.0 <= s <= 1.0 for s in scores["test_score"])
    grid = GridSearchCV(SentimentClassifier(CONFIG), {"seed": [0, 1]}, cv=2).fit(TEXTS, LABELS)
    assert grid.best_params_["seed"] in (0, 1)
    assert clone(grid.best_estimator_).get_params() == {"config": CONFIG, "seed": grid.best_params_["seed"]}


def test_stance_classifier_on_queries():
    rows = [{"text": t, "target": p, "label": label, "spans": None} for t, p, label in STANCE]
    queries, found = stance_queries(rows)
    clf = StanceClassifier(CONFIG).fit(queries, [r["label"] for r in rows])
    assert clf.predict_proba(queries).shape == (len(queries), 3) and found.all()
    assert clf.model_.predict_proba(queries[:2]).shape == (2, 3)  # what stance.Scorer would score with


def test_stance_classifier_checks_x_with_the_one_batch_check():
    rows = [{"text": t, "target": p, "label": label, "spans": None} for t, p, label in STANCE]
    queries, _ = stance_queries(rows)
    clf = StanceClassifier(CONFIG).fit(iter(queries), [r["label"] for r in rows])  # an iterator is read once
    assert clf.predict(queries).shape == (len(queries),)
    with pytest.raises(InputTypeError, match=r"^The 'X' parameter of StanceClassifier\.predict_proba: must be a sequence of StanceQuery, not a single StanceQuery — make them with stance\.train\.stance_queries\(rows\)$"):
        clf.predict_proba(queries[0])
    with pytest.raises(InputTypeError, match=r"^The 'X' parameter of StanceClassifier\.decision_function: must be a sequence of StanceQuery, got int — make them with stance\.train\.stance_queries\(rows\)$"):
        clf.decision_function(3)


def test_bad_input_gets_the_house_error():
    with pytest.raises(DataFormatError, match=r"^SentimentClassifier\.fit: y\[0\]: 'label' must be one of negative, neutral, positive, got 'good' — "):
        SentimentClassifier(CONFIG).fit(["a", "b"], ["good", "bad"])
    with pytest.raises(InputTypeError, match=r"^The 'X' parameter of StanceClassifier\.fit: item 0 is str, not a StanceQuery — make them with stance\.train\.stance_queries\(rows\)$"):
        StanceClassifier(CONFIG).fit(["a"], ["neutral"])
    with pytest.raises(InputTypeError, match=r"^The 'y' parameter of SentimentClassifier\.fit: must hold one label per row of X \(2\), got 1 — pass as many labels as rows$"):
        SentimentClassifier(CONFIG).fit(["a", "b"], ["neutral"])
