"""The URL contract: parsing is defensive, and a view round-trips."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kzdash.filters import Filters
from kzdash.i18n import translator
from kzdash.links import (
    FIELDS,
    MAX_Q,
    TABS,
    View,
    Vocabulary,
    address,
    embed_snippet,
    from_widgets,
    language,
    parse,
    to_params,
    widget_state,
)

D = dt.date
VOCAB = Vocabulary(
    first_day=D(2022, 1, 2),
    last_day=D(2022, 1, 13),
    regions={"KZ-ALA", "KZ-MAN", "KZ-AST"},
    categories={"protest", "unrest", "government"},
    speakers={"Kassym-Jomart Tokayev", "Maria Zakharova"},
    events={"2022-01-05-airport", "2022-01-10-mourning"},
    sources={"kazinform", "tass"},
    kinds=("state-body", "state-media", "independent-media", "ngo"),
    metrics=("deaths", "detained"),
    languages=("en", "ru", "kk"),
)
FULL = (D(2022, 1, 2), D(2022, 1, 13))


def test_empty_url_is_the_default_view():
    view, warnings = parse({}, VOCAB)
    assert warnings == []
    assert (view.filters.start, view.filters.end) == FULL
    assert view == View(Filters(start=FULL[0], end=FULL[1]))
    assert to_params(view, VOCAB) == {}


def test_a_shared_link_restores_every_field():
    params = {
        "dates": ["2022-01-05", "2022-01-06"],
        "regions": ["KZ-ALA"],
        "categories": ["unrest", "government"],
        "speakers": ["Kassym-Jomart Tokayev"],
        "q": ["airport"],
        "national": ["0"],
        "event": ["2022-01-05-airport"],
        "sources": ["tass", "kazinform"],
        "kinds": ["ngo", "independent-media"],
        "metric": ["detained"],
        "tab": ["figures"],
    }
    view, warnings = parse(params, VOCAB)
    assert warnings == []
    assert view == View(
        Filters(D(2022, 1, 5), D(2022, 1, 6), ("KZ-ALA",), ("unrest", "government"),
                ("Kassym-Jomart Tokayev",), "airport", False, ("tass", "kazinform"),
                ("ngo", "independent-media")),
        "2022-01-05-airport",
        "detained",
        tab="figures",
    )
    assert to_params(view, VOCAB) == params


@pytest.mark.parametrize(
    ("params", "warning", "field", "value"),
    [
        ({"dates": ["2022-01-06", "2022-01-05"]}, "reversed", "dates", FULL),
        ({"dates": ["2022-13-01", "2022-01-05"]}, "is not a date", "dates", FULL),
        ({"dates": ["yesterday", "today"]}, "is not a date", "dates", FULL),
        ({"dates": ["2022-01-05"]}, "expected two values", "dates", FULL),
        ({"dates": ["2022-01-05"] * 3}, "expected two values", "dates", FULL),
        ({"dates": ["2021-01-01", "2021-01-05"]}, "outside the dataset", "dates", FULL),
        ({"dates": ["2021-12-25", "2022-01-05"]}, "narrowed",
         "dates", (D(2022, 1, 2), D(2022, 1, 5))),
        ({"regions": ["KZ-ALA", "KZ-XYZ"]}, "unknown regions: 'KZ-XYZ'", "regions", ("KZ-ALA",)),
        ({"regions": ["Almaty"]}, "unknown regions", "regions", ()),
        ({"categories": ["riot"]}, "unknown categories: 'riot'", "categories", ()),
        ({"speakers": ["Nobody"]}, "unknown speakers", "speakers", ()),
        ({"event": ["no-such-event"]}, "unknown event", "event", None),
        ({"national": ["maybe"]}, "expected 0 or 1", "include_national", True),
        ({"q": ["x" * 5000]}, "cut to", "q", "x" * MAX_Q),
        ({"q": ["a", "b"]}, "using the last one", "q", "b"),
        ({"regions": ["KZ-ALA"] * 500}, "more than", "regions", ()),
        ({"utmsource": ["mail"]}, "unknown link parameter", "q", ""),
        ({"lang": ["ru", "kk"]}, "Several lang values", "lang", "kk"),
        ({"tab": ["map", "figures"]}, "Several tab values", "tab", "figures"),
        ({"metric": ["deaths", "detained"]}, "Several metric values", "metric", "detained"),
        ({"event": ["x", "2022-01-05-airport"]}, "Several event values", "event",
         "2022-01-05-airport"),
        ({"national": ["1", "0"]}, "Several national values", "include_national", False),
        ({"sources": ["tass", "pravda"]}, "unknown sources: 'pravda'", "sources", ("tass",)),
        ({"kinds": ["ngo", "blog"]}, "unknown kinds: 'blog'", "kinds", ("ngo",)),
        ({"kinds": ["state media"]}, "unknown kinds", "kinds", ()),
        ({"kinds": ["ngo"] * 500}, "more than", "kinds", ()),
        ({"metric": ["casualties"]}, "unknown metric", "metric", None),
        ({"tab": ["Карта"]}, "unknown tab: 'Карта'", "tab", None),
    ],
)
def test_bad_values_are_dropped_with_a_warning(params, warning, field, value):
    view, warnings = parse(params, VOCAB)
    assert any(warning in w for w in warnings), warnings
    if field == "dates":
        actual = (view.filters.start, view.filters.end)
    elif field in ("event", "metric", "tab", "lang"):
        actual = getattr(view, field)
    else:
        actual = getattr(view.filters, field)
    assert actual == value


def test_streamlit_parameters_are_not_warned_about():
    assert parse({"embed": ["true"]}, VOCAB)[1] == []


def test_the_default_metric_stays_out_of_the_url():
    view, warnings = parse({"metric": ["deaths"]}, VOCAB)
    assert warnings == []
    assert view.metric is None
    assert to_params(View(metric="deaths"), VOCAB) == {}


def test_the_open_tab_is_named_the_same_in_every_language_and_defaults_to_the_first():
    view, warnings = parse({"tab": ["map"], "lang": ["kk"]}, VOCAB)
    assert warnings == [] and view.tab == "map"
    assert to_params(replace(view, lang="ru"), VOCAB) == {"tab": ["map"], "lang": ["ru"]}
    view, warnings = parse({"tab": [TABS[0]]}, VOCAB)
    assert warnings == [] and view.tab is None
    assert to_params(View(tab=TABS[0]), VOCAB) == {}


def test_repeated_values_are_kept_once():
    view, _ = parse({"regions": ["KZ-ALA", "KZ-ALA", "KZ-MAN"]}, VOCAB)
    assert view.filters.regions == ("KZ-ALA", "KZ-MAN")


sub = lambda xs: st.lists(st.sampled_from(sorted(xs)), unique=True, max_size=3).map(tuple)  # noqa: E731


def test_the_language_is_part_of_the_link():
    view, warnings = parse({"lang": ["kk"], "regions": ["KZ-ALA"]}, VOCAB)
    assert warnings == [] and view.lang == "kk" and view.filters.regions == ("KZ-ALA",)
    assert to_params(view, VOCAB) == {"regions": ["KZ-ALA"], "lang": ["kk"]}
    assert language({"lang": ["ru"]}, VOCAB) == "ru"
    assert language({"lang": ["de"]}, VOCAB) is None and language({}, VOCAB) is None


def test_an_unknown_language_is_dropped_with_a_warning_and_keeps_the_rest():
    view, warnings = parse({"lang": ["de"], "q": ["airport"]}, VOCAB)
    assert view.lang is None and view.filters.q == "airport"
    assert warnings == ["Ignored unknown lang: 'de'."]


def test_switching_language_keeps_every_other_parameter():
    params = {
        "dates": ["2022-01-05", "2022-01-06"], "regions": ["KZ-ALA"], "categories": ["unrest"],
        "speakers": ["Kassym-Jomart Tokayev"], "q": ["Алматы"], "national": ["0"],
        "event": ["2022-01-05-airport"], "sources": ["tass"], "kinds": ["state-body"],
        "metric": ["detained"], "tab": ["sources"], "lang": ["ru"],
    }
    view, _ = parse(params, VOCAB)
    for lang in ("kk", "en", None):
        switched = to_params(replace(view, lang=lang), VOCAB)
        assert {k: v for k, v in switched.items() if k != "lang"} == {
            k: v for k, v in params.items() if k != "lang"}
        assert switched.get("lang") == ([lang] if lang else None)


def test_warnings_come_in_the_language_of_the_link():
    ru = translator("ru")
    _, warnings = parse({"regions": ["KZ-XXX"], "lang": ["ru"]}, VOCAB, ru)
    assert warnings == [ru.gettext("Ignored unknown {name}: {values}.").format(
        name="regions", values="'KZ-XXX'")]
    assert warnings != ["Ignored unknown regions: 'KZ-XXX'."]


@st.composite
def views(draw):
    start = draw(st.dates(min_value=FULL[0], max_value=FULL[1]))
    end = draw(st.dates(min_value=start, max_value=FULL[1]))
    return View(
        Filters(start, end, draw(sub(VOCAB.regions)), draw(sub(VOCAB.categories)),
                draw(sub(VOCAB.speakers)), draw(st.text(max_size=30).filter(str.strip)
                                                | st.just("")),
                draw(st.booleans()), draw(sub(VOCAB.sources)), draw(sub(VOCAB.kinds))),
        draw(st.none() | st.sampled_from(sorted(VOCAB.events))),
        draw(st.none() | st.sampled_from(VOCAB.metrics[1:])),
        draw(st.none() | st.sampled_from(VOCAB.languages)),
        draw(st.none() | st.sampled_from(TABS[1:])),
    )


@settings(max_examples=200, deadline=None)
@given(views())
def test_a_view_round_trips_through_its_url(view):
    restored, warnings = parse(to_params(view, VOCAB), VOCAB)
    assert warnings == []
    assert restored == view


@settings(max_examples=200, deadline=None)
@given(views())
def test_a_view_round_trips_through_its_widgets(view):
    state = widget_state(view, VOCAB)
    assert from_widgets(state, VOCAB, lang=view.lang, tab=view.tab) == view
    # the widgets hold what Streamlit's widgets take: lists, the shown metric
    assert isinstance(state["regions"], list)
    assert state["metric"] == (view.metric or VOCAB.metrics[0])


def test_every_field_of_a_view_has_its_row():
    landed = {name for f in FIELDS for name in f.lands.rpartition(".")[2].split(",")}
    filters = {f.name for f in dataclasses.fields(Filters)}
    view = {f.name for f in dataclasses.fields(View)} - {"filters"}
    assert landed == filters | view
    # a widget for every filter and for the open event and metric; the link's
    # key and the widget's key are each used once
    assert len({f.key for f in FIELDS}) == len({f.widget for f in FIELDS if f.widget}) + 2


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(["dates", "regions", "q", "event", "national", "sources",
                                        "kinds", "metric", "lang", "tab", "x"]),
                       st.lists(st.text(max_size=12), max_size=4)))
def test_any_query_never_raises_and_yields_known_values(params):
    view, _ = parse(params, VOCAB)
    f = view.filters
    assert FULL[0] <= f.start <= f.end <= FULL[1]
    assert set(f.regions) <= set(VOCAB.regions)
    assert view.event is None or view.event in VOCAB.events
    assert set(f.sources) <= set(VOCAB.sources)
    assert set(f.kinds) <= set(VOCAB.kinds)
    assert view.metric is None or view.metric in VOCAB.metrics[1:]
    assert view.lang is None or view.lang in VOCAB.languages
    assert view.tab is None or view.tab in TABS[1:]


@pytest.mark.parametrize("key", ["utm_source", "utm_campaign", "UTM_Medium", "fbclid", "gclid",
                                 "igshid", "mc_cid", "yclid", "_ga", "msclkid"])
def test_tracking_parameters_are_ignored_without_a_word(key):
    view, warnings = parse({key: ["IwAR0abc"], "regions": ["KZ-ALA"]}, VOCAB)
    assert warnings == []
    assert view.filters.regions == ("KZ-ALA",)


@pytest.mark.parametrize(
    ("params", "field", "value"),
    [
        ({"tab": ["Map"]}, "tab", "map"),
        ({"tab": ["FIGURES"]}, "tab", "figures"),
        ({"lang": ["RU"]}, "lang", "ru"),
        ({"regions": ["kz-ala"]}, "regions", ("KZ-ALA",)),
        ({"categories": ["Unrest"]}, "categories", ("unrest",)),
        ({"sources": ["TASS"]}, "sources", ("tass",)),
        ({"metric": ["Detained"]}, "metric", "detained"),
        ({"national": ["False"]}, "include_national", False),
    ],
)
def test_ids_of_closed_lists_are_read_in_any_case(params, field, value):
    view, warnings = parse(params, VOCAB)
    assert warnings == []
    actual = (getattr(view, field) if field in ("tab", "lang", "metric")
              else getattr(view.filters, field))
    assert actual == value


def test_the_language_is_read_in_any_case_before_the_rest():
    assert language({"lang": ["KK"]}, VOCAB) == "kk"
    assert language({"lang": ["xx"]}, VOCAB) is None


def test_the_address_of_a_view_is_the_app_and_its_parameters():
    params = {"regions": ["KZ-75", "KZ-55"], "q": ["gas & oil"], "event": ["e-1"]}
    assert address("https://kzdash.example/app", params) == (
        "https://kzdash.example/app?regions=KZ-75&regions=KZ-55&q=gas+%26+oil&event=e-1")
    assert address(None, {"tab": ["map"]}) == "?tab=map"
    assert address("https://kzdash.example/?old=1", {}) == "https://kzdash.example/"
    # Streamlit gives the app's address without the path's slash
    assert address("http://127.0.0.1:8501", {"tab": ["map"]}) == "http://127.0.0.1:8501/?tab=map"


def test_the_embed_snippet_is_the_view_in_embed_mode_and_escaped():
    snippet = embed_snippet("https://kzdash.example/", {"q": ['"><script>']},
                                  'A "title" <b>')
    (src,) = re.findall(r'src="([^"]*)"', snippet)
    assert src == "https://kzdash.example/?q=%22%3E%3Cscript%3E&amp;embed=true"
    assert 'title="A &quot;title&quot; &lt;b&gt;"' in snippet
    assert snippet.count("<") == 2 and snippet.startswith("<iframe ")
