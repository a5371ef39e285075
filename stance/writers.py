"""Output writers for ``stance score``: json, jsonl, csv and a human table.

Every writer streams: ``write`` one article at a time, then ``close`` (the JSON writer
closes its array there). Rows of the csv format are :func:`stance.results.paragraph_rows`,
or :func:`stance.results.summary_rows` with ``summary_only``.

Each writer splits its work in two: ``render`` turns an article into its text (a pure,
picklable function, so ``--jobs`` workers can render and send strings back), and
``write_text`` puts that text in the stream (separators that depend on what came before,
like the JSON array's commas, are added there).

JSON is written by :func:`article_json`, which writes exactly the text of
``json.dumps(article.to_dict(), ensure_ascii=False)`` without building the dicts first (a
test holds the two equal).
"""

from __future__ import annotations

import io
import json
import math
from functools import partial
from json.encoder import encode_basestring
from typing import TextIO

from stance.domain import ABSENT, CLASSES
from stance.results import SCHEMA_VERSION, ArticleResult, RollUp, paragraph_rows, summary_rows

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


def article_json(article: ArticleResult, summary_only: bool = False) -> str:
    """``json.dumps(article.to_dict(summary_only=...), ensure_ascii=False)``, written directly."""
    parts = [f'{{"schema": {_num(SCHEMA_VERSION)}, "id": {_str(article.id)}, "model_id": {_str(article.model_id)}, '
             f'"parties": [{", ".join(map(encode_basestring, article.parties))}], "summary": ']
    summary = article.summary
    parts.append(f'{{"sentiment": {_rollup(summary.sentiment)}, "parties": {{')
    parts.append(", ".join(f"{encode_basestring(p)}: {_rollup(r)}" for p, r in summary.parties.items()))
    parts.append("}}")
    if not summary_only:
        parts.append(', "paragraphs": [')
        parts.append(", ".join(map(_paragraph, article.paragraphs)))
        parts.append("]")
    parts.append("}")
    return "".join(parts)


def _num(x) -> str:
    """A number (or None) as json writes it: ``float.__repr__``, ``int.__repr__``."""
    if x.__class__ is float and x - x == 0.0:  # finite (the common case first)
        return float.__repr__(x)
    if x is None:
        return "null"
    if isinstance(x, float) and math.isfinite(x):
        return float.__repr__(x)
    if isinstance(x, int) and not isinstance(x, bool):
        return int.__repr__(x)
    return json.dumps(x)  # NaN, infinities, booleans: as json spells them


def _str(s) -> str:
    return "null" if s is None else encode_basestring(s)


def _proba(proba) -> str:
    if proba is None:
        return "null"
    return "{" + ", ".join(f"{encode_basestring(k)}: {_num(v)}" for k, v in proba.items()) + "}"


def _mentions(mentions) -> str:
    return "[" + ", ".join(
        f'{{"party": {encode_basestring(m.party)}, "start": {m.start!r}, "end": {m.end!r}, '
        f'"text": {encode_basestring(m.text)}}}'
        for m in mentions
    ) + "]"


def _explanation(e) -> str:
    if not e:
        return "null"
    positive = ", ".join(f'{{"ngram": {encode_basestring(g)}, "contribution": {_num(c)}}}' for g, c in e.positive)
    negative = ", ".join(f'{{"ngram": {encode_basestring(g)}, "contribution": {_num(c)}}}' for g, c in e.negative)
    return (f'{{"margin": {_num(e.margin)}, "bias": {_num(e.bias)}, "positive": [{positive}], '
            f'"negative": [{negative}], "rest": {_num(e.rest)}}}')


def _stance(t) -> str:
    if t.proba is None and t.score is None and not t.mentions and t.explanation is None and t.label == ABSENT:
        return _ABSENT_JSON  # most stances: a party the paragraph does not mention
    return (f'{{"label": {encode_basestring(t.label)}, "proba": {_proba(t.proba)}, "score": {_num(t.score)}, '
            f'"mentions": {_mentions(t.mentions)}, "explanation": {_explanation(t.explanation)}}}')


_ABSENT_JSON = f'{{"label": "{ABSENT}", "proba": null, "score": null, "mentions": [], "explanation": null}}'


def _paragraph(p) -> str:
    s = p.sentiment
    stances = ", ".join(f"{encode_basestring(party)}: {_stance(t)}" for party, t in p.stances.items())
    return (f'{{"index": {p.index!r}, "start": {p.start!r}, "end": {p.end!r}, "text": {encode_basestring(p.text)}, '
            f'"sentiment": {{"label": {encode_basestring(s.label)}, "proba": {_proba(s.proba)}, '
            f'"score": {_num(s.score)}, "explanation": {_explanation(s.explanation)}}}, '
            f'"stances": {{{stances}}}, "mentions": {_mentions(p.mentions)}}}')


def _rollup(r: RollUp) -> str:
    interval = "null" if r.interval is None else "[" + ", ".join(map(_num, r.interval)) + "]"
    return (f'{{"score": {_num(r.score)}, "stderr": {_num(r.stderr)}, "interval": {interval}, '
            f'"counts": {_proba(r.counts)}, "paragraphs": {_num(r.paragraphs)}, '
            f'"mentions": {_num(r.mentions)}, "decisive": {_num(r.decisive)}}}')


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
        return partial(_json_item, summary_only)

    def write_text(self, text: str) -> None:
        super().write_text(("[\n" if self.count == 0 else ",\n") + text)

    def close(self) -> None:
        self.stream.write("[]\n" if self.count == 0 else "\n]\n")
        super().close()


def _json_item(summary_only: bool, article: ArticleResult) -> str:
    return article_json(article, summary_only)


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
