"""Every install requirement in ``pyproject.toml`` is imported by the package.

A declared dependency nothing imports costs every user an install and a licence to read;
this fails when one is left behind (as ``nltk`` was).
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
IMPORT_NAME = {"scikit-learn": "sklearn"}  # distribution -> top-level module, where they differ


def _requirements() -> list[str]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:
        tomllib = pytest.importorskip("tomli")
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return [re.match(r"[A-Za-z0-9_.\-]+", r).group(0) for r in project["dependencies"]]


def _imported_top_levels() -> set[str]:
    found = set()
    for path in (REPO / "stance").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                found.add(node.module.split(".")[0])
    return found


def test_every_install_requirement_is_imported_by_the_package():
    imported = _imported_top_levels()
    unused = [r for r in _requirements() if IMPORT_NAME.get(r, r).replace("-", "_") not in imported]
    assert not unused, f"declared in pyproject.toml but imported nowhere in stance/: {unused}"
