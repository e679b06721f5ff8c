from __future__ import annotations

import datetime as dt

from kzdash.filters import Filters, filter_events, filter_quotes
from kzdash.frames import event_facts, event_labels, figure_text, format_date, headline
from kzdash.models import Figure


def test_format_date_marks_imprecise_dates():
    assert format_date(dt.date(2022, 1, 5)) == "5 January 2022"
    assert format_date(dt.date(2022, 1, 5), "inferred") == "5 January 2022 (inferred)"


def test_figure_text_keeps_qualifier_and_claimant():
    fig = Figure(label="foreign troops", value=2000, unit="troops", qualifier="more than",
                 claimed_by="Qazaq TV")
    assert figure_text(fig) == "foreign troops: more than 2,000 troops (per Qazaq TV)"
    exact = Figure(label="regions affected", value=11, unit="regions", claimed_by="X")
    assert figure_text(exact) == "regions affected: 11 regions (per X)"


def test_events_frame_is_sorted_and_flat(mini_events):
    assert list(mini_events["date"]) == sorted(mini_events["date"])
    row = mini_events.set_index("id").loc["2022-01-06-almaty"]
    assert row["regions"] == ("KZ-ALA",) and row["region_names"] == "Almaty"
    assert "Alma-Ata" in row["search_text"]
    assert mini_events.set_index("id").loc["2022-01-02-rally", "quote_text"].count("\n") == 1


def test_quotes_frame_carries_its_event(mini_quotes):
    row = mini_quotes.set_index("id").loc["wire-almaty"]
    assert row["event_title"] == "Unrest in Almaty"
    assert row["event_regions"] == ("KZ-ALA",)
    assert row["citations"] == "Wire: Wire report: “Almaty is calm now.”"


def test_headline_counts_the_view(mini_events, mini_quotes):
    f = Filters(regions=("KZ-MAN",), include_national=False)
    assert headline(filter_events(mini_events, f), filter_quotes(mini_quotes, f)) == {
        "Events": 1, "Quotes": 2, "Regions": 1, "Days": 1}
    assert headline(mini_events, mini_quotes) == {"Events": 4, "Quotes": 3, "Regions": 3,
                                                   "Days": 3}


def test_event_labels_and_facts(mini, mini_events):
    labels = event_labels(mini_events)
    assert labels["2022-01-04-price"] == "4 January 2022 · Government announces a new price"
    facts = event_facts(mini.events[1], {"KZ-ALA": "Almaty"})
    assert dict(zip(facts["Field"], facts["Value"], strict=True)) == {
        "Regions": "—", "Places": "—", "Actors": "—", "Category": "government (national)"}
