"""Turning the rows of an ACLED export into kzdash events, and the export into their source:
all of them, or every problem found and none."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import ValidationError

from kzdash.acled.csvrows import ACLED_COLUMNS, CsvError, check_row, csv_records
from kzdash.load import Problem
from kzdash.models import Citation, Event, Figure, Region, RegionsFile, Source
from kzdash.units import UnitResolver

DEFAULT_REGIONS = Path(__file__).resolve().parent.parent.parent / "data" / "regions.yaml"
ARCHIVE = "archive/acled-notes.txt"
EXPORT_SOURCE_ID = "acled-export"

# progress(step, done, total): "rows" converted, events "writing", the dataset "checking"
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class Imported:
    """What an export becomes: events, sources and the text of the notes archive."""

    events: tuple[Event, ...]
    sources: tuple[Source, ...]
    archive_text: str


def _order(problem: Problem) -> tuple[str, int, str]:
    return problem.path, problem.line, problem.message


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
    rows = csv_records(text)
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
    except CsvError as exc:
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
        values, wrong = check_row(row, units)
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

