"""The shipped span-target model: rows whose target is given as character spans (NewsMTSC dev).

The stance issue's bar is the plain baseline trained on NewsMTSC train plus 3 macro-F1 points on
both dev splits; the baseline's figures are the build's (``training/reports/build.json``,
``python -m training.build`` computes them from the same files).
"""

from __future__ import annotations

import json

import pytest

from stance.evaluation import evaluate
from stance.models import Model
from tests.conftest import REPO
from tests.tiny_model import default_model_or_skip


@pytest.mark.parametrize("split", ["dev_rw", "dev_mt"])
def test_span_rows_go_to_the_span_model_which_beats_the_baseline_by_3(data_dir, split):
    model = default_model_or_skip()
    assert model.span is not None, "the shipped model has no span-target model"
    path = data_dir / "external" / "newsmtsc" / f"{split}.jsonl"
    report = json.loads((REPO / "training" / "reports" / "build.json").read_text(encoding="utf-8"))
    baseline = report["newsmtsc"]["baseline"][f"newsmtsc_{split}"]["macro_f1"]
    ours = evaluate("stance", path, model=model)["macro_f1"]
    party_only = evaluate("stance", path, model=Model(model.sentiment, model.stance, model.metadata))["macro_f1"]
    assert ours >= baseline + 0.03, (ours, baseline)
    assert ours > party_only, (ours, party_only)  # the span rows were scored by the span model
