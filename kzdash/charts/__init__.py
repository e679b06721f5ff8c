"""The page's charts, each defined once, as the Vega-Lite specs the page
sends (``*_spec``); tests assert on them and validate them against the
Vega-Lite schema.

Building an Altair chart costs a hundred milliseconds or more whatever its
data, so each chart is built with Altair once per layout and language, its
data left as a named placeholder (a template: see :mod:`kzdash.charts.base`); every rerun
fills in the rows and sets what the view changes (the days of the axis, the
lanes and their height).

One module per tab: ``timeline`` (Chronology), ``map``, ``figures``. The
timeline and the events per day share one day axis: an ordinal band per
calendar day of the range (empty days included), so ticks are days, never
hours, and the timeline's marks sit above the per-day bars.
"""

from kzdash.charts.base import COMPACT_FROM, ROWS, as_json, spec
from kzdash.charts.figures import CLAIM, drawn_claims, figures_height, figures_spec
from kzdash.charts.map import CITY, REGION, map_spec
from kzdash.charts.timeline import (
    MAX_MARKS,
    PICK,
    grid_offsets,
    per_day_rows,
    per_day_spec,
    timeline_spec,
)

__all__ = [
    "CITY",
    "CLAIM",
    "COMPACT_FROM",
    "MAX_MARKS",
    "PICK",
    "REGION",
    "ROWS",
    "as_json",
    "drawn_claims",
    "figures_height",
    "figures_spec",
    "grid_offsets",
    "map_spec",
    "per_day_rows",
    "per_day_spec",
    "spec",
    "timeline_spec",
]
