"""Output writers for ``stance score``: json, jsonl, csv and a human table.

Every writer streams: ``write`` one article at a time, then ``close`` (the JSON writer
closes its array there). Rows of the csv format are :func:`stance.results.paragraph_rows`,
or :func:`stance.results.summary_rows` with ``summary_only``.

Each writer splits its work in two: ``render`` turns an article into its text (a pure,
picklable function, so ``--jobs`` workers can render and send strings back), and
``write_text`` puts that text in the stream (separators that depend on what came before,
like the JSON array's commas, are added there).

JSON is the text of :meth:`ArticleResult.to_dict() <stance.results.ArticleResult.to_dict>`,
the one definition of its shape (:func:`article_json`).
"""

from __future__ import annotations

import io
import json
from functools import partial
from typing import TextIO

from stance.domain import CLASSES
from stance.results import ArticleResult, RollUp, paragraph_rows, summary_rows

__all__ = ["make_writer", "format_for_path", "article_json"]


def format_for_path(path: str) -> str | None:
    """The output format an ``-o`` file name implies (None: not implied)."""
    suffix = path.rsplit(".", 1)[-1].lower() if "." in path else ""
    return {"json": "json", "jsonl": "jsonl", "ndjson": "jsonl", "csv": "csv", "txt": "table"}.get(suffix)


def make_writer(fmt: str, stream: TextIO, parties: tuple[str, ...], summary_only: bool = False) -> "_Writer":
    writer = {"json": JsonWriter, "jsonl": JsonlWriter, "csv": CsvWriter, "table": TableWriter}[fmt]
    return writer(stream, parties, summary_only)


class _Writer:
    def __init__(self, stream: TextIO, parties: tuple[str, ...], summary_only: bool) -> None:
        self.stream, self.parties, self.summary_only = stream, parties, summary_only
        self.count = 0
        self.render = self._renderer(parties, summary_only)

    @staticmethod
    def _renderer(parties: tuple[str, ...], summary_only: bool):
        raise NotImplementedError

    def write(self, article: ArticleResult) -> None:
        self.write_text(self.render(article))

    def write_text(self, text: str) -> None:
        """Write one article's rendered text (from ``self.render``, here or in a worker)."""
        self.stream.write(text)
        self.count += 1

    def close(self) -> None:
        self.stream.flush()


# -- JSON --------------------------------------------------------------------------------------

# One encoder for every article: ``json.dumps(..., ensure_ascii=False)`` would build a new one
# per call. ``to_dict()`` returns a tree of new dicts and lists, so there is no cycle to look
# for; NaN and infinities are spelled as ``json.dumps`` spells them (``allow_nan``).
_encode = json.JSONEncoder(ensure_ascii=False, check_circular=False).encode


def article_json(article: ArticleResult, summary_only: bool = False) -> str:
    """The JSON text of ``article.to_dict(summary_only=...)``, as
    ``json.dumps(..., ensure_ascii=False)`` writes it."""
    return _encode(article.to_dict(summary_only=summary_only))


def _jsonl_line(summary_only: bool, article: ArticleResult) -> str:
    return article_json(article, summary_only) + "\n"


class JsonlWriter(_Writer):
    @staticmethod
    def _renderer(parties, summary_only):
        return partial(_jsonl_line, summary_only)


class JsonWriter(_Writer):
    """One JSON array of articles, written as it goes (never held in memory)."""

    @staticmethod
    def _renderer(parties, summary_only):
        return partial(article_json, summary_only=summary_only)

    def write_text(self, text: str) -> None:
        super().write_text(("[\n" if self.count == 0 else ",\n") + text)

    def close(self) -> None:
        self.stream.write("[]\n" if self.count == 0 else "\n]\n")
        super().close()


# -- CSV ---------------------------------------------------------------------------------------


def csv_header(parties: tuple[str, ...], summary_only: bool) -> list[str]:
    if summary_only:
        return ["id", "target", "score", "stderr", "low", "high", *CLASSES, "paragraphs", "mentions", "decisive"]
    header = ["id", "paragraph", "start", "end", "sentiment", "sentiment_score"]
    for p in parties:
        header += [p, f"{p}_score", f"{p}_mentions"]
    header.append("text")
    return header


def _csv_rows(header: tuple[str, ...], summary_only: bool, article: ArticleResult) -> str:
    import csv

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    rows = summary_rows(article) if summary_only else paragraph_rows(article)
    for row in rows:
        writer.writerow(["" if row[k] is None else row[k] for k in header])
    return buffer.getvalue()


class CsvWriter(_Writer):
    def __init__(self, stream: TextIO, parties: tuple[str, ...], summary_only: bool) -> None:
        import csv

        super().__init__(stream, parties, summary_only)
        self.header = csv_header(parties, summary_only)
        csv.writer(stream, lineterminator="\n").writerow(self.header)

    @staticmethod
    def _renderer(parties, summary_only):
        return partial(_csv_rows, tuple(csv_header(parties, summary_only)), summary_only)


# -- table -------------------------------------------------------------------------------------


class TableWriter(_Writer):
    """A table for people: one line a paragraph, then the article roll-up."""

    TEXT = 56

    @staticmethod
    def _renderer(parties, summary_only):
        return partial(_table, parties, summary_only)

    def write_text(self, text: str) -> None:
        super().write_text(("" if self.count == 0 else "\n") + text)


def _table(parties: tuple[str, ...], summary_only: bool, article: ArticleResult) -> str:
    out = []
    n = len(article.paragraphs)
    out.append(f"{article.id or 'article'}  ({n} paragraph{'s' * (n != 1)}, model {article.model_id})\n")
    if not summary_only:
        head = f"{'#':>4}  {'sentiment':<16}" + "".join(f"{p:<16}" for p in parties) + "text"
        out.append(head + "\n")
        for p in article.paragraphs:
            cells = [_cell(p.sentiment.label, p.sentiment.score)]
            cells += [_cell(p.stances[q].label, p.stances[q].score) for q in parties]
            out.append(f"{p.index + 1:>4}  " + "".join(f"{c:<16}" for c in cells)
                       + _clip(p.text, TableWriter.TEXT) + "\n")
    rows = [("sentiment", article.summary.sentiment)]
    rows += [(q, article.summary.parties[q]) for q in parties]
    out.append(f"{'summary':<10}{'score':>8} {'95% interval':<17}{'neg':>5}{'neu':>5}{'pos':>5}"
               f"{'paras':>7}{'mentions':>10}  decisive\n")
    for target, r in rows:
        out.append(_summary_line(target, r) + "\n")
    return "".join(out)


def _cell(label: str, score: float | None) -> str:
    return "-" if score is None else f"{label[:3]} {score:+.2f}"


def _clip(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "\u2026"


def _summary_line(target: str, r: RollUp) -> str:
    if r.score is None:
        return f"{target:<10}{'-':>8} {'(absent)':<17}"
    interval = "" if r.interval is None else f"[{r.interval[0]:+.2f}, {r.interval[1]:+.2f}]"
    c = r.counts
    mentions = str(r.mentions) if target != "sentiment" else ""
    return (f"{target:<10}{r.score:>+8.2f} {interval:<17}{c['negative']:>5}{c['neutral']:>5}"
            f"{c['positive']:>5}{r.paragraphs:>7}{mentions:>10}  \u00b6{(r.decisive or 0) + 1}")
