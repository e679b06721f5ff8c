from __future__ import annotations

import pandas as pd

from kzdash.frames import events_frame, metrics
from kzdash.labels import metric_label


def test_events_frame_is_sorted_and_flat(mini_events):
    assert list(mini_events["date"]) == sorted(mini_events["date"])
    row = mini_events.set_index("id").loc["2022-01-06-almaty"]
    assert row["regions"] == ("KZ-ALA",) and row["region_names"] == "Almaty"
    assert "alma-ata" in row["search"]  # folded: lower case, Kazakh letters as Russian
    rally = mini_events.set_index("id").loc["2022-01-02-rally", "search"]
    assert "test mayor" in rally and rally == rally.casefold()


def test_quotes_frame_carries_its_event(mini_quotes):
    row = mini_quotes.set_index("id").loc["wire-almaty"]
    assert row["event_title"] == "Unrest in Almaty"
    assert row["event_regions"] == ("KZ-ALA",)
    assert row["citations"] == ("Wire (International news agency): Wire report: note: The "
                                "analyst's words, in quotation marks; last paragraph (cited "
                                "with a note)")
    assert row["source_kinds"] == ("international-agency",)


def test_events_are_ordered_within_a_day_by_time(mini, mini_events):
    # in the file the 10:00 event comes before the 09:30 one
    assert [e.id for e in mini.events][1:3] == ["2022-01-04-price", "2022-01-04-march"]
    day = mini_events[mini_events["date"] == pd.Timestamp("2022-01-04")]
    assert list(day["id"]) == ["2022-01-04-march", "2022-01-04-price"]
    rows = mini_events.set_index("id")
    assert rows.at["2022-01-04-march", "time_text"] == "about 09:30"
    assert rows.at["2022-01-04-price", "time_text"] == "10:00"
    assert rows.at["2022-01-02-rally", "time_text"] == ""
    assert "half past nine" in rows.at["2022-01-04-march", "time_note"]


def test_an_untimed_event_comes_after_the_timed_ones_of_its_day(mini):
    untimed = mini.events[1].model_copy(update={"time": None})
    ds = mini.model_copy(update={"events": (mini.events[0], untimed, *mini.events[2:])})
    day = events_frame(ds)
    assert list(day[day["date"] == pd.Timestamp("2022-01-04")]["id"]) == [
        "2022-01-04-march", "2022-01-04-price"]
    assert list(events_frame(ds).set_index("id").loc["2022-01-04-price", ["time", "time_text"]]
                ) == ["", ""]


def test_items_carry_their_corrections(mini, mini_events, mini_quotes):
    rows = mini_events.set_index("id")
    assert rows.at["2022-01-06-almaty", "corrections"] == (
        "Corrected on 1 December 2026 (re-dated): The wire's undated paragraph follows its 5 "
        "January one. Before: 2022-01-05")
    assert rows.at["2022-01-02-rally", "corrections"] == ""
    assert set(mini_quotes["corrections"]) == {""}


def test_claims_frame_keeps_unknown_dates_as_gaps(mini_claims):
    rows = mini_claims.set_index("id")
    assert rows.at["deaths-wire-first", "value_text"] == "at least 10"
    assert rows.at["detained-article", "value_text"] == "more than 300"
    assert rows.at["detained-article", "reported_text"] == "5 January 2022 (approximate)"
    assert rows.at["detained-article", "as_of"] is pd.NaT
    assert rows.at["deaths-wire-first", "citations"].startswith(
        "Wire (International news agency): Wire report: note: Wire's account")
    assert rows.at["detained-article", "citations"] == (
        "Test Agency (State media): Test article: “Officials said the rally was peaceful.” "
        "(checked against an archived copy)")


def test_metrics_put_the_best_known_first(mini_claims):
    assert metrics(mini_claims) == ["deaths", "detained"]
    other = mini_claims.assign(metric=["zebras", "deaths"])
    assert metrics(other) == ["deaths", "zebras"]
    assert metric_label("foreign-troops") == "Foreign troops"
    assert metric_label("tanks-seen") == "Tanks seen"


# A problem's message, made in English, shown in the reader's language.


