"""``stance train``: fit a model on the user's labels; print its article-grouped CV report."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from stance.cli.common import dump, out, print_report

__all__ = ["run"]


def run(args: argparse.Namespace, usage_error: type[Exception]) -> int:
    from stance.train import train

    config = _read_config(args.config) if args.config else None
    report = train(args.task, list(args.data), out=args.out, config=config)
    if args.json:
        dump(report)
    else:
        out(f"wrote {args.out} (task {args.task}); cross-validated by article:")
        print_report(report)
    return 0


def _read_config(path: str) -> dict:
    from stance.exceptions import DataFormatError, input_error

    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise input_error(path, f"cannot read the config ({exc.strerror or exc})", "check the path",
                          DataFormatError) from None
    try:
        if p.suffix.lower() == ".toml":
            from stance.parties.registry_file import parse_toml

            config = parse_toml(raw.decode("utf-8"))
        else:
            config = json.loads(raw.decode("utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise input_error(path, f"not a valid config ({exc})", "write JSON, or TOML in a .toml file",
                          DataFormatError) from None
    if not isinstance(config, dict):
        raise input_error(path, f"the config must be an object (a table), got {type(config).__name__}",
                          "write the settings as keys of one JSON object or TOML table", DataFormatError)
    return config
