"""Bytes to text, for every reader: UTF-8 only; other encodings are reported, not guessed.

Inputs to score are read as bytes: :func:`sniff` tells UTF-16 and binary files from text,
and :func:`decode` names the line and column of the first byte that is not UTF-8 (a
byte-order mark is fine). Labelled files are read whole by :func:`read_utf8`, which raises.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from stance.exceptions import DataFormatError, input_error
from stance.readers.failure import Failure

__all__ = ["SNIFF", "sniff", "decode", "lines", "strict_lines", "BadLine", "read_utf8"]

SNIFF = 8192
"""How many bytes :func:`sniff` looks at."""


def sniff(stream: BinaryIO, name: str) -> Failure | None:
    """Why ``stream`` (the file ``name``) is not UTF-8 text (UTF-16, NUL bytes), as a Failure,
    or None; consumes nothing."""
    head = stream.peek(SNIFF)[:SNIFF] if hasattr(stream, "peek") else b""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return Failure.of(name, "the file is UTF-16, not UTF-8", "convert it: iconv -f UTF-16 -t UTF-8 FILE > NEW")
    if b"\x00" in head:
        return Failure.of(name, "binary file (it contains NUL bytes), not text", "pass text files only")
    return None


def decode(data: bytes, name: str, first_line: int = 1) -> str | Failure:
    """``data`` (which starts at line ``first_line`` of ``name``) as text, or a Failure naming
    the line and column of its first byte that is not UTF-8."""
    try:
        return data.decode("utf-8-sig" if first_line == 1 else "utf-8")
    except UnicodeDecodeError as exc:
        line = first_line + data.count(b"\n", 0, exc.start)
        column = exc.start - data.rfind(b"\n", 0, exc.start)  # 1-based, in bytes
        bad = data[exc.start : exc.start + 1].hex()
        return Failure.of(f"{name}:{line}", f"not valid UTF-8 (byte 0x{bad} in column {column})",
                          "convert the file to UTF-8, e.g. iconv -f WINDOWS-1252 -t UTF-8 FILE > NEW")


def lines(name: str, stream: BinaryIO) -> Iterator[tuple[int, str | Failure]]:
    """``(line number, text)`` for each line of ``stream`` (line endings kept); a line that
    is not UTF-8 is a Failure, and the lines after it are read on."""
    for lineno, raw in enumerate(stream, 1):
        yield lineno, decode(raw, name, lineno)


class BadLine(Exception):
    """A line that is not UTF-8, met where no Failure can be yielded (inside the csv module)."""

    def __init__(self, failure: Failure) -> None:
        super().__init__(failure)
        self.failure = failure


def strict_lines(name: str, stream: BinaryIO) -> Iterator[str]:
    """The lines of :func:`lines`; the first that is not UTF-8 raises :class:`BadLine`."""
    for _, line in lines(name, stream):
        if isinstance(line, Failure):
            raise BadLine(line)
        yield line


def read_utf8(path: Path) -> str:
    """The whole text of a labelled file, as it is (no newline translated); a file that
    cannot be read or is not UTF-8 raises :class:`~stance.exceptions.DataFormatError`."""
    try:
        with open(path, encoding="utf-8", newline="") as handle:
            return handle.read()
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or exc
        raise input_error(str(path), f"cannot read the file ({reason})", "check the path, and that the file is UTF-8",
                          DataFormatError) from None
