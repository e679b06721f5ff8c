"""Filters as a table of cases, plus the rules that hold for every filter."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kzdash.filters import (
    Filters,
    filter_claims,
    filter_events,
    filter_quotes,
    fold,
    matches,
    toggle,
)
from kzdash.frames import events_frame, quotes_frame, synonyms, visible
from kzdash.load import DATA_DIR as DATA
from kzdash.load import load_dataset

D = dt.date


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (Filters(), ["2022-01-02-rally", "2022-01-04-march", "2022-01-04-price",
                     "2022-01-06-almaty"]),
        (Filters(start=D(2022, 1, 4), end=D(2022, 1, 4)), ["2022-01-04-march",
                                                            "2022-01-04-price"]),
        (Filters(start=D(2022, 1, 5)), ["2022-01-06-almaty"]),
        (Filters(end=D(2022, 1, 3)), ["2022-01-02-rally"]),
        # national events stay with a region chosen, unless turned off
        (Filters(regions=("KZ-ALA",)), ["2022-01-04-price", "2022-01-06-almaty"]),
        (Filters(regions=("KZ-ALA",), include_national=False), ["2022-01-06-almaty"]),
        (Filters(regions=("KZ-ALA", "KZ-MAN"), include_national=False),
         ["2022-01-02-rally", "2022-01-06-almaty"]),
        (Filters(categories=("protest",)), ["2022-01-02-rally", "2022-01-04-march"]),
        (Filters(categories=("protest",), regions=("KZ-AST",)), ["2022-01-04-march"]),
        # search: title, summary, a quote of the event, case-insensitive
        (Filters(q="MARCH"), ["2022-01-04-march"]),
        (Filters(q="described it as peaceful"), ["2022-01-02-rally"]),
        (Filters(q="listen to everyone"), ["2022-01-02-rally"]),
        (Filters(q="almaty"), ["2022-01-06-almaty"]),
        (Filters(q="no such words"), []),
        # sources: items citing any of the chosen ones
        (Filters(sources=("wire",)), ["2022-01-06-almaty"]),
        (Filters(sources=("article", "wire")), ["2022-01-02-rally", "2022-01-04-march",
                                                "2022-01-04-price", "2022-01-06-almaty"]),
        (Filters(q="  "), ["2022-01-02-rally", "2022-01-04-march", "2022-01-04-price",
                            "2022-01-06-almaty"]),
        # source kinds: items citing a source of any of the chosen kinds
        (Filters(kinds=("international-agency",)), ["2022-01-06-almaty"]),
        (Filters(kinds=("state-media",)), ["2022-01-02-rally", "2022-01-04-march",
                                           "2022-01-04-price"]),
        (Filters(kinds=("state-media", "international-agency")), [
            "2022-01-02-rally", "2022-01-04-march", "2022-01-04-price", "2022-01-06-almaty"]),
        (Filters(kinds=("ngo",)), []),
        (Filters(kinds=("state-media",), sources=("wire",)), []),
    ],
)
def test_filter_events(mini_events, filters, expected):
    assert list(filter_events(mini_events, filters)["id"]) == expected


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (Filters(), ["mayor-listen", "officials-peaceful", "wire-almaty"]),
        (Filters(speakers=("Officials",)), ["officials-peaceful"]),
        (Filters(start=D(2022, 1, 3)), ["wire-almaty"]),
        (Filters(regions=("KZ-ALA",)), ["wire-almaty"]),
        (Filters(categories=("protest",)), ["mayor-listen", "officials-peaceful"]),
        (Filters(q="calm"), ["wire-almaty"]),
        (Filters(q="test mayor"), ["mayor-listen"]),
        (Filters(sources=("wire",)), ["wire-almaty"]),
        (Filters(kinds=("international-agency",)), ["wire-almaty"]),
        (Filters(kinds=("state-body", "ngo")), []),
        # a quote matches through its event's title too
        (Filters(q="Rally in Testville"), ["mayor-listen", "officials-peaceful"]),
    ],
)
def test_filter_quotes(mini_quotes, filters, expected):
    assert list(filter_quotes(mini_quotes, filters)["id"]) == expected


days = st.dates(min_value=D(2021, 12, 30), max_value=D(2022, 1, 10))
any_filters = st.builds(
    Filters,
    start=st.none() | days,
    end=st.none() | days,
    regions=st.lists(st.sampled_from(["KZ-ALA", "KZ-MAN", "KZ-AST", "KZ-XXX"]),
                     max_size=3).map(tuple),
    categories=st.lists(st.sampled_from(["protest", "government", "unrest"]),
                        max_size=2).map(tuple),
    speakers=st.lists(st.sampled_from(["Officials", "Test Mayor"]), max_size=2).map(tuple),
    q=st.sampled_from(["", "rally", "a", "Almaty", "zzz"]),
    include_national=st.booleans(),
    sources=st.lists(st.sampled_from(["article", "wire", "nope"]), max_size=2).map(tuple),
    kinds=st.lists(st.sampled_from(["state-media", "international-agency", "ngo"]),
                   max_size=2).map(tuple),
)


@settings(max_examples=150, deadline=None)
@given(any_filters)
def test_filtered_view_is_a_subset_and_idempotent(mini_events, mini_quotes, mini_claims, f):
    once = filter_events(mini_events, f)
    assert set(once["id"]) <= set(mini_events["id"])
    assert list(filter_events(once, f)["id"]) == list(once["id"])
    quotes = filter_quotes(mini_quotes, f)
    assert set(quotes["id"]) <= set(mini_quotes["id"])
    assert list(filter_quotes(quotes, f)["id"]) == list(quotes["id"])

    claims = filter_claims(mini_claims, f)
    assert set(claims["id"]) <= set(mini_claims["id"])
    # the page's narrower copies: the same rows, without the search column
    for frame, filtered, narrow in [
        (mini_events, once, filter_events(mini_events, f, columns=visible(mini_events))),
        (mini_quotes, quotes, filter_quotes(mini_quotes, f, columns=visible(mini_quotes))),
    ]:
        assert "search" in frame.columns and "search" not in narrow.columns
        assert narrow.equals(filtered.drop(columns="search"))


@pytest.mark.parametrize(
    ("filters", "metric", "expected"),
    [
        (Filters(), None, ["deaths-wire-first", "detained-article"]),
        (Filters(), "detained", ["detained-article"]),
        (Filters(sources=("wire",)), None, ["deaths-wire-first"]),
        (Filters(sources=("wire",)), "detained", []),
        (Filters(kinds=("state-media",)), None, ["detained-article"]),
        (Filters(kinds=("ngo",)), None, []),
        # dates and regions do not hide figures published after the events
        (Filters(start=D(2022, 1, 10), regions=("KZ-AST",), include_national=False), None,
         ["deaths-wire-first", "detained-article"]),
    ],
)
def test_filter_claims(mini_claims, filters, metric, expected):
    assert list(filter_claims(mini_claims, filters, metric)["id"]) == expected


@pytest.mark.parametrize(
    ("chosen", "value", "expected"),
    [((), "KZ-ALA", ["KZ-ALA"]), (("KZ-MAN",), "KZ-ALA", ["KZ-MAN", "KZ-ALA"]),
     (("KZ-MAN", "KZ-ALA"), "KZ-ALA", ["KZ-MAN"]), (["KZ-ALA"], "KZ-ALA", [])],
)
def test_toggle_adds_then_removes(chosen, value, expected):
    assert toggle(chosen, value) == expected


@pytest.fixture(scope="module")
def embedded():
    ds = load_dataset(DATA)
    return events_frame(ds), quotes_frame(ds), synonyms(ds)


def test_every_spelling_of_a_city_finds_the_same_events(embedded):
    events, _, names = embedded
    found = {q: set(filter_events(events, Filters(q=q), names)["id"])
             for q in ("Almaty", "Алматы", "Алма-Ата", "alma-ata")}
    assert len(found["Almaty"]) >= 5
    assert found["Almaty"] == found["Алматы"] == found["Алма-Ата"] == found["alma-ata"]


def test_russian_and_kazakh_spellings_find_tokayevs_quotes(embedded):
    _, quotes, names = embedded
    his = set(quotes.loc[quotes["speaker"] == "Kassym-Jomart Tokayev", "id"])
    found = {q: set(filter_quotes(quotes, Filters(q=q), names)["id"])
             for q in ("Токаев", "Тоқаев", "ТОКАЕВ")}
    assert his and his <= found["Токаев"]
    assert found["Токаев"] == found["Тоқаев"] == found["ТОКАЕВ"]


def test_search_finds_translated_titles(embedded):
    events, _, names = embedded
    ds = load_dataset(DATA)
    event = next(e for e in ds.events if "ru" in e.translations)
    title = event.translations["ru"].title
    assert event.id in set(filter_events(events, Filters(q=title), names)["id"])


def test_kazakh_letters_fold_onto_russian_ones():
    assert fold("Тоқаев Өскемен ЁЛКА") == fold("токаев оскемен елка")


def test_a_search_computed_once_serves_several_filters(embedded):
    events, _, names = embedded
    f = Filters(q="Алматы", regions=("KZ-ALA",))
    text = matches(events, f.q, names)
    assert filter_events(events, f, text=text).equals(filter_events(events, f, names))
    narrow = filter_events(events, f, text=text, columns=["regions", "scope"])
    assert list(narrow.columns) == ["regions", "scope"]
    assert list(narrow.index) == list(filter_events(events, f, names).index)
    assert matches(events, "  ", names).all()


@pytest.mark.parametrize("f", [Filters(), Filters(start=dt.date(2022, 1, 4))])
def test_a_view_is_a_frame_of_its_own(mini_events, mini_quotes, f):
    """The unfiltered view copies no row, yet changing it leaves the cached
    frame as it was (the page never mutates frames; this keeps it safe)."""
    for frame, filtered in ((mini_events, filter_events), (mini_quotes, filter_quotes)):
        before = frame.copy()
        for columns in (None, ["id", "date"]):
            view = filtered(frame, f, columns=columns)
            view.loc[view.index, "id"] = "changed"
            assert frame.equals(before)
        assert list(filtered(frame, f, columns=["id", "date"]).columns) == ["id", "date"]
