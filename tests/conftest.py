"""Shared fixtures.

Tests that need the team's data read it from ``$STANCE_DATA_DIR`` or ``../shared/data``
beside the repository. A user's fresh clone has no such folder: those tests skip and
pytest's ``-ra`` summary prints the reason.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.tiny_model import save_tiny_model

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"


def shared_data_dir() -> Path | None:
    path = Path(os.environ.get("STANCE_DATA_DIR", SHARED / "data"))
    return path if path.is_dir() else None


@pytest.fixture(scope="session")
def data_dir() -> Path:
    path = shared_data_dir()
    if path is None:
        pytest.skip("needs the training data: set STANCE_DATA_DIR or put shared/data beside the repo")
    return path


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    path = SHARED / "seeds"
    if not path.is_dir():
        pytest.skip("needs the seed articles in ../shared/seeds beside the repo")
    return path


# -- the tiny model (tests/tiny_model.py) -------------------------------------------------------

@pytest.fixture(scope="session")
def tiny_model_dir(tmp_path_factory) -> Path:
    return save_tiny_model(tmp_path_factory.mktemp("tiny_model"))


@pytest.fixture(scope="session")
def tiny_model(tiny_model_dir):
    from stance.loading import load_model

    return load_model(tiny_model_dir)


@pytest.fixture()
def default_is_tiny(monkeypatch, tiny_model):
    """Make the tiny model the default one (``load_model(None)``) for this test."""
    import stance.loading
    import stance.scoring

    real = stance.loading.load_model

    def load(path=None):
        return tiny_model if path is None else real(path)

    monkeypatch.setattr(stance.loading, "load_model", load)
    monkeypatch.setattr(stance.scoring, "_models", {})
    monkeypatch.setattr(stance.scoring, "_default", None)
    return tiny_model
