"""Read and validate party registry files (TOML); merge a user file onto a base registry.

The format is documented in ``docs/parties.md``. This module only turns files into
validated :class:`PartySpec` tuples; :mod:`stance.parties.patterns` compiles them and
:mod:`stance.parties.matcher` matches.
Every problem is a one-line :class:`~stance.exceptions.RegistryError` naming the file,
the party and the key.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, replace
from pathlib import Path

from stance.exceptions import RegistryError, input_error

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

__all__ = ["FORMAT", "LIST_KEYS", "PartySpec", "RegistrySpec", "parse_registry", "merge_registries", "parse_toml"]

FORMAT = 1
#: Keys of a party that hold lists of strings, in the order they are listed and hashed.
LIST_KEYS = (
    "aliases",
    "cased_aliases",
    "patterns",
    "exclusions",
    "cased_exclusions",
    "exclusion_patterns",
)
_PATTERN_KEYS = {"patterns", "exclusion_patterns"}
_PARTY_KEYS = {"id", "name", "replace", "remove", *LIST_KEYS}
_GLOBAL_KEYS = ("exclusions", "cased_exclusions", "exclusion_patterns")  # top level: apply to every party
_TOP_KEYS = {"format", "suffixes", "party", *_GLOBAL_KEYS}
_ID_RE = re.compile(r"[a-z][a-z0-9_]{0,39}\Z")
_SUFFIX_RE = re.compile(r"[a-z]{1,10}\Z")


@dataclass(frozen=True)
class PartySpec:
    """One party as written in a registry file (after validation)."""

    id: str
    name: str
    aliases: tuple[str, ...] = ()
    cased_aliases: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()
    exclusions: tuple[str, ...] = ()
    cased_exclusions: tuple[str, ...] = ()
    exclusion_patterns: tuple[str, ...] = ()


@dataclass(frozen=True)
class RegistrySpec:
    """A whole registry: parties in file order, word suffixes, exclusions for every party."""

    parties: tuple[PartySpec, ...]
    suffixes: tuple[str, ...]
    exclusions: tuple[str, ...] = ()
    cased_exclusions: tuple[str, ...] = ()
    exclusion_patterns: tuple[str, ...] = ()


@dataclass(frozen=True)
class _PartyEdit:
    """A party entry of a file before merging: the spec plus merge instructions."""

    spec: PartySpec
    given: frozenset[str]  # keys present in the file (lists and 'name')
    replace: bool
    remove: tuple[str, ...]


def _fail(where: str, problem: str, fix: str) -> Exception:
    return input_error(where, problem, fix, RegistryError)


def _string_list(where: str, key: str, value: object) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise _fail(where, f"{key!r} must be a list of strings, got {type(value).__name__} {value!r:.60}",
                    f"write {key} = [\"...\", ...]")
    if not value:
        raise _fail(where, f"{key!r} must not be an empty list", "give at least one entry, or remove the key")
    for i, item in enumerate(value):
        if not isinstance(item, str):
            raise _fail(where, f"{key!r} item {i} must be a string, got {type(item).__name__} {item!r:.60}",
                        "quote it")
        if not item.strip():
            raise _fail(where, f"{key!r} item {i} must not be an empty string", "remove it, or write the alias")
        if key in _PATTERN_KEYS:
            try:
                re.compile(item)
            except re.error as exc:
                raise _fail(where, f"{key!r} item {i} is not a valid regular expression ({exc}), got {item!r:.60}",
                            "fix the pattern (Python's re syntax)") from None
        elif not any(ch.isalnum() for ch in item):
            raise _fail(where, f"{key!r} item {i} must contain a letter or digit, got {item!r:.60}",
                        "remove it, or write the alias")
    return tuple(value)


def _parse_party(where: str, table: object) -> _PartyEdit:
    if not isinstance(table, dict):
        raise _fail(where, f"each [[party]] must be a table, got {type(table).__name__} {table!r:.60}",
                    "write each party as a [[party]] table")
    pid = table.get("id")
    if not isinstance(pid, str) or not _ID_RE.match(pid):
        raise _fail(where, f"'id' must be a lower-case identifier, got {pid!r:.60}",
                    "write one such as 'north_korea' (a-z, 0-9 and _, starting with a letter)")
    where = f"{where} ({pid!r})"
    unknown = sorted(set(table) - _PARTY_KEYS)
    if unknown:
        allowed = ", ".join(sorted(_PARTY_KEYS))
        raise _fail(where, f"unknown key {unknown[0]!r}", f"fix the spelling, or remove it; the keys are {allowed}")
    name = table.get("name", pid)
    if not isinstance(name, str) or not name.strip():
        raise _fail(where, f"'name' must be a non-empty string, got {name!r:.60}",
                    "write the party's name, or leave 'name' out")
    flag = table.get("replace", False)
    if not isinstance(flag, bool):
        raise _fail(where, f"'replace' must be true or false, got {flag!r:.60}",
                    "write replace = true or replace = false")
    lists = {key: _string_list(where, key, table[key]) for key in LIST_KEYS if key in table}
    remove = _string_list(where, "remove", table["remove"]) if "remove" in table else ()
    spec = PartySpec(id=pid, name=name, **lists)
    given = frozenset(lists) | ({"name"} if "name" in table else set())
    return _PartyEdit(spec, given, flag, remove)


def _parse_edits(data: dict, source: str) -> tuple[tuple[_PartyEdit, ...], tuple[str, ...] | None, dict]:
    unknown = sorted(set(data) - _TOP_KEYS)
    if unknown:
        allowed = ", ".join(sorted(_TOP_KEYS))
        raise _fail(source, f"unknown top-level key {unknown[0]!r}",
                    f"fix the spelling, or remove it; the keys are {allowed}")
    shared = {key: _string_list(source, key, data[key]) for key in _GLOBAL_KEYS if key in data}
    fmt = data.get("format", FORMAT)
    if fmt != FORMAT or isinstance(fmt, bool):
        raise _fail(source, f"'format' must be {FORMAT}, got {fmt!r:.60}",
                    f"write a registry in format {FORMAT} (docs/parties.md)")
    suffixes = None
    if "suffixes" in data:
        suffixes = data["suffixes"]
        if not isinstance(suffixes, list) or not all(isinstance(s, str) and _SUFFIX_RE.match(s) for s in suffixes):
            raise _fail(source, f"'suffixes' must be a list of lower-case ASCII words, got {suffixes!r:.60}",
                        "write e.g. suffixes = ['nya']")
        suffixes = tuple(suffixes)
    parties = data.get("party", [])
    if not isinstance(parties, list):
        raise _fail(source, f"'party' must be an array of tables, got {type(parties).__name__}",
                    "write each party as a [[party]] table")
    edits, seen = [], set()
    for i, table in enumerate(parties):
        edit = _parse_party(f"{source}: party #{i + 1}", table)
        if edit.spec.id in seen:
            raise _fail(source, f"party id {edit.spec.id!r} is defined twice", "merge the two [[party]] tables")
        seen.add(edit.spec.id)
        edits.append(edit)
    return tuple(edits), suffixes, shared


def parse_toml(text: str) -> dict:
    """TOML text as a dict, with the parser this Python has (``tomllib``, or ``tomli`` on 3.10);
    a syntax error raises ``TOMLDecodeError``, a ``ValueError``."""
    return tomllib.loads(text)


def _load_toml(path: Path) -> dict:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise _fail(str(path), f"cannot read the registry file ({exc.strerror or exc})", "check the path") from None
    try:
        return tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise _fail(str(path), f"not valid UTF-8 TOML ({exc})", "fix the syntax (docs/parties.md)") from None


def _apply(base: PartySpec, edit: _PartyEdit, where: str) -> PartySpec:
    """Merge a file's entry onto a base party: drop what 'remove' lists, then add the new lists."""
    new = edit.spec
    name = new.name if "name" in edit.given else base.name
    if edit.replace:
        return replace(new, name=name)
    kept = base
    for item in edit.remove:
        owner = next((key for key in LIST_KEYS if item in getattr(kept, key)), None)
        if owner is None:
            raise _fail(where, f"'remove' entry {item!r} is not an alias or exclusion of party {new.id!r}",
                        "check the spelling")
        kept = replace(kept, **{owner: tuple(x for x in getattr(kept, owner) if x != item)})  # type: ignore[arg-type]
    fields: dict = {key: getattr(kept, key) + getattr(new, key) for key in LIST_KEYS}
    return replace(kept, name=name, **fields)


def _require_aliases(spec: PartySpec, where: str) -> None:
    if not (spec.aliases or spec.cased_aliases or spec.patterns):
        raise _fail(where, f"party {spec.id!r} has no aliases", "add 'aliases', 'cased_aliases' or 'patterns'")


def parse_registry(path: str | Path, base: RegistrySpec | None = None) -> RegistrySpec:
    """Read ``path`` and return the registry it defines, merged onto ``base`` if given."""
    path = Path(path)
    source = str(path)
    edits, suffixes, shared = _parse_edits(_load_toml(path), source)
    return merge_registries(base, edits, suffixes, source, shared)


def merge_registries(
    base: RegistrySpec | None,
    edits: tuple[_PartyEdit, ...],
    suffixes: tuple[str, ...] | None,
    source: str,
    shared: dict[str, tuple[str, ...]] | None = None,
) -> RegistrySpec:
    parties = {p.id: p for p in base.parties} if base else {}
    for i, edit in enumerate(edits):
        where = f"{source}: party #{i + 1} ({edit.spec.id!r})"
        if edit.spec.id in parties:
            parties[edit.spec.id] = _apply(parties[edit.spec.id], edit, where)
        else:
            if edit.remove:
                raise _fail(where, f"'remove' only applies to a party of the base registry, and {edit.spec.id!r} "
                            "is new", "leave 'remove' out")
            parties[edit.spec.id] = edit.spec
        _require_aliases(parties[edit.spec.id], where)
    if not parties:
        raise _fail(source, "the registry defines no parties",
                    "add at least one [[party]] table with an 'id' and 'aliases'")
    if suffixes is None:
        suffixes = base.suffixes if base else ()
    shared = shared or {}
    lists = {key: (getattr(base, key) if base else ()) + shared.get(key, ()) for key in _GLOBAL_KEYS}
    return RegistrySpec(tuple(parties.values()), suffixes, **lists)
