"""The party registry: a set of parties compiled once for matching, and the mentions it finds.

The default registry is ``stance/data/parties.toml``; a user file can add parties or
extend and override the default ones (format: ``docs/parties.md``, read by
:mod:`stance.parties.registry_file`). Matching is done by
:class:`stance.parties.matcher.Matcher` in one pass over the text; offsets index the
original, un-normalised text.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from importlib import resources
from pathlib import Path

from stance.exceptions import InputTypeError, param_error
from stance.parties.matcher import Matcher
from stance.parties.registry_file import LIST_KEYS, RegistrySpec, parse_registry
from stance.text import check_texts

__all__ = [
    "Mention",
    "Registry",
    "find_mentions",
]

_DEFAULT = object()  # sentinel: "base registry = the default one"
_default_registry: Registry | None = None


@dataclass(frozen=True, slots=True)
class Mention:
    """One mention of a party: ``text == original[start:end]``."""

    party: str
    start: int
    end: int
    text: str


# Build Mentions without the frozen __init__ (four object.__setattr__ calls): a third of the
# time of find_mentions on English news went there. Same object, same fields.
_new_mention = object.__new__
_set_party, _set_start, _set_end, _set_text = (Mention.__dict__[f].__set__ for f in ("party", "start", "end", "text"))


class Registry:
    """A set of parties with their aliases and exclusions, compiled for matching."""

    def __init__(self, spec: RegistrySpec) -> None:
        self._spec = spec
        self._matcher = Matcher(spec)
        self.parties: tuple[str, ...] = tuple(p.id for p in spec.parties)
        content = json.dumps(
            {"suffixes": spec.suffixes, "parties": [asdict(p) for p in spec.parties]},
            sort_keys=True,
            ensure_ascii=False,
        )
        self.version: str = hashlib.sha256(content.encode("utf-8")).hexdigest()[:12]

    def __repr__(self) -> str:
        return f"Registry(parties={self.parties!r}, version={self.version!r})"

    @classmethod
    def default(cls) -> Registry:
        """The shipped registry (china, russia, west), loaded once per process."""
        global _default_registry
        if _default_registry is None:
            with resources.as_file(resources.files("stance") / "data" / "parties.toml") as path:
                _default_registry = cls(parse_registry(path))
        return _default_registry

    @classmethod
    def from_file(cls, path: str | Path, *, base: Registry | None = _DEFAULT) -> Registry:  # type: ignore[assignment]
        """Read a user registry file; it extends ``base`` (the default registry unless None)."""
        if base is _DEFAULT:
            base = cls.default()
        if base is not None and not isinstance(base, Registry):
            raise param_error("Registry.from_file", "base", f"must be a Registry or None, got {type(base).__name__}",
                              "pass Registry.default(), another Registry, or None for the file alone", InputTypeError)
        return cls(parse_registry(path, base._spec if base is not None else None))

    def find(self, text: str) -> list[Mention]:
        """Mentions of every party in one text, sorted by start offset."""
        if not isinstance(text, str):
            raise param_error("Registry.find", "text", f"must be a str, got {type(text).__name__}",
                              "call find_mentions(texts) for a list of texts", InputTypeError)
        return self._mentions([text])[0]

    def find_mentions(self, texts: Sequence[str]) -> list[list[Mention]]:
        """Mentions per text; ``texts`` is a sequence of str (not a lone str)."""
        return self._mentions(check_texts(texts, "Registry.find_mentions", one="find(text)"))

    def _mentions(self, texts: list[str], batch: int = 2048) -> list[list[Mention]]:
        parties, out = self.parties, []
        new, set_party, set_start, set_end, set_text = _new_mention, _set_party, _set_start, _set_end, _set_text
        for i in range(0, len(texts), batch):  # batches bound the size of the scanned buffer
            chunk = texts[i : i + batch]
            rows: list[list[Mention]] = [[] for _ in chunk]
            for k, spans in self._matcher.spans_many(chunk).items():
                text, row = chunk[k], rows[k]
                for s, e, p in spans:
                    m = new(Mention)
                    set_party(m, parties[p])
                    set_start(m, s)
                    set_end(m, e)
                    set_text(m, text[s:e])
                    row.append(m)
            out += rows
        return out

    def describe(self) -> list[dict]:
        """One dict per party: id, name, aliases and exclusions (for listings)."""
        rows = []
        for p in self._spec.parties:
            rows.append(
                {
                    "id": p.id,
                    "name": p.name,
                    "aliases": [*p.aliases, *p.cased_aliases, *(f"/{x}/" for x in p.patterns)],
                    "exclusions": [*p.exclusions, *p.cased_exclusions, *(f"/{x}/" for x in p.exclusion_patterns)],
                }
            )
        return rows

    def spec(self) -> dict[str, dict[str, list[str]]]:
        """The full registry content per party id, list by list (as in the file format)."""
        return {p.id: {key: list(getattr(p, key)) for key in LIST_KEYS} for p in self._spec.parties}


def find_mentions(texts: Sequence[str], registry: Registry | None = None) -> list[list[Mention]]:
    """Mentions per text with ``registry`` (default: :meth:`Registry.default`)."""
    registry = Registry.default() if registry is None else registry
    return registry._mentions(check_texts(texts, "find_mentions", one="Registry.find(text)"))
