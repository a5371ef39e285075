"""A tiny real model for the scoring and CLI tests (helpers; the fixtures are in ``conftest.py``).

It is fitted with the project's own training code (``stance.train.fit_sentiment`` and
``fit_stance``, scikit-learn's LogisticRegression) on a handful of hand-written
sentences, with small hash tables, then saved and read back with ``stance.persist``: the
same code paths as the shipped model, in well under a second, with no shared data.
"""

from __future__ import annotations

from pathlib import Path

import pytest

SENTIMENT = [
    ("Ekonomi tumbuh pesat dan rakyat bahagia.", "positive"),
    ("Kerja sama yang sukses membawa harapan baru.", "positive"),
    ("The summit was a great success for peace.", "positive"),
    ("Bantuan kemanusiaan disambut gembira warga.", "positive"),
    ("Perang menewaskan ratusan warga sipil.", "negative"),
    ("Banjir besar merusak rumah dan jalan.", "negative"),
    ("The attack killed dozens and caused panic.", "negative"),
    ("Krisis ekonomi memicu protes dan kerusuhan.", "negative"),
    ("Rapat digelar di Jakarta pada hari Senin.", "neutral"),
    ("The minister will travel to the capital on Tuesday.", "neutral"),
    ("Pertemuan berlangsung selama dua jam.", "neutral"),
    ("Laporan itu diterbitkan pekan lalu.", "neutral"),
]

STANCE = [
    ("Indonesia memuji bantuan Tiongkok untuk korban gempa.", "china", "positive"),
    ("Negara-negara Barat mengecam agresi Rusia.", "russia", "negative"),
    ("AS menjatuhkan sanksi kepada Rusia.", "russia", "negative"),
    ("Rusia menyambut baik kerja sama dengan Tiongkok.", "china", "positive"),
    ("Presiden bertemu duta besar Amerika Serikat di Jakarta.", "west", "neutral"),
    ("Xi dan Putin mengecam dominasi Barat.", "west", "negative"),
    ("Menteri Luar Negeri Rusia tiba di Beijing.", "russia", "neutral"),
    ("Warga memprotes kebijakan Tiongkok di Laut China Selatan.", "china", "negative"),
    ("NATO memuji keberhasilan latihan bersama.", "west", "positive"),
    ("Delegasi China menghadiri konferensi itu.", "china", "neutral"),
    ("The West praised the agreement as a success.", "west", "positive"),
    ("Russia was condemned for the attack.", "russia", "negative"),
]

CONFIG = {
    "seed": 0,
    "sentiment": {"views": {"text": {"word_ngrams": [1, 2], "char_ngrams": [3, 4], "n_features": 2**12,
                                     "sublinear_tf": True}}, "C": 1.0, "max_iter": 60},
    "stance": {
        "views": {
            "masked": {"word_ngrams": [1, 2], "char_ngrams": None, "n_features": 2**12},
            "near": {"word_ngrams": [1, 2], "char_ngrams": [3, 4], "n_features": 2**12},
            "cue": {"word_ngrams": [1, 1], "char_ngrams": None, "n_features": 2**10, "norm": None},
        },
        "window": 5,
        "C": 1.0,
        "max_iter": 60,
    },
}

_cache: dict[str, object] = {}


def build_tiny_model():
    """A real (tiny) Model: fitted, saved, and read back. Cached per test session."""
    if "model" not in _cache:
        from stance.models import Model
        from stance.parties import Registry
        from stance.train import fit_sentiment, fit_stance, stance_queries

        sentiment = fit_sentiment([t for t, _ in SENTIMENT], [l for _, l in SENTIMENT], CONFIG)
        rows = [{"text": t, "target": p, "label": l, "spans": None} for t, p, l in STANCE]
        queries, found = stance_queries(rows)
        assert found.all()
        stance = fit_stance(queries, [r["label"] for r in rows], CONFIG)
        meta = {"name": "tiny-test", "date": "2026-01-01", "registry_version": Registry.default().version}
        _cache["model"] = Model(sentiment, stance, meta)
    return _cache["model"]


def save_tiny_model(directory: Path) -> Path:
    from stance.persist import save_model

    save_model(build_tiny_model(), directory)
    return directory


def default_model_or_skip():
    """The shipped default model, or skip the test saying why."""
    from stance.exceptions import ModelFormatError
    from stance.loading import load_model

    try:
        return load_model()
    except ModelFormatError as exc:
        pytest.skip(f"the shipped default model is not built yet (stance/data/model/): {exc}")
