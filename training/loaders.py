"""Load the team's data (``../shared/data``) as sentiment and stance rows.

Every loader goes through :mod:`stance.readers`, so a bad row stops the build with
``FILE:LINE``. Rows carry ``source`` (which corpus) and ``group`` (article id with its
source prefix) for weighting and article-grouped cross-validation.
"""

from __future__ import annotations

import os
from pathlib import Path

from stance.domain import ABSENT
from stance.readers import read_sentiment_file, read_stance_file

__all__ = ["data_dir", "FILES", "sentiment_rows", "stance_rows", "paths"]

FILES = {
    "annotations_id": "annotations/paragraphs_id.jsonl",
    "annotations_en": "annotations/paragraphs_en.jsonl",
    "smsa_train": "external/smsa/train.tsv",
    "smsa_valid": "external/smsa/valid.tsv",
    "nusax_id_train": "external/nusax/indonesian/train.csv",
    "nusax_id_valid": "external/nusax/indonesian/valid.csv",
    "nusax_en_train": "external/nusax/english/train.csv",
    "nusax_en_valid": "external/nusax/english/valid.csv",
    "newsmtsc_train": "external/newsmtsc/train.jsonl",
    "newsmtsc_dev_rw": "external/newsmtsc/dev_rw.jsonl",
    "newsmtsc_dev_mt": "external/newsmtsc/dev_mt.jsonl",
}
_LANG = {"annotations_id": "id", "annotations_en": "en", "smsa": "id", "nusax_id": "id", "nusax_en": "en",
         "newsmtsc": "en"}


def data_dir(path: str | os.PathLike | None = None) -> Path:
    """``path``, else ``$STANCE_DATA_DIR``, else ``../shared/data`` beside the repository."""
    if path is not None:
        return Path(path)
    env = os.environ.get("STANCE_DATA_DIR")
    return Path(env) if env else Path(__file__).resolve().parents[2] / "shared" / "data"


def paths(root: Path, names) -> list[Path]:
    return [root / FILES[n] for n in names]


def _tag(rows: list[dict], name: str) -> list[dict]:
    source = name.rsplit("_", 1)[0] if name.endswith(("_train", "_valid", "_rw", "_mt")) else name
    source = source.replace("_dev", "")
    lang = next(v for k, v in _LANG.items() if name.startswith(k))
    for r in rows:
        r["source"] = source
        r["lang"] = r.get("lang") or lang
    return rows


def sentiment_rows(root: Path, name: str) -> list[dict]:
    return _tag(read_sentiment_file(root / FILES[name]), name)


def stance_rows(root: Path, name: str) -> list[dict]:
    """Stance rows; for the annotations, only pairs whose label is not ``absent``."""
    rows = [r for r in read_stance_file(root / FILES[name]) if r["label"] != ABSENT]
    return _tag(rows, name)
