"""Errors raised by stance, and the two templates every message is written with.

Every error a user can cause is a :class:`StanceError`, and also a subclass of the
built-in exception a Python user would expect (``ValueError``, ``TypeError``, ...),
so ``except ValueError`` keeps working. The CLI maps ``StanceError`` to a one-line
``error: ...`` message and an exit code, never a traceback.

Every message is one line in one shape, ``WHERE: PROBLEM — FIX``: the input (a file and
line, a parameter, a registry entry), what is wrong with it (with the bad value where there
is one: ``..., got 1000``) and what to do about it. Two templates write it, and no message
is written any other way:

- :func:`input_error` for bad input: texts, files, rows, parameters, registry files
  (:func:`param_error` names a parameter for it);
- :func:`model_file_error` for bad model files.

::

    The 'n_features' parameter of Featurizer: must be a power of two between 2**10 and 2**24, got 1000 — pass e.g. 2**20
    news.jsonl:17: no 'text' field (fields: 'title', 'body') — pass --text-field NAME
"""

from __future__ import annotations

from os import PathLike

__all__ = [
    "StanceError",
    "InputError",
    "InputTypeError",
    "RegistryError",
    "ModelFormatError",
    "DataFormatError",
    "input_error",
    "param_error",
    "model_file_error",
]


class StanceError(Exception):
    """Base class of every error stance raises on purpose."""


class InputError(StanceError, ValueError):
    """A value stance cannot read, score or use: a text, a file, a row, a batch item, a parameter's value."""


class InputTypeError(StanceError, TypeError):
    """An argument of the wrong type (a lone ``str`` where a list is expected, ...)."""


class RegistryError(StanceError, ValueError):
    """A party registry file that is malformed or inconsistent."""


class ModelFormatError(StanceError, ValueError):
    """A model directory that is missing, corrupt, or of an incompatible format."""


class DataFormatError(StanceError, ValueError):
    """A training or evaluation file with malformed rows or missing fields."""


def input_error(where: str, problem: str, fix: str, kind: type[Exception] = InputError) -> Exception:
    """The error for a bad input, as ``kind`` (:class:`InputError` by default): ``WHERE: PROBLEM — FIX``.

    ``where`` names the input (``FILE:LINE``, ``The 'texts' parameter of score_many``, a
    registry entry), ``problem`` says what is wrong with it and shows the bad value, ``fix``
    says what to do.

    >>> str(input_error("news.jsonl:17", "no 'text' field (fields: 'body')", "pass --text-field NAME"))
    "news.jsonl:17: no 'text' field (fields: 'body') — pass --text-field NAME"
    """
    return kind(f"{where}: {problem} — {fix}")


def param_error(owner: str, name: str, problem: str, fix: str, kind: type[Exception] = InputError) -> Exception:
    """:func:`input_error` for the parameter ``name`` of the function or class ``owner``
    (``kind``: :class:`InputTypeError` for a value of the wrong type).

    >>> str(param_error("Featurizer", "norm", "must be 'sqrt', 'l2' or None, got 'l1'", "pass norm='l2'"))
    "The 'norm' parameter of Featurizer: must be 'sqrt', 'l2' or None, got 'l1' — pass norm='l2'"
    """
    return input_error(f"The {name!r} parameter of {owner}", problem, fix, kind)


def model_file_error(path: str | PathLike[str], problem: str, fix: str) -> ModelFormatError:
    """The error for a bad model file, in the same shape: ``PATH: PROBLEM — FIX``.

    >>> str(model_file_error("m/model.json", "'format' must be 'stance-model', got 'x'", "pass a model directory"))
    "m/model.json: 'format' must be 'stance-model', got 'x' — pass a model directory"
    """
    return ModelFormatError(f"{path}: {problem} — {fix}")
