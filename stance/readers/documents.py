"""Articles to score from one input stream, by format; a bad row is a Failure and the rest go on.

- ``txt``: the whole stream is one article; paragraphs are lines, or blank-line separated
  blocks when it has blank lines (:func:`stance.text.split_paragraphs`);
- ``jsonl``: one JSON object an article; ``text_field`` holds a string, or a list of
  strings (the paragraphs); ``id_field`` is optional (default id: ``FILE:LINE``);
- ``csv``/``tsv``: a header row, then one article a row (``text_column``, ``id_column``).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from stance.readers.decode import BadLine, decode, lines, sniff, strict_lines
from stance.readers.failure import Failure
from stance.readers.rows import NotAnObject, json_object

__all__ = ["Document", "Options", "read_stream"]

_CSV_FIELD_LIMIT = 1 << 27  # the csv module's default (131,072 chars) is below one long article


@dataclass(frozen=True)
class Document:
    """One article to score: ``where`` says where it came from (``FILE`` or ``FILE:LINE``)."""

    id: str
    text: str
    where: str


@dataclass(frozen=True)
class Options:
    """The reading options of ``stance score``: the format (None: by file name), the JSONL
    fields and CSV/TSV columns of the text and the id, and the ``--glob`` of directories."""

    input_format: str | None = None
    text_field: str = "text"
    id_field: str = "id"
    text_column: str = "text"
    id_column: str = "id"
    glob: str | None = None


def read_stream(name: str, stream: BinaryIO, fmt: str, options: Options) -> Iterator[Document | Failure]:
    """Documents and failures from ``stream`` in format ``fmt``; ``name`` is the ``FILE`` of ``where``."""
    failure = sniff(stream, name)
    if failure:
        yield failure
        return
    if fmt == "txt":
        yield from _read_txt(name, stream)
    elif fmt == "jsonl":
        yield from _read_jsonl(name, stream, options)
    else:
        yield from _read_csv(name, stream, fmt, options)


def _read_txt(name: str, stream: BinaryIO) -> Iterator[Document | Failure]:
    text = decode(stream.read(), name)
    if isinstance(text, Failure):
        yield text
        return
    yield Document(name, text, name)


def _read_jsonl(name: str, stream: BinaryIO, options: Options) -> Iterator[Document | Failure]:
    field, id_field = options.text_field, options.id_field
    for lineno, line in lines(name, stream):
        where = f"{name}:{lineno}"
        if isinstance(line, Failure):
            yield line
            continue
        if not line.strip():
            continue
        try:
            row = json_object(line)
        except json.JSONDecodeError as exc:
            yield Failure.of(where, f"not valid JSON ({exc.msg} at column {exc.colno})", "write one JSON object a line")
            continue
        except NotAnObject as exc:
            yield Failure.of(where, f"expected a JSON object, got a JSON {_json_type(exc.value)}",
                             "write one object a line")
            continue
        if field not in row:
            fields = ", ".join(map(repr, list(row)[:8])) or "none"
            yield Failure.of(where, f"no {field!r} field (fields: {fields})", "pass --text-field NAME")
            continue
        text = _text_value(row[field])
        if text is None:
            yield Failure.of(where, f"field {field!r} must be a string or a list of strings, got "
                                    f"{_json_type(row[field])}", "fix the row, or pass --text-field NAME")
            continue
        ident = row.get(id_field)
        yield Document(where if ident is None else str(ident), text, where)


def _text_value(value: object) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return "\n\n".join(v.replace("\n\n", "\n") for v in value)  # one list item, one paragraph
    return None


def _json_type(value: object) -> str:
    names = {dict: "object", list: "array", str: "string", bool: "boolean", type(None): "null"}
    return names.get(type(value), "number")


def _read_csv(name: str, stream: BinaryIO, fmt: str, options: Options) -> Iterator[Document | Failure]:
    csv.field_size_limit(max(csv.field_size_limit(), _CSV_FIELD_LIMIT))
    reader = csv.reader(strict_lines(name, stream), delimiter="\t" if fmt == "tsv" else ",", strict=True)
    column, id_column = options.text_column, options.id_column
    try:
        header = next(reader, None)
        if header is None:
            yield Failure.of(name, f"the {fmt.upper()} file is empty (no header row)",
                             f"add a header with a {column!r} column")
            return
        if column not in header:
            shown = ", ".join(map(repr, header[:8]))
            yield Failure.of(f"{name}:1", f"no column {column!r} in the header ({shown})", "pass --text-column NAME")
            return
        at, id_at = header.index(column), (header.index(id_column) if id_column in header else None)
        for row in reader:
            where = f"{name}:{reader.line_num}"
            if not row:
                continue
            if len(row) <= at:
                yield Failure.of(where, f"the row has {len(row)} fields, no {column!r} value",
                                 "check the quoting and delimiters")
                continue
            ident = row[id_at] if id_at is not None and id_at < len(row) and row[id_at] else where
            yield Document(ident, row[at], where)
    except BadLine as exc:
        failure = exc.failure
        yield Failure(failure.where, failure.message + " (the rest of this file is skipped)")
    except csv.Error as exc:
        yield Failure.of(f"{name}:{reader.line_num}", f"malformed {fmt.upper()} ({exc})",
                         "fix the quoting (the rest of this file is skipped)")
