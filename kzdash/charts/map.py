"""The Map tab's chart: events per region on its shape, a circle per city."""

from __future__ import annotations

from collections.abc import Collection

import altair as alt
import pandas as pd

from kzdash.charts.base import BUILDERS, Rows, page_spec
from kzdash.i18n import ENGLISH, Translator

REGION, CITY = "region", "city"  # the map's point selections: shapes, circles


SHAPES = "kz-shapes"


def map_spec(
    features: list[dict],
    counts: pd.DataFrame,
    points: Collection[str] = (),
    selected: Collection[str] = (),
    tr: Translator = ENGLISH,
) -> dict:
    """The Vega-Lite spec of a choropleth of events per region, with a circle
    per city (and per region in ``points``, drawn as a point because it has
    no shape) sized by its events. The chosen regions are outlined.

    Clicking a shape selects its region in the selection ``region``, and a
    circle in ``city`` (a parameter belongs to one layer), both by ``id``:
    the page turns a click into the region filter. ``features`` are GeoJSON
    features whose ``id`` is a region id.

    A spec, not a chart: Altair walks every coordinate of inline data when it
    builds and serialises a chart (about 650 ms a rerun for 100 KB of
    boundaries), so the shapes join the spec only after Altair is done.
    """
    shapes, dots = _map_rows(features, counts, points, selected)
    out = page_spec("map", dots, (), tr)
    out["layer"][0]["data"] = {"values": shapes}
    _ = tr.gettext
    out["description"] = _(
        "Map of Kazakhstan's regions shaded by their number of events, with a circle per "
        "city sized by its events; the same counts are in the table below.")
    return out


def _map_rows(
    features: list[dict],
    counts: pd.DataFrame,
    points: Collection[str],
    selected: Collection[str],
) -> tuple[list[dict], pd.DataFrame]:
    """The shapes with their counts, and the circles."""
    rows = counts.set_index("id")
    shapes = [
        {
            "type": "Feature",
            "id": f["id"],
            "geometry": f["geometry"],
            "properties": {
                "name": str(rows.at[f["id"], "name"]),
                "aliases": str(rows.at[f["id"], "aliases"]),
                "events": int(rows.at[f["id"], "events"]),
                "selected": f["id"] in selected,
            },
        }
        for f in features
        if f["id"] in rows.index
    ]
    dots = counts[(counts["kind"] == "city") | counts["id"].isin(list(points))].assign(
        selected=lambda d: d["id"].isin(list(selected))
    )
    return shapes, dots


def _map(dots: Rows, tr: Translator = ENGLISH) -> alt.LayerChart:
    _ = tr.gettext

    def pick(name: str) -> alt.Parameter:
        return alt.selection_point(name=name, fields=["id"], on="click", clear=False)

    outline = {"test": "datum.properties.selected", "value": "black"}
    choropleth = (
        alt.Chart(alt.Data(name=SHAPES))  # a placeholder: see map_spec
        .mark_geoshape(strokeWidth=0.8)
        .encode(
            color=alt.Color(
                "properties.events:Q",
                title=_("Events"),
                # from none to the most events of a region (the data's own maximum)
                scale=alt.Scale(domainMin=0, scheme="oranges"),
                legend=alt.Legend(orient="bottom-left", tickMinStep=1),
            ),
            stroke=alt.condition(outline["test"], alt.value("black"), alt.value("white")),
            strokeWidth=alt.condition(outline["test"], alt.value(2.5), alt.value(0.8)),
            tooltip=[
                alt.Tooltip("properties.name:N", title=_("Region")),
                alt.Tooltip("properties.aliases:N", title=_("Also called")),
                alt.Tooltip("properties.events:Q", title=_("Events")),
            ],
        )
        .add_params(pick(REGION))
    )
    cities = (
        alt.Chart(dots)
        .mark_circle(opacity=0.85, stroke="white", strokeWidth=1)
        .encode(
            longitude="lon:Q",
            latitude="lat:Q",
            size=alt.Size("events:Q", scale=alt.Scale(domainMin=0, range=[30, 600]),
                          legend=None),
            color=alt.condition("datum.selected", alt.value("black"), alt.value("#7f2704")),
            tooltip=[
                alt.Tooltip("name:N", title=_("Region")),
                alt.Tooltip("aliases:N", title=_("Also called")),
                alt.Tooltip("events:Q", title=_("Events")),
            ],
        )
        .add_params(pick(CITY))
    )
    return alt.layer(choropleth, cities).project("mercator").properties(height=380)


BUILDERS["map"] = _map
