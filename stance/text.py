"""Text basics: normalisation and paragraph splitting (code-point arrays: stance._stream).

Everything downstream (features, parties, scoring) sees text through these functions,
so they accept any Unicode string, including emoji, CJK, right-to-left scripts and lone
surrogates, without raising.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from stance.exceptions import InputTypeError, param_error

__all__ = [
    "Paragraph",
    "check_texts",
    "fold",
    "normalize",
    "split_paragraphs",
]

# Typographic variants folded to their ASCII form, invisible characters deleted, and
# control characters turned into spaces (they separate words, they are not words).
_FOLD = {
    **{ord(c): "'" for c in "\u2018\u2019\u201a\u201b\u2032\u02bc\u0060\u00b4"},
    **{ord(c): '"' for c in "\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb"},
    **{ord(c): "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"},
    **{ord(c): None for c in "\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\u00ad"},
    **{c: " " for c in [*range(0x00, 0x20), *range(0x7F, 0xA0)]},
    0x2028: " ",
    0x2029: " ",
}


_FOLD_STR = {chr(k): ("" if v is None else v) for k, v in _FOLD.items()}
_NEEDS_FOLD = re.compile("[" + re.escape("".join(_FOLD_STR)) + "]")


def fold(text: str) -> str:
    """NFKC, then fold the characters of ``_FOLD`` (all but the lower-casing of normalize)."""
    if text.isascii():
        if text.isprintable() and "`" not in text:  # the common case: nothing to fold
            return text
    else:
        text = unicodedata.normalize("NFKC", text)
    return _NEEDS_FOLD.sub(lambda m: _FOLD_STR[m.group()], text)


def normalize(text: str, *, lowercase: bool = True) -> str:
    """Return ``text`` in the form the featurizer reads.

    NFKC, curly quotes and dashes folded to ASCII, zero-width characters and soft
    hyphens removed, control characters (tabs and newlines included) made spaces,
    then lower-cased when ``lowercase``. Lone surrogates pass through unchanged.
    """
    text = fold(text)
    return text.lower() if lowercase else text


def check_texts(texts: object, owner: str, *, name: str = "texts", one: str | None = None) -> list[str]:
    """Validate a batch of documents, the ``name`` parameter of ``owner``: a sequence of
    ``str``, not a lone string.

    Returns the batch as a list (materialising an iterator once). Raises
    :class:`InputTypeError` naming the position and type of a bad item; for a lone string,
    the message suggests ``one`` (the call for one text, e.g. ``"find(text)"``) when given.
    """
    if isinstance(texts, (str, bytes)):
        fix = f"call {one} for one text, or pass [text]" if one else "pass a list of them, e.g. [text]"
        raise param_error(owner, name, f"must be a sequence of str, not a single {type(texts).__name__}", fix,
                          InputTypeError)
    try:
        batch = list(texts)  # type: ignore[call-overload]
    except TypeError:
        raise param_error(owner, name, f"must be a sequence of str, got {type(texts).__name__}",
                          "pass a list of str", InputTypeError) from None
    if set(map(type, batch)) <= {str}:  # the common case, checked at C speed
        return batch
    for i, item in enumerate(batch):
        if not isinstance(item, str):
            raise param_error(owner, name, f"item {i} is {type(item).__name__} ({_preview(item)}), not a str",
                              "decode bytes and drop missing values first", InputTypeError)
    return batch


def _preview(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of an article: its text and character offsets into the article."""

    index: int
    start: int
    end: int
    text: str


_BLANK_LINE = re.compile(r"\n[ \t\f\v\r\u00a0]*\n")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def split_paragraphs(article: str) -> list[Paragraph]:
    """Split an article into paragraphs, detecting its layout.

    If the article contains a blank line, paragraphs are blank-line separated (single
    line breaks inside a paragraph are kept in its text); otherwise each line is a
    paragraph. Whitespace-only paragraphs are dropped; offsets point into ``article``
    and exclude surrounding whitespace.
    """
    if not isinstance(article, str):
        raise param_error("split_paragraphs", "article", f"must be a str, got {type(article).__name__}",
                          "pass one article's text", InputTypeError)
    separator = _BLANK_LINE if _BLANK_LINE.search(article) else _LINE_BREAK
    paragraphs: list[Paragraph] = []
    position = 0
    for match in [*separator.finditer(article), None]:
        end = match.start() if match else len(article)
        chunk = article[position:end]
        stripped = chunk.strip()
        if stripped:
            start = position + (len(chunk) - len(chunk.lstrip()))
            paragraphs.append(
                Paragraph(len(paragraphs), start, start + len(stripped), stripped)
            )
        position = match.end() if match else position
    return paragraphs
