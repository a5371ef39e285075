"""The ``stance`` command line: score, explain, parties, info, train, evaluate.

Results go to stdout (or ``-o FILE``); messages, errors and progress go to stderr. Every
user error is one line, ``error: WHERE: problem — fix``, never a traceback. Exit codes:
0 success, 1 some input or the model failed, 2 usage error, 130 interrupted.

One module per command (``stance.cli.score``, ``.explain``, ``.parties``, ``.info``,
``.train``, ``.evaluate``), each with ``run(args, usage_error)``; ``stance.cli.common``
holds what they share. Only argparse is imported at start-up; each command imports what it needs, so
``stance --help`` and ``stance score`` never load scikit-learn or scipy.
"""

from __future__ import annotations

import argparse
import sys
from typing import NoReturn

from stance._version import __version__

__all__ = ["main"]

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


class UsageError(Exception):
    """A bad combination of arguments: exit code 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # argparse's usage errors, in the house template
        from stance.exceptions import input_error

        raise input_error(self.prog, message, f"see '{self.prog} --help'", UsageError)


def _fmt(prog: str) -> argparse.HelpFormatter:
    return argparse.RawDescriptionHelpFormatter(prog, max_help_position=30)


def _sub(subparsers, name: str, summary: str, example: str) -> argparse.ArgumentParser:
    return subparsers.add_parser(name, help=summary, description=summary, formatter_class=_fmt,
                                 epilog="example:\n" + example)


def _nonnegative(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {value!r}") from None
    if n < 0:
        raise argparse.ArgumentTypeError(f"expected 0 or more, got {n}")
    return n


def _positive(value: str) -> int:
    n = _nonnegative(value)
    if n == 0:
        raise argparse.ArgumentTypeError("expected 1 or more, got 0")
    return n


def _jobs(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {value!r}") from None
    if n == 0 or n < -1:
        raise argparse.ArgumentTypeError(f"expected 1 or more, or -1 for all CPUs, got {n}")
    return n


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="stance", formatter_class=_fmt,
        description="Score news paragraphs (Indonesian, English) for sentiment and stance toward "
                    "China, Russia and the West.",
        epilog="example:\n  stance score article.txt\n  stance score corpus/ --summary -o scores.csv",
    )
    parser.add_argument("--version", action="version", version=f"stance {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True

    p = _sub(sub, "score", "Score articles from files, directories or stdin.",
             "  stance score article.txt\n"
             "  stance score news.jsonl --text-field body --id-field url -o scores.jsonl\n"
             "  cat article.txt | stance score - --parties china,russia --format json")
    p.add_argument("paths", nargs="*", metavar="PATH",
                   help="files (.txt, .jsonl, .csv, .tsv) or directories; '-' or nothing: stdin")
    p.add_argument("--format", choices=("table", "json", "jsonl", "csv"),
                   help="output format (default: table on a terminal, jsonl otherwise, or from -o's extension)")
    p.add_argument("-o", "--output", metavar="FILE", help="write here, atomically (default: stdout)")
    p.add_argument("--summary", action="store_true", help="article roll-ups only, no paragraphs")
    p.add_argument("--explain", type=_nonnegative, default=0, metavar="K",
                   help="add the K n-grams that pushed each score most each way")
    p.add_argument("--parties", metavar="LIST", help="comma-separated party ids (default: all)")
    p.add_argument("--input-format", choices=("txt", "jsonl", "csv", "tsv"),
                   help="read every input as this format (default: by extension; stdin: txt)")
    p.add_argument("--text-field", default="text", metavar="NAME", help="JSONL field with the text (default: text)")
    p.add_argument("--id-field", default="id", metavar="NAME", help="JSONL field with the id (default: id)")
    p.add_argument("--text-column", default="text", metavar="NAME", help="CSV/TSV column with the text (default: text)")
    p.add_argument("--id-column", default="id", metavar="NAME", help="CSV/TSV column with the id (default: id)")
    p.add_argument("--glob", metavar="PATTERNS",
                   help="files to read in directories, comma-separated (default: *.txt,*.jsonl,*.csv,*.tsv)")
    p.add_argument("--jobs", type=_jobs, default=1, metavar="N", help="worker processes (-1: all CPUs)")
    p.add_argument("--batch-size", type=_positive, default=1024, metavar="N",
                   help="articles per batch, at most (default: 1024; a batch also ends at 2048 paragraphs)")
    p.add_argument("--strict", action="store_true", help="stop at the first input that fails")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress line on stderr")
    p.add_argument("--model", metavar="DIR", help="model directory (default: the shipped model)")
    p.add_argument("--registry", metavar="FILE", help="party registry file extending the default one")

    p = _sub(sub, "explain", "Explain the scores of one paragraph, n-gram by n-gram.",
             "  stance explain \"Xi dan Putin mengecam dominasi Barat.\" -k 5")
    p.add_argument("text", metavar="TEXT", help="the paragraph ('-': read stdin)")
    p.add_argument("-k", type=_positive, default=8, help="n-grams shown each way (default: 8)")
    p.add_argument("--parties", metavar="LIST", help="comma-separated party ids (default: all)")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.add_argument("--model", metavar="DIR", help="model directory (default: the shipped model)")
    p.add_argument("--registry", metavar="FILE", help="party registry file extending the default one")

    p = _sub(sub, "parties", "List the parties of the registry and their aliases.",
             "  stance parties\n  stance parties --registry my_parties.toml --json")
    p.add_argument("--registry", metavar="FILE", help="party registry file extending the default one")
    p.add_argument("--json", action="store_true", help="print the registry as JSON")

    p = _sub(sub, "info", "Show the model card summary and versions.", "  stance info --model models/v2")
    p.add_argument("--model", metavar="DIR", help="model directory (default: the shipped model)")
    p.add_argument("--json", action="store_true", help="print as JSON")

    p = _sub(sub, "train", "Train a sentiment or stance model.",
             "  stance train --task stance --data a.jsonl b.jsonl --out models/mine")
    p.add_argument("--task", required=True, choices=("stance", "sentiment"))
    p.add_argument("--data", required=True, nargs="+", metavar="FILE", help="training files")
    p.add_argument("--out", required=True, metavar="DIR", help="where to write the model")
    p.add_argument("--config", metavar="FILE", help="training configuration file")
    p.add_argument("--json", action="store_true", help="print the training report as JSON")

    p = _sub(sub, "evaluate", "Evaluate a model (or party detection) on a labelled file.",
             "  stance evaluate --task stance --data test.jsonl\n"
             "  stance evaluate --task detect --data detect.jsonl --registry my_parties.toml --json")
    p.add_argument("--task", required=True, choices=("stance", "sentiment", "detect"))
    p.add_argument("--data", required=True, metavar="FILE.jsonl", help="labelled file")
    p.add_argument("--model", metavar="DIR", help="model directory (default: the shipped model)")
    p.add_argument("--registry", metavar="FILE", help="party registry file extending the default one")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code (the console script exits with it)."""
    from stance.exceptions import StanceError

    try:
        args = build_parser().parse_args(argv)
    except UsageError as exc:
        _error(str(exc))
        return EXIT_USAGE
    except SystemExit as exc:  # --help, --version
        return int(exc.code or 0)
    try:
        return _run(args)
    except UsageError as exc:
        _error(str(exc))
        return EXIT_USAGE
    except StanceError as exc:
        _error(str(exc))
        return EXIT_FAILED
    except KeyboardInterrupt:
        _error("interrupted")
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # `stance score ... | head`: the reader left; stop quietly
        _silence_stdout()
        return EXIT_FAILED


def _error(message: str) -> None:
    sys.stderr.write(f"error: {message}\n")
    sys.stderr.flush()


def _silence_stdout() -> None:
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def _run(args: argparse.Namespace) -> int:
    """Import the command's module (``stance.cli.<command>``) only now, and run it."""
    import importlib

    command = importlib.import_module(f"stance.cli.{args.command}")
    if args.command == "score":
        return command.run(args, UsageError, _error)
    return command.run(args, UsageError)
