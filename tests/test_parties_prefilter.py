"""The fast matcher's shortcuts change nothing: the numpy prefilter, the per-key plans and
the Mention constructor give the same mentions as the plain scan (and as the matcher before
them, pinned by digests of its output on the news pools).
"""

from __future__ import annotations

import copy
import hashlib
import json
import pickle
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import stance.parties.matcher as party_matcher
from stance.parties import Mention, Registry

# Digest of [[paragraph, start, end, party], ...] over the first 4,000 paragraphs of each pool,
# computed with the matcher before the prefilter (scan of every word start, one Mention(...) each).
DIGESTS = {"indosum_id.jsonl": ("9eaafece1e0f9447", 651), "allsides_en.jsonl": ("ac0862f94db86ffb", 8553)}


def paragraphs(path: Path, n: int) -> list[str]:
    out: list[str] = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            out += json.loads(line)["paragraphs"]
            if len(out) >= n:
                break
    return out[:n]


def plain_spans(matcher, texts: list[str], monkeypatch) -> dict:
    """Spans from the scan that tries every word start (no prefilter)."""
    with monkeypatch.context() as patch:
        patch.setattr(party_matcher, "_PREFILTER_MIN_BYTES", float("inf"))
        return matcher.spans_many(texts)


def filtered_spans(matcher, texts: list[str], monkeypatch) -> dict:
    with monkeypatch.context() as patch:
        patch.setattr(party_matcher, "_PREFILTER_MIN_BYTES", 0)
        return matcher.spans_many(texts)


@pytest.mark.parametrize("name", sorted(DIGESTS))
def test_news_mentions_are_those_of_the_matcher_before_the_prefilter(data_dir, name):
    path = data_dir / "news" / name
    if not path.is_file():
        pytest.skip(f"needs {path}")
    texts = paragraphs(path, 4000)
    found = Registry.default().find_mentions(texts)
    rows = [[k, m.start, m.end, m.party] for k, mentions in enumerate(found) for m in mentions]
    assert all(texts[k][s:e] == m.text for (k, s, e, _), m in zip(rows, (m for ms in found for m in ms)))
    digest, count = DIGESTS[name]
    assert (hashlib.sha256(json.dumps(rows).encode()).hexdigest()[:16], len(rows)) == (digest, count)


@pytest.mark.parametrize("name", sorted(DIGESTS))
def test_prefilter_equals_the_plain_scan_on_news(data_dir, name, monkeypatch):
    path = data_dir / "news" / name
    if not path.is_file():
        pytest.skip(f"needs {path}")
    matcher = Registry.default()._matcher
    texts = paragraphs(path, 3000)
    assert filtered_spans(matcher, texts, monkeypatch) == plain_spans(matcher, texts, monkeypatch)


# Words and separators that stress what the prefilter looks at: case, punctuation in aliases,
# suffixes, non-ASCII neighbours and letters that fold to ASCII under IGNORECASE (K, ſ, İ, ı).
WORDS = ["AS", "as", "As", "US", "us", "U.S.", "U.S", "u.s.", "A$", "a$", "US$", "a", "the", "The", "West",
         "president", "White", "House", "house", "Rusia", "RUSIA", "Rusianya", "Russian", "Sen.", "Rep.",
         "Amerika", "Serikat", "Jawa", "Barat", "barat", "dolar", "Nabi", "Musa", "G-7", "G7", "Xi", "Jinping",
         "Kremlin", "\u212aremlin", "U.\u017fS", "\u017f", "\u017fenate", "Se\u017fsions", "\u0130nggris", "\u0131nggris", "Inggris",
         "é", "日本", "Tiongkok", "AS-Rusia", "People's", "Republic", "of", "China", "Bank", "Open", "nya"]
SEPARATORS = [" ", "  ", ", ", "-", "\n", ".", "(", "“", "”", "\u00a0", "\u2011", "", "'"]

texts_from_words = st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(SEPARATORS)), max_size=14).map(
    lambda pairs: "".join(w + s for w, s in pairs)
)


@settings(max_examples=300, deadline=None)
@given(st.lists(texts_from_words, min_size=1, max_size=6))
def test_prefilter_equals_the_plain_scan(texts):
    matcher = Registry.default()._matcher
    with pytest.MonkeyPatch.context() as patch:
        assert filtered_spans(matcher, texts, patch) == plain_spans(matcher, texts, patch)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(max_size=60), min_size=1, max_size=6))
def test_prefilter_equals_the_plain_scan_on_any_unicode(texts):
    matcher = Registry.default()._matcher
    with pytest.MonkeyPatch.context() as patch:
        assert filtered_spans(matcher, texts, patch) == plain_spans(matcher, texts, patch)


@pytest.mark.parametrize(
    "text",
    ["U.\u017fS. said", "U.\u017f", "the U.\u017fS.A.", "A\u0130 x", "P\u0131 \u212a", "Se\u017f.", "US\u017f$ 5", "a$ 5"],
)
def test_letters_that_fold_to_ascii_inside_punctuated_aliases(text, monkeypatch):
    # re's IGNORECASE matches "S" with "\u017f": "U.\u017fS" scans as "u s" and verifies as "U.\u017f".
    matcher = Registry.default()._matcher
    assert filtered_spans(matcher, [text], monkeypatch) == plain_spans(matcher, [text], monkeypatch)


def test_prefilter_marks_every_alias_and_exclusion_of_the_default_registry(monkeypatch):
    # Each fast phrase alone, as written, upper-cased and with a suffix: the prefilter must let it through.
    matcher = Registry.default()._matcher
    texts = []
    for phrase, cased, _ in matcher._patterns.fast_phrases:
        texts += [f"({phrase})", f"x {phrase}nya x"]
        if not cased:
            texts.append(phrase.upper())
    assert filtered_spans(matcher, texts, monkeypatch) == plain_spans(matcher, texts, monkeypatch)


def test_a_large_batch_uses_the_prefilter_and_a_small_one_does_not():
    registry = Registry.from_file(_one_party_file(), base=None)  # a fresh matcher, no prefilter yet
    registry.find_mentions(["Rusia menolak."] * 10)
    assert registry._matcher._prefilter is None
    texts = ["Rusia menolak, kata juru bicara itu."] * 5000
    assert [m.text for m in registry.find_mentions(texts)[-1]] == ["Rusia"]
    assert registry._matcher._prefilter is not None


def _one_party_file() -> Path:
    import tempfile

    path = Path(tempfile.mkdtemp()) / "one.toml"
    path.write_text('[[party]]\nid = "russia"\naliases = ["Rusia"]\n', encoding="utf-8")
    return path


def test_fast_mentions_are_ordinary_frozen_dataclass_instances():
    found = Registry.default().find("Tiongkok dan Rusia.")[1]
    built = Mention("russia", 13, 18, "Rusia")
    assert found == built and hash(found) == hash(built) and repr(found) == repr(built)
    assert pickle.loads(pickle.dumps(found)) == found and copy.deepcopy(found) == found
    with pytest.raises(AttributeError, match="cannot assign to field 'start'"):
        found.start = 0  # type: ignore[misc]
