"""The Chronology tab's charts: the timeline (a mark per event, a lane per
category; counts per day and lane beyond MAX_MARKS) and the events per day
below it, on one day axis."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import altair as alt
import numpy as np
import pandas as pd

from kzdash.charts.base import (
    BUILDERS,
    DAY_LABEL,
    LABEL_LIMIT,
    Rows,
    calendar_days,
    category_scale,
    day_x,
    lane_labels,
    page_spec,
)
from kzdash.i18n import ENGLISH, Translator, translator
from kzdash.labels import category_label

PICK = "pick"  # name of the timeline's point selection


PRECISION_SHAPES = {"day": "circle", "approximate": "square", "inferred": "diamond"}


# A compact overview: a lane holds up to ROWS marks one above the other, and
# more of one day side by side (ROWS is about a third of the lane of old,
# which grew to 120 px a category). The dates run along the top and the bottom.
LANE_MIN, MARK_GAP, AXIS = 24, 8, 30  # pixels
ROWS = 4
MARK_SIZE = 42  # square pixels: a mark about 7 px across
AXES = 2 * AXIS  # the dates above and below


# Beyond this many events the timeline draws counts per day and lane. A mark
# costs about 100 bytes of Arrow (its id, title and tooltip); at 1,000 marks
# the page's four charts stay under 300 KB a rerun with the map's boundaries
# and a thousand claims (``make bench`` measures that worst case).
MAX_MARKS = 1_000


def timeline_spec(
    events: pd.DataFrame,
    start: dt.date,
    end: dt.date,
    selected: str | None = None,
    max_marks: int = MAX_MARKS,
    tr: Translator = ENGLISH,
) -> dict:
    """One mark per event on a day axis, a lane and colour per category.

    Events of one day in one lane are spread vertically around the lane's
    centre. The shape says how the date is known (sourced day, approximate,
    inferred); the selected event is outlined. Clicking a mark selects the
    event: the selection ``pick`` carries its ``id``.

    With more than ``max_marks`` events, one circle per day and lane, sized
    by its count, stands for them (see :func:`_aggregated`).
    """
    # one template per language: what changes with the filters (the days,
    # the lanes, their height, the title) is set in the spec afterwards
    days = calendar_days(start, end)
    if len(events) > max_marks:
        rows, lanes = _aggregated_rows(events, tr)
        out = page_spec("aggregated", rows, (SOME_DAY, SOME_DAY, (), ""), tr)
        out["title"] = _aggregated_title(len(events), tr)
        out["height"] = LANE_MIN * 2 * len(lanes) + AXIS
    else:
        rows, (lanes, high, wide, lane) = _timeline_rows(events, selected, tr)
        out = page_spec("timeline", rows, (SOME_DAY, SOME_DAY, (), 1, LANE_MIN), tr)
        out["height"] = lane * len(lanes) + AXES
        out["encoding"]["yOffset"]["scale"] = {
            "domain": [-high / 2, high / 2], "range": [MARK_GAP / 2, lane - MARK_GAP / 2]}
        out["encoding"]["xOffset"]["scale"] = across_scale(wide)
        out["layer"][0]["encoding"]["x"]["scale"]["domain"] = days  # the dates on top
    out["encoding"]["y"]["sort"] = out["encoding"]["y"]["scale"]["domain"] = list(lanes)
    out["encoding"]["x"]["scale"]["domain"] = days
    out["description"] = describe_timeline(events, start, end, len(events) > max_marks, tr)
    return out


def describe_timeline(events: pd.DataFrame, start: dt.date, end: dt.date,
                      counted: bool = False, tr: Translator = ENGLISH) -> str:
    """The timeline in words, for a screen reader: what it draws, over which
    days, and how many events each category has."""
    _ = tr.gettext
    counts = events["category"].value_counts()
    per = "; ".join(f"{category_label(c, tr)}: {tr.number(int(counts[c]))}"
                    for c in counts.index) or _("no events")
    text = (_("Timeline of {n} events from {start} to {end}, one mark per event in a lane "
              "per category") if not counted
            else _("Timeline of {n} events from {start} to {end}, counted per day and "
                   "category"))
    return text.format(n=tr.number(len(events)), start=tr.date(start),
                       end=tr.date(end)) + ". " + per + "."


def across_scale(wide: int) -> dict:
    """``wide`` columns side by side, ``MARK_GAP`` apart around the middle of
    their day, as far as the day's band allows (a wide band of a short range
    does not scatter them)."""
    half = wide * MARK_GAP / 2
    return {"domain": [-wide / 2, wide / 2],
            "range": [{"expr": f"max(0, bandwidth('x') / 2 - {half})"},
                      {"expr": f"min(bandwidth('x'), bandwidth('x') / 2 + {half})"}]}


SOME_DAY = dt.date(2000, 1, 1)  # a template's day axis, replaced in every spec


def _timeline_rows(events: pd.DataFrame, selected: str | None, tr: Translator
                   ) -> tuple[pd.DataFrame, tuple[tuple[str, ...], int, int, int]]:
    """The timeline's rows, and its layout: the lanes, the most marks one
    above the other and side by side in one day and lane, and a lane's height."""
    _ = tr.gettext
    offset, across, high, wide = grid_offsets(events["date"], events["category"])
    # plain lists: at the timeline's few hundred rows, pandas' text methods
    # cost more than the rest of a rerun's chart
    national = _("(national)")
    data = pd.DataFrame(
        {
            "id": events["id"].to_numpy(),
            "day": events["date"].to_numpy().astype("datetime64[D]").astype(str),
            # the day, and the time of day when a source gives it
            "when": [f"{d}, {t}" if t else d
                     for d, t in zip(events["date_text"].tolist(),
                                     events["time_text"].tolist(), strict=True)],
            "title": events["title"].to_numpy(),
            "category": [category_label(c, tr) for c in events["category"].tolist()],
            "regions": [r or national for r in events["region_names"].tolist()],
            "source": events["source_titles"].to_numpy(),
            "date_precision": events["date_precision"].to_numpy(),
            "date_note": events["date_note"].to_numpy(),
            "offset": offset,
            "across": across,
            "selected": events["id"].to_numpy() == selected,
        }
    )
    lanes = _present_lanes(data, tr)
    lane = max(LANE_MIN, (high + 1) * MARK_GAP)
    return data, (lanes, high, wide, lane)


def _present_lanes(data: pd.DataFrame, tr: Translator) -> tuple[str, ...]:
    """The lanes with a mark, in lane order; the first lane when none has."""
    present = set(data["category"])
    return tuple(c for c in lane_labels(tr) if c in present) or tuple(lane_labels(tr)[:1])


def grid_offsets(dates: pd.Series, categories: pd.Series, rows: int = ROWS
                 ) -> tuple[np.ndarray, np.ndarray, int, int]:
    """Each event's place in a grid within its day and lane: up to ``rows``
    one above the other, then side by side. Returns the vertical and the
    horizontal offsets, each centred on 0 within its cell, and the most rows
    and columns any cell has (1 and 1 when there are no events)."""
    if len(dates) == 0:
        return np.zeros(0), np.zeros(0), 1, 1
    rank, size = _ranks(dates, categories)
    high = np.minimum(size, rows)
    row, col = rank % high, rank // high
    wide = -(-size // high)  # columns of the cell: a ceiling division
    return (row - (high - 1) / 2, col - (wide - 1) / 2, int(high.max()), int(wide.max()))


def _ranks(dates: pd.Series, categories: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Each event's rank in its day and lane (in the frame's order) and the
    number of events there. With NumPy: a pandas groupby costs more than the
    rest of the timeline."""
    day = dates.to_numpy().astype("datetime64[D]").astype(np.int64)
    lane = pd.factorize(categories)[0]
    key = day * (lane.max() + 1) + lane
    order = np.argsort(key, kind="stable")  # within a group: the frame's order
    ranked = key[order]
    starts = np.flatnonzero(np.r_[True, ranked[1:] != ranked[:-1]])
    sizes = np.diff(np.r_[starts, len(ranked)])
    group = np.repeat(np.arange(len(starts)), sizes)
    rank, size = np.empty(len(key), dtype=np.int64), np.empty(len(key), dtype=np.int64)
    rank[order] = np.arange(len(key)) - starts[group]
    size[order] = sizes[group]
    return rank, size


def _timeline(data: Rows, start: dt.date, end: dt.date, lanes: tuple[str, ...], high: int,
              lane: int, tr: Translator = ENGLISH) -> alt.LayerChart:
    _ = tr.gettext
    lanes_ = list(lanes)
    pick = alt.selection_point(name=PICK, fields=["id"], on="click", clear="dblclick")
    # the dates along the top: an axis of its own on the shared day scale,
    # drawn by a layer with no rows of its own (filtering the page's rows to
    # none instead makes Vega read every row a second time)
    dates_on_top = (
        alt.Chart(alt.Data(values=[]))
        .mark_point(aria=False)
        .encode(x=alt.X("day:O", title=None, scale=alt.Scale(domain=calendar_days(start, end)),
                        axis=alt.Axis(orient="top", labelAngle=0, labelExpr=DAY_LABEL)))
    )
    marks = alt.Chart().mark_point(filled=True, size=MARK_SIZE, opacity=0.9).add_params(pick)
    return (
        # Streamlit fits the whole chart, axes included, into this height.
        alt.layer(dates_on_top, marks, data=data, height=lane * len(lanes) + AXES)
        .encode(
            x=day_x(start, end),
            y=alt.Y(
                "category:N",
                title=None,
                sort=lanes_,
                scale=alt.Scale(domain=lanes_, paddingInner=0, paddingOuter=0),
                axis=alt.Axis(grid=True, bandPosition=1, labelLimit=LABEL_LIMIT),
            ),
            yOffset=alt.YOffset(
                "offset:Q",
                scale=alt.Scale(domain=[-high / 2, high / 2],
                                range=[MARK_GAP / 2, lane - MARK_GAP / 2]),
            ),
            # more marks than ROWS in a day and lane sit side by side in its band
            xOffset=alt.XOffset("across:Q", scale=across_scale(1)),
            color=alt.Color("category:N", scale=category_scale(tr), legend=None),
            shape=alt.Shape(
                "date_precision:N",
                scale=alt.Scale(
                    domain=list(PRECISION_SHAPES), range=list(PRECISION_SHAPES.values())
                ),
                legend=None,  # the page's caption explains the shapes
            ),
            # a date the source gives is a filled mark; an inferred or
            # approximate one is hollow, so the difference shows without colour
            fillOpacity=alt.condition(
                "datum.date_precision == 'day'", alt.value(0.9), alt.value(0.15)
            ),
            strokeWidth=alt.condition("datum.selected", alt.value(3), alt.value(1.5)),
            # the outline shares the fill's scale, so a hollow mark keeps its lane's colour
            stroke=alt.condition(
                "datum.selected",
                alt.value("black"),
                alt.Color("category:N", scale=category_scale(tr), legend=None),
            ),
            tooltip=[
                alt.Tooltip("when:N", title=_("Date")),
                alt.Tooltip("date_note:N", title=_("Date note") + tr.original()),
                alt.Tooltip("title:N", title=_("Event")),
                alt.Tooltip("regions:N", title=_("Regions")),
                alt.Tooltip("source:N", title=_("Source")),
            ],
        )
        .resolve_axis(x="independent")  # two axes, top and bottom, on one scale
    )


def _aggregated_title(n: int, tr: Translator) -> str:
    return tr.gettext("{n} events: more than {limit}, so counted per day and category").format(
        n=tr.number(n), limit=tr.number(MAX_MARKS))


def _aggregated_rows(events: pd.DataFrame, tr: Translator
                     ) -> tuple[pd.DataFrame, tuple[str, ...]]:
    """Counts per day and category, computed in pandas so that the browser
    receives at most one row per day and lane whatever the dataset's size."""
    # group on the dates themselves: formatting 100,000 of them costs more
    grouped = events.groupby(["date", "category"], sort=True)
    data = grouped.agg(events=("id", "size"), first=("title", lambda t: " · ".join(t[:3])))
    data = data.reset_index()
    data.insert(0, "day", data.pop("date").dt.strftime("%Y-%m-%d"))
    data["when"] = [tr.date(pd.Timestamp(d)) for d in data["day"]]
    data["category"] = [category_label(c, tr) for c in data["category"]]
    lanes = _present_lanes(data, tr)
    return data, lanes


def _aggregated(data: Rows, start: dt.date, end: dt.date, lanes: tuple[str, ...], title: str,
                tr: Translator = ENGLISH) -> alt.Chart:
    """One circle per day and lane sized by its count. The title says so;
    tooltips give the count and the first titles. The ``pick`` selection
    stays (on day and category) so that the page's chart keeps one shape; a
    click on a count opens no event."""
    _ = tr.gettext
    lanes_ = list(lanes)
    pick = alt.selection_point(name=PICK, fields=["day", "category"], on="click",
                               clear="dblclick")
    return (
        alt.Chart(data, height=LANE_MIN * 2 * len(lanes) + AXIS, title=title)
        .mark_circle(opacity=0.85)
        .encode(
            x=day_x(start, end),
            y=alt.Y("category:N", title=None, sort=lanes_,
                    scale=alt.Scale(domain=lanes_),
                    axis=alt.Axis(grid=True, labelLimit=LABEL_LIMIT)),
            size=alt.Size("events:Q", title=_("Events"), scale=alt.Scale(range=[20, 900])),
            color=alt.Color("category:N", scale=category_scale(tr), legend=None),
            tooltip=[
                alt.Tooltip("when:N", title=_("Date")),
                alt.Tooltip("category:N", title=_("Category")),
                alt.Tooltip("events:Q", title=_("Events"), format=","),
                alt.Tooltip("first:N", title=_("First events")),
            ],
        )
        .add_params(pick)
    )


def per_day_spec(events: pd.DataFrame, start: dt.date, end: dt.date,
                 tr: Translator = ENGLISH) -> dict:
    """Events per day, counted in pandas so the chart ships one row a day."""
    out = page_spec("per_day", per_day_rows(events, start, end, tr), (SOME_DAY, SOME_DAY), tr)
    out["encoding"]["x"]["scale"]["domain"] = calendar_days(start, end)
    out["description"] = tr.gettext(
        "Bar chart of events per day from {start} to {end}; the same counts are in the "
        "table below.").format(start=tr.date(start), end=tr.date(end))
    return out


def per_day_rows(events: pd.DataFrame, start: dt.date, end: dt.date, tr: Translator
                 ) -> pd.DataFrame:
    """Every day of the range with its number of events, empty days included:
    the per-day chart's rows, and its table's."""
    days = calendar_days(start, end)
    after = (events["date"].to_numpy().astype("datetime64[D]")
             - np.datetime64(start, "D")).astype(np.int64)
    counts = np.bincount(after[(after >= 0) & (after < len(days))], minlength=len(days))
    return pd.DataFrame({"day": days, "events": counts, "when": _day_names(days, tr.lang)})


@lru_cache(maxsize=64)
def _day_names_of(days: tuple[str, ...], lang: str) -> list[str]:
    tr = translator(lang)
    return [tr.date(dt.date.fromisoformat(d)) for d in days]


def _day_names(days: list[str], lang: str) -> list[str]:
    """``5 January 2022`` for each day, in the language (the same few ranges
    come back at every rerun)."""
    return _day_names_of(tuple(days), lang)


def _per_day(data: Rows, start: dt.date, end: dt.date, tr: Translator = ENGLISH) -> alt.Chart:
    _ = tr.gettext
    return (
        alt.Chart(data, height=110)
        .mark_bar(width=alt.RelativeBandSize(0.6))
        .encode(
            x=day_x(start, end),
            # whole numbers: an axis of zeros would otherwise read 0.000000
            y=alt.Y("events:Q", title=_("Events"), axis=alt.Axis(tickMinStep=1, format="d")),
            tooltip=[alt.Tooltip("when:N", title=_("Date")),
                     alt.Tooltip("events:Q", title=_("Events"))],
        )
    )


BUILDERS["timeline"] = _timeline
BUILDERS["aggregated"] = _aggregated
BUILDERS["per_day"] = _per_day
