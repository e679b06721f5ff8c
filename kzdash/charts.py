"""The page's charts, each defined once, as the Vega-Lite specs the page
sends (``*_spec``); tests assert on them and validate them against the
Vega-Lite schema.

Building an Altair chart costs a hundred milliseconds or more whatever its
data, so each chart is built with Altair once per layout and language, its
data left as a named placeholder (a template, :func:`_template`); every rerun
fills in the rows and sets what the view changes (the days of the axis, the
lanes and their height).

Both charts share one day axis: an ordinal band per calendar day of the range
(empty days included), so ticks are days, never hours, and the timeline's
marks sit above the per-day bars.
"""

from __future__ import annotations

import datetime as dt
import json
import textwrap
from collections.abc import Callable, Collection
from functools import lru_cache

import altair as alt
import numpy as np
import pandas as pd

from kzdash.i18n import ENGLISH, Translator, translator
from kzdash.labels import STATUS_LABELS, category_label
from kzdash.models import CATEGORIES

PICK = "pick"  # name of the timeline's point selection
CLAIM = "claim"  # name of the figures chart's point selection
REGION, CITY = "region", "city"  # the map's point selections: shapes, circles
SHAPES = "kz-shapes"
PRECISION_SHAPES = {"day": "circle", "approximate": "square", "inferred": "diamond"}
# a retracted claim is a cross (×): a shape of its own in the chart and the legend
STATUS_SHAPES = {"reported": "circle", "retracted": "M-1,-1L1,1M-1,1L1,-1",
                 "disputed": "triangle-up"}
LANE_MIN, LANE_MAX, MARK_GAP, AXIS = 30, 120, 14, 30  # pixels
LABEL_LIMIT = 180  # lane names: "Международные события" fits whole
ROWS = "rows"  # the name of a page spec's data
Rows = pd.DataFrame | alt.Data  # a chart's data, or the placeholder of a template


def _days(start: dt.date, end: dt.date) -> list[str]:
    return [d.strftime("%Y-%m-%d") for d in pd.date_range(start, end, freq="D")]


def _lanes(tr: Translator) -> list[str]:
    """Every category's label in the translator's language, in lane order."""
    return [category_label(c, tr) for c in CATEGORIES]


def _labels(labels: dict[str, str]) -> str:
    """A Vega expression that shows ``labels[datum.label]`` on a legend."""
    expr = "datum.label"
    for value, label in labels.items():
        expr = f"datum.label === {_js(value)} ? {_js(label)} : ({expr})"
    return expr


def _js(text: str) -> str:
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
    return json.dumps(spec(_BUILDERS[kind](alt.Data(name=ROWS), *layout, tr=tr), tr),
                      ensure_ascii=False)


def _page(kind: str, rows: pd.DataFrame, layout: tuple, tr: Translator) -> dict:
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


def _day_x(start: dt.date, end: dt.date) -> alt.X:
    return alt.X(
        "day:O",
        title=None,
        scale=alt.Scale(domain=_days(start, end)),
        axis=alt.Axis(labelAngle=0, labelExpr="utcFormat(toDate(datum.value), '%-d %b')"),
    )


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
    if len(events) > max_marks:
        rows, lanes = _aggregated_rows(events, tr)
        out = _page("aggregated", rows, (SOME_DAY, SOME_DAY, (), ""), tr)
        out["title"] = _aggregated_title(len(events), tr)
        out["height"] = LANE_MIN * 2 * len(lanes) + AXIS
    else:
        rows, (lanes, stacked, lane) = _timeline_rows(events, selected, tr)
        out = _page("timeline", rows, (SOME_DAY, SOME_DAY, (), 1, LANE_MIN), tr)
        out["height"] = lane * len(lanes) + AXIS
        out["encoding"]["yOffset"]["scale"] = {
            "domain": [-stacked / 2, stacked / 2], "range": [MARK_GAP / 2, lane - MARK_GAP / 2]}
    out["encoding"]["y"]["sort"] = out["encoding"]["y"]["scale"]["domain"] = list(lanes)
    out["encoding"]["x"]["scale"]["domain"] = _days(start, end)
    return out


SOME_DAY = dt.date(2000, 1, 1)  # a template's day axis, replaced in every spec


def _timeline_rows(events: pd.DataFrame, selected: str | None, tr: Translator
                   ) -> tuple[pd.DataFrame, tuple[tuple[str, ...], int, int]]:
    """The timeline's rows, and its layout: the lanes, the most marks in one
    day and lane, and a lane's height."""
    _ = tr.gettext
    offset, stacked = _stack(events["date"], events["category"])
    data = pd.DataFrame(
        {
            "id": events["id"],
            "day": events["date"].dt.strftime("%Y-%m-%d"),
            # the day, and the time of day when a source gives it
            "when": events["date_text"].where(events["time_text"] == "",
                                              events["date_text"] + ", " + events["time_text"]),
            "title": events["title"],
            "category": [category_label(c, tr) for c in events["category"]],
            "regions": events["region_names"].where(events["region_names"] != "",
                                                    _("(national)")),
            "source": events["source_titles"],
            "date_precision": events["date_precision"],
            "date_note": events["date_note"],
            "offset": offset,
            "selected": events["id"] == selected,
        },
        index=events.index,
    )
    lanes = tuple(c for c in _lanes(tr) if c in set(data["category"])) or tuple(_lanes(tr)[:1])
    lane = min(max(LANE_MIN, stacked * MARK_GAP), LANE_MAX)
    return data, (lanes, stacked, lane)


def _stack(dates: pd.Series, categories: pd.Series) -> tuple[np.ndarray, int]:
    """Each event's place in its day and lane, centred on 0 (-0.5, 0.5 for
    two), and the most events in one day and lane (1 when there are none).
    With NumPy: a pandas groupby costs more than the rest of the timeline."""
    if len(dates) == 0:
        return np.zeros(0), 1
    day = dates.to_numpy().astype("datetime64[D]").astype(np.int64)
    lane = pd.factorize(categories)[0]
    key = day * (lane.max() + 1) + lane
    order = np.argsort(key, kind="stable")  # within a group: the frame's order
    ranked = key[order]
    starts = np.flatnonzero(np.r_[True, ranked[1:] != ranked[:-1]])
    sizes = np.diff(np.r_[starts, len(ranked)])
    group = np.repeat(np.arange(len(starts)), sizes)
    offset = np.empty(len(key))
    offset[order] = np.arange(len(key)) - starts[group] - (sizes[group] - 1) / 2
    return offset, int(sizes.max())


def _timeline(data: Rows, start: dt.date, end: dt.date, lanes: tuple[str, ...], stacked: int,
              lane: int, tr: Translator = ENGLISH) -> alt.Chart:
    _ = tr.gettext
    lanes_ = list(lanes)
    pick = alt.selection_point(name=PICK, fields=["id"], on="click", clear="dblclick")
    return (
        # Streamlit fits the whole chart, axis included, into this height.
        alt.Chart(data, height=lane * len(lanes) + AXIS)
        .mark_point(filled=True, size=110, opacity=0.9)
        .encode(
            x=_day_x(start, end),
            y=alt.Y(
                "category:N",
                title=None,
                sort=lanes_,
                scale=alt.Scale(domain=lanes_, paddingInner=0, paddingOuter=0),
                axis=alt.Axis(grid=True, bandPosition=1, labelLimit=LABEL_LIMIT),
            ),
            yOffset=alt.YOffset(
                "offset:Q",
                scale=alt.Scale(
                    domain=[-stacked / 2, stacked / 2], range=[MARK_GAP / 2, lane - MARK_GAP / 2]
                ),
            ),
            color=alt.Color("category:N", scale=alt.Scale(domain=_lanes(tr)), legend=None),
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
                alt.Color("category:N", scale=alt.Scale(domain=_lanes(tr)), legend=None),
            ),
            tooltip=[
                alt.Tooltip("when:N", title=_("Date")),
                alt.Tooltip("date_note:N", title=_("Date note") + tr.original()),
                alt.Tooltip("title:N", title=_("Event")),
                alt.Tooltip("regions:N", title=_("Regions")),
                alt.Tooltip("source:N", title=_("Source")),
            ],
        )
        .add_params(pick)
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
    lanes = tuple(c for c in _lanes(tr) if c in set(data["category"])) or tuple(_lanes(tr)[:1])
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
            x=_day_x(start, end),
            y=alt.Y("category:N", title=None, sort=lanes_,
                    scale=alt.Scale(domain=lanes_),
                    axis=alt.Axis(grid=True, labelLimit=LABEL_LIMIT)),
            size=alt.Size("events:Q", title=_("Events"), scale=alt.Scale(range=[20, 900])),
            color=alt.Color("category:N", scale=alt.Scale(domain=_lanes(tr)), legend=None),
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
    out = _page("per_day", _per_day_rows(events, start, end, tr), (SOME_DAY, SOME_DAY), tr)
    out["encoding"]["x"]["scale"]["domain"] = _days(start, end)
    return out


def _per_day_rows(events: pd.DataFrame, start: dt.date, end: dt.date, tr: Translator
                  ) -> pd.DataFrame:
    days = _days(start, end)
    counts = events["date"].value_counts()
    data = pd.DataFrame({"day": days,
                         "events": [int(counts.get(pd.Timestamp(d), 0)) for d in days]})
    data["when"] = [tr.date(pd.Timestamp(d)) for d in days]
    return data


def _per_day(data: Rows, start: dt.date, end: dt.date, tr: Translator = ENGLISH) -> alt.Chart:
    _ = tr.gettext
    return (
        alt.Chart(data, height=110)
        .mark_bar(width=alt.RelativeBandSize(0.6))
        .encode(
            x=_day_x(start, end),
            # whole numbers: an axis of zeros would otherwise read 0.000000
            y=alt.Y("events:Q", title=_("Events"), axis=alt.Axis(tickMinStep=1, format="d")),
            tooltip=[alt.Tooltip("when:N", title=_("Date")),
                     alt.Tooltip("events:Q", title=_("Events"))],
        )
    )


def figures_spec(claims: pd.DataFrame, metric_label: str, selected: str | None = None,
                 tr: Translator = ENGLISH) -> dict:
    """Claimed values of one metric by publication date, a colour and line per
    claimant. Retracted claims are crosses and stay off the lines; disputed
    ones are triangles. Clicking a point selects the claim (``claim`` carries
    its ``id``) so the page can show its sources.

    Every claim with a publication date is drawn (see :func:`drawn_claims`);
    a part ('security personnel', 'Almaty') is a series of its own, named
    after its claimant and the part. The table lists the rest.
    """
    rows = _figure_rows(claims, selected, tr)
    out = _page("figures", rows, (metric_label,), tr)
    out["height"] = figures_height(rows["series"].unique())
    return out


FIGURES_PLOT, LEGEND_ROW, LEGEND_LINE = 300, 6, 16  # pixels
LEGEND_WRAP = 34  # characters a line of a claimant's name in the legend
DAY_MS = 86_400_000  # ticks of the figures' time axis are whole days, never twice the same day


def figures_height(series: Collection[str]) -> int:
    """The figures chart's height: Streamlit fits the legends into it too,
    so it grows with the claimants' legend, a line per wrapped name line."""
    lines = sum(len(textwrap.wrap(name, LEGEND_WRAP)) or 1 for name in series)
    return FIGURES_PLOT + 130 + LEGEND_ROW * max(len(series), 1) + LEGEND_LINE * lines


def _figure_rows(claims: pd.DataFrame, selected: str | None, tr: Translator) -> pd.DataFrame:
    _ = tr.gettext
    drawn = claims[drawn_claims(claims)]
    data = pd.DataFrame(
        {
            "id": drawn["id"],
            "reported": drawn["reported"].dt.strftime("%Y-%m-%d"),
            "value": drawn["value"],
            "value_text": drawn["value_text"],
            "claimed_by": drawn["claimed_by"],
            # a part (a city, security personnel) is its own line beside the
            # whole count of the same claimant, never joined to it
            "series": [f"{who} · {part}" if part else who
                       for who, part in zip(drawn["claimed_by"], drawn["subject"], strict=True)],
            "subject": drawn["subject"],
            "status": drawn["status"],
            "status_text": drawn["status_text"],
            "when": drawn["reported_text"],
            "as_of": [tr.date(d) if pd.notna(d) else _("not given") for d in drawn["as_of"]],
            "note": drawn["note"],
            "source": drawn["source_titles"],
            "selected": drawn["id"] == selected,
        }
    )
    return data


# Twelve colours for the figures' claimants, each at least 3:1 against white
# (WCAG's minimum for graphics), so that a point is visible whatever its colour.
SERIES_COLOURS = ["#1f77b4", "#d95f02", "#1b7f62", "#7570b3", "#d6246e", "#8c564b",
                  "#666666", "#b22222", "#2f4b7c", "#8a6318", "#6a3d9a", "#0b6e4f"]


WRAP_LABEL = (f"split(trim(replace(datum.label, regexp('(.{{1,{LEGEND_WRAP}}})(\\\\s+|$)', 'g'),"
              " '$1\\n')), '\\n')")


def drawn_claims(claims: pd.DataFrame) -> pd.Series:
    """Which claims the figures chart can place: those with a publication
    date. The others are listed in the table only."""
    return claims["reported"].notna()


def _figures(data: Rows, metric_label: str, tr: Translator = ENGLISH) -> alt.LayerChart:
    _ = tr.gettext
    # padding keeps the first and last points whole instead of cut by the frame
    x = alt.X("reported:T", title=_("Reported"), scale=alt.Scale(padding=24),
              axis=alt.Axis(format="%-d %b %Y", labelAngle=0, tickMinStep=DAY_MS))
    below_zero = "datum.value < 0"  # the padding's room under 0, not a value
    y = alt.Y("value:Q", title=metric_label, scale=alt.Scale(zero=True, padding=16),
              axis=alt.Axis(labelExpr=f"{below_zero} ? '' : datum.label",
                            gridOpacity=alt.condition(below_zero, alt.value(0), alt.value(1)),
                            tickOpacity=alt.condition(below_zero, alt.value(0), alt.value(1))))
    # Lines and points are coloured through fill and stroke, never `color`:
    # a point that has both ignores `color` (Vega drops it). Both scales have
    # the same field and colours, so a claimant has one colour throughout.
    colours = alt.Scale(range=SERIES_COLOURS)
    # whole names, wrapped at spaces into lines of 34 characters at most, so
    # that a narrow screen shows them too (Vega draws an array as lines)
    claimants = alt.Legend(orient="bottom", direction="vertical", labelLimit=0,
                           symbolType="circle", labelExpr=WRAP_LABEL)
    # one legend for fill and stroke: the same field, scale, title and legend
    series = alt.Stroke("series:N", title=_("Claimed by"), scale=colours, legend=claimants)
    pick = alt.selection_point(name=CLAIM, fields=["id"], on="click", clear="dblclick")
    # claims cluster in the first days and trail over months: let people zoom in time
    zoom = alt.selection_interval(name="zoom", bind="scales", encodings=["x"])
    base = alt.Chart(data, height=figures_height(()))
    lines = (
        base.transform_filter("datum.status != 'retracted'")
        .mark_line(strokeWidth=1.5)
        .encode(x=x, y=y, stroke=series, detail="series:N")
    )
    points = base.mark_point(size=120, strokeWidth=2, opacity=1).encode(
        x=x,
        y=y,
        shape=alt.Shape(
            "status:N",
            title=_("Status"),
            scale=alt.Scale(domain=list(STATUS_SHAPES), range=list(STATUS_SHAPES.values())),
            legend=alt.Legend(
                orient="top", columns=2, labelExpr=_labels(
                    {s: _(STATUS_LABELS[s]) for s in STATUS_SHAPES}),
                symbolStrokeColor="#333333", symbolStrokeWidth=2,
                symbolFillColor="#333333", symbolOpacity=1,
            ),
        ),
        # the legend of claimants is the fill's: a retracted claim's cross
        # has no area to fill, so it stays an outline in its claimant's colour
        fill=alt.Fill("series:N", title=_("Claimed by"), scale=colours, legend=claimants),
        stroke=series,
        tooltip=[
            alt.Tooltip("value_text:N", title=metric_label),
            alt.Tooltip("claimed_by:N", title=_("Claimed by") + tr.original()),
            alt.Tooltip("subject:N", title=_("Part counted") + tr.original()),
            alt.Tooltip("status_text:N", title=_("Status")),
            alt.Tooltip("when:N", title=_("Reported")),
            alt.Tooltip("as_of:N", title=_("As of")),
            alt.Tooltip("note:N", title=_("Note") + tr.original()),
            alt.Tooltip("source:N", title=_("Source")),
        ],
    ).add_params(pick, zoom)
    # the chosen claim is ringed in black, a layer of its own so that the
    # points' outline keeps its claimant's colour (and the legend its symbols)
    # (drawn for every claim, seen only for the chosen one: a filtered layer
    # with no rows makes Vega warn of an infinite extent)
    ring = base.mark_point(size=400, strokeWidth=2, color="black", filled=False).encode(
        x=x, y=y, opacity=alt.condition("datum.selected", alt.value(1), alt.value(0)),
        tooltip=alt.value(None))
    return alt.layer(lines, ring, points)  # points on top: they take the clicks


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
    out = _page("map", dots, (), tr)
    out["layer"][0]["data"] = {"values": shapes}
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


_BUILDERS: dict[str, Callable[..., alt.Chart | alt.LayerChart]] = {
    "timeline": _timeline,
    "aggregated": _aggregated,
    "per_day": _per_day,
    "figures": _figures,
    "map": _map,
}
