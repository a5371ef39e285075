"""The two message templates (``stance.exceptions``), and that every message goes through them.

A message is one line, ``WHERE: PROBLEM — FIX``; ``input_error`` writes it for bad input and
``model_file_error`` for bad model files. The test over the source keeps any new ``raise``
from writing its own text.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from stance.exceptions import (DataFormatError, InputError, InputTypeError, ModelFormatError, StanceError, input_error,
                               model_file_error, param_error)
from stance.readers import Failure

PACKAGE = Path(__file__).resolve().parent.parent / "stance"


def test_input_error_names_the_input_the_problem_and_the_fix():
    error = input_error("news.jsonl:3", "no 'text' field (fields: 'body')", "pass --text-field NAME")
    assert str(error) == "news.jsonl:3: no 'text' field (fields: 'body') — pass --text-field NAME"
    assert type(error) is InputError and isinstance(error, ValueError) and isinstance(error, StanceError)
    assert type(input_error("a.csv:1", "bad row", "fix it", DataFormatError)) is DataFormatError


def test_param_error_names_the_parameter_and_its_owner():
    error = param_error("score", "text", "must be a str, got list", "call score_many(texts)", InputTypeError)
    assert str(error) == "The 'text' parameter of score: must be a str, got list — call score_many(texts)"
    assert isinstance(error, InputTypeError) and isinstance(error, TypeError)
    assert type(param_error("score_many", "n_jobs", "must be a non-zero int, got 0", "pass 1")) is InputError


def test_model_file_error_names_the_file():
    error = model_file_error(Path("m") / "model.json", "'format' must be 'stance-model', got 'x'", "pass a model directory")
    assert str(error) == f"{Path('m') / 'model.json'}: 'format' must be 'stance-model', got 'x' — pass a model directory"
    assert type(error) is ModelFormatError


def test_a_failure_says_what_the_input_error_would():
    failure = Failure.of("a.txt:2", "not valid UTF-8 (byte 0xe9 in column 4)", "convert the file to UTF-8")
    assert failure == Failure("a.txt:2", "not valid UTF-8 (byte 0xe9 in column 4) — convert the file to UTF-8")
    assert str(failure) == str(input_error("a.txt:2", "not valid UTF-8 (byte 0xe9 in column 4)", "convert the file to UTF-8"))


# Exceptions whose text is not a stance message: argparse prefixes its type errors with
# "argument --x: " and hands them to the parser's error(), which applies the template;
# a module's __getattr__ says what Python itself says for a missing attribute.
_OWN_WORDING = {("cli/__init__.py", "ArgumentTypeError"), ("__init__.py", "AttributeError")}
_TEMPLATES = {"input_error", "param_error", "model_file_error",
              "_fail"}  # parties/registry_file.py: input_error(..., RegistryError)


def _text(node: ast.expr) -> bool:
    return isinstance(node, ast.JoinedStr) or (isinstance(node, ast.Constant) and isinstance(node.value, str))


def _name(func: ast.expr) -> str:
    return func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""


def test_every_message_goes_through_a_template():
    """No ``raise X("...")`` and no ``Failure(where, "...")``: the text comes from
    :func:`input_error`, :func:`param_error` or :func:`model_file_error`."""
    own = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE).as_posix()
        if rel == "exceptions.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            call = node.exc if isinstance(node, ast.Raise) else node
            if not isinstance(call, ast.Call) or _name(call.func) in _TEMPLATES or (rel, _name(call.func)) in _OWN_WORDING:
                continue
            if (isinstance(node, ast.Raise) or _name(call.func) == "Failure") and any(map(_text, call.args)):
                own.append(f"{rel}:{call.lineno}: {_name(call.func)}(...)")
    assert own == []


@pytest.mark.parametrize("template", [input_error, model_file_error])
def test_a_message_is_one_line(template):
    assert "\n" not in str(template("where", "the problem", "the fix"))
