"""The domain every other module shares: the label set, the built-in party ids, label parsing.

What the labels mean is fixed by the labeling contract (``specs/labels.md``); this module is
the only place in the package that spells them (the default registry file aside, which
defines the parties' aliases). It imports nothing of stance but :mod:`stance.exceptions`.
"""

from __future__ import annotations

from stance.exceptions import DataFormatError, input_error

__all__ = ["CLASSES", "ABSENT", "ANNOTATION_LABELS", "PARTIES", "parse_label", "is_label"]

CLASSES = ("negative", "neutral", "positive")
"""The three classes of sentiment and stance; model columns and probabilities follow this order."""

ABSENT = "absent"
"""The stance label of a party the paragraph does not mention."""

ANNOTATION_LABELS = (ABSENT, *CLASSES)
"""Every label a party may carry in an annotation row."""

PARTIES = ("china", "russia", "west")
"""The parties of the default registry, each with its own per-party features in the stance model."""

_ALIASES = {"neg": "negative", "neu": "neutral", "pos": "positive"}


def parse_label(value: object, where: str, key: str, allow_absent: bool = False) -> str:
    """``value`` as a label (case and surrounding spaces ignored; ``neg``/``neu``/``pos`` accepted),
    or a :class:`~stance.exceptions.DataFormatError` naming ``where`` and ``key``.

    ``allow_absent``: a party's label in an annotation row, one of :data:`ANNOTATION_LABELS`."""
    label = _normalised(value)
    allowed = ANNOTATION_LABELS if allow_absent else CLASSES
    if label not in allowed:
        raise input_error(where, f"{key!r} must be one of {', '.join(allowed)}, got {value!r:.60}",
                          "fix the label or remove the row", DataFormatError)
    return label


def is_label(value: object, allow_absent: bool = False) -> bool:
    """Whether ``value`` reads as a label: what :func:`parse_label` accepts with the same ``allow_absent``."""
    return _normalised(value) in (ANNOTATION_LABELS if allow_absent else CLASSES)


def _normalised(value: object) -> str:
    """``value`` lower-cased and stripped, an alias spelled out ("" for a value that is no string)."""
    label = value.strip().lower() if isinstance(value, str) else ""
    return _ALIASES.get(label, label)
