"""Compile a registry, once, into what the alias scanner reads (:class:`Patterns`).

Aliases and literal exclusions that are ASCII and start with a letter or digit become
*skeletons* of lower-case words separated by single spaces ("U.S." -> "u s"), merged into one
trie regex that starts at a word start and never backtracks across more than one word of
literals. Each skeleton maps to its entries: the party, whether it is an exclusion, and the
check a hit needs on the original text when the phrase is case-sensitive, punctuated or spans
several words. The other aliases, regex ``patterns`` and exclusion patterns become ``re``
patterns searched in the original ``str``. :mod:`stance.parties.matcher` does the scanning.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from stance.parties.prefilter import SEPARATOR
from stance.parties.registry_file import RegistrySpec

__all__ = ["ANY", "Entry", "Patterns"]

_WORDS = re.compile(r"[A-Za-z0-9_]+")
_MAX_GAP = 10  # at most this many separator bytes between two words of one alias
_GAP = rf"[ \t]{{1,{_MAX_GAP}}}"  # between two words of a phrase: spaces, or the prefilter's marks
ANY = -1  # party index of an exclusion that applies to every party


def _fast_path(phrase: str) -> bool:
    """Whether a phrase can be matched through the ASCII skeleton scanner."""
    return phrase.isascii() and phrase[0].isalnum()


@dataclass(frozen=True)
class Entry:
    """One alias or exclusion behind a skeleton key."""

    party: int
    exclusion: bool
    verifier: re.Pattern[str] | str | None  # check on the original text: exact str, anchored regex, or None


class Patterns:
    """A registry compiled for the scanner: the trie regexes over the skeletons, each skeleton's
    entries (and a plan for keys with one alias), the slow-path regexes and the phrases the
    prefilter is built from."""

    def __init__(self, spec: RegistrySpec) -> None:
        self.index: dict[bytes, list[Entry]] = {}  # skeleton -> its aliases and exclusions
        slow_aliases: list[list[str]] = [[] for _ in spec.parties]
        self.slow: list[tuple[int, re.Pattern[str]]] = []  # (party, regex over the original str)
        self.fast_phrases: list[tuple[str, bool, bool]] = []  # (phrase, cased, exclusion) for the prefilter
        # (party, literal every match starts with or None, pattern)
        self.slow_exclusions: list[tuple[int, str | None, re.Pattern[str]]] = []
        suffix = "(?:" + "|".join(map(re.escape, spec.suffixes)) + ")?" if spec.suffixes else ""
        for pattern in spec.exclusion_patterns:
            self._add_pattern_exclusion(ANY, pattern)
        for phrases, cased in ((spec.exclusions, False), (spec.cased_exclusions, True)):
            for phrase in phrases:
                self._add_exclusion(ANY, phrase.strip(), cased)
        for i, party in enumerate(spec.parties):
            for phrases, cased, exclusion in (
                (party.aliases, False, False),
                (party.cased_aliases, True, False),
                (party.exclusions, False, True),
                (party.cased_exclusions, True, True),
            ):
                for phrase in phrases:
                    phrase = phrase.strip()
                    if exclusion:
                        self._add_exclusion(i, phrase, cased)
                    elif _fast_path(phrase):
                        self.fast_phrases.append((phrase, cased, False))
                        entry = Entry(i, False, _verifier(phrase, cased, False))
                        self.index.setdefault(_skeleton(phrase).encode(), []).append(entry)
                    else:
                        slow_aliases[i].append(re.escape(phrase) if cased else f"(?i:{re.escape(phrase)})")
            slow_aliases[i].extend(party.patterns)
            for pattern in party.exclusion_patterns:
                self._add_pattern_exclusion(i, pattern)
        for i, alternatives in enumerate(slow_aliases):
            if alternatives:
                body = "|".join(f"(?:{a})" for a in alternatives)
                self.slow.append((i, re.compile(rf"(?<!\w)(?:{body})(?={suffix}(?!\w))")))
        self.suffixes = spec.suffixes
        # Keys whose only entry is one alias, under every spelling the scanner reports
        # (the prefilter turns some spaces into tabs): the party when nothing needs checking,
        # else (party, exact str or None, anchored match, whether the key is a phrase).
        self.simple: dict[bytes, int] = {}
        self.checked: dict[bytes, tuple[int, str | None, Callable[[str, int], re.Match | None] | None, bool]] = {}
        for key, entries in self.index.items():
            entry = entries[0]
            if len(entries) > 1 or entry.exclusion:
                continue
            for spelling in _spellings(key):
                if entry.verifier is None:
                    self.simple[spelling] = entry.party
                elif isinstance(entry.verifier, str):
                    self.checked[spelling] = (entry.party, entry.verifier, None, b" " in key)
                else:
                    self.checked[spelling] = (entry.party, None, entry.verifier.match, b" " in key)
        body = "(" + _trie_regex(sorted(k.decode() for k in self.index)) + ")" + _boundary(spec.suffixes)
        self.scanner = re.compile((" " + body).encode())  # tries every word start
        self.marked_scanner = re.compile(("\t" + body).encode())  # tries the words the prefilter marked

    def _add_exclusion(self, party: int, phrase: str, cased: bool) -> None:
        if _fast_path(phrase):
            self.fast_phrases.append((phrase, cased, True))
            entry = Entry(party, True, _verifier(phrase, cased, True))
            self.index.setdefault(_skeleton(phrase).encode(), []).append(entry)
        else:
            flags = 0 if cased else re.IGNORECASE
            self.slow_exclusions.append((party, None, re.compile(re.escape(phrase), flags)))

    def _add_pattern_exclusion(self, party: int, pattern: str) -> None:
        self.slow_exclusions.append((party, _literal_prefix(pattern), re.compile(pattern)))


def _verifier(phrase: str, cased: bool, exclusion: bool) -> re.Pattern[str] | str | None:
    """The check a skeleton hit needs on the original text, or None if the hit is exact.

    A str is a one-word cased phrase compared as is; a pattern is matched at the hit.
    """
    simple = phrase.isalnum()
    if simple and not cased:
        return None
    if simple:
        return phrase
    body = ""
    for chunk in re.split(r"([\s\-\u2010\u2011]+)", phrase.strip()):
        if not chunk:
            continue
        body += SEPARATOR if re.fullmatch(SEPARATOR, chunk) else re.escape(chunk)
    if not exclusion:
        body = re.sub(r"(\\\.)+$", lambda m: f"(?:{m.group(0)})?", body)  # "U.S." also matches "U.S"
    return re.compile(body if cased else f"(?i:{body})")


def _skeleton(phrase: str) -> str:
    return " ".join(_WORDS.findall(phrase.lower()))


def _trie_regex(keys: list[str]) -> str:
    """A regex matching exactly ``keys`` (lower-case words joined by single spaces)."""
    root: dict = {}
    for key in keys:
        node = root
        for ch in key:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        alts = []
        for ch in sorted(node, key=lambda c: (c == "", c)):  # end-of-key last: longest match first
            if ch == "":
                alts.append("")
            elif ch == " ":
                alts.append(_GAP + emit(node[ch]))
            else:
                alts.append(re.escape(ch) + emit(node[ch]))
        if len(alts) == 1:
            return alts[0]
        return "(?:" + "|".join(alts) + ")"

    return emit(root)


def _boundary(suffixes: tuple[str, ...]) -> str:
    options = "|".join(re.escape(s) for s in sorted(suffixes, key=len, reverse=True))
    return f"(?=(?:{options})?[ \t])" if options else "(?=[ \t])"


def _spellings(key: bytes) -> list[bytes]:
    """``key`` with each space between two words as a space or a tab (up to 64 spellings)."""
    words = key.split(b" ")
    if len(words) > 7:
        return [key]
    out = [words[0]]
    for word in words[1:]:
        out = [s + gap + word for s in out for gap in (b" ", b"\t")]
    return out


def _literal_prefix(pattern: str) -> str | None:
    """A plain-text prefix every match of ``pattern`` starts with, for a cheap ``in`` test."""
    m = re.match(r"[A-Za-z0-9 ]+", pattern)
    if m is None:
        return None
    prefix = m.group(0)
    if pattern[m.end() : m.end() + 1] in ("*", "?", "{"):
        prefix = prefix[:-1]
    return prefix if len(prefix) >= 2 else None
