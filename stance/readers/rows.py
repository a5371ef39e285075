"""Text to rows, for every reader: the format a file name implies, and one JSON object a line."""

from __future__ import annotations

import json

__all__ = ["SUFFIXES", "NotAnObject", "json_object"]

SUFFIXES = {".txt": "txt", ".text": "txt", ".jsonl": "jsonl", ".ndjson": "jsonl",
            ".csv": "csv", ".tsv": "tsv"}
"""The format each file name ending implies (lower case); any other ending is read as text."""


class NotAnObject(ValueError):
    """A JSON line that holds another value than an object: ``value`` is what it holds."""

    def __init__(self, value: object) -> None:
        super().__init__(value)
        self.value = value


def json_object(line: str) -> dict:
    """The JSON object on one line of a JSONL file.

    Raises ``json.JSONDecodeError`` when the line does not parse and :class:`NotAnObject`
    when it holds an array, a string, a number, a boolean or null; each reader words these
    for its users.
    """
    row = json.loads(line)
    if not isinstance(row, dict):
        raise NotAnObject(row)
    return row
