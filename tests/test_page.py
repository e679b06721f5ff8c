"""What the page shows of a dataset: one object of tables and indexes, and
the tables as the page lays them out."""

from __future__ import annotations

import datetime as dt

import pytest

from kzdash import charts
from kzdash.i18n import translator
from kzdash.load import load_dataset
from kzdash.page import claims_table, page_data, per_day_table, region_table
from kzdash.tables import region_counts


@pytest.fixture(scope="module")
def ds():
    return load_dataset()


def test_page_data_indexes_every_item_by_id(ds):
    page = page_data(ds)
    assert list(page.events_by_id) == [e.id for e in ds.events]
    assert set(page.claim_rows.index) == {c.id for c in ds.claims} == set(page.claims_by_id)
    some = ds.events[-1]
    assert page.event_rows.loc[some.id, "title"] == some.title
    assert set(page.event_titles) == set(page.events_by_id)


def test_its_vocabulary_is_what_a_link_may_name(ds):
    page = page_data(ds)
    vocab = page.vocabulary(("en", "ru"))
    assert (vocab.first_day, vocab.last_day) == (min(e.date for e in ds.events),
                                                 max(e.date for e in ds.events))
    assert set(vocab.regions) == {r.id for r in ds.regions}
    assert set(vocab.speakers) == {q.speaker for q in ds.quotes}
    assert list(vocab.metrics) == page.metrics and vocab.languages == ("en", "ru")


def test_the_claims_table_is_headed_in_the_interface_language(ds):
    ru = translator("ru")
    page = page_data(ds, ru)
    table = claims_table(page.claims, "Погибшие", ru)
    assert list(table.columns)[0] == "Погибшие"
    assert ru.gettext("Claimed by") + ru.original() in table.columns
    assert len(table) == len(ds.claims)


def test_the_region_table_lists_the_most_events_first(ds):
    page = page_data(ds)
    table = region_table(region_counts(page.events, ds), translator("en"))
    assert list(table.columns) == ["Region", "Kind", "Events", "Also called"]
    assert table["Events"].is_monotonic_decreasing
    assert len(table) == len(ds.regions)


def test_the_per_day_table_counts_what_the_chart_draws(ds):
    page = page_data(ds)
    start, end = dt.date(2022, 1, 4), dt.date(2022, 1, 6)
    ru = translator("ru")
    table = per_day_table(page.events, start, end, ru)
    assert list(table.columns) == ["Дата", "События"]
    assert len(table) == 3 and table["Дата"].iloc[0] == ru.date(start)
    chart = charts.per_day_spec(page.events, start, end, ru)["datasets"][charts.ROWS]
    assert list(table["События"]) == list(chart["events"])
    days = page.events["date"].dt.date
    assert list(table["События"]) == [int((days == start + dt.timedelta(d)).sum())
                                      for d in range(3)]
