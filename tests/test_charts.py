"""Chart specs as the page sends them, validated against the Vega-Lite schema."""

from __future__ import annotations

import datetime as dt
import json

import altair as alt
import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kzdash.charts import (
    CITY,
    CLAIM,
    COMPACT_FROM,
    PICK,
    REGION,
    ROWS,
    as_json,
    figures_spec,
    grid_offsets,
    map_spec,
    per_day_spec,
    timeline_spec,
)
from kzdash.charts.base import CATEGORY_COLOURS, contrast
from kzdash.charts.timeline import ROWS as GRID_ROWS
from kzdash.filters import Filters, filter_events
from kzdash.i18n import translator
from kzdash.tables import region_counts

START, END = dt.date(2022, 1, 2), dt.date(2022, 1, 6)


def rows(spec):
    return next(iter(spec["datasets"].values()))


def sent(page: dict) -> dict:
    """A page spec as the browser reads it, checked against the Vega-Lite
    schema (the page itself skips the check)."""
    out = as_json(page)
    alt.TopLevelSpec.validate(out)
    return out


def test_timeline_has_one_mark_per_event_with_lanes_and_tooltips(mini_events):
    spec = sent(timeline_spec(mini_events, START, END))
    data = rows(spec)
    assert [r["id"] for r in data] == list(mini_events["id"])
    enc = spec["encoding"]
    # a day axis: one band per calendar day of the range, empty days included
    assert enc["x"]["field"] == "day" and enc["x"]["type"] == "ordinal"
    assert enc["x"]["scale"]["domain"] == ["2022-01-02", "2022-01-03", "2022-01-04",
                                           "2022-01-05", "2022-01-06"]
    assert [r["day"] for r in data] == ["2022-01-02", "2022-01-04", "2022-01-04", "2022-01-06"]
    assert enc["y"]["field"] == "category" and enc["color"]["field"] == "category"
    assert [t["title"] for t in enc["tooltip"]] == ["Date", "Date note", "Event", "Regions",
                                                    "Source"]
    # the tooltip's date carries the time of day where a source gives one
    when = {r["id"]: r["when"] for r in data}
    assert when["2022-01-04-march"] == "4 January 2022, about 09:30"
    assert when["2022-01-04-price"] == "4 January 2022, 10:00"
    assert when["2022-01-02-rally"] == "2 January 2022"
    # the 4 January protest lane holds one event (the other that day is
    # government): a lone mark sits on the lane's centre line
    assert [r["offset"] for r in data if r["category"] == "Protest"] == [0.0, 0.0]
    assert enc["yOffset"]["field"] == "offset"


def test_timeline_spreads_events_of_one_day_and_lane(mini_events):
    same_day = mini_events.assign(category="unrest", date=mini_events["date"].iloc[0])
    data = rows(sent(timeline_spec(same_day, START, END)))
    assert sorted(r["offset"] for r in data) == [-1.5, -0.5, 0.5, 1.5]


def test_a_crowded_day_and_lane_fills_rows_then_columns(mini_events):
    eleven = pd.concat([mini_events.iloc[:1]] * 11, ignore_index=True)
    down, across, high, wide = grid_offsets(eleven["date"], eleven["category"])
    assert (high, wide) == (GRID_ROWS, 3)  # 11 marks: 4 rows of up to 3 columns
    cells = list(zip(down, across, strict=True))
    assert len(set(cells)) == 11  # no two marks on one spot
    assert set(down) == {-1.5, -0.5, 0.5, 1.5} and set(across) == {-1.0, 0.0, 1.0}
    # a lone mark sits in the middle of its cell
    assert grid_offsets(mini_events["date"].iloc[:1], mini_events["category"].iloc[:1])[:2] \
        == ([0.0], [0.0])


def test_the_timeline_is_compact_with_dates_above_and_below(mini_events):
    spec = sent(timeline_spec(mini_events, START, END))
    axis_layer, marks = spec["layer"]
    assert spec["encoding"]["x"]["axis"].get("orient", "bottom") == "bottom"
    assert axis_layer["encoding"]["x"]["axis"]["orient"] == "top"
    assert axis_layer["encoding"]["x"]["scale"]["domain"] == spec["encoding"]["x"]["scale"][
        "domain"]
    assert axis_layer["data"] == {"values": []}  # an axis, no marks
    assert spec["resolve"]["axis"]["x"] == "independent"  # else the two axes merge into one
    assert marks["mark"]["type"] == "point"
    # the whole dataset's seven lanes with eleven events on one day in one
    # lane: 40 px a lane, where the lanes used to grow to 120 px
    crowded = pd.concat([mini_events.iloc[:1]] * 11 + [mini_events], ignore_index=True)
    crowded["id"] = [f"e{i}" for i in range(len(crowded))]
    assert sent(timeline_spec(crowded, START, END))["height"] <= 3 * 40 + 60


def test_every_chart_says_what_it_shows_in_words(mini, mini_events, mini_claims):
    features = [square("KZ-MAN", 51, 43), square("KZ-ALA", 76, 43)]
    counts = region_counts(mini_events, mini, translator("en"))
    timeline = sent(timeline_spec(mini_events, START, END))
    assert timeline["description"] == (
        "Timeline of 4 events from 2 January 2022 to 6 January 2022, one mark per event in "
        "a lane per category. Protest: 2; Government: 1; Unrest: 1.")
    many = pd.concat([mini_events] * 3, ignore_index=True).assign(id=lambda d: d.index)
    assert "counted per day and category" in sent(
        timeline_spec(many, START, END, max_marks=2))["description"]
    assert "events per day" in sent(per_day_spec(mini_events, START, END))["description"]
    assert sent(figures_spec(mini_claims, "Deaths"))["description"].startswith(
        "Deaths: 2 claims as they were published")
    assert sent(figures_spec(mini_claims.iloc[:1], "Deaths"))["description"].startswith(
        "Deaths: 1 claim as it was published")
    assert "regions" in sent(map_spec(features, counts))["description"]
    # a mark is read out from its tooltip, whose every line has a title in
    # words, or not at all; never as field names ("offset: -1.5", "lon: 71.4")
    pages = [timeline, sent(timeline_spec(many, START, END, max_marks=2)),
             sent(per_day_spec(mini_events, START, END)),
             sent(figures_spec(mini_claims, "Deaths")), sent(map_spec(features, counts))]
    read = 0
    for page in pages:
        for mark, encoding in units(page):
            if mark.get("aria") is False:
                continue
            tooltip = encoding.get("tooltip")
            assert isinstance(tooltip, list) and all(t.get("title") for t in tooltip), (
                mark, tooltip)
            read += 1
    assert read == 6  # timeline, counts, bars, claims' points, regions, cities


def units(spec, inherited=None):
    """Each single view of a spec: its mark and its encoding, the layer's
    shared encoding included."""
    encoding = {**(inherited or {}), **spec.get("encoding", {})}
    if "mark" in spec:
        mark = spec["mark"] if isinstance(spec["mark"], dict) else {"type": spec["mark"]}
        yield mark, encoding
    for layer in spec.get("layer", []):
        yield from units(layer, encoding)


def test_category_colours_stand_out_from_white():
    assert len(set(CATEGORY_COLOURS)) == len(CATEGORY_COLOURS) == 7
    assert min(contrast(c, "#ffffff") for c in CATEGORY_COLOURS) >= 3
    assert contrast("#ffffff", "#ffffff") == 1 and round(contrast("#000000", "#ffffff")) == 21


def test_timeline_selection_is_a_named_point_on_id(mini_events):
    spec = sent(timeline_spec(mini_events, START, END))
    (param,) = spec["params"]
    assert param["name"] == PICK
    assert param["select"]["type"] == "point" and param["select"]["fields"] == ["id"]


def test_timeline_marks_inferred_dates_and_the_selected_event(mini_events):
    spec = sent(timeline_spec(mini_events, START, END, selected="2022-01-06-almaty"))
    data = {r["id"]: r for r in rows(spec)}
    assert data["2022-01-06-almaty"]["date_precision"] == "inferred"
    assert data["2022-01-06-almaty"]["when"] == "6 January 2022 (inferred)"
    assert data["2022-01-06-almaty"]["selected"] is True
    assert data["2022-01-02-rally"]["selected"] is False
    shape = spec["encoding"]["shape"]
    assert shape["field"] == "date_precision"
    assert dict(zip(shape["scale"]["domain"], shape["scale"]["range"], strict=True))[
        "inferred"] == "diamond"
    # and hollow: only a date the source gives is a filled mark
    fill = spec["encoding"]["fillOpacity"]
    assert fill["condition"]["test"] == "datum.date_precision == 'day'"
    assert fill["condition"]["value"] > fill["value"]


def test_timeline_national_events_say_so(mini_events):
    data = {r["id"]: r for r in rows(sent(timeline_spec(mini_events, START, END)))}
    assert data["2022-01-04-price"]["regions"] == "(national)"
    assert data["2022-01-02-rally"]["regions"] == "Mangystau Region"


def test_timeline_of_nothing_is_still_a_chart(mini_events):
    empty = filter_events(mini_events, Filters(q="nothing matches"))
    spec = sent(timeline_spec(empty, START, END))
    assert rows(spec) == []


def test_per_day_counts_every_day_of_the_range(mini_events):
    spec = sent(per_day_spec(mini_events, START, END))
    assert [(r["day"], r["events"]) for r in rows(spec)] == [
        ("2022-01-02", 1), ("2022-01-03", 0), ("2022-01-04", 2), ("2022-01-05", 0),
        ("2022-01-06", 1)]
    assert spec["encoding"]["x"] == sent(timeline_spec(mini_events, START, END))[
        "encoding"]["x"]  # the two charts share their day axis
    assert spec["mark"]["type"] == "bar"


def claims_like(mini_claims, rows_):
    """Claims frame rows built from the fixture's first row."""
    base = mini_claims.iloc[0].to_dict()
    return pd.DataFrame([{**base, **r} for r in rows_])


def test_figures_chart_has_a_series_per_claimant_and_marks_retracted(mini_claims):
    day = pd.Timestamp
    claims = claims_like(mini_claims, [
        {"id": "a1", "claimed_by": "Ministry", "value": 100.0, "status": "reported",
         "reported": day("2022-01-07")},
        {"id": "a2", "claimed_by": "Ministry", "value": 164.0, "status": "retracted",
         "reported": day("2022-01-09")},
        {"id": "a3", "claimed_by": "Ministry", "value": 225.0, "status": "reported",
         "reported": day("2022-01-15")},
        {"id": "b1", "claimed_by": "NGO", "value": 188.0, "status": "disputed",
         "reported": day("2022-02-01")},
        {"id": "undated", "claimed_by": "NGO", "value": 221.0, "status": "reported",
         "reported": pd.NaT},
        {"id": "part", "claimed_by": "Ministry", "value": 19.0, "status": "reported",
         "reported": day("2022-01-15"), "subject": "security personnel"},
    ])
    spec = sent(figures_spec(claims, "Deaths", selected="a3"))
    lines, ring, points = spec["layer"]
    data = {r["id"]: r for r in rows(spec)}
    # every dated claim is drawn, parts included; the table carries the undated
    assert set(data) == {"a1", "a2", "a3", "b1", "part"}
    assert data["a2"]["reported"] == "2022-01-09" and data["a2"]["status"] == "retracted"
    # one colour and one line per claimant, and a part is a line of its own
    assert data["part"]["series"] == "Ministry · security personnel"
    assert data["a1"]["series"] == "Ministry"
    assert lines["encoding"]["detail"]["field"] == "series"
    assert lines["mark"]["type"] == "line"
    # colours come from fill and stroke, never `color`, which Vega drops
    # beside them (the legend said orange, the points were blue)
    for layer in (lines, points):
        assert "color" not in layer["encoding"]
    assert points["encoding"]["fill"]["field"] == points["encoding"]["stroke"]["field"] == (
        lines["encoding"]["stroke"]["field"]) == "series"
    assert points["encoding"]["fill"]["scale"] == lines["encoding"]["stroke"]["scale"]
    # the claimants' legend is whole: no label cut
    assert points["encoding"]["fill"]["legend"]["labelLimit"] == 0
    # retracted points have their own shape, so the legend tells them apart
    assert lines["transform"] == [{"filter": "datum.status != 'retracted'"}]
    shapes = points["encoding"]["shape"]
    assert shapes["field"] == "status"
    by_status = dict(zip(shapes["scale"]["domain"], shapes["scale"]["range"], strict=True))
    assert len(set(by_status.values())) == len(by_status) == 3
    # points at the ends of the axes are drawn whole: the scales leave room
    assert points["encoding"]["x"]["scale"]["padding"] > 0
    assert points["encoding"]["y"]["scale"]["padding"] > 0
    # the chosen claim is ringed, the others not
    assert ring["encoding"]["opacity"]["condition"] == {"test": "datum.selected", "value": 1}
    # the status, the claimant and the source are in the tooltip
    titles = [t["title"] for t in points["encoding"]["tooltip"]]
    assert {"Status", "Claimed by", "Source", "Deaths"} <= set(titles)
    assert data["a3"]["selected"] is True and data["a1"]["selected"] is False
    # altair lifts a layer's selection to the top level, bound to that layer
    params = {p["name"]: p for p in spec["params"]}
    assert params[CLAIM]["select"]["fields"] == ["id"]
    assert params[CLAIM]["views"] == [points["name"]]
    # and time can be zoomed: claims cluster in January and trail over months
    assert params["zoom"]["bind"] == "scales" and params["zoom"]["select"]["encodings"] == ["x"]


def test_figures_chart_of_no_claims_is_still_a_chart(mini_claims):
    spec = sent(figures_spec(mini_claims.iloc[0:0], "Deaths"))
    assert rows(spec) == []


def square(region: str, lon: float, lat: float) -> dict:
    ring = [[lon, lat], [lon, lat + 1], [lon + 1, lat + 1], [lon + 1, lat], [lon, lat]]
    return {"type": "Feature", "id": region, "geometry": {"type": "Polygon",
                                                          "coordinates": [ring]}}


def test_map_shades_regions_by_events_and_marks_cities(mini, mini_events):
    counts = region_counts(mini_events, mini)
    features = [square("KZ-MAN", 51, 43), square("KZ-ALA", 76, 43), square("KZ-XXX", 60, 45)]
    spec = sent(map_spec(features, counts, points=("KZ-MAN",), selected=("KZ-ALA",)))
    shapes, cities = spec["layer"]
    # a shape per known region (an unknown feature is left out), counts in its properties
    values = {f["id"]: f["properties"] for f in shapes["data"]["values"]}
    assert set(values) == {"KZ-MAN", "KZ-ALA"}
    assert values["KZ-MAN"]["events"] == 1 and values["KZ-ALA"]["events"] == 1
    assert values["KZ-ALA"]["selected"] is True and values["KZ-MAN"]["selected"] is False
    assert shapes["mark"]["type"] == "geoshape"
    assert shapes["encoding"]["color"]["field"] == "properties.events"
    # shades and sizes run from no events to the data's own largest count
    for scale in (shapes["encoding"]["color"]["scale"], cities["encoding"]["size"]["scale"]):
        assert scale["domainMin"] == 0 and "domain" not in scale and "domainMax" not in scale
    assert [t["title"] for t in shapes["encoding"]["tooltip"]] == ["Region", "Also called",
                                                                 "Events"]
    # circles: the cities of the dataset and the regions drawn as points
    dots = {r["id"]: r for r in spec["datasets"][cities["data"]["name"]]}
    assert set(dots) == {"KZ-ALA", "KZ-AST", "KZ-MAN"}
    assert dots["KZ-AST"]["events"] == 1 and dots["KZ-ALA"]["selected"] is True
    assert cities["encoding"]["size"]["field"] == "events"
    assert {cities["encoding"]["longitude"]["field"], cities["encoding"]["latitude"]["field"]} \
        == {"lon", "lat"}
    # one click selection per layer, on the region id; a projection, no tiles
    assert {(p["name"], tuple(p["select"]["fields"])) for p in spec["params"]} == {
        (REGION, ("id",)), (CITY, ("id",))}
    assert spec["projection"]["type"] == "mercator"
    assert "url" not in json.dumps(spec)  # nothing fetched over the network


def test_a_large_timeline_sends_counts_not_events(mini_events):
    many = pd.concat([mini_events] * 300, ignore_index=True)  # 1,200 events
    many["id"] = [f"e{i}" for i in range(len(many))]
    spec = sent(timeline_spec(many, START, END, max_marks=1000))
    data = rows(spec)
    # one row per day and lane: 4 here, whatever the number of events
    assert [(r["day"], r["category"], r["events"]) for r in data] == [
        ("2022-01-02", "Protest", 300), ("2022-01-04", "Government", 300),
        ("2022-01-04", "Protest", 300), ("2022-01-06", "Unrest", 300)]
    assert "counted per day and category" in spec["title"]
    assert spec["encoding"]["size"]["field"] == "events"
    assert {t["title"] for t in spec["encoding"]["tooltip"]} >= {"Events", "First events"}
    (param,) = spec["params"]
    assert param["name"] == PICK  # the page's selection still exists
    # at or under the threshold, one mark per event as before
    assert len(rows(sent(timeline_spec(many, START, END, max_marks=1200)))) == 1200


def test_the_page_spec_carries_the_languages_month_names(mini_events):
    kk = sent(timeline_spec(mini_events, START, END, tr=translator("kk")))
    assert kk["config"]["locale"]["time"]["months"][0] == "Қаңтар"
    en = sent(timeline_spec(mini_events, START, END))
    assert en["config"]["locale"]["time"]["months"][0] == "January"


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
def test_every_page_spec_is_valid_vega_lite_and_carries_its_own_rows(
        mini, mini_events, mini_claims, lang):
    tr = translator(lang)
    features = [square("KZ-MAN", 51, 43), square("KZ-ALA", 76, 43)]
    counts = region_counts(mini_events, mini, tr)
    pages = [
        timeline_spec(mini_events, START, END, "2022-01-02-rally", tr=tr),
        timeline_spec(mini_events, START, END, max_marks=2, tr=tr),
        per_day_spec(mini_events, START, END, tr),
        figures_spec(mini_claims, "Deaths", "c1", tr),
        map_spec(features, counts, ("KZ-MAN",), ("KZ-ALA",), tr),
    ]
    for page in pages:
        sent(page)
    # a second spec of another view reuses the template and carries its own rows,
    # and filling one spec leaves the other as it was
    first = timeline_spec(mini_events, START, END, tr=tr)
    other = timeline_spec(mini_events.iloc[:1], dt.date(2022, 1, 2), dt.date(2022, 1, 3), tr=tr)
    assert [r["id"] for r in sent(other)["datasets"][ROWS]] == [mini_events["id"].iloc[0]]
    assert len(sent(first)["datasets"][ROWS]) == len(mini_events)
    assert sent(first)["encoding"]["x"]["scale"]["domain"] == [
        "2022-01-02", "2022-01-03", "2022-01-04", "2022-01-05", "2022-01-06"]
    assert sent(other)["encoding"]["x"]["scale"]["domain"] == ["2022-01-02", "2022-01-03"]


def test_a_broken_spec_fails_the_schema_check(mini_events):
    # the check the tests lean on can fail
    broken = timeline_spec(mini_events, START, END)
    broken["mark"] = {"type": "no-such-mark"}
    with pytest.raises(Exception, match="no-such-mark"):
        sent(broken)


def test_repeated_texts_are_sent_once_and_read_back_the_same(mini_claims):
    many = pd.concat([mini_claims] * COMPACT_FROM, ignore_index=True)
    page = figures_spec(many, "Deaths")
    rows = page["datasets"][ROWS]
    table = pa.Table.from_pandas(rows, preserve_index=False)
    # the claimants and sources repeat, so each is sent once; ids are kept as they are
    assert pa.types.is_dictionary(table.schema.field("claimed_by").type)
    assert pa.types.is_dictionary(table.schema.field("source").type)
    assert table.num_rows == len(many[many["reported"].notna() & (many["subject"] == "")])
    # what the browser decodes is what JSON records would have said
    assert table.to_pylist() == as_json(page)["datasets"][ROWS]
    plain = pa.Table.from_pandas(rows.astype({c: "str" for c in rows.select_dtypes("category")}),
                                 preserve_index=False)
    assert table.nbytes < plain.nbytes / 2


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 5), st.sampled_from(["protest", "unrest", "other"])),
                max_size=40))
def test_marks_of_a_day_and_lane_are_stacked_around_its_middle(rows):
    dates = pd.Series(pd.to_datetime([dt.date(2022, 1, 1 + d) for d, _ in rows]),
                      dtype="datetime64[s]")
    categories = pd.Series([c for _, c in rows], dtype="str")
    # with room for every mark in one column, the grid is a plain stack
    offset, across, stacked, wide = grid_offsets(dates, categories, rows=max(len(rows), 1))
    assert wide == 1 and not any(across)
    # what a pandas groupby says: place in the group, minus the group's middle
    group = pd.DataFrame({"d": dates, "c": categories}).groupby(["d", "c"])
    expected = group.cumcount() - (group["d"].transform("size") - 1) / 2
    assert list(offset) == list(expected)
    assert stacked == (int(group.size().max()) if rows else 1)
