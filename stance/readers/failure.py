"""The report of an input that cannot be read, the same for every reader: where, then what."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Failure"]


@dataclass(frozen=True)
class Failure:
    """An input that could not be read: ``message`` says what is wrong and how to fix it.

    ``where`` is ``FILE`` or ``FILE:LINE``; ``str(failure)`` is the one line a user sees.
    """

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"
