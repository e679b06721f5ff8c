"""kzdash.tables: the tables beside the charts (sources, corrections, regions, facts, problems)."""

from __future__ import annotations

import pytest
from test_message import FOUND, TOO_LARGE, UNKNOWN

from kzdash.filters import Filters, filter_events, filter_quotes
from kzdash.i18n import ENGLISH, translator
from kzdash.load import Problem
from kzdash.tables import (
    corrections_table,
    event_facts,
    event_labels,
    headline,
    problem_table,
    region_counts,
    sources_table,
    unmapped_counts,
)


def test_corrections_table_lists_removed_items_too(mini):
    table = corrections_table(mini)
    assert list(table["Item"]) == ["Event", "Quote"]
    assert list(table["What"]) == ["Unrest in Almaty", "mayor-thanks"]  # removed: its id
    assert list(table["Change"]) == ["re-dated", "removed"]
    russian = corrections_table(mini, translator("ru"))
    assert russian.iloc[0, 2] == "Беспорядки в Алматы"  # the event's translated title


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
