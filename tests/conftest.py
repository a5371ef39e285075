"""Shared fixtures.

Tests that need the team's data read it from ``$STANCE_DATA_DIR`` or ``../shared/data``
beside the repository. A user's fresh clone has no such folder: those tests skip and
pytest's ``-ra`` summary prints the reason.
"""

from __future__ import annotations

import io
import json
import os
import sys
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


# -- the CLI in-process ----------------------------------------------------------------------

class Run:
    def __init__(self, code: int, out: str, err: str) -> None:
        self.code, self.out, self.err = code, out, err

    @property
    def rows(self) -> list[dict]:
        return [json.loads(line) for line in self.out.splitlines()]


@pytest.fixture()
def stance_cli(capsys, monkeypatch, tiny_model_dir):
    """Run ``stance ARGS`` in-process with the tiny model; ``stdin`` is bytes or str."""

    from stance.cli import main

    def run(*args, stdin: bytes | str | None = None, model: bool = True) -> Run:
        if stdin is not None:
            data = stdin.encode() if isinstance(stdin, str) else stdin
            monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
        argv = [str(a) for a in args]
        if model and argv and argv[0] in ("score", "explain", "info", "evaluate") and "--model" not in argv:
            argv += ["--model", str(tiny_model_dir)]
        code = main(argv)
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run
