"""Sentiment and stance models: scoring, explanations, views, numpy-only scoring.

Models here are trained in a second on hand-written sentences; the shipped model is
checked only for loading and shape (its quality lives in docs/model-card.md).
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

import numpy as np
import pytest

from stance.exceptions import InputTypeError
from stance.domain import CLASSES
from stance.loading import load_model
from stance.models import Contributions, StanceQuery, query_views
from stance.train import fit_sentiment, fit_stance
from stance.views import build_views, mask

SMALL = {
    "seed": 0,
    "folds": 2,
    "sentiment": {"views": {"text": {"word_ngrams": [1, 2], "char_ngrams": [2, 4], "n_features": 2**12}},
                  "alpha": 1e-4, "epochs": 10, "class_weight": "balanced"},
    "stance": {"views": {"masked": {"word_ngrams": [1, 2], "char_ngrams": None, "n_features": 2**12},
                         "near": {"word_ngrams": [1, 2], "char_ngrams": [3, 4], "n_features": 2**12},
                         "cue": {"word_ngrams": [1, 2], "char_ngrams": None, "n_features": 2**10, "norm": None}},
               "window": 4, "alpha": 1e-4, "epochs": 10, "class_weight": "balanced"},
}

SENTIMENT = [
    ("Ekonomi tumbuh pesat dan warga senang.", "positive"),
    ("The talks were a great success for both sides.", "positive"),
    ("Perdamaian disambut gembira oleh warga.", "positive"),
    ("Banjir besar menewaskan puluhan orang.", "negative"),
    ("The attack killed dozens and destroyed homes.", "negative"),
    ("Krisis memburuk dan harga melonjak tajam.", "negative"),
    ("Rapat digelar pada hari Senin di Jakarta.", "neutral"),
    ("The meeting took place on Monday in Jakarta.", "neutral"),
    ("Menteri tiba di bandara pukul sepuluh.", "neutral"),
]


def q(text: str, target: str, *own: str, others: tuple[str, ...] = ()) -> StanceQuery:
    spans = tuple((text.index(w), text.index(w) + len(w)) for w in own)
    other = tuple((text.index(w), text.index(w) + len(w)) for w in others)
    return StanceQuery(text, target, spans, other)


STANCE = [
    (q("AS mengecam Rusia atas serangan itu.", "russia", "Rusia", others=("AS",)), "negative"),
    (q("AS mengecam Rusia atas serangan itu.", "west", "AS", others=("Rusia",)), "neutral"),
    (q("Indonesia memuji Tiongkok atas bantuan vaksin.", "china", "Tiongkok"), "positive"),
    (q("The US condemned China over the crackdown.", "china", "China", others=("US",)), "negative"),
    (q("The US condemned China over the crackdown.", "west", "US", others=("China",)), "neutral"),
    (q("Leaders praised Russia for hosting the peace talks.", "russia", "Russia"), "positive"),
    (q("Delegasi Rusia tiba di Jakarta pada Senin.", "russia", "Rusia"), "neutral"),
    (q("Senator Smith criticized the plan sharply.", "Senator Smith", "Senator Smith"), "negative"),
    (q("Ekspor ke China naik tahun ini.", "china", "China"), "neutral"),
]


@pytest.fixture(scope="module")
def sentiment_model():
    texts, labels = zip(*SENTIMENT)
    return fit_sentiment(list(texts), list(labels), SMALL)


@pytest.fixture(scope="module")
def stance_model():
    queries, labels = zip(*STANCE)
    return fit_stance(list(queries), list(labels), SMALL)


def test_sentiment_proba_shape_and_rows_sum_to_one(sentiment_model):
    p = sentiment_model.predict_proba(["Warga senang.", "Banjir besar.", ""])
    assert p.shape == (3, len(CLASSES))
    np.testing.assert_allclose(p.sum(1), 1.0, rtol=1e-5)


def test_sentiment_learns_the_hand_written_examples(sentiment_model):
    texts, labels = zip(*SENTIMENT)
    pred = [CLASSES[i] for i in sentiment_model.predict_proba(list(texts)).argmax(1)]
    assert np.mean([p == g for p, g in zip(pred, labels)]) >= 0.8


def test_sentiment_rejects_a_lone_string(sentiment_model):
    with pytest.raises(InputTypeError, match=r"^The 'X' parameter of SentimentModel\.predict_proba: must be a sequence of str, not a single str — pass a list of them, e\.g\. \[text\]$"):
        sentiment_model.predict_proba("Warga senang.")


def test_stance_depends_on_which_party_is_the_target(stance_model):
    text = "AS mengecam Rusia atas serangan itu."
    p = stance_model.predict_proba([q(text, "russia", "Rusia", others=("AS",)), q(text, "west", "AS", others=("Rusia",))])
    assert p[0, CLASSES.index("negative")] > p[1, CLASSES.index("negative")]


def test_stance_accepts_arbitrary_targets_given_as_spans(stance_model):
    p = stance_model.predict_proba([q("Senator Smith criticized the plan.", "Senator Smith", "Senator Smith")])
    assert p.shape == (1, 3)


def test_stance_rejects_a_lone_query(stance_model):
    with pytest.raises(InputTypeError, match=r"^The 'X' parameter of StanceModel\.predict_proba: must be a sequence of StanceQuery, not a single StanceQuery — pass a list of StanceQuery\(text, target, spans\)$"):
        stance_model.predict_proba(STANCE[0][0])


def test_stance_checks_a_batch_of_queries_with_the_one_batch_check(stance_model):
    with pytest.raises(InputTypeError, match=r"^The 'X' parameter of StanceModel\.predict_proba: must be a sequence of StanceQuery, not a single str — pass a list of StanceQuery\(text, target, spans\)$"):
        stance_model.predict_proba("AS mengecam Rusia.")
    with pytest.raises(InputTypeError, match=r"^The 'queries' parameter of query_views: item 1 is str, not a StanceQuery — pass a list of StanceQuery\(text, target, spans\)$"):
        query_views([STANCE[0][0], "AS mengecam Rusia."])


@pytest.mark.parametrize("which", ["sentiment", "stance"])
def test_explanation_contributions_sum_to_the_margin(sentiment_model, stance_model, which):
    if which == "sentiment":
        text = "Ekonomi tumbuh tetapi banjir menewaskan warga."
        e = sentiment_model.explain(text)
        z = np.log(sentiment_model.predict_proba([text])[0])
    else:
        query = q("Rusia dikecam AS, kata Beijing.", "russia", "Rusia", others=("AS", "Beijing"))
        e = stance_model.explain(query)
        z = np.log(stance_model.predict_proba([query])[0])
    assert isinstance(e, Contributions)
    assert e.bias + sum(v for _, v in e.contributions) == pytest.approx(e.margin, abs=1e-5)
    assert e.margin == pytest.approx(z[2] - z[0], abs=1e-4)
    sizes = [abs(v) for _, v in e.contributions]
    assert sizes == sorted(sizes, reverse=True)


def test_stance_explanation_names_views_and_shows_placeholders(stance_model):
    e = stance_model.explain(q("AS mengecam Rusia.", "russia", "Rusia", others=("AS",)))
    names = [n for n, _ in e.contributions]
    assert "[near] mengecam <T>" in names
    assert "[cue] russia" in names  # the featurizer splits tgt_russia at the underscore


def test_mask_replaces_target_and_other_mentions():
    assert mask("AS mengecam Rusia.", [(12, 17)], [(0, 2)]) == " zothz  mengecam  ztgtz ."


def test_views_mark_the_side_of_lexicon_cues():
    views = build_views(["Rusia dikecam oleh AS tetapi tidak mendukung Barat."], ["russia"], [[(0, 5)]], [[(19, 21)]])
    assert views["cue"][0].split() == ["tgt_russia", "rcritpass", "rby", "rneg"]  # mendukung: 6th word, outside
    assert views["near"][0].split()[:4] == ["ztgtz", "dikecam", "oleh", "zothz"]


def test_views_of_a_query_without_mentions_say_so():
    views = build_views(["Tidak ada apa-apa."], ["china"], [()], [()])
    assert views["cue"] == ["tgt_china nomention"] and views["near"] == [""]


def test_default_model_loads_once_and_scores():
    model = load_model()
    assert load_model() is model
    assert model.model_id.startswith("stance-default-")
    p = model.stance.predict_proba([q("Amerika Serikat menjatuhkan sanksi kepada Rusia.", "russia", "Rusia")])
    assert p.shape == (1, 3)


def test_scoring_a_loaded_model_needs_numpy_only(tmp_path, sentiment_model, stance_model):
    from stance.models import Model
    from stance.persist import save_model

    save_model(Model(sentiment_model, stance_model, {"name": "t", "date": "d"}), tmp_path)
    script = textwrap.dedent(f"""
        import sys
        class Block:
            def find_spec(self, name, path=None, target=None):
                if name.split(".")[0] in ("sklearn", "scipy"):
                    raise ImportError("blocked: " + name)
        sys.meta_path.insert(0, Block())
        from stance.loading import load_model
        from stance.models import StanceQuery
        m = load_model({str(tmp_path)!r})
        print(m.sentiment.predict_proba(["Warga senang."]).shape,
              m.stance.predict_proba([StanceQuery("AS mengecam Rusia.", "russia", ((12, 17),), ((0, 2),))]).shape)
        assert not any(k.startswith(("sklearn", "scipy")) for k in sys.modules)
    """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "(1, 3) (1, 3)"
