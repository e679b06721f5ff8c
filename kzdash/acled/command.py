"""The ``import-acled`` command: an export's dataset, as YAML or Parquet, written to a new
folder only once it is valid, with a progress bar on a terminal."""

from __future__ import annotations

import argparse
import dataclasses
import math
import shutil
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

import yaml

from kzdash.acled.events import ARCHIVE, DEFAULT_REGIONS, Progress, convert, read_regions
from kzdash.dataset.parquetfile import write_parquet
from kzdash.load import DatasetError, Limits, Problem, load_dataset
from kzdash.models import Dataset

# libyaml's emitter when PyYAML has it: the pure-Python one spends minutes on 100,000 events
_SafeDumper: type = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def show(problem: Problem) -> str:
    """``file.csv:line: message``, the form every import problem is printed in."""
    return f"{problem.path}:{problem.line}: {problem.message}"


def _plain(item: Any) -> dict[str, Any]:
    """An item as its YAML would have it: the id first, defaults left out."""
    data = item.model_dump(mode="python", exclude_none=True, exclude_defaults=True)
    return {"id": data.pop("id"), **data}


def to_yaml(
    key: str, items: Sequence[Any], progress: Progress | None = None, chunk: int = 1000
) -> str:
    """The YAML of ``{key: items}``, made ``chunk`` items at a time so that progress shows.

    PyYAML writes a list in a mapping without indenting it ("key:\n- a"), so the chunks'
    lists joined under "key:" are the same text as the whole list dumped at once."""
    parts = [f"{key}:\n" if items else f"{key}: []\n"]
    for start in range(0, len(items), chunk):
        listed = [_plain(item) for item in items[start:start + chunk]]
        parts.append(yaml.dump(listed, Dumper=_SafeDumper, allow_unicode=True,
                               sort_keys=False, width=100))
        if progress is not None:
            progress("writing", min(start + chunk, len(items)), len(items))
    return "".join(parts)


def progress_bar(stream: TextIO, width: int = 30) -> Progress:
    """A ``progress(step, done, total)`` that redraws one line per step on ``stream``."""

    def draw(step: str, done: int, total: int) -> None:
        filled = width * done // max(total, 1)
        stream.write(f"\r{step:<8} [{'#' * filled}{'.' * (width - filled)}] "
                     f"{done:,}/{total:,}")
        if done >= total:
            stream.write("\n")
        stream.flush()

    return draw


def import_acled(
    csv_path: str | Path,
    out_dir: str | Path,
    regions_path: str | Path = DEFAULT_REGIONS,
    progress: Progress | None = None,
    file_format: str = "yaml",
) -> list[Problem]:
    """Write the dataset of an ACLED export to ``out_dir``; every problem, or [] on success.

    All or nothing: the dataset is built and validated in a temporary folder beside
    ``out_dir`` and moved into place only when valid. ``out_dir`` must not exist or be empty.
    """
    return import_acled_checked(csv_path, out_dir, regions_path, progress, file_format)[1]


def import_acled_checked(
    csv_path: str | Path,
    out_dir: str | Path,
    regions_path: str | Path = DEFAULT_REGIONS,
    progress: Progress | None = None,
    file_format: str = "yaml",
) -> tuple[Dataset | None, list[Problem]]:
    """:func:`import_acled`, and the dataset written (as validated), or None.
    ``file_format`` is how the lists are written: "yaml" or "parquet"."""
    csv_path, out, regions_path = Path(csv_path), Path(out_dir), Path(regions_path)
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        return None, [Problem(str(out), 0, "output exists and is not an empty folder: choose a "
                              "new one, the importer never overwrites a dataset")]
    regions, problems = read_regions(regions_path)
    if problems:
        return None, problems
    imported, problems = convert(csv_path, regions, regions_path, progress)
    if imported is None:
        return None, problems
    out.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    try:
        (work / "archive").mkdir()
        (work / ARCHIVE).write_text(imported.archive_text, encoding="utf-8")
        if file_format == "parquet":
            write_parquet(work / "events.parquet", [_plain(e) for e in imported.events])
            write_parquet(work / "sources.parquet", [_plain(s) for s in imported.sources])
            write_parquet(work / "quotes.parquet", [])
        else:
            (work / "events.yaml").write_text(to_yaml("events", imported.events, progress),
                                              encoding="utf-8")
            (work / "sources.yaml").write_text(to_yaml("sources", imported.sources),
                                               encoding="utf-8")
            (work / "quotes.yaml").write_text("quotes: []\n", encoding="utf-8")
        shutil.copyfile(regions_path, work / "regions.yaml")
        if progress is not None:
            progress("checking", 0, 1)
        try:
            # the importer's own output is trusted as to size: a large export makes a large
            # events.yaml, which the command's message says how to load
            biggest = max(path.stat().st_size for path in [*work.glob("*.yaml"),
                                                           *work.glob("*.parquet")])
            dataset = load_dataset(work, Limits(max_file_bytes=max(Limits.max_file_bytes,
                                                                   biggest)))
        except DatasetError as exc:
            return None, [
                dataclasses.replace(p, path=p.path.replace(str(work), str(out)))
                for p in exc.problems
            ]
        if progress is not None:
            progress("checking", 1, 1)
        if out.exists():
            out.rmdir()
        work.rename(out)
    finally:
        if work.exists():
            shutil.rmtree(work)
    return dataset, []


def register(commands: argparse._SubParsersAction) -> None:
    """Add ``import-acled`` to the command line."""
    cmd = commands.add_parser(
        "import-acled",
        help="turn an ACLED CSV export into a kzdash dataset",
        description="Turn an ACLED CSV export into a kzdash dataset. Every bad row is listed "
        "as file.csv:line: message, and then nothing is written.",
    )
    cmd.add_argument("csv", metavar="FILE.csv", help="an export in ACLED's column layout")
    cmd.add_argument("--out", required=True, metavar="DIR",
                     help="folder to write the dataset to (new or empty)")
    cmd.add_argument("--regions", metavar="REGIONS.yaml", default=str(DEFAULT_REGIONS),
                     help="regions whose names and aliases admin1 must match "
                     "(default: the package's data/regions.yaml)")
    cmd.add_argument("--format", choices=("yaml", "parquet"), default="yaml",
                     help="how to write the lists: yaml (default, for people to edit) or "
                     "parquet (for large exports)")
    cmd.set_defaults(func=import_acled_command)


def import_acled_command(args: argparse.Namespace) -> int:
    """Import, print every problem (exit code 1) or what was written (0)."""
    # a progress bar only where someone watches: never in a pipe, a log or a test
    progress = progress_bar(sys.stderr) if sys.stderr.isatty() else None
    ds, problems = import_acled_checked(args.csv, args.out, args.regions, progress, args.format)
    if ds is None:
        for problem in problems:
            print(show(problem))
        print(f"{len(problems)} problem(s) in {args.csv}; nothing written", file=sys.stderr)
        return 1
    sizes = {path.name: path.stat().st_size
             for path in [*Path(args.out).glob("*.yaml"), *Path(args.out).glob("*.parquet")]}
    name, biggest = max(sizes.items(), key=lambda item: item[1])
    limit = Limits.max_file_bytes
    def count(n: int, noun: str) -> str:
        return f"{n:,} {noun}" + ("" if n == 1 else "s")

    print(f"OK: {count(len(ds.events), 'event')}, {count(len(ds.sources), 'source')}, "
          f"{count(len(ds.regions), 'region')} written to {args.out}")
    if biggest > limit:
        mb = math.ceil(biggest / 1024 / 1024)
        print(f"{name} is {mb} MB, over the {limit / 1024 / 1024:g} MB a dataset file may have "
              f"by default: load it with --max-file-mb {mb} or KZDASH_MAX_FILE_MB={mb}",
              file=sys.stderr)
    return 0
