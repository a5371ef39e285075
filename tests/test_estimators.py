"""The scikit-learn estimators: the contract, and real use in cross_validate and a Pipeline."""

from __future__ import annotations

import pickle
from functools import lru_cache

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.model_selection import GridSearchCV, cross_validate
from sklearn.utils import estimator_checks as checks
from sklearn.utils.validation import check_is_fitted

from stance.exceptions import DataFormatError, InputTypeError
from stance.models import Classifier, softmax
from stance.models.estimators import SentimentClassifier, StanceClassifier
from stance.train import stance_queries
from tests.tiny_model import CONFIG, SENTIMENT, STANCE

TEXTS = [t for t, _ in SENTIMENT] * 2
LABELS = [label for _, label in SENTIMENT] * 2
ESTIMATORS = [SentimentClassifier(CONFIG), StanceClassifier(CONFIG)]


@lru_cache(maxsize=None)
def data(name: str) -> tuple[list, list[str]]:
    """Training rows for an estimator: paragraphs, or the StanceQuery pairs of STANCE."""
    if name == "SentimentClassifier":
        return TEXTS, LABELS
    rows = [{"text": t, "target": p, "label": label, "spans": None} for t, p, label in STANCE]
    return stance_queries(rows)[0], [r["label"] for r in rows]


# scikit-learn's estimator checks that apply to estimators whose X is text or StanceQuery pairs:
# they need no data or feed none to fit. The estimators' tags say so (input_tags.two_d_array
# False, string True for SentimentClassifier), so check_estimator itself skips every check, as it
# does for CountVectorizer; these run one by one. Every other check of scikit-learn 1.9 feeds
# fit numeric arrays and integer or float targets (check_fit_score_takes_y, _dtypes,
# _pickle, _fit_idempotent, _methods_subset_invariance, _sample_weights_*, _classifiers_*,
# _fit2d_*, _n_features_in*, ...): X fails the type check and y the label check (labels are
# negative / neutral / positive). test_the_data_checks_hold_on_text below asserts what those
# checks assert, on text. check_estimators_partial_fit_n_features and
# check_non_transformer_estimators_n_iter pass vacuously (no partial_fit, no max_iter).
APPLICABLE_CHECKS = ["check_estimator_cloneable", "check_estimator_tags_renamed", "check_valid_tag_types",
                     "check_estimator_repr", "check_no_attributes_set_in_init", "check_estimators_unfitted",
                     "check_do_not_raise_errors_in_init_or_set_params", "check_mixin_order",
                     "check_parameters_default_constructible", "check_get_params_invariance", "check_set_params"]


@pytest.mark.parametrize("check", APPLICABLE_CHECKS)
@pytest.mark.parametrize("estimator", ESTIMATORS, ids=lambda e: type(e).__name__)
def test_the_estimator_checks_that_apply(estimator, check):
    if not hasattr(checks, check):
        pytest.skip(f"{check} is not in this scikit-learn")
    getattr(checks, check)(type(estimator).__name__, estimator)


@pytest.mark.parametrize("estimator", ESTIMATORS, ids=lambda e: type(e).__name__)
def test_the_data_checks_hold_on_text(estimator):
    """What check_estimators_fit_returns_self, _overwrite_params, check_dont_overwrite_parameters,
    check_fit_check_is_fitted, check_fit_idempotent, check_estimators_pickle, check_dict_unchanged,
    check_methods_subset_invariance, _sample_order_invariance and
    check_estimators_empty_data_messages assert, with the estimator's own kind of X."""
    X, y = data(type(estimator).__name__)
    clf, params = clone(estimator), clone(estimator).get_params()
    with pytest.raises(NotFittedError):
        check_is_fitted(clf)
    assert clf.fit(X, y) is clf and clf.get_params() == params
    check_is_fitted(clf)
    assert isinstance(clf, Classifier) and not isinstance(clone(estimator), Classifier)
    assert sorted(k for k in vars(clf) if k not in params) == ["classes_", "coef_", "intercept_", "model_",
                                                               "n_features_in_"]
    proba, state = clf.predict_proba(X), dict(vars(clf))
    for method in ("predict", "predict_proba", "decision_function"):
        getattr(clf, method)(X)
    assert vars(clf).keys() == state.keys() and all(vars(clf)[k] is v for k, v in state.items())
    assert np.array_equal(clone(estimator).fit(X, y).predict_proba(X), proba)
    assert np.array_equal(pickle.loads(pickle.dumps(clf)).predict_proba(X), proba)
    half = len(X) // 2
    assert np.array_equal(np.concatenate([clf.predict_proba(X[:half]), clf.predict_proba(X[half:])]), proba)
    order = np.random.default_rng(0).permutation(len(X))
    assert np.array_equal(clf.predict_proba([X[i] for i in order]), proba[order])
    with pytest.raises(DataFormatError, match=r"^The training data: has no rows — pass labelled rows$"):
        clone(estimator).fit([], [])


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


def test_cross_validate_takes_the_stance_classifier():
    queries, labels = data("StanceClassifier")
    scores = cross_validate(StanceClassifier(CONFIG), queries, labels, cv=2, scoring="f1_macro")
    assert len(scores["test_score"]) == 2 and all(0.0 <= s <= 1.0 for s in scores["test_score"])


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
