"""Errors raised by stance.

Every error a user can cause is a :class:`StanceError`, and also a subclass of the
built-in exception a Python user would expect (``ValueError``, ``TypeError``, ...),
so ``except ValueError`` keeps working. The CLI maps ``StanceError`` to a one-line
``error: ...`` message and an exit code, never a traceback.

Messages follow one template: name the parameter or input, state the rule, show the
bad value, and where there is one, say the fix::

    The 'n_features' parameter of Featurizer must be a power of two between
    2**10 and 2**24. Got 1000.
"""

from __future__ import annotations

__all__ = [
    "StanceError",
    "InputError",
    "InputTypeError",
    "RegistryError",
    "ModelFormatError",
    "DataFormatError",
    "param_error",
]


class StanceError(Exception):
    """Base class of every error stance raises on purpose."""


class InputError(StanceError, ValueError):
    """A text, file or batch item that stance cannot read or score."""


class InputTypeError(StanceError, TypeError):
    """An argument of the wrong type (a lone ``str`` where a list is expected, ...)."""


class RegistryError(StanceError, ValueError):
    """A party registry file that is malformed or inconsistent."""


class ModelFormatError(StanceError, ValueError):
    """A model directory that is missing, corrupt, or of an incompatible format."""


class DataFormatError(StanceError, ValueError):
    """A training or evaluation file with malformed rows or missing fields."""


def param_error(owner: str, name: str, rule: str, value: object) -> ValueError:
    """Build the house-style error for a bad parameter value.

    >>> str(param_error("Featurizer", "norm", "be 'l2' or None", "l1"))
    "The 'norm' parameter of Featurizer must be 'l2' or None. Got 'l1'."
    """
    return _ParamError(f"The {name!r} parameter of {owner} must {rule}. Got {value!r}.")


class _ParamError(StanceError, ValueError):
    pass
