"""``stance info``: the model: id, date, the models it holds, metrics, training data and library versions."""

from __future__ import annotations

import argparse

from stance.cli.common import dump, out

__all__ = ["run"]


def run(args: argparse.Namespace, usage_error: type[Exception]) -> int:
    import platform
    from importlib import metadata

    from stance import __version__
    from stance.loading import load_model
    from stance.parties import Registry

    model = load_model(args.model)
    meta = dict(model.metadata)
    versions: dict[str, str | None] = {"stance": __version__, "python": platform.python_version()}
    for dist in ("numpy", "scipy", "scikit-learn", "joblib"):
        try:
            versions[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            versions[dist] = None
    info = {
        "model_id": model.model_id,
        "model": args.model or "(shipped default)",
        "name": meta.get("name"),
        "date": meta.get("date"),
        "format_version": meta.get("format_version"),
        "models": ["sentiment", "stance"] + (["span"] if model.span is not None else []),
        "registry_version": meta.get("registry_version"),
        "parties": list(Registry.default().parties),
        "metrics": _headline_metrics(meta.get("metrics", {})),
        "training_data": [d.get("path", d) if isinstance(d, dict) else d for d in meta.get("training_data", [])],
        "built_with": meta.get("library_versions", {}),
        "versions": versions,
    }
    if args.json:
        dump(info)
        return 0
    for key in ("model_id", "model", "name", "date", "format_version", "registry_version"):
        out(f"{key + ':':<18}{info[key]}")
    out(f"{'models:':<18}{', '.join(info['models'])}")
    out(f"{'parties:':<18}{', '.join(info['parties'])}")
    if info["metrics"]:
        out("metrics:")
        for name, values in info["metrics"].items():
            shown = "  ".join(f"{k} {v:.3f}" if isinstance(v, float) else f"{k} {v}" for k, v in values.items())
            out(f"  {name:<28}{shown}")
    if info["training_data"]:
        out("training data:")
        for item in info["training_data"]:
            out(f"  {item}")
    out("versions:          " + ", ".join(f"{k} {v}" for k, v in versions.items()))
    return 0


def _headline_metrics(metrics: dict) -> dict:
    out = {}
    for name, report in metrics.items() if isinstance(metrics, dict) else []:
        if isinstance(report, dict):
            out[name] = {k: report[k] for k in ("macro_f1", "accuracy", "n", "micro_f1") if k in report}
    return out
