"""Chart specs, asserted on ``chart.to_dict()`` as altair's own tests do."""

from __future__ import annotations

import datetime as dt

from kzdash.charts import PICK, per_day_chart, timeline_chart
from kzdash.filters import Filters, filter_events

START, END = dt.date(2022, 1, 2), dt.date(2022, 1, 6)


def rows(spec):
    return next(iter(spec["datasets"].values()))


def test_timeline_has_one_mark_per_event_with_lanes_and_tooltips(mini_events):
    spec = timeline_chart(mini_events, START, END).to_dict()
    data = rows(spec)
    assert [r["id"] for r in data] == list(mini_events["id"])
    enc = spec["encoding"]
    # a day axis: one band per calendar day of the range, empty days included
    assert enc["x"]["field"] == "day" and enc["x"]["type"] == "ordinal"
    assert enc["x"]["scale"]["domain"] == ["2022-01-02", "2022-01-03", "2022-01-04",
                                           "2022-01-05", "2022-01-06"]
    assert [r["day"] for r in data] == ["2022-01-02", "2022-01-04", "2022-01-04", "2022-01-06"]
    assert enc["y"]["field"] == "category" and enc["color"]["field"] == "category"
    assert [t["title"] for t in enc["tooltip"]] == ["Date", "Event", "Regions", "Source"]
    # the 4 January protest lane holds one event (the other that day is
    # government): a lone mark sits on the lane's centre line
    assert [r["offset"] for r in data if r["category"] == "protest"] == [0.0, 0.0]
    assert enc["yOffset"]["field"] == "offset"


def test_timeline_spreads_events_of_one_day_and_lane(mini_events):
    same_day = mini_events.assign(category="unrest", date=mini_events["date"].iloc[0])
    data = rows(timeline_chart(same_day, START, END).to_dict())
    assert sorted(r["offset"] for r in data) == [-1.5, -0.5, 0.5, 1.5]


def test_timeline_selection_is_a_named_point_on_id(mini_events):
    spec = timeline_chart(mini_events, START, END).to_dict()
    (param,) = spec["params"]
    assert param["name"] == PICK
    assert param["select"]["type"] == "point" and param["select"]["fields"] == ["id"]


def test_timeline_marks_inferred_dates_and_the_selected_event(mini_events):
    spec = timeline_chart(mini_events, START, END, selected="2022-01-06-almaty").to_dict()
    data = {r["id"]: r for r in rows(spec)}
    assert data["2022-01-06-almaty"]["date_precision"] == "inferred"
    assert data["2022-01-06-almaty"]["when"] == "6 January 2022 (inferred)"
    assert data["2022-01-06-almaty"]["selected"] is True
    assert data["2022-01-02-rally"]["selected"] is False
    shape = spec["encoding"]["shape"]
    assert shape["field"] == "date_precision"
    assert dict(zip(shape["scale"]["domain"], shape["scale"]["range"], strict=True))[
        "inferred"] == "diamond"


def test_timeline_national_events_say_so(mini_events):
    data = {r["id"]: r for r in rows(timeline_chart(mini_events, START, END).to_dict())}
    assert data["2022-01-04-price"]["regions"] == "(national)"
    assert data["2022-01-02-rally"]["regions"] == "Mangystau Region"


def test_timeline_of_nothing_is_still_a_chart(mini_events):
    empty = filter_events(mini_events, Filters(q="nothing matches"))
    spec = timeline_chart(empty, START, END).to_dict()
    assert rows(spec) == []


def test_per_day_counts_every_day_of_the_range(mini_events):
    spec = per_day_chart(mini_events, START, END).to_dict()
    assert [(r["day"], r["events"]) for r in rows(spec)] == [
        ("2022-01-02", 1), ("2022-01-03", 0), ("2022-01-04", 2), ("2022-01-05", 0),
        ("2022-01-06", 1)]
    assert spec["encoding"]["x"] == timeline_chart(mini_events, START, END).to_dict()[
        "encoding"]["x"]  # the two charts share their day axis
    assert spec["mark"]["type"] == "bar"
