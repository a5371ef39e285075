"""The layer diagram of ``docs/architecture.md``, checked over the source (every import,
including the ones inside functions).

A module may import modules of its own layer or of the layers below it, never above; the
import graph has no cycle; and no module imports a private (``_``) name from another module.
Moving a module means moving it here and in the diagram, in the same change.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "stance"

LAYERS = [  # bottom first; mirrors docs/architecture.md
    ("foundation", {"stance._version", "stance.exceptions", "stance.domain", "stance.text", "stance.checks",
                    "stance.batches", "stance.progress", "stance.metrics",
                    "stance.readers", "stance.readers.failure", "stance.readers.decode", "stance.readers.rows",
                    "stance.readers.documents", "stance.readers.inputs", "stance.readers.records",
                    "stance.readers.labelled", "stance.readers.output"}),
    ("features", {"stance._arrays", "stance._stream", "stance._ngrams", "stance.kernel", "stance.features",
                  "stance.feature_params", "stance.views", "stance.vectors"}),
    ("parties", {"stance.parties", "stance.parties.registry", "stance.parties.registry_file", "stance.parties.matcher",
                 "stance.parties.patterns", "stance.parties.prefilter"}),
    ("models", {"stance.models", "stance.models.base", "stance.models.linear", "stance.models.scorers",
                "stance.models.config", "stance.models.fitting", "stance.models.estimators"}),
    ("results and storage", {"stance.results", "stance.explain", "stance.writers", "stance.persist"}),
    ("loading", {"stance.loading"}),
    ("api", {"stance.scoring", "stance.train", "stance.evaluation"}),
    ("cli", {"stance.cli", "stance.cli.common", "stance.cli.score", "stance.cli.explain", "stance.cli.parties",
             "stance.cli.info", "stance.cli.train", "stance.cli.evaluate", "stance.__main__", "stance"}),
]
LAYER_OF = {module: i for i, (_, modules) in enumerate(LAYERS) for module in modules}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> list[tuple[str, list[str]]]:
    """(imported module, names taken from it) for every stance import in ``path``."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(a.name, []) for a in node.names if a.name.split(".")[0] == "stance"]
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "stance" and not node.level:
            names = [a.name for a in node.names]
            submodules = [f"{node.module}.{n}" for n in names if f"{node.module}.{n}" in MODULES]
            found += [(m, []) for m in submodules] or [(node.module, names)]
    return found


MODULES = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
GRAPH = {m: {target for target, _ in _imports(p) if target != m} for m, p in MODULES.items()}


def test_every_module_has_a_layer():
    assert sorted(set(MODULES) - set(LAYER_OF)) == [], "add the new module to LAYERS and to docs/architecture.md"
    assert sorted(set(LAYER_OF) - set(MODULES)) == [], "LAYERS names a module that no longer exists"


def test_imports_go_down_the_layers():
    upward = [f"{m} ({LAYERS[LAYER_OF[m]][0]}) imports {t} ({LAYERS[LAYER_OF[t]][0]})"
              for m, targets in GRAPH.items() for t in targets if t in LAYER_OF and LAYER_OF[t] > LAYER_OF[m]]
    assert upward == []


def test_no_import_cycle():
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(module: str, path: list[str]) -> list[str] | None:
        state[module] = 1
        for target in sorted(GRAPH.get(module, ())):
            if state.get(target) == 1:
                return path + [module, target]
            if target not in state and (cycle := visit(target, path + [module])):
                return cycle
        state[module] = 2
        return None

    for module in sorted(GRAPH):
        if module not in state:
            cycle = visit(module, [])
            assert cycle is None, " -> ".join(cycle[cycle.index(cycle[-1]):])


def test_no_private_name_imported_from_another_module():
    """A ``_name`` stays in its module; private *modules* (``stance._ngrams``) may be imported."""
    crossing = [f"{m} imports {name} from {target}"
                for m, p in MODULES.items() for target, names in _imports(p)
                for name in names if name.startswith("_") and not name.startswith("__") and target in MODULES]
    assert crossing == []
