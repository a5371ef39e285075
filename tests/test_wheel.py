"""Build the wheel, install it in a fresh virtualenv, run the ``stance`` console script.

This runs in CI (``slow`` only labels it; nothing deselects it). The wheel is built from a
copy of the sources, so the work tree gets no ``build/`` folder. Offline when it can be:
``--no-isolation`` when this environment has setuptools >= 68 and wheel, else an isolated
build (pip fetches the build requirements). The fresh venv sees this environment's
packages (numpy, ...) through a ``.pth`` line, and the wheel is installed with
``--no-index --no-deps``: nothing is downloaded for the install.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys
import sysconfig
from importlib import metadata
from pathlib import Path

import pytest

from tests.tiny_model import save_tiny_model

REPO = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow

ARTICLE = "Xi dan Putin mengecam dominasi Barat.\nHujan turun di Jakarta.\nIndonesia memuji bantuan Tiongkok."


def _can_build_offline() -> bool:
    try:
        major = int(metadata.version("setuptools").split(".")[0])
    except metadata.PackageNotFoundError:
        return False
    has_wheel = importlib.util.find_spec("wheel") is not None
    return major >= 68 and (has_wheel or major >= 71)


def _run(args, **kwargs) -> subprocess.CompletedProcess:
    done = subprocess.run([str(a) for a in args], capture_output=True, text=True, **kwargs)
    assert done.returncode == 0, f"{args}\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """The bin/ folder of a fresh venv with the freshly built wheel installed."""
    root = tmp_path_factory.mktemp("wheel")
    src = root / "src"
    src.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE", "setup.cfg", "MANIFEST.in"):
        if (REPO / name).exists():
            shutil.copy2(REPO / name, src / name)
    shutil.copytree(REPO / "stance", src / "stance", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    dist = root / "dist"
    build = [sys.executable, "-m", "build", "--wheel", "--outdir", dist, src]
    if _can_build_offline():
        build[4:4] = ["--no-isolation"]
    _run(build)
    (wheel,) = dist.glob("stance-*.whl")
    venv = root / "venv"
    _run([sys.executable, "-m", "venv", venv])
    purelib = Path(_run([venv / "bin" / "python", "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]).stdout.strip())
    (purelib / "_outer_env.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")  # numpy, scipy, ... from here
    _run([venv / "bin" / "python", "-m", "pip", "install", "--no-index", "--no-deps", "--disable-pip-version-check", wheel])
    return venv / "bin"


def test_the_installed_package_is_the_wheel(installed):
    done = _run([installed / "python", "-c", "import stance; print(stance.__file__)"], cwd="/")
    assert done.stdout.startswith(str(installed.parent)), done.stdout


def test_console_script_scores_a_file(installed, tmp_path):
    model = save_tiny_model(tmp_path / "model")
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    done = _run([installed / "stance", "score", article, "--model", model], cwd="/")
    row = json.loads(done.stdout)
    assert [p["text"] for p in row["paragraphs"]] == ARTICLE.split("\n")
    assert row["paragraphs"][0]["stances"]["west"]["label"] != "absent"


def test_console_script_scores_the_seed_articles(installed, tmp_path, seeds_dir):
    model = save_tiny_model(tmp_path / "model")
    done = _run([installed / "stance", "score", seeds_dir, "--model", model, "--summary", "--format", "json"], cwd="/")
    data = json.loads(done.stdout)
    assert len(data) == len(list(seeds_dir.glob("*.txt"))) >= 1
    assert all(d["summary"]["parties"]["russia"]["paragraphs"] > 0 for d in data)


def test_console_script_with_the_shipped_model(installed, tmp_path):
    if not (REPO / "stance" / "data" / "model" / "model.json").exists():
        pytest.skip("the shipped default model is not built yet (stance/data/model/)")
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    done = _run([installed / "stance", "score", article, "--summary"], cwd="/")
    assert json.loads(done.stdout)["model_id"]


def test_console_script_reports_errors(installed, tmp_path):
    done = subprocess.run([installed / "stance", "score", tmp_path / "missing.txt", "--model", tmp_path],
                          capture_output=True, text=True, cwd="/")
    assert done.returncode == 1 and done.stderr.startswith("error: ") and "Traceback" not in done.stderr
