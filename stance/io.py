"""Read articles from files, directories and stdin; write output files atomically.

Readers never raise for a bad input: they yield a :class:`Failure` (``where`` is
``FILE`` or ``FILE:LINE``) and go on with the next input, so one bad file or row does
not stop a run. Formats, chosen by extension or by ``input_format``:

- ``txt``: the whole file is one article; paragraphs are lines, or blank-line separated
  blocks when the file has blank lines (:func:`stance.text.split_paragraphs`);
- ``jsonl``: one JSON object an article; ``text_field`` holds a string, or a list of
  strings (the paragraphs); ``id_field`` is optional (default id: ``FILE:LINE``);
- ``csv``/``tsv``: a header row, then one article a row (``text_column``, ``id_column``).

Text must be UTF-8 (a byte-order mark is fine); other encodings are reported, not guessed.
"""

from __future__ import annotations

import codecs
import csv
import fnmatch
import json
import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, TextIO

__all__ = ["Document", "Failure", "SUFFIXES", "read_inputs", "atomic_output"]

SUFFIXES = {".txt": "txt", ".text": "txt", ".jsonl": "jsonl", ".ndjson": "jsonl",
            ".csv": "csv", ".tsv": "tsv"}
STDIN = "<stdin>"
_SNIFF = 8192
_CSV_FIELD_LIMIT = 1 << 27  # the csv module's default (131,072 chars) is below one long article


@dataclass(frozen=True)
class Document:
    """One article to score: ``where`` says where it came from (``FILE`` or ``FILE:LINE``)."""

    id: str
    text: str
    where: str


@dataclass(frozen=True)
class Failure:
    """An input that could not be read: ``message`` says what is wrong and how to fix it."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


@dataclass(frozen=True)
class Options:
    input_format: str | None = None
    text_field: str = "text"
    id_field: str = "id"
    text_column: str = "text"
    id_column: str = "id"
    glob: str | None = None


def read_inputs(paths: list[str], options: Options = Options(),
                stdin: BinaryIO | None = None) -> Iterator[Document | Failure]:
    """Documents and failures from ``paths`` in order; ``-`` is standard input."""
    for path in paths:
        if path == "-":
            stream = stdin if stdin is not None else sys.stdin.buffer
            yield from _read_stream(STDIN, stream, options.input_format or "txt", options)
            continue
        p = Path(path)
        if p.is_dir():
            yield from _read_directory(p, options)
        else:
            yield from _read_file(p, options)


def _read_directory(root: Path, options: Options) -> Iterator[Document | Failure]:
    patterns = [g.strip() for g in (options.glob or "").split(",") if g.strip()]
    found = []
    try:
        for dirpath, dirnames, filenames in os.walk(root, onerror=_raise):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for name in sorted(filenames):
                path = Path(dirpath) / name
                rel = path.relative_to(root).as_posix()
                if patterns:
                    if any(fnmatch.fnmatch(rel, g) or fnmatch.fnmatch(name, g) for g in patterns):
                        found.append(path)
                elif path.suffix.lower() in SUFFIXES and not name.startswith("."):
                    found.append(path)
    except OSError as exc:
        yield Failure(str(root), f"cannot list the directory ({_reason(exc)}) — check its permissions")
        return
    if not found:
        wanted = options.glob or ", ".join(f"*{s}" for s in SUFFIXES)
        yield Failure(str(root), f"no files match {wanted} in this directory — pass --glob PATTERN")
    for path in found:
        yield from _read_file(path, options)


def _raise(exc: OSError) -> None:
    raise exc


def _read_file(path: Path, options: Options) -> Iterator[Document | Failure]:
    fmt = options.input_format or SUFFIXES.get(path.suffix.lower(), "txt")
    try:
        handle = open(path, "rb")
    except FileNotFoundError:
        yield Failure(str(path), "no such file or directory — check the path")
        return
    except OSError as exc:
        yield Failure(str(path), f"cannot read it ({_reason(exc)}) — check the path and its permissions")
        return
    with handle:
        try:
            yield from _read_stream(str(path), handle, fmt, options)
        except OSError as exc:
            yield Failure(str(path), f"reading failed ({_reason(exc)}) — check the file")


def _read_stream(name: str, stream: BinaryIO, fmt: str, options: Options) -> Iterator[Document | Failure]:
    head = stream.peek(_SNIFF)[:_SNIFF] if hasattr(stream, "peek") else b""
    problem = _sniff(head)
    if problem:
        yield Failure(name, problem)
        return
    if fmt == "txt":
        yield from _read_txt(name, stream)
    elif fmt == "jsonl":
        yield from _read_jsonl(name, stream, options)
    else:
        yield from _read_csv(name, stream, fmt, options)


def _sniff(head: bytes) -> str | None:
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "the file is UTF-16, not UTF-8 — convert it: iconv -f UTF-16 -t UTF-8 FILE > NEW"
    if b"\x00" in head:
        return "binary file (it contains NUL bytes), not text — pass text files only"
    return None


def _decode(data: bytes, name: str, first_line: int = 1) -> str | Failure:
    try:
        return data.decode("utf-8-sig" if first_line == 1 else "utf-8")
    except UnicodeDecodeError as exc:
        line = first_line + data.count(b"\n", 0, exc.start)
        column = exc.start - data.rfind(b"\n", 0, exc.start)  # 1-based, in bytes
        bad = data[exc.start : exc.start + 1].hex()
        return Failure(
            f"{name}:{line}",
            f"not valid UTF-8 (byte 0x{bad} in column {column}) — convert the file to UTF-8, "
            "e.g. iconv -f WINDOWS-1252 -t UTF-8 FILE > NEW",
        )


def _read_txt(name: str, stream: BinaryIO) -> Iterator[Document | Failure]:
    text = _decode(stream.read(), name)
    if isinstance(text, Failure):
        yield text
        return
    yield Document(name, text, name)


def _read_jsonl(name: str, stream: BinaryIO, options: Options) -> Iterator[Document | Failure]:
    field, id_field = options.text_field, options.id_field
    for lineno, raw in enumerate(stream, 1):
        where = f"{name}:{lineno}"
        line = _decode(raw, name, lineno)
        if isinstance(line, Failure):
            yield line
            continue
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Failure(where, f"not valid JSON ({exc.msg} at column {exc.colno}) — write one JSON object a line")
            continue
        if not isinstance(row, dict):
            yield Failure(where, f"expected a JSON object, got a JSON {_json_type(row)} — write one object a line")
            continue
        if field not in row:
            fields = ", ".join(map(repr, list(row)[:8])) or "none"
            yield Failure(where, f"no {field!r} field (fields: {fields}) — pass --text-field NAME")
            continue
        text = _text_value(row[field])
        if text is None:
            yield Failure(where, f"field {field!r} must be a string or a list of strings, got "
                                 f"{_json_type(row[field])} — fix the row, or pass --text-field NAME")
            continue
        ident = row.get(id_field)
        yield Document(where if ident is None else str(ident), text, where)


def _text_value(value) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return "\n\n".join(v.replace("\n\n", "\n") for v in value)  # one list item, one paragraph
    return None


def _json_type(value) -> str:
    names = {dict: "object", list: "array", str: "string", bool: "boolean", type(None): "null"}
    return names.get(type(value), "number")


def _read_csv(name: str, stream: BinaryIO, fmt: str, options: Options) -> Iterator[Document | Failure]:
    csv.field_size_limit(max(csv.field_size_limit(), _CSV_FIELD_LIMIT))
    lines = _decoded_lines(name, stream)
    reader = csv.reader(lines, delimiter="\t" if fmt == "tsv" else ",", strict=True)
    column, id_column = options.text_column, options.id_column
    try:
        header = next(reader, None)
        if header is None:
            yield Failure(name, f"the {fmt.upper()} file is empty (no header row) — add a header with a {column!r} column")
            return
        if column not in header:
            shown = ", ".join(map(repr, header[:8]))
            yield Failure(f"{name}:1", f"no column {column!r} in the header ({shown}) — pass --text-column NAME")
            return
        at, id_at = header.index(column), (header.index(id_column) if id_column in header else None)
        for row in reader:
            where = f"{name}:{reader.line_num}"
            if not row:
                continue
            if len(row) <= at:
                yield Failure(where, f"the row has {len(row)} fields, no {column!r} value — check the quoting and delimiters")
                continue
            ident = row[id_at] if id_at is not None and id_at < len(row) and row[id_at] else where
            yield Document(ident, row[at], where)
    except _BadLine as exc:
        failure = exc.args[0]
        yield Failure(failure.where, failure.message + " (the rest of this file is skipped)")
    except csv.Error as exc:
        yield Failure(f"{name}:{reader.line_num}", f"malformed {fmt.upper()} ({exc}) — fix the quoting "
                                                   "(the rest of this file is skipped)")


class _BadLine(Exception):
    """A line that is not UTF-8, met inside the csv reader."""


def _decoded_lines(name: str, stream: BinaryIO) -> Iterator[str]:
    for lineno, raw in enumerate(stream, 1):
        line = _decode(raw, name, lineno)
        if isinstance(line, Failure):
            raise _BadLine(line)
        yield line


def _reason(exc: OSError) -> str:
    return exc.strerror or type(exc).__name__


# -- output --------------------------------------------------------------------------------


@contextmanager
def atomic_output(path: str | Path) -> Iterator[TextIO]:
    """Write a text file all at once or not at all.

    Output goes to a temporary file in the same directory, which replaces ``path``
    (``os.replace``, atomic on POSIX and Windows) only when the block ends without an
    error; an interrupted run leaves the old file, or none, never half a file.
    """
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with open(fd, "w", encoding="utf-8", newline="") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
