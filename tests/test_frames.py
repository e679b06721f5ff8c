from __future__ import annotations

import datetime as dt

import pandas as pd

from kzdash.filters import Filters, filter_events, filter_quotes
from kzdash.frames import (
    event_facts,
    event_labels,
    figure_text,
    format_date,
    headline,
    metric_label,
    metrics,
    region_counts,
    sources_table,
    unmapped_counts,
)
from kzdash.i18n import translator
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
    assert "alma-ata" in row["search"]  # folded: lower case, Kazakh letters as Russian
    rally = mini_events.set_index("id").loc["2022-01-02-rally", "search"]
    assert "test mayor" in rally and rally == rally.casefold()


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
        "Regions": "—", "Places": "—", "Actors": "—", "Category": "Government (national)"}


def test_claims_frame_keeps_unknown_dates_as_gaps(mini_claims):
    rows = mini_claims.set_index("id")
    assert rows.at["deaths-wire-first", "value_text"] == "at least 10"
    assert rows.at["detained-article", "value_text"] == "more than 300"
    assert rows.at["detained-article", "reported_text"] == "5 January 2022 (approximate)"
    assert rows.at["detained-article", "as_of"] is pd.NaT
    assert rows.at["deaths-wire-first", "citations"] == "Wire: Wire report: “Unrest in Almaty.”"


def test_metrics_put_the_best_known_first(mini_claims):
    assert metrics(mini_claims) == ["deaths", "detained"]
    other = mini_claims.assign(metric=["zebras", "deaths"])
    assert metrics(other) == ["deaths", "zebras"]
    assert metric_label("foreign-troops") == "Foreign troops"
    assert metric_label("tanks-seen") == "Tanks seen"


def test_sources_table_counts_the_items_of_the_given_frames(mini, mini_events, mini_quotes,
                                                           mini_claims):
    whole = sources_table(mini.sources, mini_events, mini_quotes, mini_claims).set_index("id")
    assert whole.loc["article", ["Events", "Quotes", "Claims", "Items"]].tolist() == [3, 2, 1, 6]
    assert whole.loc["wire", ["Events", "Quotes", "Claims", "Items"]].tolist() == [1, 1, 1, 3]
    assert whole.at["article", "Excerpts checked against"] == "the source's own text"
    assert whole.at["wire", "Excerpts checked against"] == "no archived text"
    none = sources_table(mini.sources, mini_events.iloc[0:0], mini_quotes.iloc[0:0],
                         mini_claims.iloc[0:0])
    assert none["Items"].tolist() == [0, 0]


def test_region_counts_count_local_events_and_keep_every_region(mini, mini_events):
    counts = region_counts(mini_events, mini).set_index("id")
    assert counts["events"].to_dict() == {"KZ-MAN": 1, "KZ-AST": 1, "KZ-ALA": 1}
    assert counts.at["KZ-ALA", "aliases"] == "Алматы, Alma-Ata"
    russian = region_counts(mini_events, mini, translator("ru")).set_index("id")
    assert russian.at["KZ-MAN", "name"] == "Мангистауская область"
    assert russian.at["KZ-ALA", "aliases"] == "Almaty, Alma-Ata"
    assert russian.at["KZ-ALA", "kind_text"] == translator("ru").gettext("city") != "city"
    both = mini_events.assign(regions=[("KZ-ALA", "KZ-MAN")] * len(mini_events))
    assert region_counts(both, mini).set_index("id")["events"].to_dict() == {
        "KZ-MAN": 4, "KZ-AST": 0, "KZ-ALA": 4}
    assert unmapped_counts(mini_events) == {"national": 1, "international": 0}
