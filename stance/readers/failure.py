"""The report of an input that cannot be read, the same for every reader: where, then what."""

from __future__ import annotations

from dataclasses import dataclass

from stance.exceptions import input_error

__all__ = ["Failure"]


@dataclass(frozen=True)
class Failure:
    """An input that could not be read: ``message`` says what is wrong and how to fix it.

    ``where`` is ``FILE`` or ``FILE:LINE``; ``str(failure)`` is the one line a user sees,
    the line an :class:`~stance.exceptions.InputError` for it would say (:meth:`of` makes one).
    """

    where: str
    message: str

    @classmethod
    def of(cls, where: str, problem: str, fix: str) -> Failure:
        """The failure of ``where``, worded by :func:`~stance.exceptions.input_error`."""
        line = str(input_error(where, problem, fix))
        return cls(where, line[len(where) + 2:])  # the line is "WHERE: PROBLEM — FIX"

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"
