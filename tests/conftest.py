"""Shared fixtures.

Tests that need the team's data read it from ``$STANCE_DATA_DIR`` or ``../shared/data``
beside the repository. A user's fresh clone has no such folder: those tests skip and
pytest's ``-ra`` summary prints the reason.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

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
