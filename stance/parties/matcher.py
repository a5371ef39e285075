"""Scan a batch of texts for alias spans in one pass with a compiled :class:`Patterns`.

How it is fast: the batch is encoded one byte per character ("?" for non-ASCII) and
``bytes.translate`` (a C table lookup) lower-cases ASCII letters and turns every other
byte that is not a letter, digit or ``_`` into a space; the trie regex of
:mod:`stance.parties.patterns` then tries only word starts. On large batches a numpy
prefilter (:class:`Prefilter`) first marks, with a tab, the few word starts where some
phrase could be verified, and the scanner tries only those. Each hit is looked up in a dict
and, when the alias is case-sensitive, contains punctuation or spans several words, checked
against the original text with a tiny anchored regex. Exclusion phrases sit in the same
trie; their spans suppress the overlapping aliases of their party.

Aliases that are not ASCII or do not start with a letter or digit, and regex
``patterns``, take a slower path: a ``re`` search over the original ``str``.
"""

from __future__ import annotations

import bisect
import itertools
import re

from stance.parties.patterns import ANY, Patterns
from stance.parties.prefilter import TABLE, Prefilter
from stance.parties.registry_file import RegistrySpec

__all__ = ["Matcher"]

_SEP = " \x00 "  # between the texts of a batch: no alias can span it (NUL is kept by TABLE)
_KEY_WORDS = re.compile(rb"[^ \t]+")
_PREFILTER_MIN_BYTES = 1 << 16  # smaller batches try every word start (and never import numpy)


class Matcher:
    """Finds (party index, start, end) spans; built once per registry."""

    def __init__(self, spec: RegistrySpec) -> None:
        self._patterns = Patterns(spec)
        self._prefilter: Prefilter | None = None  # built on the first large batch
        # Slow exclusions to try, by the set of parties a text mentions (filled as sets appear).
        self._slow_plans: dict[frozenset[int], list[tuple[int, str | None, re.Pattern[str]]]] = {}

    def spans_many(self, texts: list[str]) -> dict[int, list[tuple[int, int, int]]]:
        """Sorted, non-overlapping (per party) (start, end, party) alias spans of every text that has
        some, by position, scanning the batch in one pass."""
        patterns = self._patterns
        found = self._scan_fast(texts)
        if patterns.slow:
            for k, text in enumerate(texts):
                for party, pattern in patterns.slow:
                    hits = [(m.start(), m.end(), party) for m in pattern.finditer(text) if m.end() > m.start()]
                    if hits:
                        aliases, exclusions, _ = found.get(k, ([], [], False))
                        found[k] = (aliases + hits, exclusions, False)
        results = {}
        plans = self._slow_plans
        for k, (aliases, exclusions, tidy) in found.items():
            if not aliases:
                continue
            if patterns.slow_exclusions:
                text = texts[k]
                present = frozenset([party for _, _, party in aliases])
                plan = plans.get(present)
                if plan is None:
                    plan = plans[present] = [x for x in patterns.slow_exclusions if x[0] == ANY or x[0] in present]
                for party, needle, pattern in plan:
                    if needle is None or needle in text:
                        exclusions.extend((m.start(), m.end(), party) for m in pattern.finditer(text) if m.end() > m.start())
            if exclusions:
                aliases = _drop_excluded(aliases, exclusions)
            if aliases:
                results[k] = aliases if tidy else _drop_nested(aliases)
        return results

    def _scan_fast(self, texts: list[str]) -> dict[int, tuple[list, list, bool]]:
        """For each text with hits: alias spans, exclusion spans, whether the aliases are tidy."""
        # One byte per character ("?" for the rest): buffer offsets map 1:1 to str offsets.
        ascii_text = (" " + _SEP.join(texts) + " ").encode("ascii", "replace")
        padded = ascii_text.translate(TABLE)
        patterns = self._patterns
        if len(padded) >= _PREFILTER_MIN_BYTES:
            if self._prefilter is None:
                self._prefilter = Prefilter(patterns.fast_phrases, patterns.suffixes)
            buffer, search = self._prefilter.mark(ascii_text, padded), patterns.marked_scanner.search
        else:
            buffer, search = padded, patterns.scanner.search
        # Text k starts at 1 + (lengths of the texts before it) + 3k: " " and k times _SEP (3 characters) before it.
        starts = [1 + 3 * k + n for k, n in enumerate(itertools.accumulate(map(len, texts), initial=0))]
        found: dict[int, tuple[list, list, bool]] = {}
        index, simple, checked = patterns.index, patterns.simple, patterns.checked
        k, base, next_start, text = -1, 0, 0, ""
        aliases: list = []
        exclusions: list = []
        tidy = True
        pos = 0
        while (m := search(buffer, pos)) is not None:
            kstart, kend = m.span(1)
            if kstart >= next_start:  # the first hit in a later text
                if k >= 0:
                    found[k] = (aliases, exclusions, tidy)
                k = bisect.bisect_right(starts, kstart) - 1
                base, next_start, text = starts[k], starts[k + 1], texts[k]
                aliases, exclusions, tidy = [], [], True
            start, end = kstart - base, kend - base
            # "?" stands for a non-ASCII character, which may be a letter: "éRusia", "Rusiaé", "Rusianyaé".
            if ascii_text[kstart - 1] == 63 or ascii_text[kend] == 63 or padded[kend] != 32:
                if not _bounded(text, padded, start, end, kend):
                    pos, tidy = kstart, False
                    continue
            key = m[1]
            party = simple.get(key)
            if party is not None:  # the common case: one case-insensitive alias, nothing to verify
                aliases.append((start, end, party))
                pos = kend
                continue
            plan = checked.get(key)
            if plan is not None:  # one alias that is cased, punctuated or a phrase: check it on the text
                party, exact, match, phrase = plan
                if exact is not None:
                    stop = start + len(exact) if text.startswith(exact, start) else -1
                else:
                    verified = match(text, start) if match is not None else None
                    stop = verified.end() if verified is not None else -1
                if stop > 0:
                    aliases.append((start, stop, party))
                    pos = kend
                    continue
                if not phrase:
                    pos = kend
                    continue
            entries = index.get(key)
            if entries is None:  # separators of more than one character: "Amerika  Serikat"
                entries = index.get(b" ".join(key.split()), [])
            n_aliases = len(aliases)
            excluded = _resolve(entries, text, start, end, aliases, exclusions)
            whole = len(aliases) > n_aliases  # the whole phrase is an alias: resume after it
            phrase = b" " in key or b"\t" in key
            if not whole and phrase:
                self._shorter_alias(key, text, start, aliases, exclusions)
            if excluded or (phrase and not whole):
                # After an exclusion or a rejected phrase, rescan its inner words ("Kongres, AS" -> "AS").
                pos, tidy = kstart, False
            else:
                pos = kend
        if k >= 0:
            found[k] = (aliases, exclusions, tidy)
        return found

    def _shorter_alias(self, key: bytes, text: str, start: int, aliases: list, exclusions: list) -> None:
        """The longest alias that is a word prefix of a rejected or excluded phrase."""
        ends = [w.end() for w in _KEY_WORDS.finditer(key)]
        words = key.split()
        for n in range(len(words) - 1, 0, -1):
            entries = [e for e in self._patterns.index.get(b" ".join(words[:n]), ()) if not e.exclusion]
            before = len(aliases)
            _resolve(entries, text, start, start + ends[n - 1], aliases, exclusions)
            if len(aliases) > before:
                return


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _bounded(text: str, padded: bytes, start: int, end: int, key_end: int) -> bool:
    """Whether a hit is a whole word of ``text`` (not 'éRusia' or 'Rusiaé')."""
    if start > 0 and _is_word_char(text[start - 1]):
        return False
    after = end + padded.index(b" ", key_end) - key_end  # skip an allowed suffix (ASCII)
    return not (after < len(text) and _is_word_char(text[after]))


def _resolve(entries, text: str, start: int, end: int, aliases: list, exclusions: list) -> bool:
    """Verify the entries of one hit; record their spans; True if an exclusion matched."""
    excluded = False
    best: dict[int, int] = {}
    for entry in entries:
        check = entry.verifier
        if check is None:
            stop = end
        elif check.__class__ is str:
            if not text.startswith(check, start):
                continue
            stop = start + len(check)
        else:
            vm = check.match(text, start)
            if vm is None:
                continue
            stop = vm.end()
        if entry.exclusion:
            exclusions.append((start, stop, entry.party))
            excluded = True
        elif stop > best.get(entry.party, -1):
            best[entry.party] = stop
    aliases.extend((start, stop, party) for party, stop in best.items())
    return excluded


def _drop_excluded(aliases: list, exclusions: list) -> list:
    """Remove aliases that overlap an exclusion span of their own party."""
    by_party: dict[int, list[tuple[int, int]]] = {}
    for start, end, party in sorted(exclusions):
        spans = by_party.setdefault(party, [])
        if spans and start <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(spans[-1][1], end))
        else:
            spans.append((start, end))
    starts = {party: [s for s, _ in spans] for party, spans in by_party.items()}
    kept = []
    for start, end, party in aliases:
        if not any(_overlaps(by_party.get(p), starts.get(p), start, end) for p in (party, ANY)):
            kept.append((start, end, party))
    return kept


def _overlaps(spans: list | None, starts: list | None, start: int, end: int) -> bool:
    if not spans or not starts:
        return False
    i = bisect.bisect_left(starts, end) - 1
    return i >= 0 and spans[i][1] > start


def _drop_nested(spans: list) -> list:
    """Of overlapping spans of one party, keep the first (longest at equal start)."""
    kept: list[tuple[int, int, int]] = []
    last_end: dict[int, int] = {}
    for start, end, party in sorted(spans, key=lambda s: (s[0], -s[1], s[2])):
        if start < last_end.get(party, -1):
            continue
        last_end[party] = end
        kept.append((start, end, party))
    return kept
