"""Command line: ``python -m kzdash COMMAND``.

Each command lives in a module with a ``register(commands)`` function that
adds its subparser to ``commands`` and sets ``func`` (``args -> exit code``)
as its default; :data:`COMMANDS` lists those modules.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from kzdash.load import DATA_DIR, DatasetError, Limits, load_checked


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


COMMANDS: tuple[str, ...] = (
    "kzdash.cli",
    "kzdash.synth",
    "kzdash.schema",
    "kzdash.scaffold",
    "kzdash.acled.command",
)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kzdash",
                                     description="Work with kzdash datasets.")
    commands = parser.add_subparsers(dest="command", required=True)
    for name in COMMANDS:
        importlib.import_module(name).register(commands)
    args = parser.parse_args(argv)
    return int(args.func(args))


def limits(env: Mapping[str, str], max_file_mb: float | None = None) -> Limits:
    """The reading limits: ``max_file_mb`` if given, else ``KZDASH_MAX_FILE_MB``,
    else the default. A malformed variable is ignored rather than fatal."""
    if max_file_mb is None:
        try:
            max_file_mb = float(env.get("KZDASH_MAX_FILE_MB", ""))
        except ValueError:
            return Limits()
    if max_file_mb <= 0:
        return Limits()
    return Limits(max_file_bytes=int(max_file_mb * 1024 * 1024))


def register(commands: argparse._SubParsersAction) -> None:
    validate = commands.add_parser("validate", help="check a dataset and list every problem")
    validate.add_argument("directory", nargs="?", help="dataset folder (default: data/)")
    validate.add_argument("--max-file-mb", type=float, default=None,
                          help="largest file to read, in MB (default: 20)")
    validate.set_defaults(func=validate_command)


def validate_command(args: argparse.Namespace) -> int:
    """Print OK, the counts and any warnings, or every problem (exit code 1)."""
    directory = Path(args.directory) if args.directory else data_dir([], os.environ)
    try:
        ds, warnings = load_checked(directory, limits(os.environ, args.max_file_mb))
    except DatasetError as exc:
        for problem in exc.problems:
            print(problem)
        print(f"{len(exc.problems)} problem(s) in {directory}", file=sys.stderr)
        return 1
    for warning in warnings:
        print(f"{warning} (warning)")
    print(
        f"OK: {len(ds.events)} events, {len(ds.quotes)} quotes, {len(ds.claims)} claims, "
        f"{len(ds.regions)} regions, {len(ds.sources)} sources"
        + (f"; {len(warnings)} warning(s)" if warnings else "")
    )
    return 0
