"""Import an ACLED export (CSV, ACLED's published column layout) as a kzdash dataset.

``python -m kzdash import-acled FILE.csv --out DIR [--regions REGIONS.yaml]``

Every row becomes one event. Nothing is guessed: a row whose unit the evidence does not
decide, or whose evidence contradicts itself (:mod:`kzdash.units`), an ``event_type`` not in
:data:`CATEGORY_BY_EVENT_TYPE`, a date or ``time_precision`` that cannot be read, empty
notes and duplicate ids are all reported, one line each as ``file.csv:line: message``, and
then nothing is written. The import is all or nothing: DIR is written only when every row
is good and the result passes :func:`~kzdash.load.load_dataset`.

Decisions worth knowing:

- ``time_precision`` 1 is ``day``; 2 and 3 are ``approximate``, with a ``date_note`` that
  says what ACLED's code means (:data:`DATE_NOTES`).
- ``fatalities`` becomes a figure (label "fatalities", unit "people", claimed by ACLED)
  only when it is above 0. ACLED records 0 when no fatalities were reported, which is not
  a claim that nobody died, so no figure is made of it. An empty cell makes no figure either.
- The row's ``notes`` are the summary, followed by a line that says which evidence decided
  the unit ("Unit on import: ..."), and, verbatim, the excerpt citing the export's own
  source entry (kind ``ngo``: ACLED is a non-profit). They are written to
  ``archive/acled-notes.txt``, that entry's archive, so the validator checks each excerpt
  against it. The outlets named in ``source`` were not read, and their kind is not known,
  so they are not sources of their own: a second citation of the export, a note, names
  them ("ACLED names as its sources: ...").
- Categories come from :data:`CATEGORY_BY_EVENT_TYPE`, with the exceptions in
  :data:`CATEGORY_BY_SUB_EVENT_TYPE`.
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import datetime as dt
import io
import math
import re
import shutil
import sys
import tempfile
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

import yaml
from pydantic import ValidationError

from kzdash.dataset.parquetfile import write_parquet
from kzdash.load import DatasetError, Limits, Problem, load_dataset
from kzdash.models import Citation, Dataset, Event, Figure, Region, RegionsFile, Source
from kzdash.units import UnitResolver

DEFAULT_REGIONS = Path(__file__).resolve().parent.parent / "data" / "regions.yaml"
ARCHIVE = "archive/acled-notes.txt"
EXPORT_SOURCE_ID = "acled-export"
# libyaml's emitter when PyYAML has it: the pure-Python one spends minutes on 100,000 events
_SafeDumper: type = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

# progress(step, done, total): "rows" converted, events "writing", the dataset "checking"
Progress = Callable[[str, int, int], None]

# The columns of ACLED's codebook that the importer reads. Other columns (iso, region,
# country, year, assoc_actor_1, inter1, civilian_targeting, source_scale, ...) are ignored.
ACLED_COLUMNS: tuple[str, ...] = (
    "event_id_cnty",
    "event_date",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "admin1",
    "admin2",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
)

# ACLED event_type -> kzdash category. Political violence that is not a state operation
# (battles, explosions, attacks on civilians) is "unrest": the neutral word, which does not
# take any side's account of who fought whom. Exceptions by sub_event_type are below.
CATEGORY_BY_EVENT_TYPE: dict[str, str] = {
    "Protests": "protest",
    "Riots": "unrest",
    "Battles": "unrest",
    "Explosions/Remote violence": "unrest",
    "Violence against civilians": "unrest",
    "Strategic developments": "government",
}

# sub_event_type -> category, where it says more than the event_type does.
CATEGORY_BY_SUB_EVENT_TYPE: dict[str, str] = {
    "Government regains territory": "security-operation",  # Battles
    "Arrests": "security-operation",  # Strategic developments
    "Disrupted weapons use": "security-operation",  # Strategic developments
    "Looting/property destruction": "unrest",  # Strategic developments
}

# ACLED time_precision -> (date_precision, date_note).
DATE_NOTES: dict[str, tuple[str, str | None]] = {
    "1": ("day", None),
    "2": (
        "approximate",
        "ACLED time_precision 2: the source gives only a range of days or a week (for example "
        "'over the weekend' or 'last week'), not the day; the date is one ACLED chose within "
        "that range.",
    ),
    "3": (
        "approximate",
        "ACLED time_precision 3: the source gives only the month, not the day; the date is one "
        "ACLED chose within that month.",
    ),
}

_MONTHS = {
    name.lower(): number
    for number, name in enumerate(
        ["January", "February", "March", "April", "May", "June", "July", "August",
         "September", "October", "November", "December"],
        start=1,
    )
}
_ACLED_DATE = re.compile(r"^(\d{1,2}) ([A-Za-z]+) (\d{4})$")


@dataclass(frozen=True)
class Imported:
    """What an export becomes: events, sources and the text of the notes archive."""

    events: tuple[Event, ...]
    sources: tuple[Source, ...]
    archive_text: str


def show(problem: Problem) -> str:
    """``file.csv:line: message``, the form every import problem is printed in."""
    return f"{problem.path}:{problem.line}: {problem.message}"


def _order(problem: Problem) -> tuple[str, int, str]:
    return problem.path, problem.line, problem.message


def slugify(text: str) -> str:
    """A kzdash slug of ``text`` (ASCII letters and digits joined by '-'); may be empty."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:80].strip("-")


def parse_date(text: str) -> dt.date:
    """ACLED's ``05 January 2022`` or ISO ``2022-01-05``; ValueError otherwise."""
    expected = "expected a date like 2022-01-05 or 05 January 2022"
    text = text.strip()
    try:
        match = _ACLED_DATE.match(text)
        if match:
            day, month, year = match.groups()
            if month.lower() not in _MONTHS:
                raise ValueError(f"unknown month {month!r}")
            return dt.date(int(year), _MONTHS[month.lower()], int(day))
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise ValueError(f"{exc}; {expected}") from exc
    raise ValueError(expected)


def read_regions(path: Path) -> tuple[list[Region], list[Problem]]:
    """The regions of a kzdash ``regions.yaml``, or why they cannot be read."""
    shown = str(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        return [], [Problem(shown, 0, f"cannot read regions file: {exc.strerror or exc}")]
    except (UnicodeDecodeError, yaml.YAMLError) as exc:
        return [], [Problem(shown, 1, f"cannot read regions file: {exc}")]
    try:
        return list(RegionsFile.model_validate(data).regions), []
    except ValidationError as exc:
        return [], [
            Problem(shown, 1, f"invalid regions file: {err['loc']}: {err['msg']}; check it "
                    "with python -m kzdash validate")
            for err in exc.errors(include_url=False)
        ]




class _CsvError(Exception):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line


def _rows(text: str) -> Iterable[tuple[int, list[str]]]:
    """(line where the row starts, fields) for every non-blank CSV record."""
    reader = csv.reader(io.StringIO(text, newline=""))
    while True:
        start = reader.line_num + 1
        try:
            fields = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise _CsvError(start, str(exc)) from exc
        if fields:
            yield start, fields


def _row_problems(
    row: Mapping[str, str], units: UnitResolver
) -> tuple[dict[str, Any], list[str]]:
    """The row's converted values and everything wrong with it."""
    out: dict[str, Any] = {}
    wrong: list[str] = []
    raw_id = row["event_id_cnty"].strip()
    out["id"] = "acled-" + slugify(raw_id) if slugify(raw_id) else None
    if out["id"] is None:
        wrong.append(f"event_id_cnty {raw_id!r}: expected an ACLED id such as KAZ1234")
    try:
        out["date"] = parse_date(row["event_date"])
    except ValueError as exc:
        wrong.append(f"event_date {row['event_date']!r}: {exc}")
    precision = row["time_precision"].strip()
    if precision not in DATE_NOTES:
        wrong.append(f"time_precision {precision!r}: expected 1, 2 or 3 (ACLED's codebook)")
    else:
        out["date_precision"], out["date_note"] = DATE_NOTES[precision]
    event_type, sub_type = row["event_type"].strip(), row["sub_event_type"].strip()
    category = CATEGORY_BY_SUB_EVENT_TYPE.get(sub_type) or CATEGORY_BY_EVENT_TYPE.get(event_type)
    if category is None:
        wrong.append(
            f"event_type {event_type!r} is not one of ACLED's "
            f"({', '.join(CATEGORY_BY_EVENT_TYPE)}); kzdash.acled maps only those"
        )
    out["category"] = category
    resolved = units.resolve(row)
    out["region"], out["region_evidence"] = resolved.region, resolved.evidence
    if resolved.problem:
        wrong.append(resolved.problem)
    if not row["notes"].strip():
        wrong.append("notes is empty: the notes are the event's summary and its excerpt")
    fatalities = row["fatalities"].strip()
    out["fatalities"] = 0
    if fatalities:
        if re.fullmatch(r"\d+", fatalities):
            out["fatalities"] = int(fatalities)
        else:
            wrong.append(f"fatalities {fatalities!r}: expected a whole number, 0 or more")
    return out, wrong


def convert(
    csv_path: Path,
    regions: Sequence[Region],
    regions_path: Path = DEFAULT_REGIONS,
    progress: Progress | None = None,
) -> tuple[Imported | None, list[Problem]]:
    """Read an ACLED export into events and sources; every problem found, or none.

    ``progress("rows", done, total)`` is called as rows are converted, if given."""
    shown = str(csv_path)
    try:
        raw = csv_path.read_bytes()
    except OSError as exc:
        return None, [Problem(shown, 0, f"cannot read file: {exc.strerror or exc}")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [Problem(shown, line, "not UTF-8 text: save the export as UTF-8 CSV")]
    rows = _rows(text)
    try:
        first = next(rows, None)
        if first is None:
            return None, [Problem(shown, 1, "empty file: expected a header row with ACLED's "
                                  f"columns ({', '.join(ACLED_COLUMNS)})")]
        header_line, header = first
        header = [name.strip() for name in header]
        missing = [name for name in ACLED_COLUMNS if name not in header]
        if missing:
            return None, [Problem(shown, header_line, f"header lacks ACLED's column(s) "
                                  f"{', '.join(missing)}: is this an ACLED export with its "
                                  "header row?")]
        records = list(rows)
    except _CsvError as exc:
        return None, [Problem(shown, exc.line, f"not readable as CSV: {exc}")]

    units = UnitResolver(regions, regions_path)
    problems: list[Problem] = []
    events: list[Event] = []
    seen: dict[str, int] = {}
    archive = [
        f"# The notes of every row of the ACLED export {csv_path.name}, as written by\n"
        "# python -m kzdash import-acled. Excerpts citing ACLED are checked against this\n"
        "# file.\n"
    ]
    if not records:
        problems.append(Problem(shown, header_line, "no rows after the header: nothing to import"))
    for done, (line, fields) in enumerate(records, start=1):
        if progress is not None and (done % 1000 == 0 or done == len(records)):
            progress("rows", done, len(records))
        if len(fields) != len(header):
            problems.append(Problem(shown, line, f"row has {len(fields)} fields but the header "
                                    f"has {len(header)}: check the quoting"))
            continue
        row = dict(zip(header, fields, strict=True))
        values, wrong = _row_problems(row, units)
        if values["id"] is not None:
            if values["id"] in seen:
                wrong.append(f"duplicate event id {values['id']!r} (first at line "
                             f"{seen[values['id']]})")
            seen.setdefault(values["id"], line)
        problems += [Problem(shown, line, message) for message in wrong]
        if wrong:
            continue
        notes = row["notes"]
        names = [n for n in (" ".join(p.split()) for p in row["source"].split(";")) if n]
        cites = [Citation(source=EXPORT_SOURCE_ID, excerpt=notes)]
        if names:
            cites.append(Citation(source=EXPORT_SOURCE_ID, note="ACLED names as its sources: "
                                  + "; ".join(dict.fromkeys(names))))
        sub_type = row["sub_event_type"].strip() or row["event_type"].strip()
        where = row["location"].strip() or row["admin1"].strip()
        try:
            events.append(
                Event(
                    id=values["id"],
                    date=values["date"],
                    date_precision=values["date_precision"],
                    date_note=values["date_note"],
                    title=f"{sub_type} in {where}",
                    summary=f"{notes.rstrip()}\n\nUnit on import: {values['region_evidence']}",
                    category=values["category"],
                    scope="local",
                    regions=[values["region"]],
                    places=[row["location"].strip()] if row["location"].strip() else [],
                    actors=[a.strip() for a in (row["actor1"], row["actor2"]) if a.strip()],
                    figures=[
                        Figure(label="fatalities", value=values["fatalities"], unit="people",
                               claimed_by="ACLED")
                    ] if values["fatalities"] > 0 else [],
                    sources=cites,
                )
            )
        except ValidationError as exc:
            problems += [
                Problem(shown, line, f"{'.'.join(map(str, err['loc']))}: {err['msg']}")
                for err in exc.errors(include_url=False)
            ]
            continue
        archive.append(f"\n{values['id']} ({csv_path.name} line {line}):\n{notes.strip()}\n")
    if problems:
        return None, sorted(problems, key=_order)
    export = Source(
        id=EXPORT_SOURCE_ID,
        title=f"ACLED export {csv_path.name}",
        publisher="ACLED",
        kind="ngo",
        published_note="The export file gives no publication date; ACLED's timestamp column "
        "records when each row was last changed.",
        language="en",
        archive=ARCHIVE,
        notes="Armed Conflict Location & Event Data (ACLED). Imported with python -m kzdash "
        "import-acled; each event's summary and excerpts are the row's notes, verbatim.",
    )
    return Imported(tuple(events), (export,), "".join(archive)), []


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
    format: str = "yaml",
) -> list[Problem]:
    """Write the dataset of an ACLED export to ``out_dir``; every problem, or [] on success.

    All or nothing: the dataset is built and validated in a temporary folder beside
    ``out_dir`` and moved into place only when valid. ``out_dir`` must not exist or be empty.
    """
    return import_acled_checked(csv_path, out_dir, regions_path, progress, format)[1]


def import_acled_checked(
    csv_path: str | Path,
    out_dir: str | Path,
    regions_path: str | Path = DEFAULT_REGIONS,
    progress: Progress | None = None,
    format: str = "yaml",
) -> tuple[Dataset | None, list[Problem]]:
    """:func:`import_acled`, and the dataset written (as validated), or None.
    ``format`` is how the lists are written: "yaml" or "parquet"."""
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
        if format == "parquet":
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
