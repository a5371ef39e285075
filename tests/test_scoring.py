"""The Python API: score, score_many, Scorer, explanations, streaming, errors."""

from __future__ import annotations

import math
import subprocess
import sys

import numpy as np
import pytest

import stance
from stance.exceptions import InputError, InputTypeError, ModelFormatError
from stance.models import StanceQuery
from stance.scoring import MAX_PARAGRAPH_CHARS, Scorer
from tests.test_results import check_schema
from tests.tiny_model import default_model_or_skip

ARTICLE = (
    "Xi dan Putin mengecam dominasi Barat dalam tatanan internasional.\n"
    "Hujan turun di Jakarta.\n"
    "Indonesia memuji bantuan Tiongkok dan China untuk korban gempa."
)


@pytest.fixture()
def scorer(tiny_model):
    return Scorer(model=tiny_model)


def test_score_an_article(scorer):
    result = scorer.score(ARTICLE, id="a1")
    assert (result.id, result.model_id, result.parties) == ("a1", scorer.model_id, ("china", "russia", "west"))
    assert [p.text for p in result.paragraphs] == ARTICLE.split("\n")
    assert [(p.start, p.end) for p in result.paragraphs] == [(0, 65), (66, 89), (90, 153)]
    first, second, third = result.paragraphs
    assert set(first.stances) == {"china", "russia", "west"}
    assert {p: s.present for p, s in first.stances.items()} == {"china": True, "russia": True, "west": True}
    assert not any(s.present for s in second.stances.values())
    assert second.stances["china"].label == "absent" and second.stances["china"].score is None
    assert [m.text for m in third.stances["china"].mentions] == ["Tiongkok", "China"]
    for p in result.paragraphs:
        assert p.text == ARTICLE[p.start:p.end]
        for m in p.mentions:
            assert p.text[m.start:m.end] == m.text
        assert p.sentiment.score == pytest.approx(p.sentiment.proba["positive"] - p.sentiment.proba["negative"], abs=2e-6)
        assert math.isclose(sum(p.sentiment.proba.values()), 1.0, abs_tol=1e-5)
    china = result.summary.parties["china"]
    assert (china.paragraphs, china.mentions) == (2, 3)
    check_schema(result.to_dict())


def test_probabilities_are_the_models(scorer, tiny_model):
    result = scorer.score(ARTICLE)
    texts = ARTICLE.split("\n")
    expected = tiny_model.sentiment.predict_proba(texts)
    got = [[p.sentiment.proba[c] for c in ("negative", "neutral", "positive")] for p in result.paragraphs]
    np.testing.assert_allclose(got, expected, atol=1e-6)
    query = StanceQuery(texts[0], "west", ((31, 36),), ((0, 2), (7, 12)))
    st = result.paragraphs[0].stances["west"]
    assert [(m.start, m.end, m.text) for m in st.mentions] == [(31, 36, "Barat")]
    np.testing.assert_allclose(list(st.proba.values()), tiny_model.stance.predict_proba([query])[0], atol=1e-6)


def test_parties_selects_and_orders(scorer):
    result = scorer.score(ARTICLE, parties=["west", "china"])
    assert result.parties == ("west", "china")
    assert list(result.paragraphs[0].stances) == ["west", "china"]
    assert {m.party for m in result.paragraphs[0].mentions} == {"west", "china"}
    assert list(result.summary.parties) == ["west", "china"]
    assert scorer.score(ARTICLE, parties="russia").parties == ("russia",)


def test_other_parties_do_not_change_a_party_s_score(scorer):
    all_parties = scorer.score(ARTICLE).paragraphs[0].stances["west"]
    alone = scorer.score(ARTICLE, parties=["west"]).paragraphs[0].stances["west"]
    assert all_parties == alone


@pytest.mark.parametrize("k", [1, 3, 1000])
def test_explanations_sum_exactly_to_the_model_logit(scorer, k):
    result = scorer.score(ARTICLE, explain=k)
    for p in result.paragraphs:
        targets = [p.sentiment] + [s for s in p.stances.values() if s.present]
        for target in targets:
            e = target.explanation
            assert len(e.positive) <= k and len(e.negative) <= k
            assert all(c > 0 for _, c in e.positive) and all(c < 0 for _, c in e.negative)
            assert [c for _, c in e.positive] == sorted((c for _, c in e.positive), reverse=True)
            total = e.bias + sum(c for _, c in e.positive) + sum(c for _, c in e.negative) + e.rest
            assert total == pytest.approx(e.margin, abs=1e-4)
            proba = target.proba
            logit = math.log(proba["positive"]) - math.log(proba["negative"])
            assert e.margin == pytest.approx(logit, abs=1e-3)  # probabilities are rounded to 6 digits
            if k == 1000:
                assert e.rest == pytest.approx(0.0, abs=1e-9)
    assert all(s.explanation is None for s in result.paragraphs[1].stances.values())
    check_schema(result.to_dict())


def test_no_explanation_by_default(scorer):
    p = scorer.score(ARTICLE).paragraphs[0]
    assert p.sentiment.explanation is None and p.stances["west"].explanation is None


# -- score_many ------------------------------------------------------------------------------


def test_score_many_streams_lazily(scorer):
    consumed = []

    def articles():
        for i in range(10):
            consumed.append(i)
            yield f"Rusia artikel {i}."

    results = scorer.score_many(articles(), batch_size=3)
    assert consumed == []  # nothing read before the first result is asked for
    first = next(results)
    assert first.paragraphs[0].text == "Rusia artikel 0." and consumed == [0, 1, 2]
    rest = list(results)
    assert len(rest) == 9 and consumed == list(range(10))


def test_score_many_equals_score_and_keeps_ids(scorer):
    texts = [ARTICLE, "Putin tiba di Beijing.", ("id-3", "NATO memuji AS.")]
    many = list(scorer.score_many(texts, batch_size=2))
    assert [r.id for r in many] == [None, None, "id-3"]
    assert many[0] == scorer.score(ARTICLE)
    assert many[2] == scorer.score("NATO memuji AS.", id="id-3")


def test_score_many_in_parallel_equals_serial(tiny_model_dir):
    scorer = Scorer(model=tiny_model_dir)
    texts = [f"{ARTICLE}\nParagraf {i} tentang Rusia." for i in range(40)]
    serial = list(scorer.score_many(texts, batch_size=7))
    parallel = list(scorer.score_many(iter(texts), n_jobs=2, batch_size=7))
    assert parallel == serial


def test_scorer_pickles_without_its_model(tiny_model_dir):
    import pickle

    scorer = Scorer(model=tiny_model_dir)
    data = pickle.dumps(scorer)
    assert len(data) < 2000
    assert pickle.loads(data).score("Rusia.") == scorer.score("Rusia.")


def test_module_functions_use_the_default_model(default_is_tiny):
    result = stance.score(ARTICLE)
    assert result.model_id == default_is_tiny.model_id
    assert [r.model_id for r in stance.score_many(["Rusia."])] == [default_is_tiny.model_id]


def test_registry_file_adds_parties(tmp_path, tiny_model):
    registry = tmp_path / "parties.toml"
    registry.write_text('[[party]]\nid = "asean"\nname = "ASEAN"\naliases = ["ASEAN"]\n', encoding="utf-8")
    scorer = Scorer(model=tiny_model, registry=registry)
    result = scorer.score("ASEAN dan Tiongkok bertemu.")
    assert result.parties == ("china", "russia", "west", "asean")
    assert result.paragraphs[0].stances["asean"].present


# -- errors ------------------------------------------------------------------------------------


def test_score_rejects_non_text(scorer):
    with pytest.raises(InputTypeError, match=r"^The 'text' parameter of score: must be a str, got list — call score_many\(texts\) for many articles$"):
        scorer.score(["a"])


def test_score_many_rejects_a_lone_string(scorer):
    with pytest.raises(InputTypeError, match=r"^The 'texts' parameter of score_many: must be an iterable of str, not a single str — call score\(text\) for one article, or pass \[text\]$"):
        scorer.score_many("Rusia.")


def test_score_many_rejects_non_iterables(scorer):
    with pytest.raises(InputTypeError, match=r"^The 'texts' parameter of score_many: must be an iterable of str, got int — pass a list or another iterable of str$"):
        scorer.score_many(3)


def test_score_many_names_the_bad_item(scorer):
    results = scorer.score_many(["Rusia.", None])
    with pytest.raises(InputTypeError, match=r"^The 'texts' parameter of score_many: item 1 is NoneType \(None\), not a str or an \(id, str\) pair — decode bytes and drop missing values first$"):
        list(results)


def test_empty_text(scorer):
    with pytest.raises(InputError, match=r"^The 'text' parameter of score: empty text \(no non-blank paragraph\) — remove it, or give it text$"):
        scorer.score(" \n\t\n")
    with pytest.raises(InputError, match=r"^Item 1 of the 'texts' parameter of score_many: empty text \(no non-blank paragraph\) — remove it, or give it text$"):
        list(scorer.score_many(["Rusia.", ""]))


def test_too_long_paragraph(scorer):
    text = "Rusia.\n" + "kata " * (MAX_PARAGRAPH_CHARS // 5 + 1)
    with pytest.raises(InputError, match=r"^The 'text' parameter of score: paragraph 2 has 100,004 characters, more than the maximum of 100,000 — split it into paragraphs"):
        scorer.score(text)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"parties": ["usa"]}, r"^The 'parties' parameter of score: unknown party 'usa' — use ids of the registry: china, russia, west$"),
        ({"parties": []}, r"^The 'parties' parameter of score: no party given — use ids of the registry: china, russia, west$"),
        ({"explain": -1}, r"^The 'explain' parameter of score: must be a non-negative int, got -1 — pass the number of n-grams "
                          r"to show each way, or 0 for none$"),
        ({"explain": True}, r"^The 'explain' parameter of score: must be a non-negative int, got True — "),
    ],
)
def test_bad_parameters(scorer, kwargs, message):
    with pytest.raises(ValueError, match=message):
        scorer.score("Rusia.", **kwargs)


def test_parties_may_be_any_iterable_of_ids(scorer):
    assert scorer.check_parties(p for p in ["west", "russia", "west"]) == ("west", "russia")
    assert scorer.score("Rusia dan AS.", parties=iter(["russia"])).parties == ("russia",)


def test_check_parties_names_the_input_it_is_told(scorer):
    with pytest.raises(ValueError, match=r"^--parties: unknown party 'usa' — use ids of the registry: china, russia, west$"):
        scorer.check_parties("russia,usa", "--parties")
    with pytest.raises(InputTypeError, match=r"^The 'parties' parameter of Scorer: must be a list of party ids, got \[1\] — "):
        scorer.check_parties([1])


def test_bad_batch_size_and_jobs(scorer):
    with pytest.raises(ValueError, match=r"^The 'batch_size' parameter of score_many: must be a positive int, got 0 — pass e\.g\. batch_size=1024$"):
        scorer.score_many(["a"], batch_size=0)
    with pytest.raises(ValueError, match=r"^The 'n_jobs' parameter of score_many: must be a non-zero int, got 0 — pass 1 \(no workers\), N workers, or -1 \(one per CPU\)$"):
        scorer.score_many(["a"], n_jobs=0)


def test_bad_model_and_registry_arguments(tiny_model):
    with pytest.raises(InputTypeError, match=r"^The 'model' parameter of Scorer: must be a model directory, a Model or None, got int — pass a directory, load_model\(path\), or None"):
        Scorer(model=3)
    with pytest.raises(InputTypeError, match=r"^The 'registry' parameter of Scorer: must be a registry file, a Registry or None, got int — pass a file, "
                                          r"Registry\.from_file\(path\), or None"):
        Scorer(model=tiny_model, registry=3)


def test_missing_model_directory(tmp_path):
    with pytest.raises(ModelFormatError, match=r"nothing/model\.json: file not found \(.*\) — pass the directory written by `stance train`"):
        Scorer(model=tmp_path / "nothing")


def test_corrupt_model_file(tmp_path, tiny_model_dir):
    import shutil

    broken = tmp_path / "broken"
    shutil.copytree(tiny_model_dir, broken)
    (broken / "model.npz").write_bytes(b"garbage")
    with pytest.raises(ModelFormatError, match=r"broken/model\.npz: its checksum does not match 'arrays_sha256' in model\.json: .* — rebuild it"):
        stance.load_model(broken)


# -- import cost and the shipped model ---------------------------------------------------------


def test_import_stance_is_light_and_lazy():
    code = (
        "import sys, stance; light = sorted(m for m in ('numpy', 'sklearn', 'scipy', 'stance.scoring') if m in sys.modules);"
        "stance.Scorer; heavy = sorted(m for m in ('sklearn', 'scipy', 'joblib') if m in sys.modules);"
        "print(light, heavy, 'score' in dir(stance))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[] [] True"


def test_unknown_attribute():
    with pytest.raises(AttributeError, match="module 'stance' has no attribute 'nope'"):
        stance.nope  # noqa: B018


CONTRACT = "Xi dan Putin mengecam dominasi Barat.\nAS menjatuhkan sanksi kepada Rusia."


def test_the_shipped_model_scores_the_contract_examples():
    default_model_or_skip()
    result = stance.score(CONTRACT)
    first, second = result.paragraphs
    assert {p for p, s in first.stances.items() if s.label != "absent"} == {"china", "russia", "west"}
    assert {p for p, s in second.stances.items() if s.label != "absent"} == {"russia", "west"}
    check_schema(result.to_dict())


@pytest.mark.xfail(strict=True, reason=(
    "known quality gap (issue 10, docs/model-card.md 'Known limits'): the shipped stance model "
    "gets the sanctioned Russia of labels.md's second example right but calls the criticised West "
    "of the first neutral (and its critics negative); strict, so this fails loudly once a model "
    "gets them right and the mark must go"))
def test_the_shipped_model_labels_the_contract_examples_as_labels_md_does():
    default_model_or_skip()
    first, second = stance.score(CONTRACT).paragraphs
    assert first.stances["west"].label == "negative"
    assert second.stances["russia"].label == "negative"


def test_the_guard_of_honour_paragraph_of_the_kompas_seed_is_not_negative_toward_russia(seeds_dir):
    # "Mereka disambut oleh para pejabat Rusia yang membentuk guard of honor, ...": Russian
    # officials welcome Kim with a guard of honour. The model shipped before the stance issue
    # called it negative toward Russia at 0.92, driven by words about North Korea.
    default_model_or_skip()
    lines = (seeds_dir / "kompas-kim-putin-khasan.txt").read_text(encoding="utf-8").splitlines()
    assert lines[2].startswith("Mereka disambut oleh para pejabat Rusia yang membentuk guard of honor")
    paragraph = stance.score(lines[2]).paragraphs[0]
    assert paragraph.stances["russia"].label in ("neutral", "positive"), paragraph.stances["russia"]
