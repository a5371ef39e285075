"""``stance parties``: the party registry: ids, names, aliases and exclusions."""

from __future__ import annotations

import argparse
import textwrap

from stance.cli.common import dump, out

__all__ = ["run"]


def run(args: argparse.Namespace, usage_error: type[Exception]) -> int:
    from stance.parties import Registry

    registry = Registry.from_file(args.registry) if args.registry else Registry.default()
    rows = registry.describe()
    if args.json:
        dump({"version": registry.version, "parties": rows})
        return 0
    for row in rows:
        out(f"{row['id']}  {row['name']}  ({len(row['aliases'])} aliases, {len(row['exclusions'])} exclusions)")
        out(textwrap.fill(", ".join(row["aliases"]), 96, initial_indent="  aliases: ",
                           subsequent_indent="           "))
        if row["exclusions"]:
            out(textwrap.fill(", ".join(row["exclusions"]), 96, initial_indent="  not:     ",
                               subsequent_indent="           "))
        out()
    out(f"registry version {registry.version}")
    return 0
