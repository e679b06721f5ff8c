"""Reading an ACLED export's CSV: the columns the importer reads, the records, the dates,
and what each row's values become in kzdash (or everything wrong with them)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

from kzdash.units import UnitResolver

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


class CsvError(Exception):
    """A record the csv module cannot read, with the line where it starts."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line


def csv_records(text: str) -> Iterable[tuple[int, list[str]]]:
    """(line where the row starts, fields) for every non-blank CSV record."""
    reader = csv.reader(io.StringIO(text, newline=""))
    while True:
        start = reader.line_num + 1
        try:
            fields = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise CsvError(start, str(exc)) from exc
        if fields:
            yield start, fields


def check_row(
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

