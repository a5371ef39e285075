"""``stance evaluate``: score a labelled file; print macro-F1, per-class figures, confusion and ECE."""

from __future__ import annotations

import argparse

from stance.cli.common import dump, print_report

__all__ = ["run"]


def run(args: argparse.Namespace, usage_error: type[Exception]) -> int:
    from stance.evaluation import evaluate
    from stance.parties import Registry

    registry = Registry.from_file(args.registry) if args.registry else None
    model = None
    if args.task != "detect":
        from stance.loading import load_model

        model = load_model(args.model)
    report = evaluate(args.task, args.data, model=model, registry=registry)
    if args.json:
        dump(report)
    else:
        print_report(report)
    return 0


