"""Downloads of the filtered rows, as CSV and JSON."""

from __future__ import annotations

import json

import pandas as pd

INTERNAL = ("quote_text", "event_text", "search_text")  # search helpers, not data


def _public(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame without internal columns, dates as ISO strings (an unknown
    date stays empty)."""
    out = frame.drop(columns=[c for c in INTERNAL if c in frame.columns])
    dates = [c for c in out.columns if pd.api.types.is_datetime64_any_dtype(out[c])]
    return out.assign(
        **{c: out[c].dt.strftime("%Y-%m-%d").astype(object).where(out[c].notna(), None)
           for c in dates}
    )


def to_csv(frame: pd.DataFrame) -> bytes:
    """UTF-8 CSV with a BOM, so spreadsheet programs read Cyrillic correctly;
    list fields are '; '-joined."""
    out = _public(frame)
    for column in out.columns:
        if out[column].map(lambda v: isinstance(v, tuple)).any():
            out[column] = out[column].map("; ".join)
    return out.to_csv(index=False).encode("utf-8-sig")


def to_json(frame: pd.DataFrame) -> bytes:
    """A JSON list of records; list fields are JSON arrays."""
    records = [
        {k: list(v) if isinstance(v, tuple) else v for k, v in row.items()}
        for row in _public(frame).to_dict(orient="records")
    ]
    return json.dumps(records, ensure_ascii=False, indent=2).encode("utf-8")
