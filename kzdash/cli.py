"""Command line: ``python -m kzdash validate [DIR]``."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from kzdash.load import DATA_DIR, DatasetError, load_dataset


def data_dir(
    argv: Sequence[str], env: Mapping[str, str], default: Path = DATA_DIR
) -> Path:
    """The dataset to show: ``--data DIR`` in ``argv``, else ``KZDASH_DATA``,
    else ``default`` (``data/`` beside the code, whatever the working directory)."""
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--data")
    known, _ = parser.parse_known_args(list(argv))
    if known.data:
        return Path(known.data)
    if env.get("KZDASH_DATA"):
        return Path(env["KZDASH_DATA"])
    return default


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kzdash", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    validate = commands.add_parser("validate", help="check a dataset and list every problem")
    validate.add_argument("directory", nargs="?", help="dataset folder (default: data/)")
    args = parser.parse_args(argv)

    directory = Path(args.directory) if args.directory else data_dir([], os.environ)
    try:
        ds = load_dataset(directory)
    except DatasetError as exc:
        for problem in exc.problems:
            print(problem)
        print(f"{len(exc.problems)} problem(s) in {directory}", file=sys.stderr)
        return 1
    print(
        f"OK: {len(ds.events)} events, {len(ds.quotes)} quotes, {len(ds.claims)} claims, "
        f"{len(ds.regions)} regions, {len(ds.sources)} sources"
    )
    return 0
