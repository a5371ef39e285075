"""Model files: round trip, reproducible bytes, and every check on load."""

from __future__ import annotations

import json

import numpy as np
import pytest

from stance.exceptions import ModelFormatError
from stance.loading import load_model
from stance.models import Model
from stance.persist import FORMAT_VERSION, read_model, save_model, write_npz
from stance.train import fit_sentiment, fit_stance
from tests.conftest import REPO
from tests.test_model import SENTIMENT, SMALL, STANCE


@pytest.fixture(scope="module")
def model():
    texts, labels = zip(*SENTIMENT)
    queries, stance_labels = zip(*STANCE)
    return Model(fit_sentiment(list(texts), list(labels), SMALL), fit_stance(list(queries), list(stance_labels), SMALL),
                 {"name": "stance-test", "date": "2026-01-01", "registry_version": None})


@pytest.fixture()
def saved(tmp_path, model):
    save_model(model, tmp_path)
    return tmp_path


def test_round_trip_keeps_predictions(saved, model):
    loaded = read_model(saved)
    texts = [t for t, _ in SENTIMENT]
    np.testing.assert_allclose(loaded.sentiment.predict_proba(texts), model.sentiment.predict_proba(texts), atol=2e-3)
    queries = [q for q, _ in STANCE]
    np.testing.assert_allclose(loaded.stance.predict_proba(queries), model.stance.predict_proba(queries), atol=2e-3)
    assert loaded.model_id.startswith("stance-test-2026-01-01-")
    assert loaded.metadata["format_version"] == FORMAT_VERSION


def test_saving_twice_writes_the_same_bytes(tmp_path, model):
    save_model(model, tmp_path / "a")
    save_model(model, tmp_path / "b")
    for name in ("model.npz", "model.json"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_npz_has_no_pickles(tmp_path):
    write_npz(tmp_path / "x.npz", {"w": np.ones((3, 2), np.float16)})
    with np.load(tmp_path / "x.npz", allow_pickle=False) as npz:
        assert npz["w"].dtype == np.float16


def _edit_json(directory, **changes):
    path = directory / "model.json"
    meta = json.loads(path.read_text())
    meta.update(changes)
    path.write_text(json.dumps(meta))


def test_missing_file_names_the_file_and_the_fix(tmp_path):
    with pytest.raises(ModelFormatError, match=r"model\.json: file not found \(a model directory holds model\.json and model\.npz\) — pass the directory written by `stance train`, or rebuild it"):
        load_model(tmp_path)


def test_newer_format_version_says_upgrade(saved):
    _edit_json(saved, format_version=99)
    with pytest.raises(ModelFormatError, match=r"model\.json: 'format_version' must be one of \[1, 2, 3, 4\], got 99: the model was written by a newer stance — upgrade stance, or retrain"):
        read_model(saved)


@pytest.mark.parametrize("version", [[2], {"v": 2}, "2", True])
def test_format_version_of_the_wrong_type_is_a_format_error(saved, version):
    _edit_json(saved, format_version=version)
    with pytest.raises(ModelFormatError, match=r"'format_version' must be one of \[1, 2, 3, 4\]"):
        read_model(saved)


def test_not_a_model_file(saved):
    _edit_json(saved, format="something-else")
    with pytest.raises(ModelFormatError, match=r"model\.json: 'format' must be 'stance-model', got 'something-else': not a stance model file — pass a directory written by `stance train`$"):
        read_model(saved)


def test_corrupt_arrays_fail_the_checksum(saved):
    (saved / "model.npz").write_bytes(b"PK garbage")
    with pytest.raises(ModelFormatError, match=r"model\.npz: its checksum does not match 'arrays_sha256' in model\.json: the files are corrupt or from different models — rebuild it"):
        read_model(saved)


def test_changed_feature_hashing_is_caught(saved):
    meta = json.loads((saved / "model.json").read_text())
    meta["stance"]["fingerprints"]["near"] = "0000"
    (saved / "model.json").write_text(json.dumps(meta))
    with pytest.raises(ModelFormatError, match=r"model\.json: view stance/near was trained with a different feature hashing .* — use the stance version that built it, or rebuild it"):
        read_model(saved)


def test_registry_mismatch_says_retrain(saved):
    _edit_json(saved, registry_version="abc")
    with pytest.raises(ModelFormatError, match=r"model\.json: the model was trained with party registry version 'abc', but this stance ships '[0-9a-f]+': mentions would differ from training — retrain on the current registry"):
        load_model(saved)
    with pytest.raises(ModelFormatError, match=r"but this stance ships 'v9'"):
        read_model(saved, registry_version="v9")
    assert read_model(saved).metadata["registry_version"] == "abc"  # persistence alone knows no registry


def test_wrong_classes(saved):
    _edit_json(saved, classes=["neg", "pos"])
    with pytest.raises(ModelFormatError, match=r"model\.json: 'classes' must be \['negative', 'neutral', 'positive'\], got \['neg', 'pos'\] — rebuild it"):
        read_model(saved)


FORMAT_1 = REPO / "tests" / "fixtures" / "model-format-1"


def test_format_1_files_keep_loading():
    # Written by stance 0.x before format 2 (gated views) with SMALL's config; the logits
    # below are what that version computed for the first queries and texts of test_model.
    assert json.loads((FORMAT_1 / "model.json").read_text())["format_version"] == 1
    model = read_model(FORMAT_1)
    assert model.stance.window == SMALL["stance"]["window"]
    queries = [q for q, _ in STANCE][:3]
    np.testing.assert_allclose(model.stance.linear.logits(model.stance.views(queries)), [
        [10.60822, -82.32292, -78.11248], [-54.49544, 31.23578, -72.86766], [-57.01552, -46.47338, 102.31528]],
        rtol=1e-5, atol=1e-3)
    np.testing.assert_allclose(model.sentiment.linear.logits({"text": [t for t, _ in SENTIMENT][:2]}), [
        [-14.63864, -9.65280, 5.00537], [-9.77158, -7.05071, 15.84859]], rtol=1e-5, atol=1e-3)


def _span_model(model: Model) -> Model:
    """``model`` with a span-target model that calls every pair positive (zero weights, intercept)."""
    from stance.models import LinearViews, StanceModel

    linear = model.stance.linear
    shifted = LinearViews(linear.featurizers, {k: np.zeros_like(w) for k, w in linear.weights.items()},
                          np.array([0.0, 0.0, 5.0], dtype=np.float32), 1.0)
    return Model(model.sentiment, model.stance, dict(model.metadata), span=StanceModel(shifted, window=3))


def test_span_model_round_trips_and_takes_only_span_rows(tmp_path, model):
    from stance.evaluation import evaluate

    save_model(_span_model(model), tmp_path)
    loaded = read_model(tmp_path)
    assert loaded.span is not None and loaded.span.window == 3
    queries = [q for q, _ in STANCE]
    assert (loaded.stance_model(spans=True).predict_proba(queries).argmax(1) == 2).all()
    np.testing.assert_allclose(loaded.stance_model(spans=False).predict_proba(queries),
                               model.stance.predict_proba(queries), atol=2e-3)
    data = tmp_path / "pairs.jsonl"
    text = "Rusia mengecam Amerika Serikat."
    data.write_text("\n".join(json.dumps(r) for r in [
        {"text": text, "target": "Rusia", "spans": [[0, 5]], "label": "negative"},
        {"text": text, "target": "russia", "label": "negative"}]) + "\n")
    spans_only = evaluate("stance", data, model=loaded)["confusion"]["matrix"]
    party_only = evaluate("stance", data, model=read_model(saved_without_span(tmp_path / "plain", model)))
    assert spans_only[0][2] == 1  # the span row went to the span model: positive
    assert party_only["confusion"]["matrix"][0][2] == 0  # the party model on both rows


def saved_without_span(directory, model: Model):
    save_model(model, directory)
    assert read_model(directory).span is None and "span" not in json.loads((directory / "model.json").read_text())
    return directory


def test_the_span_model_is_read_on_first_use_and_pickles(tmp_path, model):
    import pickle

    from stance.models import DeferredStanceModel

    save_model(_span_model(model), tmp_path)
    loaded = read_model(tmp_path)
    assert isinstance(loaded.span, DeferredStanceModel)  # nothing read yet: start-up does not pay for it
    queries = [q for q, _ in STANCE]
    again = pickle.loads(pickle.dumps(loaded))  # --jobs sends a Model object to its workers
    for m in (loaded, again):
        assert (m.stance_model(spans=True).predict_proba(queries).argmax(1) == 2).all()


def test_a_broken_span_section_is_a_model_file_error_at_load(saved):
    _edit_json(saved, span={"views": {}, "window": "five"})
    with pytest.raises(ModelFormatError, match=r"model\.json: span 'window' must be a non-negative integer, got 'five'"):
        read_model(saved)
