"""The rows of a labelled file (training, evaluation) as ``("FILE:LINE", dict)``; the first
bad row raises :class:`~stance.exceptions.DataFormatError` naming the file, the line and the fix.

The format comes from the file name (``.jsonl``, ``.ndjson``, ``.json``, ``.csv``, ``.tsv``),
else from the content (JSON lines when it starts with ``{``, else CSV, or TSV when the first
line holds a tab). A CSV/TSV header must name a ``text`` column (names are lower-cased); a
two-column file without one whose second cell is a label is read as ``text<TAB>label``
(IndoNLU SmSA).

These rules are the labelled readers' own and differ from those of the inputs to score
(:mod:`.documents`): the whole file is checked as UTF-8 at once, CSV lines are split before
parsing and TSV is read unquoted. Moving either side onto the other's would change what
users' files read as. The messages of both follow the one template
(:func:`~stance.exceptions.input_error`).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path

from stance.domain import is_label
from stance.exceptions import DataFormatError, input_error
from stance.readers.decode import read_utf8
from stance.readers.rows import SUFFIXES, NotAnObject, json_object

__all__ = ["records", "text_field"]


def records(path: str | Path) -> Iterator[tuple[str, dict]]:
    """``("FILE:LINE", row)`` for each row of a JSONL, CSV or TSV file; bad rows raise
    :class:`DataFormatError` naming the file, the line and the fix."""
    path = Path(path)
    content = read_utf8(path)
    suffix = path.suffix.lower()
    fmt = "jsonl" if suffix == ".json" else SUFFIXES.get(suffix, "txt")
    if fmt == "txt":  # no telling name: the content decides
        fmt = "jsonl" if content.lstrip().startswith("{") else "csv"
    if fmt == "jsonl":
        yield from _json_lines(path, content)
    else:
        yield from _table(path, content, "\t" if fmt == "tsv" or ("\t" in content.split("\n", 1)[0]) else ",")


def text_field(raw: dict, where: str) -> str:
    """The ``text`` of a labelled row: a non-empty string, else a :class:`DataFormatError`."""
    text = raw.get("text")
    if not isinstance(text, str) or not text.strip():
        raise input_error(where, f"'text' must be a non-empty string, got {text!r:.60}", "add the paragraph's text",
                          DataFormatError)
    return text


def _json_lines(path: Path, content: str) -> Iterator[tuple[str, dict]]:
    for lineno, line in enumerate(content.splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json_object(line)
        except json.JSONDecodeError as exc:
            raise input_error(f"{path}:{lineno}", f"not valid JSON ({exc.msg})", "write one JSON object a line",
                              DataFormatError) from None
        except NotAnObject as exc:
            raise input_error(f"{path}:{lineno}", f"each line must be a JSON object, got {type(exc.value).__name__}",
                              "write one JSON object a line", DataFormatError) from None
        yield f"{path}:{lineno}", row


def _table(path: Path, content: str, delimiter: str) -> Iterator[tuple[str, dict]]:
    reader = csv.reader(content.splitlines(), delimiter=delimiter, quoting=csv.QUOTE_NONE if delimiter == "\t" else csv.QUOTE_MINIMAL)
    header = next(reader, None)
    if header is None:
        return
    names = [h.strip().lower() for h in header]
    if "text" not in names:
        if len(header) == 2 and is_label(header[1]):  # headerless text<TAB>label (SmSA)
            names, first = ["text", "label"], [header]
        else:
            raise input_error(f"{path}:1", f"the header must name a 'text' and a 'label' column, got {header!r:.80}",
                              "add a header row such as text,label", DataFormatError)
    else:
        first = []
    line = 1 if first else 2
    for cells in [*first, *reader]:
        if cells and any(c.strip() for c in cells):
            if len(cells) != len(names):
                raise input_error(f"{path}:{line}", f"expected {len(names)} columns ({', '.join(names)}), "
                                  f"got {len(cells)}", "quote fields that contain the delimiter", DataFormatError)
            yield f"{path}:{line}", dict(zip(names, cells))
        line += 1
