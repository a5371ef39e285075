"""``stance score``: read inputs, score them in batches, write results as they come.

One bad input (unreadable file, bad row, empty text, over-long paragraph) is reported as
``error: FILE:LINE: problem — fix`` and skipped; the run goes on and exits 1 at the end
(``--strict``: stops at the first, and writes no ``-o`` file). Reading, scoring and
writing are interleaved batch by batch, so memory does not grow with the input; with
``--jobs N`` the workers also render each article's output text.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from contextlib import nullcontext

from stance.cli.common import select_parties
from stance.exceptions import InputError, input_error
from stance.progress import Progress
from stance.readers import Document, Failure, Options, atomic_output, read_inputs
from stance.scoring import Prepared, Scorer, prepare
from stance.writers import format_for_path, make_writer

__all__ = ["run"]


class _Run:
    """Counts failures and reports them (the input generator and the loop share it)."""

    def __init__(self, strict: bool, progress: Progress, report) -> None:
        self.strict, self.progress, self.report = strict, progress, report
        self.failures = 0
        self.stopped = False

    def fail(self, message: str) -> None:
        self.failures += 1
        self.progress.clear()
        self.report(message)
        self.progress.update(errors=1)
        if self.strict:
            self.stopped = True


def _prepared(items, run: _Run):
    """Documents that can be scored, as :class:`Prepared`; failures are reported."""
    for item in items:
        if isinstance(item, Failure):
            run.fail(str(item))
        else:
            assert isinstance(item, Document)
            try:
                paragraphs = prepare(item.text, item.where)
            except InputError as exc:
                run.fail(str(exc))
            else:
                yield Prepared(item.id, paragraphs)
        if run.stopped:
            return


def run(args: argparse.Namespace, usage_error: type[Exception], report: Callable[[str], None]) -> int:
    paths = args.paths or ["-"]
    if paths.count("-") > 1:
        raise input_error("stance score", "'-' (stdin) is given more than once", "give it once", usage_error)
    if "-" in paths and sys.stdin is not None and sys.stdin.isatty() and not args.paths:
        raise input_error("stance score", "no input", "pass files or directories, or pipe text to 'stance score -'",
                          usage_error)
    fmt = args.format
    if fmt is None:
        if args.output:
            fmt = format_for_path(args.output) or "jsonl"
        else:
            fmt = "table" if sys.stdout.isatty() else "jsonl"

    scorer = Scorer(model=args.model, registry=args.registry)
    parties = select_parties(scorer, args.parties, usage_error)
    options = Options(args.input_format, args.text_field, args.id_field, args.text_column,
                      args.id_column, args.glob)
    show = not args.quiet and sys.stderr is not None and sys.stderr.isatty()
    progress = Progress(sys.stderr if show else None)
    run = _Run(args.strict, progress, report)
    stdin = sys.stdin.buffer if "-" in paths and sys.stdin is not None else None
    docs = _prepared(read_inputs(paths, options, stdin=stdin), run)
    target = atomic_output(args.output) if args.output else nullcontext(sys.stdout)
    try:
        with target as stream:
            writer = make_writer(fmt, stream, parties, args.summary)
            # Workers (--jobs) render articles to text: the main process only writes strings.
            rendered = scorer.score_rendered(docs, writer.render, parties=parties, explain=args.explain,
                                             n_jobs=args.jobs, batch_size=args.batch_size)
            for n_paragraphs, text in rendered:
                writer.write_text(text)
                progress.update(articles=1, paragraphs=n_paragraphs)
            if run.stopped:
                raise _Stopped
            writer.close()
    except _Stopped:
        pass
    except OSError as exc:
        if isinstance(exc, BrokenPipeError):
            raise
        progress.clear()
        where = args.output or "<stdout>"
        report(str(input_error(where, f"cannot write ({exc.strerror or exc})", "check the path and free space")))
        return 1
    finally:
        progress.clear()
    return 1 if run.failures else 0


class _Stopped(Exception):
    """--strict met a failure: abandon the output (an -o file is not written)."""
