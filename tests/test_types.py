"""Types: every public function of the package is annotated, and mypy passes on it.

mypy's settings live in ``pyproject.toml`` (``[tool.mypy]``); it is a test requirement, so
``.ci/run`` runs it with the rest of the suite.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "stance"


def _public_functions(tree: ast.Module):
    """Module-level functions and methods of module-level classes, neither named with ``_``
    (dunder methods aside from ``__init__``, which takes parameters worth typing)."""
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and not node.name.startswith("_"):
            yield node.name, node
        elif isinstance(node, ast.ClassDef) and not node.name.startswith("_"):
            for item in node.body:
                if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)) and (
                        not item.name.startswith("_") or item.name == "__init__"):
                    yield f"{node.name}.{item.name}", item


def _unannotated(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> list[str]:
    args = fn.args
    params = [*args.posonlyargs, *args.args, *args.kwonlyargs]
    if params and params[0].arg in ("self", "cls"):
        params = params[1:]
    missing = [p.arg for p in params if p.annotation is None]
    missing += [f"*{a.arg}" for a in (args.vararg, args.kwarg) if a is not None and a.annotation is None]
    if fn.returns is None and fn.name != "__init__":
        missing.append("return")
    return missing


def test_every_public_function_is_annotated():
    gaps = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name.startswith("_") and path.name not in ("__init__.py",):
            continue  # private modules (_ngrams, _version)
        for name, fn in _public_functions(ast.parse(path.read_text(encoding="utf-8"))):
            missing = _unannotated(fn)
            if missing:
                gaps.append(f"{path.relative_to(PACKAGE.parent)}:{fn.lineno} {name}: {', '.join(missing)}")
    assert not gaps, "public functions without annotations:\n" + "\n".join(gaps)


def test_mypy_passes():
    pytest.importorskip("mypy", reason="mypy is a test requirement: pip install -e '.[test]'")
    done = subprocess.run([sys.executable, "-m", "mypy", "--no-error-summary"], cwd=PACKAGE.parent,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
