"""Reading and writing a dataset list as Parquet, for machine-made data.

A file such as ``events.parquet`` holds what ``events.yaml`` would: one row
per item, one column per field. A null cell is a field left out. Scalar
fields are native Parquet columns (text, numbers, dates). Fields that hold
lists or mappings (``regions``, ``sources``, ``translations``...) are JSON
text in a string column, named in the file's metadata. Why JSON and not
Parquet list/struct columns: a struct column gives every row every key of
every other row, filled with nulls, so "left out" and "null" could no longer
be told apart (and a model refuses some nulls it would let be left out);
mappings keyed by language would each become a column of their own; and the
rows would still have to be rebuilt as Python dicts for validation. JSON in a
string keeps each item exactly as written, and ``json.loads`` is fast.

What is read goes through the same pydantic models and checks as YAML; a
problem is placed by its 1-based row: ``events.parquet:row 12: ...``.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import chain, repeat
from pathlib import Path
from typing import Any, ClassVar

from kzdash.dataset.errors import Limits, Loc, Problem, read_limited, where
from kzdash.message import N_, Message

# the YAML file a Parquet file may stand in for, by name
PARQUET_FILES: dict[str, str] = {
    "events.yaml": "events.parquet",
    "quotes.yaml": "quotes.parquet",
    "claims.yaml": "claims.parquet",
    "sources.yaml": "sources.parquet",
}
# metadata key: the columns that hold JSON text
_JSON_COLUMNS = b"kzdash.json_columns"


@dataclass(frozen=True)
class ParquetFile:
    """A Parquet file that was read: a problem's place is its item's row.
    ``absent``: required fields the file has no column for, said once for
    the file rather than once a row."""

    path: str
    key: str
    absent: frozenset[str] = frozenset()
    by_row: ClassVar[bool] = True

    def line(self, loc: Loc) -> int:
        if len(loc) >= 2 and loc[0] == self.key and isinstance(loc[1], int):
            return loc[1] + 1
        return 0

    def where(self, loc: Loc) -> str:
        # the row is said once, before the message: "row 4: date: ...",
        # not "row 4: events[3].date: ..."
        if len(loc) > 2 and loc[0] == self.key and isinstance(loc[1], int):
            return where(loc[2:])
        return where(loc)

    def problem(self, loc: Loc, message: str, *, key: bool = False) -> Problem:
        return Problem(self.path, self.line(loc), message, row=True)


def write_parquet(path: Path, items: Sequence[Mapping[str, Any]]) -> None:
    """Write ``items`` (dicts as they would be in YAML) to ``path``: one row
    each, a column for each key any of them has."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    names: dict[str, None] = {}
    for item in items:
        names.update(dict.fromkeys(item))
    columns, json_columns = {}, []
    for name in names:
        values = [item.get(name) for item in items]
        if any(isinstance(v, list | dict | tuple) for v in values):
            values = [None if v is None else json.dumps(v, ensure_ascii=False, default=str)
                      for v in values]
            json_columns.append(name)
        columns[name] = pa.array(values)
    table = pa.table(columns) if columns else pa.table({})
    table = table.replace_schema_metadata({_JSON_COLUMNS: json.dumps(json_columns).encode()})
    pq.write_table(table, path)


def read_parquet(
    path: Path, shown: str, key: str, limits: Limits, required: Sequence[str] = ()
) -> tuple[ParquetFile | None, Any, list[Problem]]:
    """The file read, its data as ``{key: [item, ...]}``, and what is wrong
    with it (every row's problems, not just the first). ``required``: the
    fields every item must have."""
    raw, problems = read_limited(path, shown, limits)
    if raw is None:
        return None, None, problems
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        # ParquetFile, not read_table: that one imports pyarrow.dataset and pandas
        table = pq.ParquetFile(pa.BufferReader(raw)).read()
        listed = json.loads((table.schema.metadata or {}).get(_JSON_COLUMNS, b"[]"))
    except (pa.ArrowException, ValueError, OSError) as exc:
        return None, None, [Problem(shown, 0, Message(
            N_("not a Parquet file that can be read: {detail}"), detail=str(exc)), row=True)]
    absent = [name for name in required if name not in table.column_names]
    located = ParquetFile(shown, key, frozenset(absent))
    if table.num_rows:
        problems += [Problem(shown, 0, Message(
            N_("no column {name}: every row needs a value for it"), name=repr(name)), row=True)
            for name in absent]
    json_columns = set(listed) if isinstance(listed, list) else set()
    # columns with a value in every row make the rows in one pass; the others
    # (a null cell is a field left out, as in YAML, and so is a JSON null)
    # then add their values row by row
    full: dict[str, list[Any]] = {}
    sparse: dict[str, list[Any]] = {}
    for name in table.column_names:
        values = _values(table.column(name))
        if name in json_columns:
            values = _json_cells(values, name, located, problems)
        if None in values:
            sparse[name] = values
        else:
            full[name] = values
    # a dict a row, made in C (map, not a comprehension: a third faster)
    rows = (list(map(dict, map(zip, repeat(list(full)), zip(*full.values(), strict=True)))) if full
            else [{} for _ in range(table.num_rows)])
    for name, values in sparse.items():
        for row, value in zip(rows, values, strict=True):
            if value is not None:
                row[name] = value
    return located, {key: rows}, problems


def _values(column: Any) -> list[Any]:
    """A column's cells as Python values, ``None`` for a null. Dates are made
    once per distinct day: pyarrow makes a new ``date`` for every cell, ten
    times slower. (No ``to_numpy`` and no ``pyarrow.compute``: each would
    import a library, pandas or compute's 300 functions, together a fifth of a second
    of a cold load; ``cast`` too imports compute, where ``view`` does not.)"""
    import pyarrow as pa

    if column.type != pa.date32():
        return column.to_pylist()
    days = list(chain.from_iterable(chunk.view(pa.int32()).to_pylist()
                                    for chunk in column.chunks))
    epoch = dt.date(1970, 1, 1)
    made = {day: epoch + dt.timedelta(days=day) for day in set(days) if day is not None}
    made[None] = None
    return list(map(made.__getitem__, days))


def _json_cells(
    values: list[Any], name: str, located: ParquetFile, problems: list[Problem],
) -> list[Any]:
    """The cells of a JSON column parsed (a null stays ``None``, as does JSON
    ``null``); a cell that is not JSON is a problem, and ``None``."""
    # the decoder's C scanner, one call a cell: json.loads costs three times more.
    # A cell it does not read whole (leading or trailing spaces, say) goes to
    # json.loads, which also says what is wrong.
    scan = _DECODER.scan_once
    out: list[Any] = []
    append = out.append
    for value in values:
        if value is None:
            append(None)
            continue
        try:
            parsed, end = scan(value, 0)
            if end == len(value):
                append(parsed)
                continue
        except (StopIteration, ValueError, TypeError):
            pass
        try:
            append(json.loads(value))
        except (TypeError, ValueError) as exc:
            problems.append(located.problem((located.key, len(out), name), Message(
                N_("{where}: not JSON text: {detail}"), where=name, detail=str(exc))))
            append(None)
    return out


_DECODER = json.JSONDecoder()
