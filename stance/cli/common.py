"""What the commands share: writing to stdout, the --parties option, report tables."""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from stance.scoring import Scorer

__all__ = ["out", "dump", "proba_text", "select_parties", "print_report"]


def out(line: str = "") -> None:
    sys.stdout.write(line + "\n")


def dump(value: object) -> None:
    out(json.dumps(value, ensure_ascii=False, indent=2))


def proba_text(proba: Mapping[str, float] | None) -> str:
    return " ".join(f"{k[:3]} {v:.2f}" for k, v in (proba or {}).items())


def select_parties(scorer: Scorer, value: str | None, usage_error: type[Exception]) -> tuple[str, ...]:
    """The ``--parties`` option (``id,id``; None: all), checked by :meth:`Scorer.check_parties`;
    a bad one is a usage error."""
    from stance.exceptions import StanceError

    try:
        return scorer.check_parties(value, "--parties")
    except StanceError as exc:
        raise usage_error(str(exc)) from None


def print_report(report: dict) -> None:
    if report.get("task") == "detect":
        out(f"task detect   n {report['n']}   micro-F1 {report['micro_f1']:.3f}   "
            f"precision {report['micro_precision']:.3f}   recall {report['micro_recall']:.3f}")
        out(f"{'party':<12}{'precision':>10}{'recall':>10}{'f1':>10}{'support':>10}")
        for party, r in report["per_party"].items():
            out(f"{party:<12}{r['precision']:>10.3f}{r['recall']:>10.3f}{r['f1']:>10.3f}{r['support']:>10}")
        return
    out(f"task {report.get('task')}   n {report['n']}   macro-F1 {report['macro_f1']:.3f}   "
        f"accuracy {report['accuracy']:.3f}{_ece(report)}")
    out(f"{'class':<12}{'precision':>10}{'recall':>10}{'f1':>10}{'support':>10}")
    for label, r in report["per_class"].items():
        out(f"{label:<12}{r['precision']:>10.3f}{r['recall']:>10.3f}{r['f1']:>10.3f}{r['support']:>10}")
    confusion = report.get("confusion")
    if confusion:
        labels = confusion["labels"]
        out("confusion (rows: gold, columns: predicted)")
        out(f"{'':<12}" + "".join(f"{label[:9]:>10}" for label in labels))
        for label, row in zip(labels, confusion["matrix"]):
            out(f"{label:<12}" + "".join(f"{v:>10}" for v in row))
    if "not_found" in report:
        out(f"targets the registry does not find in their paragraph: {report['not_found']} "
            "(scored from the paragraph without a marked mention)")


def _ece(report: dict) -> str:
    """The summary line's calibration figure: top-label ECE over the scored rows."""
    if "calibration" not in report:
        return ""
    return f"   ECE {report['calibration']['ece']:.3f}"
