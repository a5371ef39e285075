"""One check of a batch argument whose items must be of one type (``StanceQuery`` pairs, ...).

Texts have their own check, :func:`stance.text.check_texts` (it also previews a bad item and
suggests the call for one text); this one is for batches of other types:
:class:`stance.models.StanceModel` and :class:`stance.models.estimators.StanceClassifier` check their
``StanceQuery`` batches with it. It imports nothing of
stance but :mod:`stance.exceptions`, so a module of any layer can call it.
"""

from __future__ import annotations

from typing import TypeVar

from stance.exceptions import InputTypeError, param_error

__all__ = ["check_items"]

T = TypeVar("T")


def check_items(items: object, kind: type[T], owner: str, name: str, fix: str) -> list[T]:
    """The ``name`` parameter of ``owner`` as a list of ``kind``: any iterable (an iterator is read
    once), not a lone ``kind``, ``str`` or ``bytes``. A bad batch or item raises
    :class:`~stance.exceptions.InputTypeError` naming the item's position and type, with ``fix``.
    """
    wanted = kind.__name__
    if isinstance(items, (str, bytes, kind)):
        raise param_error(owner, name, f"must be a sequence of {wanted}, not a single {type(items).__name__}", fix,
                          InputTypeError)
    try:
        batch = list(items)  # type: ignore[call-overload]
    except TypeError:
        raise param_error(owner, name, f"must be a sequence of {wanted}, got {type(items).__name__}", fix,
                          InputTypeError) from None
    for i, item in enumerate(batch):
        if not isinstance(item, kind):
            raise param_error(owner, name, f"item {i} is {type(item).__name__}, not a {wanted}", fix, InputTypeError)
    return batch
