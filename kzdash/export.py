"""Downloads of the filtered rows, as CSV and JSON.

Every row carries the dataset's version (``dataset_version``) when the dataset
has one, so that whoever cites a download can say which version they used."""

from __future__ import annotations

import json

import pandas as pd

INTERNAL = ("search",)  # the folded text search looks in, not data


def _public(frame: pd.DataFrame, version: str | None = None) -> pd.DataFrame:
    """The frame without internal columns, dates as ISO strings (an unknown
    date stays empty), and the dataset's version first when given."""
    out = frame.drop(columns=[c for c in INTERNAL if c in frame.columns])
    if version is not None:
        out.insert(0, "dataset_version", version)
    dates = [c for c in out.columns if pd.api.types.is_datetime64_any_dtype(out[c])]
    out = out.assign(
        **{c: out[c].dt.strftime("%Y-%m-%d").astype(object).where(out[c].notna(), None)
           for c in dates}
    )
    # counts are whole numbers: 3811, not 3811.0 (a column with a fraction stays as it is)
    whole = [c for c in out.columns if pd.api.types.is_float_dtype(out[c])
             and out[c].dropna().map(float.is_integer).all()]
    return out.assign(**{c: out[c].astype("Int64") for c in whole})


# A spreadsheet reads a cell that starts with one of these as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _inert(value: object) -> object:
    """Text that a spreadsheet would run as a formula, prefixed with an
    apostrophe so it stays text (OWASP's advice on CSV injection)."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def to_csv(frame: pd.DataFrame, version: str | None = None) -> bytes:
    """UTF-8 CSV with a BOM, so spreadsheet programs read Cyrillic correctly;
    list fields are '; '-joined; text that would start a formula is made inert.
    ``version``: the dataset's version, written into every row."""
    out = _public(frame, version)
    for column in out.columns:
        if out[column].map(lambda v: isinstance(v, tuple)).any():
            out[column] = out[column].map("; ".join)
        if not pd.api.types.is_numeric_dtype(out[column]):
            out[column] = out[column].map(_inert)
    return out.to_csv(index=False).encode("utf-8-sig")


def to_json(frame: pd.DataFrame, version: str | None = None) -> bytes:
    """A JSON list of records; list fields are JSON arrays. ``version``: the
    dataset's version, written into every record."""
    records = [
        {k: list(v) if isinstance(v, tuple) else v for k, v in row.items()}
        for row in _public(frame, version).to_dict(orient="records")
    ]
    return json.dumps(records, ensure_ascii=False, indent=2).encode("utf-8")
