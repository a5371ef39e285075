"""Articles into checked, bounded batches: what :class:`stance.scoring.Scorer` scores at once.

An article is split into paragraphs and checked up front (:func:`prepare`), so a bad one
is reported by position or file and the rest go on; batches are bounded in articles and in
paragraphs, so memory stays flat whatever the corpus.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from stance.exceptions import InputTypeError, input_error, param_error
from stance.text import Paragraph, split_paragraphs

__all__ = ["MAX_PARAGRAPH_CHARS", "BATCH_PARAGRAPHS", "Prepared", "prepare", "prepare_item", "batches"]

#: Longest paragraph scored, in characters. A longer one is an error (the article is not
#: scored): it is almost always a file without line breaks, not a paragraph.
MAX_PARAGRAPH_CHARS = 100_000
#: A batch ends when it holds this many paragraphs, whatever ``batch_size`` says.
BATCH_PARAGRAPHS = 2048


@dataclass(frozen=True)
class Prepared:
    """An article already split and checked (the CLI's readers hand these over)."""

    id: str | None
    paragraphs: tuple[Paragraph, ...]

    def __reduce__(self):  # to workers as plain tuples: cheap to pickle and unpickle
        return _unpack_prepared, (self.id, tuple((p.start, p.end, p.text) for p in self.paragraphs))


def _unpack_prepared(ident, spans) -> Prepared:
    return Prepared(ident, tuple(Paragraph(i, s, e, t) for i, (s, e, t) in enumerate(spans)))


def prepare(text: str, where: str) -> tuple[Paragraph, ...]:
    """Split an article into paragraphs, or raise :class:`~stance.exceptions.InputError` saying why it can't be scored."""
    paragraphs = split_paragraphs(text)
    if not paragraphs:
        raise input_error(where, "empty text (no non-blank paragraph)", "remove it, or give it text")
    for p in paragraphs:
        if len(p.text) > MAX_PARAGRAPH_CHARS:
            raise input_error(where, f"paragraph {p.index + 1} has {len(p.text):,} characters, more than the "
                              f"maximum of {MAX_PARAGRAPH_CHARS:,}",
                              "split it into paragraphs (one a line, or blank lines between them)")
    return tuple(paragraphs)


def prepare_item(pos: int, item: object) -> Prepared:
    """One item of score_many as a Prepared article: a Prepared, a str, or an (id, str) pair."""
    if isinstance(item, Prepared):
        return item
    ident = None
    if isinstance(item, tuple) and len(item) == 2:
        ident, item = item
        ident = None if ident is None else str(ident)
    if not isinstance(item, str):
        raise param_error("score_many", "texts", f"item {pos} is {type(item).__name__} ({item!r:.60}), not a str "
                          "or an (id, str) pair", "decode bytes and drop missing values first", InputTypeError)
    return Prepared(ident, prepare(item, f"Item {pos} of the 'texts' parameter of score_many"))


def batches(texts: Iterable, size: int) -> Iterator[list[Prepared]]:
    """Prepared articles in batches of at most ``size`` articles or BATCH_PARAGRAPHS paragraphs."""
    batch: list[Prepared] = []
    n = 0
    for pos, item in enumerate(texts):
        doc = prepare_item(pos, item)
        batch.append(doc)
        n += len(doc.paragraphs)
        if len(batch) >= size or n >= BATCH_PARAGRAPHS:
            yield batch
            batch, n = [], 0
    if batch:
        yield batch
