"""Output writers for ``stance score``: json, jsonl, csv and a human table.

Every writer streams: ``write`` one article at a time, then ``close`` (the JSON writer
closes its array there). Rows of the csv format are :func:`stance.results.paragraph_rows`,
or :func:`stance.results.summary_rows` with ``summary_only``.
"""

from __future__ import annotations

import csv
import json
from typing import TextIO

from stance.results import ArticleResult, RollUp, paragraph_rows, summary_rows

__all__ = ["OUTPUT_FORMATS", "make_writer", "format_for_path"]

OUTPUT_FORMATS = ("table", "json", "jsonl", "csv")


def format_for_path(path: str) -> str | None:
    """The output format an ``-o`` file name implies (None: not implied)."""
    suffix = path.rsplit(".", 1)[-1].lower() if "." in path else ""
    return {"json": "json", "jsonl": "jsonl", "ndjson": "jsonl", "csv": "csv", "txt": "table"}.get(suffix)


def make_writer(fmt: str, stream: TextIO, parties: tuple[str, ...], summary_only: bool = False):
    writer = {"json": JsonWriter, "jsonl": JsonlWriter, "csv": CsvWriter, "table": TableWriter}[fmt]
    return writer(stream, parties, summary_only)


class _Writer:
    def __init__(self, stream: TextIO, parties: tuple[str, ...], summary_only: bool) -> None:
        self.stream, self.parties, self.summary_only = stream, parties, summary_only
        self.count = 0

    def write(self, article: ArticleResult) -> None:
        self._write(article)
        self.count += 1

    def close(self) -> None:
        self.stream.flush()


def _json(article: ArticleResult, summary_only: bool) -> str:
    return json.dumps(article.to_dict(summary_only=summary_only), ensure_ascii=False)


class JsonlWriter(_Writer):
    def _write(self, article: ArticleResult) -> None:
        self.stream.write(_json(article, self.summary_only) + "\n")


class JsonWriter(_Writer):
    """One JSON array of articles, written as it goes (never held in memory)."""

    def _write(self, article: ArticleResult) -> None:
        self.stream.write(("[\n" if self.count == 0 else ",\n") + _json(article, self.summary_only))

    def close(self) -> None:
        self.stream.write("[]\n" if self.count == 0 else "\n]\n")
        super().close()


class CsvWriter(_Writer):
    def __init__(self, stream: TextIO, parties: tuple[str, ...], summary_only: bool) -> None:
        super().__init__(stream, parties, summary_only)
        self.writer = csv.writer(stream, lineterminator="\n")
        if summary_only:
            header = ["id", "target", "score", "stderr", "low", "high", "negative", "neutral",
                      "positive", "paragraphs", "mentions", "decisive"]
        else:
            header = ["id", "paragraph", "start", "end", "sentiment", "sentiment_score"]
            for p in parties:
                header += [p, f"{p}_score", f"{p}_mentions"]
            header.append("text")
        self.header = header
        self.writer.writerow(header)

    def _write(self, article: ArticleResult) -> None:
        rows = summary_rows(article) if self.summary_only else paragraph_rows(article)
        for row in rows:
            self.writer.writerow(["" if row[k] is None else row[k] for k in self.header])


class TableWriter(_Writer):
    """A table for people: one line a paragraph, then the article roll-up."""

    TEXT = 56

    def _write(self, article: ArticleResult) -> None:
        out = self.stream
        n = len(article.paragraphs)
        out.write(f"{'' if self.count == 0 else chr(10)}{article.id or 'article'}  "
                  f"({n} paragraph{'s' * (n != 1)}, model {article.model_id})\n")
        if not self.summary_only:
            head = f"{'#':>4}  {'sentiment':<16}" + "".join(f"{p:<16}" for p in self.parties) + "text"
            out.write(head + "\n")
            for p in article.paragraphs:
                cells = [_cell(p.sentiment.label, p.sentiment.score)]
                cells += [_cell(p.stances[q].label, p.stances[q].score) for q in self.parties]
                out.write(f"{p.index + 1:>4}  " + "".join(f"{c:<16}" for c in cells) + _clip(p.text, self.TEXT) + "\n")
        rows = [("sentiment", article.summary.sentiment)]
        rows += [(q, article.summary.parties[q]) for q in self.parties]
        out.write(f"{'summary':<10}{'score':>8} {'95% interval':<17}{'neg':>5}{'neu':>5}{'pos':>5}"
                  f"{'paras':>7}{'mentions':>10}  decisive\n")
        for target, r in rows:
            out.write(_summary_line(target, r) + "\n")


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
            f"{c['positive']:>5}{r.paragraphs:>7}{mentions:>10}  \u00b6{r.decisive + 1}")
