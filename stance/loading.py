"""``load_model``: a model directory, or the shipped one, checked against the party registry.

:mod:`stance.persist` reads and writes model files and knows nothing of parties; a model
records the version of the registry it was trained with as data. This module is where the
two meet: it refuses a model whose mentions would differ from training.
"""

from __future__ import annotations

from pathlib import Path

from stance.models import Model

__all__ = ["load_model"]

_default_model: Model | None = None


def load_model(path: str | Path | None = None) -> Model:
    """Read a model directory (``model.npz`` + ``model.json``); None = the shipped default.

    The default model is read once per process. Raises :class:`~stance.exceptions.ModelFormatError`
    naming the file, the problem and the fix, also when the model was trained with another
    version of the default party registry.
    """
    from stance import persist
    from stance.parties import Registry

    global _default_model
    registry_version = Registry.default().version
    if path is not None:
        return persist.read_model(Path(path), registry_version=registry_version)
    if _default_model is None:
        _default_model = persist.read_default_model(registry_version=registry_version)
    return _default_model
