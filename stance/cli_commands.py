"""The smaller ``stance`` commands: explain, parties, info, train, evaluate.

Each ``run_NAME(args, usage_error)`` prints its result to stdout and returns the exit
code; errors are raised (``StanceError``, ``usage_error``) for :func:`stance.cli.main`.
"""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from pathlib import Path

__all__ = ["run_explain", "run_parties", "run_info", "run_train", "run_evaluate"]


def _out(line: str = "") -> None:
    sys.stdout.write(line + "\n")


def _dump(value) -> None:
    _out(json.dumps(value, ensure_ascii=False, indent=2))


# -- explain -----------------------------------------------------------------------------


def run_explain(args: argparse.Namespace, usage_error: type[Exception]) -> int:
    from stance.cli_score import _parties
    from stance.explain import format_explanation
    from stance.scoring import Scorer

    text = sys.stdin.read() if args.text == "-" else args.text
    scorer = Scorer(model=args.model, registry=args.registry)
    parties = _parties(scorer, args.parties, usage_error)
    result = scorer.score(text, parties=parties, explain=args.k)
    if args.json:
        _dump(result.to_dict())
        return 0
    for p in result.paragraphs:
        if len(result.paragraphs) > 1:
            _out(f"paragraph {p.index + 1}")
        _out(textwrap.fill(p.text, 88, initial_indent="  ", subsequent_indent="  "))
        _out()
        s = p.sentiment
        _out(f"sentiment: {s.label} (score {s.score:+.3f}; {_proba(s.proba)})")
        _out("\n".join("  " + line for line in format_explanation(s.explanation)))
        absent = []
        for party, st in p.stances.items():
            if not st.present:
                absent.append(party)
                continue
            said = ", ".join(dict.fromkeys(m.text for m in st.mentions))
            _out()
            _out(f"stance toward {party}: {st.label} (score {st.score:+.3f}; {_proba(st.proba)}; mentions: {said})")
            _out("\n".join("  " + line for line in format_explanation(st.explanation)))
        if absent:
            _out()
            _out(f"not mentioned: {', '.join(absent)}")
        _out()
    _out(f"model {result.model_id}. Contributions are exact: bias + n-grams = margin, "
         "margin = logit(positive) - logit(negative).")
    return 0


def _proba(proba) -> str:
    return " ".join(f"{k[:3]} {v:.2f}" for k, v in proba.items())


# -- parties -----------------------------------------------------------------------------


def run_parties(args: argparse.Namespace, usage_error: type[Exception]) -> int:
    from stance.parties import Registry

    registry = Registry.from_file(args.registry) if args.registry else Registry.default()
    rows = registry.describe()
    if args.json:
        _dump({"version": registry.version, "parties": rows})
        return 0
    for row in rows:
        _out(f"{row['id']}  {row['name']}  ({len(row['aliases'])} aliases, {len(row['exclusions'])} exclusions)")
        _out(textwrap.fill(", ".join(row["aliases"]), 96, initial_indent="  aliases: ",
                           subsequent_indent="           "))
        if row["exclusions"]:
            _out(textwrap.fill(", ".join(row["exclusions"]), 96, initial_indent="  not:     ",
                               subsequent_indent="           "))
        _out()
    _out(f"registry version {registry.version}")
    return 0


# -- info --------------------------------------------------------------------------------


def run_info(args: argparse.Namespace, usage_error: type[Exception]) -> int:
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
        "registry_version": meta.get("registry_version"),
        "parties": list(Registry.default().parties),
        "metrics": _headline_metrics(meta.get("metrics", {})),
        "training_data": [d.get("path", d) if isinstance(d, dict) else d for d in meta.get("training_data", [])],
        "built_with": meta.get("library_versions", {}),
        "versions": versions,
    }
    if args.json:
        _dump(info)
        return 0
    for key in ("model_id", "model", "name", "date", "format_version", "registry_version"):
        _out(f"{key + ':':<18}{info[key]}")
    _out(f"{'parties:':<18}{', '.join(info['parties'])}")
    if info["metrics"]:
        _out("metrics:")
        for name, values in info["metrics"].items():
            shown = "  ".join(f"{k} {v:.3f}" if isinstance(v, float) else f"{k} {v}" for k, v in values.items())
            _out(f"  {name:<28}{shown}")
    if info["training_data"]:
        _out("training data:")
        for item in info["training_data"]:
            _out(f"  {item}")
    _out("versions:          " + ", ".join(f"{k} {v}" for k, v in versions.items()))
    return 0


def _headline_metrics(metrics: dict) -> dict:
    out = {}
    for name, report in metrics.items() if isinstance(metrics, dict) else []:
        if isinstance(report, dict):
            out[name] = {k: report[k] for k in ("macro_f1", "accuracy", "n", "micro_f1") if k in report}
    return out


# -- train / evaluate -------------------------------------------------------------------


def run_train(args: argparse.Namespace, usage_error: type[Exception]) -> int:
    from stance.train import train

    config = _read_config(args.config, usage_error) if args.config else None
    report = train(args.task, list(args.data), out=args.out, config=config)
    if args.json:
        _dump(report)
    else:
        _out(f"wrote {args.out} (task {args.task}); cross-validated by article:")
        _print_report(report)
    return 0


def _read_config(path: str, usage_error) -> dict:
    from stance.exceptions import DataFormatError

    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise DataFormatError(f"{path}: cannot read the config ({exc.strerror or exc}) — check the path") from None
    try:
        if p.suffix.lower() == ".toml":
            import tomllib

            config = tomllib.loads(raw.decode("utf-8"))
        else:
            config = json.loads(raw.decode("utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise DataFormatError(f"{path}: not a valid config ({exc}) — write JSON, or TOML in a .toml file") from None
    if not isinstance(config, dict):
        raise DataFormatError(f"{path}: the config must be an object (a table) — got {type(config).__name__}")
    return config


def run_evaluate(args: argparse.Namespace, usage_error: type[Exception]) -> int:
    from stance.parties import Registry
    from stance.train import evaluate

    registry = Registry.from_file(args.registry) if args.registry else None
    model = None
    if args.task != "detect":
        from stance.loading import load_model

        model = load_model(args.model)
    report = evaluate(args.task, args.data, model=model, registry=registry)
    if args.json:
        _dump(report)
    else:
        _print_report(report)
    return 0


def _print_report(report: dict) -> None:
    if report.get("task") == "detect":
        _out(f"task detect   n {report['n']}   micro-F1 {report['micro_f1']:.3f}   "
             f"precision {report['micro_precision']:.3f}   recall {report['micro_recall']:.3f}")
        _out(f"{'party':<12}{'precision':>10}{'recall':>10}{'f1':>10}{'support':>10}")
        for party, r in report["per_party"].items():
            _out(f"{party:<12}{r['precision']:>10.3f}{r['recall']:>10.3f}{r['f1']:>10.3f}{r['support']:>10}")
        return
    _out(f"task {report.get('task')}   n {report['n']}   macro-F1 {report['macro_f1']:.3f}   "
         f"accuracy {report['accuracy']:.3f}{_ece(report)}")
    _out(f"{'class':<12}{'precision':>10}{'recall':>10}{'f1':>10}{'support':>10}")
    for label, r in report["per_class"].items():
        _out(f"{label:<12}{r['precision']:>10.3f}{r['recall']:>10.3f}{r['f1']:>10.3f}{r['support']:>10}")
    confusion = report.get("confusion")
    if confusion:
        labels = confusion["labels"]
        _out("confusion (rows: gold, columns: predicted)")
        _out(f"{'':<12}" + "".join(f"{label[:9]:>10}" for label in labels))
        for label, row in zip(labels, confusion["matrix"]):
            _out(f"{label:<12}" + "".join(f"{v:>10}" for v in row))
    if "not_found" in report:
        _out(f"targets the registry does not find in their paragraph: {report['not_found']} "
             "(scored from the paragraph without a marked mention)")


def _ece(report: dict) -> str:
    """The summary line's calibration figure: top-label ECE over the scored rows."""
    if "calibration" not in report:
        return ""
    return f"   ECE {report['calibration']['ece']:.3f}"
