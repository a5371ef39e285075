"""The fast paths of scoring and writing give exactly what the plain ones give.

- ``writers.article_json`` (the json and jsonl writers' one encoder) writes the text of
  ``json.dumps(article.to_dict())``;
- ``scoring._round6`` is Python's ``round(v, 6)`` bit for bit, and ``_labels`` is the
  obvious per-row label/proba/score;
- batches end at ``BATCH_PARAGRAPHS`` paragraphs; batches and rendered rows pickle small.
"""

from __future__ import annotations

import json
import math
import pickle

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stance import batches, scoring
from stance.parties import Mention
from stance.results import ArticleResult, Explanation, Label, ParagraphResult, PartyStance, summarize
from stance.scoring import BATCH_PARAGRAPHS, Prepared, Scorer, prepare
from stance.writers import article_json, make_writer

ARTICLE = "Xi dan Putin mengecam dominasi Barat.\nHujan turun di Jakarta.\nAS memuji \"NATO\"\tdan China."


def dumps(article: ArticleResult, summary_only: bool = False) -> str:
    return json.dumps(article.to_dict(summary_only=summary_only), ensure_ascii=False)


# -- article_json == json.dumps(to_dict()) -------------------------------------------------------

texts = st.text(st.characters(blacklist_categories=("Cs",)), max_size=20)
floats = st.floats(min_value=-1, max_value=1, allow_nan=False)
probas = st.tuples(floats, floats, floats).map(lambda t: dict(zip(("negative", "neutral", "positive"), t)))
mentions = st.builds(Mention, st.sampled_from(["china", "west", "é\"x"]), st.integers(0, 99), st.integers(0, 99), texts)
explanations = st.none() | st.builds(
    Explanation, floats, floats, st.lists(st.tuples(texts, floats), max_size=3).map(tuple),
    st.lists(st.tuples(texts, floats), max_size=3).map(tuple), floats,
)
labels = st.builds(Label, st.sampled_from(["negative", "neutral", "positive"]), probas, floats, explanations)
party_stances = st.just(PartyStance("absent", None, None)) | st.builds(
    PartyStance, st.sampled_from(["negative", "positive"]), probas, floats,
    st.lists(mentions, min_size=1, max_size=3).map(tuple), explanations,
)


@st.composite
def articles(draw):
    parties = tuple(draw(st.lists(st.sampled_from(["china", "russia", "west", "a\"sean\n"]), unique=True, max_size=4)))
    paragraphs = []
    for i in range(draw(st.integers(0, 4))):
        stances = {p: draw(party_stances) for p in parties}
        paragraphs.append(ParagraphResult(i, draw(texts), draw(st.integers(0, 999)), draw(st.integers(0, 999)),
                                          draw(labels), stances, tuple(draw(st.lists(mentions, max_size=2)))))
    paragraphs = tuple(paragraphs)
    return ArticleResult(paragraphs, summarize(paragraphs, parties), draw(texts), draw(st.none() | texts), parties)


@settings(max_examples=200, deadline=None)
@given(articles(), st.booleans())
def test_article_json_is_json_dumps_of_to_dict(article, summary_only):
    assert article_json(article, summary_only) == dumps(article, summary_only)


def test_article_json_on_scored_articles_with_explanations(tiny_model):
    scorer = Scorer(model=tiny_model)
    for explain in (0, 2):
        for parties in (None, ["west"]):
            result = scorer.score(ARTICLE, explain=explain, parties=parties, id="é/1")
            assert article_json(result) == dumps(result)
            assert article_json(result, True) == dumps(result, True)


def test_article_json_spells_non_finite_numbers_like_json():
    paragraphs = (ParagraphResult(0, "x", 0, 1, Label("neutral", {"negative": math.nan, "neutral": math.inf,
                                                                  "positive": -math.inf}, 0.0), {}),)
    article = ArticleResult(paragraphs, summarize(paragraphs, ()), "m", None, ())
    assert article_json(article) == dumps(article)


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv", "table"])
def test_render_then_write_text_is_write(tiny_model, fmt):
    import io

    results = list(Scorer(model=tiny_model).score_many([ARTICLE, ("b", "Rusia.")]))
    direct, split = io.StringIO(), io.StringIO()
    a, b = make_writer(fmt, direct, ("china", "russia", "west")), make_writer(fmt, split, ("china", "russia", "west"))
    for r in results:
        a.write(r)
        b.write_text(pickle.loads(pickle.dumps(b.render))(r))  # the renderer travels to workers
    a.close()
    b.close()
    assert split.getvalue() == direct.getvalue()


# -- rounding and labels ---------------------------------------------------------------------------


@settings(max_examples=500, deadline=None)
@given(st.lists(st.floats(min_value=-1, max_value=1, allow_nan=False), min_size=1, max_size=50))
def test_round6_is_python_round(values):
    got = scoring._round6(np.array(values)).tolist()
    assert [math.copysign(1, v) for v in got] == [math.copysign(1, round(v, 6)) for v in values]
    assert got == [round(v, 6) for v in values]


def test_round6_on_halfway_and_near_halfway_values():
    base = np.arange(0, 1_000_000, 997) / 1e6
    values = np.concatenate([base + 5e-7, base - 5e-7, base + 4.9999999e-7, np.nextafter(base + 5e-7, 2),
                             -(base + 5e-7), [0.0, -0.0, 1.0, -1.0, 1e-300]])
    assert scoring._round6(values).tolist() == [round(v, 6) for v in values.tolist()]


def test_labels_match_the_obvious_rule():
    rows = np.array([[0.2, 0.3, 0.5], [0.4, 0.4, 0.2], [0.1, 0.45, 0.45], [1 / 3, 1 / 3, 1 / 3], [0.7, 0.1, 0.2]],
                    dtype=np.float32)
    expected = []
    for neg, neu, pos in rows.astype(np.float64).tolist():
        best = 0 if neg >= neu and neg >= pos else (1 if neu >= pos else 2)
        proba = {"negative": round(neg, 6), "neutral": round(neu, 6), "positive": round(pos, 6)}
        expected.append((("negative", "neutral", "positive")[best], proba, round(pos - neg, 6)))
    assert scoring._labels(rows) == expected
    assert scoring._labels(np.zeros((0, 3), dtype=np.float32)) == []


# -- batches ------------------------------------------------------------------------------------


def test_batches_end_at_batch_paragraphs():
    long = "\n".join(["Paragraf."] * 700)
    sizes = [sum(len(d.paragraphs) for d in b) for b in batches.batches([long] * 10, 1000)]
    assert sizes == [2100, 2100, 2100, 700] and all(s - 700 < BATCH_PARAGRAPHS for s in sizes)
    assert [len(b) for b in batches.batches(["Rusia."] * 7, 3)] == [3, 3, 1]


def test_prepared_pickles_as_plain_tuples():
    doc = Prepared("a1", prepare(ARTICLE, "test"))
    data = pickle.dumps(doc)
    assert pickle.loads(data) == doc
    assert b"Paragraph" not in data and len(data) < 250


def test_parallel_rendering_equals_serial(tiny_model_dir):
    scorer = Scorer(model=tiny_model_dir)
    texts = [f"{ARTICLE}\nParagraf {i} tentang Rusia." for i in range(30)]
    writer = make_writer("jsonl", None, ("china", "russia", "west"))
    serial = list(scorer.score_rendered(texts, writer.render, batch_size=4))
    parallel = list(scorer.score_rendered(iter(texts), writer.render, n_jobs=2, batch_size=4))
    assert parallel == serial
    assert [text for _, text in serial] == [article_json(r) + "\n" for r in scorer.score_many(texts)]
