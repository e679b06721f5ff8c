"""What every chart shares: a spec in the page's language, built with Altair
once per layout and language as a template whose data is a named
placeholder (:func:`page_spec`), rows sent compactly, and one day axis."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from functools import lru_cache

import altair as alt
import pandas as pd

from kzdash.i18n import ENGLISH, Translator, translator
from kzdash.labels import category_label
from kzdash.models import CATEGORIES

LABEL_LIMIT = 180  # lane names: "Международные события" fits whole
ROWS = "rows"  # the name of a page spec's data
Rows = pd.DataFrame | alt.Data  # a chart's data, or the placeholder of a template


def calendar_days(start: dt.date, end: dt.date) -> list[str]:
    """Every day from ``start`` to ``end`` as ``YYYY-MM-DD``."""
    return list(_calendar(pd.Timestamp(start).date(), pd.Timestamp(end).date()))


@lru_cache(maxsize=64)
def _calendar(start: dt.date, end: dt.date) -> tuple[str, ...]:
    return tuple((start + dt.timedelta(days=i)).isoformat()
                 for i in range((end - start).days + 1))


def lane_labels(tr: Translator) -> list[str]:
    """Every category's label in the translator's language, in lane order."""
    return [category_label(c, tr) for c in CATEGORIES]


def legend_expr(labels: dict[str, str]) -> str:
    """A Vega expression that shows ``labels[datum.label]`` on a legend."""
    expr = "datum.label"
    for value, label in labels.items():
        expr = f"datum.label === {js_string(value)} ? {js_string(label)} : ({expr})"
    return expr


def js_string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def spec(chart: alt.Chart | alt.LayerChart, tr: Translator = ENGLISH) -> dict:
    """The Vega-Lite spec the page sends, with month and day names in the
    translator's language. Not validated against the Vega-Lite schema: that
    takes half of a chart's build time on every rerun, and the tests validate
    every builder's output instead (``chart.to_dict()``)."""
    return chart.configure(locale={"time": tr.d3_locale()}).to_dict(validate=False)


def _records(frame: pd.DataFrame) -> list[dict]:
    """Rows as JSON-ready records; a missing value becomes null."""
    return json.loads(frame.to_json(orient="records", force_ascii=False))


@lru_cache(maxsize=128)
def _template(kind: str, layout: tuple, lang: str) -> str:
    """The spec of one chart's layout in one language, its data a placeholder."""
    tr = translator(lang)
    return json.dumps(spec(BUILDERS[kind](alt.Data(name=ROWS), *layout, tr=tr), tr),
                      ensure_ascii=False)


def page_spec(kind: str, rows: pd.DataFrame, layout: tuple, tr: Translator) -> dict:
    """The page spec of a chart: its cached template, with ``rows`` as its data."""
    out = json.loads(_template(kind, layout, tr.lang))
    out["datasets"] = {**out.get("datasets", {}), ROWS: _compact(rows)}
    return out


COMPACT_FROM = 200


def _compact(rows: pd.DataFrame) -> pd.DataFrame:
    """``rows`` as the page sends them: Streamlit turns a data frame into
    Arrow, where a categorical column holds each distinct text once. Repeated
    texts (sources, claimants, dates, lanes) then cost a small integer a row:
    a thousand claims' tooltips shrink from 273 KB to 53 KB. Below
    ``COMPACT_FROM`` rows the saving is not worth its 5 ms a chart."""
    out = rows.reset_index(drop=True)
    if len(out) < COMPACT_FROM:
        return out
    for name in out.columns:
        column = out[name]
        if pd.api.types.is_string_dtype(column) and column.nunique() * 2 <= len(column):
            out[name] = column.astype("category")
    return out


def as_json(page: dict) -> dict:
    """A page spec with its rows as JSON records, as Vega-Lite reads them."""
    datasets = {name: _records(rows) if isinstance(rows, pd.DataFrame) else rows
                for name, rows in page.get("datasets", {}).items()}
    return {**page, "datasets": datasets} if datasets else page


DAY_LABEL = "utcFormat(toDate(datum.value), '%-d %b')"


def day_x(start: dt.date, end: dt.date) -> alt.X:
    return alt.X(
        "day:O",
        title=None,
        scale=alt.Scale(domain=calendar_days(start, end)),
        axis=alt.Axis(labelAngle=0, labelExpr=DAY_LABEL),
    )


# A colour per category, in lane order, each at least 3:1 against white
# (WCAG's minimum for graphics); the lanes tell categories apart by place too.
CATEGORY_COLOURS = ("#c2410c", "#b91c1c", "#1e3a8a", "#2563eb", "#6d28d9", "#4b5563",
                    "#047857")


def category_scale(tr: Translator) -> alt.Scale:
    return alt.Scale(domain=lane_labels(tr), range=list(CATEGORY_COLOURS))


def contrast(one: str, other: str) -> float:
    """WCAG's contrast ratio of two colours given as ``#rrggbb``."""
    def luminance(colour: str) -> float:
        channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
                   for c in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)




# Each chart's Altair builder, by kind; the chart modules register theirs.
BUILDERS: dict[str, Callable[..., alt.Chart | alt.LayerChart]] = {}
