"""Altair chart builders. They take filtered frames and return ``alt.Chart``;
they never render, so tests assert on ``chart.to_dict()``."""

from __future__ import annotations

import datetime as dt

import altair as alt
import pandas as pd

from kzdash.frames import format_date
from kzdash.models import CATEGORIES

PICK = "pick"  # name of the timeline's point selection
DAY_AXIS = alt.Axis(format="%-d %b", tickCount={"interval": "day", "step": 1}, labelAngle=0)
PRECISION_SHAPES = {"day": "circle", "approximate": "square", "inferred": "diamond"}


def _day_scale(start: dt.date, end: dt.date) -> alt.Scale:
    # Pad half a day on each side so the first and last marks are not clipped.
    lo = pd.Timestamp(start) - pd.Timedelta(hours=12)
    hi = pd.Timestamp(end) + pd.Timedelta(hours=12)
    return alt.Scale(domain=[lo.isoformat(), hi.isoformat()])


def timeline_chart(
    events: pd.DataFrame, start: dt.date, end: dt.date, selected: str | None = None
) -> alt.Chart:
    """One mark per event on a day axis, a lane and colour per category.

    Events of one day in one lane are spread vertically. The shape says how
    the date is known (sourced day, approximate, inferred). Clicking a mark
    selects the event: the selection ``pick`` carries its ``id``.
    """
    data = pd.DataFrame(
        {
            "id": events["id"],
            "date": events["date"],
            "day": [format_date(d, p) for d, p in zip(events["date"], events["date_precision"],
                                                        strict=True)],
            "title": events["title"],
            "category": events["category"],
            "regions": events["region_names"].where(events["region_names"] != "", "(national)"),
            "source": events["source_titles"],
            "date_precision": events["date_precision"],
            "slot": events.groupby(["date", "category"]).cumcount(),
            "in_day": events.groupby(["date", "category"])["id"].transform("size"),
            "selected": events["id"] == selected,
        }
    )
    pick = alt.selection_point(name=PICK, fields=["id"], on="click", clear="dblclick")
    # Each lane is tall enough for the busiest day in it, and no taller.
    lanes = max(1, data["category"].nunique())
    stacked = int(data["in_day"].max()) if len(data) else 1
    # Centre each day's marks on its lane: offsets run from -(n-1)/2 to (n-1)/2.
    data["offset"] = data["slot"] - (data["in_day"] - 1) / 2
    data = data.drop(columns="in_day")
    height = lanes * min(max(30, stacked * 14), 120)
    return (
        alt.Chart(data, height=height)
        .mark_point(filled=True, size=110, opacity=0.9)
        .encode(
            x=alt.X("date:T", title=None, axis=DAY_AXIS, scale=_day_scale(start, end)),
            y=alt.Y("category:N", title=None, sort=list(CATEGORIES)),
            yOffset=alt.YOffset(
                "offset:Q", scale=alt.Scale(domain=[-stacked / 2, stacked / 2]), title=None
            ),
            color=alt.Color("category:N", scale=alt.Scale(domain=list(CATEGORIES)), legend=None),
            shape=alt.Shape(
                "date_precision:N",
                scale=alt.Scale(
                    domain=list(PRECISION_SHAPES), range=list(PRECISION_SHAPES.values())
                ),
                legend=alt.Legend(title="Date", orient="bottom"),
            ),
            strokeWidth=alt.condition("datum.selected", alt.value(3), alt.value(0)),
            stroke=alt.value("black"),
            tooltip=[
                alt.Tooltip("day:N", title="Date"),
                alt.Tooltip("title:N", title="Event"),
                alt.Tooltip("regions:N", title="Regions"),
                alt.Tooltip("source:N", title="Source"),
            ],
        )
        .add_params(pick)
    )


def per_day_chart(events: pd.DataFrame, start: dt.date, end: dt.date) -> alt.Chart:
    """Events per day, counted in pandas so the chart ships one row a day."""
    days = pd.date_range(pd.Timestamp(start), pd.Timestamp(end), freq="D")
    counts = events.groupby("date").size().reindex(days, fill_value=0)
    data = pd.DataFrame({"date": days, "events": counts.to_numpy()})
    return (
        alt.Chart(data, height=120)
        .mark_bar(width=alt.RelativeBandSize(0.6))
        .encode(
            x=alt.X("yearmonthdate(date):T", title=None, axis=DAY_AXIS,
                    scale=_day_scale(start, end)),
            y=alt.Y("events:Q", title="Events", axis=alt.Axis(tickMinStep=1)),
            tooltip=[
                alt.Tooltip("date:T", title="Date", format="%-d %B %Y"),
                alt.Tooltip("events:Q", title="Events"),
            ],
        )
    )
