"""Readers (every format, bad rows with FILE:LINE), metrics, evaluate and train."""

from __future__ import annotations

import json

import numpy as np
import pytest

from stance.exceptions import DataFormatError
from stance.evaluation import evaluate
from stance.metrics import calibration, report
from stance.models.fitting import fit_sentiment, fit_temperature
from stance.train import group_folds, read_sentiment_file, read_stance_file, train


def write(path, lines):
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_generic_jsonl_and_csv_sentiment(tmp_path):
    a = write(tmp_path / "a.jsonl", [json.dumps({"text": "Bagus sekali.", "label": "positive"})])
    b = write(tmp_path / "b.csv", ["id,text,label", '1,"Buruk, sangat buruk.",negative'])
    c = write(tmp_path / "c.tsv", ["warung enak\tpositive", "biasa saja\tneutral"])
    assert [r["label"] for r in read_sentiment_file(a)] == ["positive"]
    assert [r["text"] for r in read_sentiment_file(b)] == ["Buruk, sangat buruk."]
    assert [r["label"] for r in read_sentiment_file(c)] == ["positive", "neutral"]


def test_annotation_rows_become_one_stance_row_per_present_party(tmp_path):
    row = {"item": "indosum:7:0", "lang": "id", "text": "AS mengecam Rusia.", "sentiment": "negative",
           "china": "absent", "russia": "negative", "west": "neutral"}
    rows = read_stance_file(write(tmp_path / "a.jsonl", [json.dumps(row)]))
    assert [(r["target"], r["label"], r["spans"], r["group"]) for r in rows] == [
        ("russia", "negative", None, "indosum:7"), ("west", "neutral", None, "indosum:7")]
    assert read_sentiment_file(tmp_path / "a.jsonl")[0]["label"] == "negative"


def test_newsmtsc_rows_keep_spans_and_further_mentions(tmp_path):
    row = {"primary_gid": "allsides_1_2_3_x", "sentence_normalized": "Judge Gorsuch said he would.",
           "targets": [{"from": 0, "to": 13, "mention": "Judge Gorsuch", "polarity": 6.0,
                        "further_mentions": [{"from": 19, "to": 21, "mention": "he"}]}]}
    (r,) = read_stance_file(write(tmp_path / "m.jsonl", [json.dumps(row)]))
    assert (r["target"], r["label"], r["spans"]) == ("Judge Gorsuch", "positive", [(0, 13), (19, 21)])


@pytest.mark.parametrize(
    ("lines", "reader", "message"),
    [
        (['{"text": "x", "label": "good"}'], read_sentiment_file,
         r"bad\.jsonl:1: 'label' must be one of negative, neutral, positive, got 'good' — fix the label or remove the row$"),
        (['{"text": "x", "label": "positive"}', "{oops"], read_sentiment_file,
         r"bad\.jsonl:2: not valid JSON \(.+\) — write one JSON object a line$"),
        (['{"label": "positive"}'], read_sentiment_file, r"bad\.jsonl:1: 'text' must be a non-empty string, got None — add the paragraph's text$"),
        (['{"text": "abc", "target": "x", "label": "neutral", "spans": [[2, 9]]}'], read_stance_file,
         r"bad\.jsonl:1: 'spans' must be a list of \[start, end\] character offsets with 0 <= start < end <= 3 "
         r"\(the text's length\), got \[\[2, 9\]\] — fix the offsets, or leave 'spans' out"),
        (['{"text": "abc", "label": "neutral"}'], read_stance_file,
         r"bad\.jsonl:1: 'target' must be a non-empty string \(a party id or a name\), got None — add the target, "
         r'e\.g\. "target": "russia"$'),
        (['{"text": "abc", "label": ["positive"]}'], read_sentiment_file,
         r"bad\.jsonl:1: 'label' must be one of negative, neutral, positive, got \['positive'\] — fix the label"),
        (['{"sentence_normalized": "abc", "targets": []}'], read_sentiment_file,
         r"bad\.jsonl:1: this is a NewsMTSC \(target sentiment\) row, not a sentiment row — use --task stance for NewsMTSC files$"),
    ],
)
def test_bad_rows_name_file_and_line(tmp_path, lines, reader, message):
    path = write(tmp_path / "bad.jsonl", lines)
    with pytest.raises(DataFormatError, match=message):
        reader(path)


def test_csv_without_text_header(tmp_path):
    path = write(tmp_path / "bad.csv", ["a,b,c", "1,2,3"])
    with pytest.raises(DataFormatError, match=r"bad\.csv:1: the header must name a 'text' and a 'label' column, got \['a', 'b', 'c'\] — add a header row such as text,label$"):
        read_sentiment_file(path)


def test_report_counts_absent_predictions_as_wrong():
    r = report(["negative", "neutral", "positive", "positive"], ["negative", "neutral", "positive", "absent"], "stance")
    assert set(r) == {"task", "n", "macro_f1", "accuracy", "per_class", "confusion"}
    assert r["accuracy"] == 0.75
    assert r["per_class"]["positive"] == {"precision": 1.0, "recall": 0.5, "f1": pytest.approx(2 / 3), "support": 2}
    assert r["confusion"]["labels"] == ["negative", "neutral", "positive", "absent"]
    assert r["confusion"]["matrix"][2] == [0, 0, 1, 1]


def test_group_folds_keep_articles_together():
    folds = group_folds(["a:1", "a:1", "b:2", "c:3", "a:1"], 3)
    assert folds[0] == folds[1] == folds[4]


def test_temperature_recovers_a_known_scale():
    rng = np.random.default_rng(0)
    z = rng.normal(size=(4000, 3)) * 2
    y = np.array([rng.choice(3, p=np.exp(r) / np.exp(r).sum()) for r in z])
    assert fit_temperature(z * 3, y) == pytest.approx(3, rel=0.1)
    cal = calibration(np.exp(z) / np.exp(z).sum(1, keepdims=True), y)
    assert cal["ece"] < 0.05 and sum(b["n"] for b in cal["reliability"]) == 4000


def test_evaluate_stance_with_registry_targets(tmp_path):
    rows = [{"text": "Amerika Serikat mengecam Rusia.", "target": "russia", "label": "negative"},
            {"text": "Hujan turun di Bogor.", "target": "china", "label": "neutral"},
            {"text": "Hujan turun di Bogor.", "target": "china", "label": "absent"}]
    r = evaluate("stance", write(tmp_path / "s.jsonl", [json.dumps(x) for x in rows]))
    assert r["n"] == 2 and r["not_found"] == 1
    # the pair whose target the registry misses is still scored (stance, not detection)
    assert r["confusion"]["labels"] == ["negative", "neutral", "positive"]
    assert sum(map(sum, r["confusion"]["matrix"])) == 2


def test_evaluate_sentiment_and_detect(tmp_path):
    r = evaluate("sentiment", write(tmp_path / "s.csv", ["text,label", "Bagus sekali,positive", "Banjir besar,negative"]))
    assert r["task"] == "sentiment" and r["n"] == 2
    d = evaluate("detect", write(tmp_path / "d.jsonl", [json.dumps({"text": "Rusia dan AS.", "russia": True, "west": True})]))
    assert d["micro_f1"] == 1.0


@pytest.mark.parametrize(
    ("name", "lines"),
    [
        ("d.jsonl", ['{"text": "Rusia dan AS.", "china": false, "russia": true, "west": true}',
                     '{"text": "Hujan turun.", "china": false, "russia": false, "west": false}']),
        ("d.jsonl", ['{"id": "a1", "lang": "id", "text": "Rusia dan AS.", "china": "false", "russia": "true", "west": "True"}',
                     '{"id": "a2", "lang": "id", "text": "Hujan turun.", "china": "FALSE", "russia": "false", "west": "false"}']),
        ("d.csv", ["id,lang,text,china,russia,west", "a1,id,Rusia dan AS.,false,true,true", "a2,id,Hujan turun.,false,false,false"]),
        ("d.tsv", ["text\tchina\trussia\twest", "Rusia dan AS.\tfalse\ttrue\ttrue", "Hujan turun.\tfalse\tfalse\tfalse"]),
    ],
    ids=["json-booleans", "true-false-strings-with-id-and-lang", "csv-columns", "tsv-columns"],
)
def test_evaluate_detect_accepts_true_false_per_party(tmp_path, name, lines):
    d = evaluate("detect", write(tmp_path / name, lines))
    assert (d["n"], d["micro_f1"]) == (2, 1.0)
    assert d["per_party"]["russia"]["tp"] == d["per_party"]["west"]["tp"] == 1
    assert d["per_party"]["china"]["support"] == 0


def test_evaluate_detect_reads_annotation_files(tmp_path):
    row = {"item": "indosum:7:0", "lang": "id", "text": "AS mengecam Rusia.", "sentiment": "negative",
           "china": "absent", "russia": "negative", "west": "neutral"}
    d = evaluate("detect", write(tmp_path / "a.jsonl", [json.dumps(row)]))
    assert d["per_party"]["russia"]["tp"] == d["per_party"]["west"]["tp"] == 1 and d["micro_f1"] == 1.0


@pytest.mark.parametrize(
    ("name", "lines", "message"),
    [
        ("d.jsonl", ['{"text": "Rusia.", "russia": "yes"}'],
         r"d\.jsonl:1: party 'russia' must be true or false, got 'yes' — write true or false "
         r"\(or an annotation label: absent, negative, neutral, positive\)$"),
        ("d.csv", ["text,china,russia,west", "Rusia.,false,1,false"],
         r"d\.csv:2: party 'russia' must be true or false, got '1' — write true or false"),
        ("d.jsonl", ['{"text": "Rusia.", "Russia": true}'],
         r"d\.jsonl:1: the true/false field 'Russia' must name a party of the registry \(china, russia, west\) — "
         r"fix the name, or add the party with a registry file \(--registry FILE\)$"),
    ],
)
def test_evaluate_detect_bad_value_names_file_line_and_fix(tmp_path, name, lines, message):
    path = write(tmp_path / name, lines)
    with pytest.raises(DataFormatError, match=message):
        evaluate("detect", path)


def test_evaluate_sentiment_reports_ece_on_the_scored_rows(tmp_path):
    lines = ["text,label", "Bagus sekali,positive", "Banjir besar menewaskan warga,negative", "Rapat digelar Senin,neutral"]
    r = evaluate("sentiment", write(tmp_path / "s.csv", lines))
    assert set(r["calibration"]) == {"ece", "reliability"}
    assert 0.0 <= r["calibration"]["ece"] <= 1.0
    assert sum(b["n"] for b in r["calibration"]["reliability"]) == 3


def test_evaluate_stance_reports_ece_on_every_labelled_pair(tmp_path):
    rows = [{"text": "Amerika Serikat mengecam Rusia.", "target": "russia", "label": "negative"},
            {"text": "Tiongkok membantu korban banjir.", "target": "china", "label": "positive"},
            {"text": "Hujan turun di Bogor.", "target": "china", "label": "neutral"}]  # not found, still scored
    r = evaluate("stance", write(tmp_path / "s.jsonl", [json.dumps(x) for x in rows]))
    assert 0.0 <= r["calibration"]["ece"] <= 1.0
    assert sum(b["n"] for b in r["calibration"]["reliability"]) == 3 and r["not_found"] == 1


def test_evaluate_rejects_unknown_task(tmp_path):
    with pytest.raises(ValueError, match=r"^The 'task' parameter of evaluate: must be one of stance, sentiment, detect, got 'topic' — pass one of stance, sentiment, detect$"):
        evaluate("topic", tmp_path / "x.jsonl")


def test_evaluate_stance_target_without_spans_must_be_a_party(tmp_path):
    path = write(tmp_path / "s.jsonl", [json.dumps({"text": "Smith spoke.", "target": "Smith", "label": "neutral"})])
    with pytest.raises(DataFormatError, match=r"s\.jsonl:1: target 'Smith' is not a party of the registry \(china, russia, west\) and the row has no 'spans' — "
                                          r"add \"spans\": \[\[start, end\], \.\.\.\] with the target's character offsets$"):
        evaluate("stance", path)


def test_train_writes_a_loadable_model_with_a_cv_report(tmp_path):
    from stance.loading import load_model
    from tests.test_model import SMALL

    lines = []
    for i, (text, label) in enumerate([("Bagus sekali", "positive"), ("Buruk sekali", "negative"), ("Biasa saja", "neutral")] * 4):
        # ids group rows into folds; without them the group is the file path and line, which
        # differ per tmp_path, and a fold might train on one label
        lines.append(json.dumps({"id": f"row{i}", "text": f"{text} {i}", "label": label}))
    cv = train("sentiment", [write(tmp_path / "t.jsonl", lines)], out=tmp_path / "m", config=SMALL)
    assert {"macro_f1", "calibration", "confusion"} <= set(cv)
    model = load_model(tmp_path / "m")
    assert model.sentiment.predict_proba(["Bagus sekali"]).shape == (1, 3)
    assert model.metadata["task_trained"] == "sentiment"


def test_the_fitting_names_stay_importable_from_train():
    """training/ and users import the config and fitting functions from stance.train, where they lived."""
    import stance.models.config
    import stance.models.fitting
    import stance.train

    names = ["VECTOR_VIEW", "featurizers_for", "design", "fit_views", "word_projections", "fit_design",
             "column_scale", "fit_temperature", "query_views"]
    assert [n for n in names if not hasattr(stance.train, n)] == []
    assert all(getattr(stance.train, n) is getattr(stance.models.fitting, n) for n in stance.models.fitting.__all__)
    assert all(getattr(stance.train, n) is getattr(stance.models.config, n) for n in stance.models.config.__all__)


def test_fitting_on_no_rows_is_a_data_error():
    with pytest.raises(DataFormatError, match=r"^The training data: has no rows — pass labelled rows$"):
        fit_sentiment([], [])


def test_a_cross_validation_fold_with_one_label_is_a_clear_error(tmp_path):
    from tests.test_model import SMALL

    from stance.train import group_folds

    # "a" alone in its fold: the fold that tests it trains on "b" and "c", both positive
    assert list(group_folds(["a", "b", "c"], SMALL["folds"], SMALL["seed"])) == [0, 1, 1]
    lines = [json.dumps({"id": "a", "text": "Buruk sekali", "label": "negative"}),
             json.dumps({"id": "b", "text": "Bagus sekali", "label": "positive"}),
             json.dumps({"id": "c", "text": "Bagus juga", "label": "positive"})]
    with pytest.raises(DataFormatError, match=r"^The training data: cross-validation fold 0 of 2 trains on rows with a "
                       r"single label .* — add rows with other labels, or lower the config's 'folds'$"):
        train("sentiment", [write(tmp_path / "t.jsonl", lines)], out=tmp_path / "m", config=SMALL)
