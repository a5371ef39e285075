"""Which inputs ``stance score`` reads: files, directories, globs and standard input.

Nothing here raises for a bad input: a missing file, an unreadable one or a directory
without matching files is a :class:`Failure`, and the next input is read.
"""

from __future__ import annotations

import fnmatch
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from stance.readers.documents import Document, Options, read_stream
from stance.readers.failure import Failure
from stance.readers.rows import SUFFIXES

__all__ = ["STDIN", "read_inputs"]

STDIN = "<stdin>"
"""The ``FILE`` of documents read from standard input."""


def read_inputs(paths: list[str], options: Options = Options(),
                stdin: BinaryIO | None = None) -> Iterator[Document | Failure]:
    """Documents and failures from ``paths`` in order; ``-`` is standard input."""
    for path in paths:
        if path == "-":
            stream = stdin if stdin is not None else sys.stdin.buffer
            yield from read_stream(STDIN, stream, options.input_format or "txt", options)
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
        yield Failure.of(str(root), f"cannot list the directory ({_reason(exc)})", "check its permissions")
        return
    if not found:
        wanted = options.glob or ", ".join(f"*{s}" for s in SUFFIXES)
        yield Failure.of(str(root), f"no files match {wanted} in this directory", "pass --glob PATTERN")
    for path in found:
        yield from _read_file(path, options)


def _raise(exc: OSError) -> None:
    raise exc


def _read_file(path: Path, options: Options) -> Iterator[Document | Failure]:
    fmt = options.input_format or SUFFIXES.get(path.suffix.lower(), "txt")
    try:
        handle = open(path, "rb")
    except FileNotFoundError:
        yield Failure.of(str(path), "no such file or directory", "check the path")
        return
    except OSError as exc:
        yield Failure.of(str(path), f"cannot read it ({_reason(exc)})", "check the path and its permissions")
        return
    with handle:
        try:
            yield from read_stream(str(path), handle, fmt, options)
        except OSError as exc:
            yield Failure.of(str(path), f"reading failed ({_reason(exc)})", "check the file")


def _reason(exc: OSError) -> str:
    return exc.strerror or type(exc).__name__
