"""Downloads of the filtered rows, as CSV and JSON."""

from __future__ import annotations

import json

import pandas as pd

INTERNAL = ("quote_text", "event_text", "search_text")  # search helpers, not data


def _plain(frame: pd.DataFrame) -> pd.DataFrame:
    """Dates as ISO strings, tuples as '; '-joined text, internal columns dropped."""
    out = frame.drop(columns=[c for c in INTERNAL if c in frame.columns])
    out = out.copy()
    for column in out.columns:
        if column == "date" or column == "published":
            out[column] = out[column].dt.strftime("%Y-%m-%d")
        elif out[column].map(lambda v: isinstance(v, tuple)).any():
            out[column] = out[column].map("; ".join)
    return out


def to_csv(frame: pd.DataFrame) -> bytes:
    """UTF-8 CSV with a BOM, so spreadsheet programs read Cyrillic correctly."""
    return _plain(frame).to_csv(index=False).encode("utf-8-sig")


def to_json(frame: pd.DataFrame) -> bytes:
    """A JSON list of records; list fields are JSON arrays."""
    out = frame.drop(columns=[c for c in INTERNAL if c in frame.columns])
    records = []
    for row in out.to_dict(orient="records"):
        records.append(
            {
                k: (v.strftime("%Y-%m-%d") if isinstance(v, pd.Timestamp)
                    else list(v) if isinstance(v, tuple) else v)
                for k, v in row.items()
            }
        )
    return json.dumps(records, ensure_ascii=False, indent=2).encode("utf-8")
