"""Labelled rows for training and evaluation, from the records of :mod:`stance.readers.records`.

Sentiment rows are ``{"text", "label"}``; stance rows are ``{"text", "target", "label",
"spans"}`` (``spans`` None when the registry should find the target's mentions). The rows
a file may hold:

- generic: ``{"text", "label"}`` / ``{"text", "target", "label", "spans"?}``, as JSON lines
  or CSV/TSV columns (NusaX: ``id,text,label``; ``spans`` as JSON ``[[start, end], ...]``);
- our annotations (``specs/labels.md``): ``{"item", "text", "sentiment", "china", ...}``;
  for stance, one row per party whose label is not ``absent``;
- NewsMTSC: ``{"sentence_normalized", "targets": [{"from", "to", "polarity", ...}]}``;
- IndoNLU SmSA: ``text<TAB>label`` without a header.
"""

from __future__ import annotations

import json
from pathlib import Path

from stance.domain import ABSENT, CLASSES, PARTIES, parse_label
from stance.exceptions import DataFormatError, input_error
from stance.readers.records import records, text_field

__all__ = ["read_sentiment_file", "read_stance_file"]

_POLARITY = dict(zip((2.0, 4.0, 6.0), CLASSES))  # NewsMTSC polarity -> label


def read_sentiment_file(path: str | Path) -> list[dict]:
    """Rows ``{"text", "label", "group", "lang", "where"}`` of a sentiment file."""
    rows = []
    for where, raw in records(path):
        if "sentence_normalized" in raw:
            raise input_error(where, "this is a NewsMTSC (target sentiment) row, not a sentiment row",
                              "use --task stance for NewsMTSC files", DataFormatError)
        text = text_field(raw, where)
        key = "label" if "label" in raw or "sentiment" not in raw else "sentiment"
        rows.append(_row(raw, where, text=text, label=parse_label(raw.get(key), where, key)))
    _nonempty(rows, path)
    return rows


def read_stance_file(path: str | Path) -> list[dict]:
    """Rows ``{"text", "target", "label", "spans", "group", "lang", "where"}`` of a stance file.

    ``label`` may be ``absent`` (the registry should find no mention); evaluation leaves
    such rows out of the 3-class scores.
    """
    rows = []
    for where, raw in records(path):
        if "sentence_normalized" in raw:
            rows.extend(_newsmtsc_rows(raw, where))
        elif "target" not in raw and any(p in raw for p in PARTIES):
            text = text_field(raw, where)
            for party in PARTIES:
                if party in raw:
                    label = parse_label(raw[party], where, party, allow_absent=True)
                    if label != ABSENT:
                        rows.append(_row(raw, where, text=text, target=party, label=label, spans=None))
        else:
            text = text_field(raw, where)
            target = raw.get("target")
            if not isinstance(target, str) or not target.strip():
                raise input_error(where, f"'target' must be a non-empty string (a party id or a name), "
                                  f"got {target!r:.60}", f"add the target, e.g. \"target\": \"{PARTIES[1]}\"", DataFormatError)
            spans = _spans(raw.get("spans"), text, where)
            label = parse_label(raw.get("label"), where, "label", allow_absent=True)
            rows.append(_row(raw, where, text=text, target=target.strip(), label=label, spans=spans))
    _nonempty(rows, path)
    return rows


# -- helpers --------------------------------------------------------------------------


def _row(raw: dict, where: str, **fields) -> dict:
    item = raw.get("item") or raw.get("primary_gid") or raw.get("id")
    group = _group(str(item)) if item is not None else where
    return {**fields, "group": group, "lang": raw.get("lang"), "where": where}


def _group(item: str) -> str:
    """Article id with its source prefix: ``indosum:123:4`` -> ``indosum:123``."""
    parts = item.split(":")
    if len(parts) >= 3:
        return ":".join(parts[:2])
    if item.startswith(("allsides_", "polusa_")):  # NewsMTSC gid: source_article_...
        return "_".join(item.split("_")[:3]) if item.startswith("polusa") else "_".join(item.split("_")[:2])
    return item


def _newsmtsc_rows(raw: dict, where: str) -> list[dict]:
    text = raw.get("sentence_normalized")
    if not isinstance(text, str):
        raise input_error(where, f"'sentence_normalized' must be a string, got {text!r:.60}",
                          "fix the row (NewsMTSC format), or remove it", DataFormatError)
    targets = raw.get("targets")
    if not isinstance(targets, list) or not targets:
        raise input_error(where, f"'targets' must be a non-empty list of NewsMTSC targets, got {targets!r:.60}",
                          "fix the row (NewsMTSC format), or remove it", DataFormatError)
    out = []
    for k, t in enumerate(targets):
        if not isinstance(t, dict) or t.get("polarity") not in _POLARITY:
            got = t.get("polarity") if isinstance(t, dict) else t
            raise input_error(where, f"target {k} needs 'polarity' 2.0, 4.0 or 6.0 (negative/neutral/positive), "
                              f"got {got!r:.60}", "fix the polarity, or remove the target", DataFormatError)
        given = [[t.get("from"), t.get("to")]]
        given += [[m.get("from"), m.get("to")] for m in t.get("further_mentions") or [] if isinstance(m, dict)]
        spans = _spans(given, text, f"{where} (target {k})")
        gid = t.get("Input.gid") or raw.get("primary_gid") or where
        out.append(_row(raw, where, text=text, target=str(t.get("mention") or gid), label=_POLARITY[t["polarity"]],
                        spans=spans) | {"lang": "en"})
    return out


def _spans(value, text: str, where: str) -> list[tuple[int, int]] | None:
    if value is None:
        return None
    if isinstance(value, str):
        try:
            value = json.loads(value) if value.strip() else None
        except json.JSONDecodeError:
            value = "bad"
        if value is None:
            return None
    ok = isinstance(value, list) and value and all(
        isinstance(s, (list, tuple)) and len(s) == 2 and all(isinstance(x, int) and not isinstance(x, bool) for x in s)
        and 0 <= s[0] < s[1] <= len(text) for s in value
    )
    if not ok:
        raise input_error(where, f"'spans' must be a list of [start, end] character offsets with "
                          f"0 <= start < end <= {len(text)} (the text's length), got {value!r:.80}",
                          "fix the offsets, or leave 'spans' out to let the registry find the target", DataFormatError)
    return sorted({(int(s), int(e)) for s, e in value})


def _nonempty(rows: list, path) -> None:
    if not rows:
        raise input_error(str(path), "no labelled rows found", "check that the file holds the task's format",
                          DataFormatError)
