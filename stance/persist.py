"""Model files: ``model.npz`` (arrays, read with ``allow_pickle=False``) + ``model.json``.

``model.json`` records the format version, each view's featurizer parameters, the classes,
the party registry's version, a fingerprint of the featurizer's hashing, the training
data's checksums, metrics, library versions and the build date. Reading checks all of it
and raises :class:`ModelFormatError` with the fix.

Bumping the format: add ``_read_vN`` for the new layout, keep the old readers in
``_READERS`` with a test that loads a file of the old format, and raise ``FORMAT_VERSION``.
Version history: 1 = views with float16 weight blocks ``<model>/<view>``, float32
``<model>/intercept``. 2 = the same layout; a view may be *gated*, ``<view>@<party>``
(:mod:`stance.views`), which a version-1 reader would not know how to feed. 3 = the same
layout; a view may be a *copy*, ``<view>~<tag>``, and a featurizer's ``norm`` may be
``"mean"`` (the word-vector views of :mod:`stance.vectors`), which a version-2 reader would
not know. 4 = the same layout, with an optional third model ``span/<view>`` (the stance model for
span-given targets, :attr:`stance.models.Model.span`), which a version-3 reader would ignore.
The span model's weights are read (and checked) when spans are first scored: reading them costs
start-up that scoring party pairs never needs.
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
import zipfile
from collections.abc import Callable
from importlib import resources
from pathlib import Path

import numpy as np

from stance.exceptions import model_file_error
from stance.features import Featurizer
from stance.domain import CLASSES
from stance.models import DeferredStanceModel, LinearViews, Model, SentimentModel, StanceModel

__all__ = ["FORMAT", "FORMAT_VERSION", "save_model", "read_model", "read_default_model",
           "featurizer_fingerprint", "write_npz"]

FORMAT = "stance-model"
FORMAT_VERSION = 4
_PROBE = "Rusia mengecam AS; China praised the West's 2024 aid."
_FIX_REBUILD = "rebuild it with `python -m training.build` (default model) or `stance train`"


def featurizer_fingerprint(featurizer: Featurizer) -> str:
    """Checksum of the buckets a fixed probe text hashes to: changes when hashing changes."""
    buckets = [b for _, b, _ in featurizer.analyze(_PROBE)]
    return hashlib.sha256(np.asarray(buckets, dtype=np.int64).tobytes()).hexdigest()[:16]


def write_npz(path: Path, arrays: dict[str, np.ndarray]) -> bytes:
    """Write a compressed ``.npz`` byte for byte reproducibly (fixed zip timestamps)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(arrays):
            member = io.BytesIO()
            np.lib.format.write_array(member, np.ascontiguousarray(arrays[name]), allow_pickle=False)
            info = zipfile.ZipInfo(name + ".npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, member.getvalue(), compresslevel=9)
    data = buffer.getvalue()
    path.write_bytes(data)
    return data


def _linear_meta(linear: LinearViews) -> dict:
    return {
        "views": {name: _params(f) for name, f in linear.featurizers.items()},
        "fingerprints": {name: featurizer_fingerprint(f) for name, f in linear.featurizers.items()},
        "temperature": linear.temperature,
    }


def _params(featurizer: Featurizer) -> dict:
    """The featurizer's parameters that define its features (not ``n_jobs``, a run-time choice)."""
    return {k: list(v) if isinstance(v, tuple) else v for k, v in featurizer.get_params().items()
            if k != "n_jobs"}


def save_model(model: Model, directory: str | Path, *, weight_dtype: str = "float16") -> dict:
    """Write ``model.npz`` and ``model.json`` into ``directory``; returns the JSON written.

    ``model.metadata`` is stored as is, with the format fields added; ``model_id`` is set
    from the metadata's ``name`` and ``date`` and the arrays' checksum.
    """
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    arrays: dict[str, np.ndarray] = {}
    linears = {"sentiment": model.sentiment.linear, "stance": model.stance.linear}
    if model.span is not None:
        linears["span"] = model.span.linear
    for key, linear in linears.items():
        for view, w in linear.weights.items():
            arrays[f"{key}/{view}"] = w.astype(weight_dtype)
        arrays[f"{key}/intercept"] = linear.intercept.astype(np.float32)
    data = write_npz(directory / "model.npz", arrays)
    checksum = hashlib.sha256(data).hexdigest()
    meta = dict(model.metadata)
    name, date = meta.get("name", "stance-custom"), meta.get("date", "undated")
    model.model_id = f"{name}-{date}-{checksum[:8]}"
    meta.update({
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "model_id": model.model_id,
        "classes": list(CLASSES),
        "arrays_sha256": checksum,
        "sentiment": _linear_meta(model.sentiment.linear),
        "stance": {**_linear_meta(model.stance.linear), "window": model.stance.window},
    })
    meta.pop("span", None)
    if model.span is not None:
        meta["span"] = {**_linear_meta(model.span.linear), "window": model.span.window}
    text = json.dumps(meta, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    (directory / "model.json").write_text(text, encoding="utf-8")
    model.metadata = meta
    return meta


def read_model(directory: Path, *, registry_version: str | None = None) -> Model:
    """Read and check a model directory; with ``registry_version``, also that the model was
    trained with that version of the party registry (the caller knows the registry)."""
    meta_path, npz_path = directory / "model.json", directory / "model.npz"
    for p in (meta_path, npz_path):
        if not p.is_file():
            raise model_file_error(p, "file not found (a model directory holds model.json and model.npz)",
                                   f"pass the directory written by `stance train`, or {_FIX_REBUILD}")
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise model_file_error(meta_path, f"not valid JSON ({exc}): the file is corrupt", _FIX_REBUILD) from None
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        got = meta.get("format") if isinstance(meta, dict) else meta
        raise model_file_error(meta_path, f"'format' must be {FORMAT!r}, got {got!r:.60}: not a stance model file",
                               "pass a directory written by `stance train`")
    version = meta.get("format_version")
    reader = _READERS.get(version) if isinstance(version, int) and not isinstance(version, bool) else None
    if reader is None:
        raise model_file_error(meta_path, f"'format_version' must be one of {sorted(_READERS)}, got {version!r:.60}: "
                               "the model was written by a newer stance",
                               "upgrade stance, or retrain the model with this version")
    data = npz_path.read_bytes()
    if hashlib.sha256(data).hexdigest() != meta.get("arrays_sha256"):
        raise model_file_error(npz_path, "its checksum does not match 'arrays_sha256' in model.json: the files are "
                               "corrupt or from different models", _FIX_REBUILD)
    model = reader(meta, data, directory)
    if registry_version is not None:
        _check_registry(meta, directory, registry_version)
    return model


def _read_v1(meta: dict, data: bytes, directory: Path) -> Model:
    npz_path = directory / "model.npz"
    if meta.get("classes") != list(CLASSES):
        raise model_file_error(directory / "model.json",
                               f"'classes' must be {list(CLASSES)}, got {meta.get('classes')!r:.60}", _FIX_REBUILD)
    arrays = _arrays(data, npz_path, lambda name: not name.startswith("span/"))
    sentiment = _linear_v1(meta, arrays, "sentiment", directory)
    stance = _stance_v1(meta, arrays, "stance", directory)
    span = None
    if "span" in meta:  # its section is checked now (_window), its weights when spans are first scored
        span = DeferredStanceModel(functools.partial(_read_span, meta, data, directory),
                                   window=_window(meta, "span", directory))
    return Model(SentimentModel(sentiment), stance, meta, meta.get("model_id", ""), span=span)


def _read_span(meta: dict, data: bytes, directory: Path) -> StanceModel:
    return _stance_v1(meta, _arrays(data, directory / "model.npz", lambda name: name.startswith("span/")), "span",
                      directory)


def _arrays(data: bytes, npz_path: Path, wanted: Callable[[str], bool]) -> dict[str, np.ndarray]:
    """The arrays of the ``.npz`` bytes ``data`` whose names are ``wanted``."""
    try:
        with np.load(io.BytesIO(data), allow_pickle=False) as npz:
            return {k: npz[k] for k in npz.files if wanted(k)}
    except (ValueError, OSError, zipfile.BadZipFile) as exc:
        raise model_file_error(npz_path, f"cannot read the arrays ({exc})", _FIX_REBUILD) from None


def _stance_v1(meta: dict, arrays: dict, key: str, directory: Path) -> StanceModel:
    linear = _linear_v1(meta, arrays, key, directory)
    return StanceModel(linear, window=_window(meta, key, directory))


def _window(meta: dict, key: str, directory: Path) -> int:
    window = _section(meta, key, directory).get("window", 5)
    if not isinstance(window, int) or isinstance(window, bool) or window < 0:
        raise model_file_error(directory / "model.json", f"{key} 'window' must be a non-negative integer, got "
                               f"{window!r:.60}", _FIX_REBUILD)
    return window


def _section(meta: dict, key: str, directory: Path) -> dict:
    section = meta.get(key)
    if not isinstance(section, dict) or not isinstance(section.get("views"), dict):
        raise model_file_error(directory / "model.json", f"the {key!r} section with its 'views' is missing",
                               _FIX_REBUILD)
    return section


def _linear_v1(meta: dict, arrays: dict, key: str, directory: Path) -> LinearViews:
    where = directory / "model.json"
    section = _section(meta, key, directory)
    featurizers, weights = {}, {}
    for view, params in section["views"].items():
        try:
            params = {k: tuple(v) if isinstance(v, list) else v for k, v in params.items()}
            featurizer = Featurizer(**params).fit()
        except (TypeError, ValueError) as exc:
            raise model_file_error(where, f"the featurizer of view {key}/{view} is invalid ({exc})",
                                   _FIX_REBUILD) from None
        expected = section.get("fingerprints", {}).get(view)
        if expected != featurizer_fingerprint(featurizer):
            raise model_file_error(where, f"view {key}/{view} was trained with a different feature hashing than this "
                                   f"version of stance computes (fingerprint {expected!r})",
                                   f"use the stance version that built it, or {_FIX_REBUILD}")
        w = arrays.get(f"{key}/{view}")
        if w is None or w.shape != (featurizer.n_features, len(CLASSES)):
            raise model_file_error(directory / "model.npz", f"array {key}/{view} must have shape "
                                   f"({featurizer.n_features}, {len(CLASSES)}), got {None if w is None else w.shape}",
                                   _FIX_REBUILD)
        featurizers[view], weights[view] = featurizer, w.astype(np.float32)
    intercept = arrays.get(f"{key}/intercept")
    if intercept is None or intercept.shape != (len(CLASSES),):
        raise model_file_error(directory / "model.npz", f"array {key}/intercept must have shape ({len(CLASSES)},), got "
                               f"{None if intercept is None else intercept.shape}", _FIX_REBUILD)
    temperature = section.get("temperature", 1.0)
    if not isinstance(temperature, (int, float)) or not temperature > 0:
        raise model_file_error(where, f"{key} 'temperature' must be a positive number, got {temperature!r:.60}",
                               _FIX_REBUILD)
    return LinearViews(featurizers, weights, intercept, float(temperature))


def _check_registry(meta: dict, directory: Path, current: str) -> None:
    recorded = meta.get("registry_version")
    if recorded is not None and recorded != current:
        raise model_file_error(directory / "model.json", f"the model was trained with party registry version "
                               f"{recorded!r}, but this stance ships {current!r}: mentions would differ from training",
                               f"retrain on the current registry: {_FIX_REBUILD}")


_READERS = {1: _read_v1, 2: _read_v1, 3: _read_v1, 4: _read_v1}  # 2 gated views, 3 copies and 'mean', 4 'span'


def read_default_model(*, registry_version: str | None = None) -> Model:
    """The model shipped in ``stance/data/model/`` (see :func:`read_model`)."""
    with resources.as_file(resources.files("stance") / "data" / "model") as path:
        return read_model(Path(path), registry_version=registry_version)
