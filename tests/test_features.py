"""The fast featurizer against the pure-Python reference, and its estimator contract."""

from __future__ import annotations

import math
import os
import pickle

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stance.exceptions import InputTypeError, StanceError
from stance.features import Featurizer
from tests import reference_featurizer as ref

# Text that exercises every branch: Indonesian words, joiners, punctuation, digits,
# emoji, CJK, Arabic, combining marks, control and zero-width characters, surrogates.
PIECES = [
    "negara-negara", "Tiongkok", "AS", "don't", "it's", "Jawa Barat", "’", "“", "—",
    "-", "'", "--", "''", " ", "  ", "\n", "\t", "\x00", "\u200b", "\u00ad", "ﬁ", "İ",
    "😀", "👍🏽", "中国", "روسيا", "e\u0301", "\ud800", "\udfff", "123", "3,14", "?!",
    "a", "Z", "ß", "ΟΔΟΣ", "\U0002070e", "\uffff", "\U0010ffff",
]
texts = st.one_of(
    st.lists(st.sampled_from(PIECES), max_size=12).map("".join),
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec=None, categories=None), max_size=20),
)
params = st.fixed_dictionaries({
    "word_ngrams": st.sampled_from([(1, 2), (1, 1), (2, 3), None]),
    "char_ngrams": st.sampled_from([(2, 5), (1, 3), (3, 3), None]),
    "char_boundaries": st.sampled_from(["word", "text"]),
    "n_features": st.sampled_from([2**10, 2**16, 2**20, 2**24]),
    "lowercase": st.booleans(),
    "sublinear_tf": st.booleans(),
    "norm": st.sampled_from(["sqrt", "l2", "mean", None]),
    "alternate_sign": st.booleans(),
}).filter(lambda p: p["word_ngrams"] is not None or p["char_ngrams"] is not None)

PROPERTY = settings(max_examples=500, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


def as_dicts(X) -> list[dict[int, float]]:
    X = X.tocsr(copy=True)
    X.sum_duplicates()
    rows = []
    for i in range(X.shape[0]):
        row = X[i]
        rows.append({int(j): float(v) for j, v in zip(row.indices, row.data) if v != 0})
    return rows


def assert_rows_equal(fast: dict, slow: dict) -> None:
    assert fast.keys() == slow.keys()
    for bucket, value in slow.items():
        assert math.isclose(fast[bucket], value, rel_tol=1e-5, abs_tol=1e-6), bucket


@PROPERTY
@given(batch=st.lists(texts, max_size=6), p=params)
def test_transform_equals_reference(batch, p):
    X = Featurizer(**p).transform(batch)
    assert X.shape == (len(batch), p["n_features"])
    for fast, text in zip(as_dicts(X), batch):
        assert_rows_equal(fast, ref.features(text, **p))


@PROPERTY
@given(text=texts, p=params)
def test_analyze_lists_the_reference_ngrams(text, p):
    bits = p["n_features"].bit_length() - 1
    fast = sorted(Featurizer(**p).analyze(text))
    slow = sorted((gram, bucket, float(sign) if p["alternate_sign"] else 1.0)
                  for _, gram, bucket, sign in ref.ngrams(
                      text, word_ngrams=p["word_ngrams"], char_ngrams_=p["char_ngrams"],
                      char_boundaries=p["char_boundaries"], lowercase=p["lowercase"],
                      bits=bits))
    assert fast == slow


@PROPERTY
@given(batch=st.lists(texts, max_size=6), p=params, seed=st.integers(0, 2**32 - 1))
def test_decision_equals_matrix_product(batch, p, seed):
    featurizer = Featurizer(**p)
    weights = np.random.default_rng(seed).standard_normal((p["n_features"], 3)).astype(np.float32)
    direct = featurizer.decision(batch, weights)
    expected = featurizer.transform(batch) @ weights
    np.testing.assert_allclose(direct, expected, rtol=1e-4, atol=1e-5)


@PROPERTY
@given(batch=st.lists(texts, max_size=8))
def test_batch_equals_concatenation_of_singles(batch):
    featurizer = Featurizer(n_features=2**16)
    whole = as_dicts(featurizer.transform(batch))
    singles = [as_dicts(featurizer.transform([t]))[0] for t in batch]
    assert len(whole) == len(singles)
    for a, b in zip(whole, singles):
        assert_rows_equal(a, b)


def test_chunking_preserves_rows_across_many_documents():
    batch = [f"Dokumen nomor {i} tentang Rusia dan Tiongkok" * (i % 7) for i in range(3000)]
    featurizer = Featurizer(n_features=2**24)  # few documents per dedupe key
    X = featurizer.transform(batch)
    for i in (0, 1, 255, 256, 257, 1999, 2999):
        assert_rows_equal(as_dicts(X[i])[0], ref.features(batch[i], n_features=2**24))


def test_threads_give_the_same_features_and_scores():
    # ~700K characters: many transform chunks and three scoring chunks
    batch = [f"Paragraf {i}: Rusia dan Tiongkok mengecam AS; Putin bertemu Xi. " * (1 + i % 9)
             for i in range(2500)]
    weights = np.random.default_rng(0).standard_normal((2**20, 3)).astype(np.float32)
    serial, threaded = Featurizer(n_jobs=1), Featurizer(n_jobs=3)
    assert threaded._threads(len(list(threaded._chunks(batch)))) == 3
    a, b = serial.transform(batch), threaded.transform(batch)
    assert a.shape == b.shape and (a != b).nnz == 0
    assert np.array_equal(serial.decision(batch, weights), threaded.decision(batch, weights))


def test_result_grows_past_the_first_chunks_estimate():
    # the first chunk repeats one word (few entries per character), so the result,
    # sized from it, must grow when the varied paragraphs come
    batch = ["kata " * 400] * 20 + [f"Paragraf {i}: Rusia, Tiongkok dan AS ({i * 7919})." for i in range(3000)]
    X = Featurizer(n_jobs=1).transform(batch)
    assert X.shape == (3020, 2**20)
    for i in (0, 19, 20, 1500, 3019):
        assert_rows_equal(as_dicts(X[i])[0], ref.features(batch[i]))


def test_default_threads_follow_the_cpus_and_omp_num_threads(monkeypatch):
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    monkeypatch.delenv("OMP_NUM_THREADS", raising=False)
    assert Featurizer()._threads(64) == min(cpus, 64)
    assert Featurizer()._threads(1) == 1  # one chunk: no threads
    monkeypatch.setenv("OMP_NUM_THREADS", "1")  # as joblib sets it in its workers
    assert Featurizer()._threads(64) == 1
    assert Featurizer(n_jobs=4)._threads(64) == 4  # an explicit count is kept
    assert Featurizer(n_jobs=-2)._threads(64) == 1


def test_very_long_text_matches_reference():
    text = ("Presiden Rusia Vladimir Putin bertemu Xi Jinping di Beijing. " * 3000) + "x" * 50_000
    fast = as_dicts(Featurizer().transform([text]))[0]
    assert_rows_equal(fast, ref.features(text))


def test_empty_and_blank_documents_give_empty_rows():
    X = Featurizer().transform(["", "   ", "\n\t", "\u200b\u00ad\ud800", "?!", "kata"])
    assert X.getnnz(axis=1).tolist()[:4] == [0, 0, 0, 0]
    assert (X.getnnz(axis=1)[4:] > 0).all()  # punctuation and words are features


def test_output_type_and_norms():
    text = ["Rusia, Rusia, Rusia dan Tiongkok!"]
    X = Featurizer(norm="l2").transform(text)
    assert X.format == "csr" and X.dtype == np.float32
    assert len(set(X.indices.tolist())) == X.nnz  # merged: each bucket once per row
    assert np.isclose(np.linalg.norm(X.data), np.sqrt(2))  # two families of unit length
    Y = Featurizer(norm="sqrt").transform(text)
    assert len(set(Y.indices.tolist())) == Y.nnz
    counts = Featurizer(norm=None).transform(text)
    words = Featurizer(norm=None, char_ngrams=None).transform(text).sum()
    chars = Featurizer(norm=None, word_ngrams=None).transform(text).sum()
    half = 2**19  # characters fill the lower half of the buckets, words the upper
    expected = counts.toarray()[0]
    expected[:half] /= np.sqrt(chars)
    expected[half:] /= np.sqrt(words)
    np.testing.assert_allclose(Y.toarray()[0], expected, rtol=1e-6)


def test_hashing_is_deterministic_across_processes():
    import subprocess
    import sys

    code = ("from stance.features import Featurizer;"
            "X = Featurizer().transform(['Tiongkok dan Rusia menolak sanksi Barat']);"
            "print(sorted(X.indices.tolist())[:20], X.nnz)")
    outputs = {
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                       env={"PYTHONHASHSEED": seed, "PATH": ""}, check=True).stdout
        for seed in ("0", "1", "12345")
    }
    assert len(outputs) == 1


def test_fixed_buckets_do_not_drift():
    # Shipped models depend on these exact buckets: a change to the hash must be
    # deliberate (retrain with python -m training.build: old model files stop loading).
    golden = {("char", " ru"): 120039, ("char", "usia-"): 158048,
              ("word", "rusia-tiongkok"): 657922}
    found = {(k, g): b for k, g, b, _ in ref.ngrams("Rusia-Tiongkok", bits=20)}
    fast = {g: b for g, b, _ in Featurizer().analyze("Rusia-Tiongkok")}
    for (kind, gram), bucket in golden.items():
        assert found[kind, gram] == bucket
        assert fast[gram] == bucket


def test_collisions_spread_evenly():
    # 20,000 distinct n-grams into 1,024 buckets: a good hash gives about 19.5 per
    # bucket with a standard deviation near sqrt(19.5) = 4.4.
    grams = {f"kata{i}" for i in range(20_000)}
    X = Featurizer(word_ngrams=(1, 1), char_ngrams=None, n_features=2**10,
                   norm=None).transform([" ".join(sorted(grams))])
    loads = np.asarray(X.todense()).ravel()
    assert loads.sum() == 20_000
    assert loads.std() < 6.0 and loads.max() < 45


# -- the estimator contract -----------------------------------------------------------

def test_sklearn_clone_and_params_round_trip():
    from sklearn.base import clone

    featurizer = Featurizer(n_features=2**12, norm=None)
    copy = clone(featurizer)
    assert copy.get_params() == featurizer.get_params()
    assert copy.set_params(norm="sqrt").norm == "sqrt"
    assert repr(copy) == "Featurizer(n_features=4096)"


def test_works_in_a_sklearn_pipeline():
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    docs = ["bagus sekali", "buruk sekali", "sangat bagus", "sangat buruk"] * 5
    labels = ["pos", "neg", "pos", "neg"] * 5
    model = make_pipeline(Featurizer(n_features=2**12), LogisticRegression()).fit(docs, labels)
    assert model.predict(["bagus"]).tolist() == ["pos"]


def test_fit_returns_self_and_is_stateless():
    featurizer = Featurizer()
    assert featurizer.fit(["apa saja"]) is featurizer
    assert featurizer.__dict__ == Featurizer().__dict__
    assert pickle.loads(pickle.dumps(featurizer)).get_params() == featurizer.get_params()


def test_lone_string_is_a_type_error_that_says_what_to_pass():
    with pytest.raises(InputTypeError, match=r"^The 'texts' parameter of Featurizer\.transform: must be a sequence of str, not a single str — pass a list of them"):
        Featurizer().transform("Rusia dan Tiongkok")


@pytest.mark.parametrize("bad, kind", [(None, "NoneType"), (float("nan"), "float"),
                                       (b"bytes", "bytes"), (3, "int")])
def test_bad_item_is_a_type_error_naming_its_position(bad, kind):
    with pytest.raises(TypeError, match=rf"^The 'texts' parameter of Featurizer\.transform: item 2 is {kind} \(.+\), not a str — decode bytes and drop missing values first$"):
        Featurizer().transform(["satu", "dua", bad])


@pytest.mark.parametrize("params, message", [
    ({"n_features": 1000}, "The 'n_features' parameter of Featurizer: must be a power of two "
                           "between 2**10 and 2**24, got 1000 — pass e.g. 2**20"),
    ({"n_features": 2**25}, "The 'n_features' parameter of Featurizer: must be a power of two "
                            "between 2**10 and 2**24, got 33554432 — pass e.g. 2**20"),
    ({"word_ngrams": (2, 1)}, "The 'word_ngrams' parameter of Featurizer: must be None or a "
                              "pair (low, high) with 1 <= low <= high <= 4, got (2, 1) — pass e.g. (1, 2), or None"),
    ({"char_ngrams": (0, 3)}, "The 'char_ngrams' parameter of Featurizer: must be None or a "
                              "pair (low, high) with 1 <= low <= high <= 8, got (0, 3) — pass e.g. (1, 2), or None"),
    ({"word_ngrams": None, "char_ngrams": None},
     "The 'word_ngrams' parameter of Featurizer: must not be None when char_ngrams is None "
     "too (no features at all) — pass word_ngrams or char_ngrams, e.g. word_ngrams=(1, 2)"),
    ({"norm": "l1"}, "The 'norm' parameter of Featurizer: must be 'sqrt', 'l2', 'mean' or None, "
                     "got 'l1' — pass 'sqrt', 'l2', 'mean' or None"),
    ({"char_boundaries": "both"}, "The 'char_boundaries' parameter of Featurizer: must be "
                                  "'word' or 'text', got 'both' — pass 'word' or 'text'"),
    ({"lowercase": "yes"}, "The 'lowercase' parameter of Featurizer: must be True or False, "
                           "got 'yes' — pass True or False"),
    ({"n_jobs": 0}, "The 'n_jobs' parameter of Featurizer: must be a non-zero int, got 0 — "
                    "pass 1 (one thread), N threads, or -1 (one per CPU)"),
])
def test_bad_parameters_raise_one_template(params, message):
    with pytest.raises(ValueError) as caught:
        Featurizer(**params).fit()
    assert str(caught.value) == message
    assert isinstance(caught.value, StanceError)


def test_decision_checks_weight_shape():
    with pytest.raises(ValueError, match=r"^The 'weights' parameter of Featurizer\.decision: must have shape "
                                         r"\(n_features=1024, k\) or \(n_features,\), got \(2048, 3\) — pass one column"):
        Featurizer(n_features=2**10).decision(["teks"], np.zeros((2**11, 3)))


def test_set_params_rejects_unknown_names():
    with pytest.raises(ValueError, match=r"^The 'ngram_range' parameter of Featurizer: no such parameter — use one of "
                                         r"word_ngrams, char_ngrams, "):
        Featurizer().set_params(ngram_range=(1, 2))
