from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from test_message import FOUND, TOO_LARGE, UNKNOWN

from kzdash.filters import Filters, filter_events, filter_quotes
from kzdash.frames import (
    corrections_table,
    event_facts,
    event_labels,
    events_frame,
    figure_text,
    format_date,
    headline,
    metric_label,
    metrics,
    problem_table,
    region_counts,
    source_kind_label,
    sources_table,
    time_text,
    unmapped_counts,
)
from kzdash.i18n import ENGLISH, translator
from kzdash.load import Problem
from kzdash.models import SOURCE_KINDS, Figure


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


def test_time_text_in_another_language(mini):
    march = next(e for e in mini.events if e.id == "2022-01-04-march")
    assert time_text(march, translator("ru")) != "about 09:30"
    assert "09:30" in time_text(march, translator("ru"))


def test_items_carry_their_corrections(mini, mini_events, mini_quotes):
    rows = mini_events.set_index("id")
    assert rows.at["2022-01-06-almaty", "corrections"] == (
        "Corrected on 1 December 2026 (re-dated): The wire's undated paragraph follows its 5 "
        "January one. Before: 2022-01-05")
    assert rows.at["2022-01-02-rally", "corrections"] == ""
    assert set(mini_quotes["corrections"]) == {""}


def test_corrections_table_lists_removed_items_too(mini):
    table = corrections_table(mini)
    assert list(table["Item"]) == ["Event", "Quote"]
    assert list(table["What"]) == ["Unrest in Almaty", "mayor-thanks"]  # removed: its id
    assert list(table["Change"]) == ["re-dated", "removed"]
    russian = corrections_table(mini, translator("ru"))
    assert russian.iloc[0, 2] == "Беспорядки в Алматы"  # the event's translated title


def test_source_kinds_have_labels_in_every_language():
    for lang in ("en", "ru", "kk"):
        labels = [source_kind_label(k, translator(lang)) for k in SOURCE_KINDS]
        assert len(set(labels)) == len(SOURCE_KINDS) and not set(labels) & set(SOURCE_KINDS)
        if lang != "en":
            assert labels != [source_kind_label(k) for k in SOURCE_KINDS]


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


def test_sources_table_counts_the_items_of_the_given_frames(mini, mini_events, mini_quotes,
                                                           mini_claims):
    whole = sources_table(mini.sources, mini_events, mini_quotes, mini_claims).set_index("id")
    assert whole.loc["article", ["Events", "Quotes", "Claims", "Items"]].tolist() == [3, 2, 1, 6]
    assert whole.loc["wire", ["Events", "Quotes", "Claims", "Items"]].tolist() == [1, 1, 1, 3]
    assert whole.at["article", "Citations"] == "checked against an archived copy"
    assert whole.at["wire", "Citations"] == "cited with a note"
    assert whole.at["article", "Kind"] == "State media"
    assert whole.at["wire", "Published"] == "6 January 2022, 18:30 (UTC+06:00)"
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


# A problem's message, made in English, shown in the reader's language.


@pytest.mark.parametrize(("lang", "unknown", "too_large", "found"), [
    ("ru", "events[3].regions[0]: неизвестный id региона 'KZ-MAM'; может быть, имелось в виду "
     "'KZ-MAN'?", "sources[0].archive: архив 'archive/a.txt' больше предела "
     "(20\N{NO-BREAK SPACE}971\N{NO-BREAK SPACE}520 байт)",
     "events[1].category: Допустимые значения: 'protest', 'unrest' или 'other' "
     "(найдено: 'politics')"),
    ("kk", "events[3].regions[0]: 'KZ-MAM' id-і бар аймақ жоқ; 'KZ-MAN' деп жазғыңыз келді ме?",
     "sources[0].archive: 'archive/a.txt' мұрағаты 20\N{NO-BREAK SPACE}971\N{NO-BREAK SPACE}520 "
     "байт шегінен үлкен",
     "events[1].category: Рұқсат етілген мәндер: 'protest', 'unrest' немесе 'other' "
     "(табылғаны: 'politics')"),
])
def test_problem_table_shows_messages_in_the_language(lang, unknown, too_large, found):
    problems = [Problem("ds/events.yaml", 9, UNKNOWN, 7), Problem("ds/sources.yaml", 3, TOO_LARGE),
                Problem("ds/events.yaml", 7, FOUND, 5)]
    tr = translator(lang)
    table = problem_table(problems, tr)
    assert list(table.columns) == [tr.gettext(c) for c in ("File", "Line", "Column", "Message")]
    assert list(table[tr.gettext("Message")]) == [unknown, too_large, found]
    # the Problems themselves stay English, for the command line and the copyable text
    assert [str(p.message) for p in problems] == [UNKNOWN, TOO_LARGE, FOUND]


def test_problem_table_in_english_is_the_english_text():
    problems = [Problem("a.yaml", 1, UNKNOWN), Problem("b.yaml", 2, FOUND),
                Problem("c.yaml", 0, "plain text, from before messages were translatable")]
    assert list(problem_table(problems, ENGLISH)["Message"]) == [p.message for p in problems]
    assert problem_table(problems, translator("ru"))["Сообщение"].iloc[2] == problems[2].message
