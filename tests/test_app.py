"""The page, driven through Streamlit's AppTest: widgets, URL state, selection."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
from pathlib import Path

import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from kzdash.frames import events_frame, quotes_frame
from kzdash.i18n import translator
from kzdash.load import load_dataset

APP = Path(__file__).parent.parent / "dashboard.py"
MINI = Path(__file__).parent / "fixtures" / "mini"
D = dt.date


def app(**params) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


# The parts of the page built only when the reader opens them: the events per
# day (an expander), the downloads and the embed snippet (popovers).
PANELS = ("per_day_open", "download_open", "embed_open")


def opened(at: AppTest, *keys: str) -> AppTest:
    """Open these panels (all of them by default), as a click does, and rerun."""
    for key in keys or PANELS:
        at.session_state[key] = True
    return at.run()


def visit(at: AppTest, label: str) -> AppTest:
    """Open the tab with this label (as a click on it does) and rerun."""
    at.session_state["tab"] = label
    return at.run()


def metrics(at: AppTest) -> dict[str, int]:
    return {m.label: int(re.sub(r"\D", "", m.value)) for m in at.metric}


def texts(at: AppTest) -> list[str]:
    return [t.value for t in at.text]


def chart_ids(at: AppTest, selection: str) -> list[str]:
    """The ids the chart with the named selection was sent (as Arrow, beside
    its spec)."""
    charts = [c for c in at.get("vega_lite_chart")
              if selection in [p["name"] for p in json.loads(c.proto.spec).get("params", [])]]
    (chart,) = charts
    (dataset,) = chart.proto.datasets
    table_ = pa.ipc.open_stream(dataset.data.data).read_all()
    return table_.column("id").to_pylist() if table_.num_rows else []  # no rows: no columns


def timeline_ids(at: AppTest) -> list[str]:
    return chart_ids(at, "pick")


def table(at: AppTest, column: str):
    """The one table on the page with this column (AppTest does not expose
    the keys of read-only tables)."""
    (frame,) = [d.value for d in at.dataframe if column in d.value.columns]
    return frame


@pytest.fixture(autouse=True)
def embedded_dataset(monkeypatch):
    monkeypatch.delenv("KZDASH_DATA", raising=False)


def test_default_view_shows_everything():
    ds = load_dataset()
    at = app()
    assert not at.exception
    assert metrics(at)["Events"] == len(ds.events)
    assert metrics(at)["Quotes"] == len(ds.quotes)
    assert len(timeline_ids(at)) == len(ds.events)
    assert at.query_params == {}
    assert not at.warning


def test_a_shared_url_restores_the_view():
    at = app(dates=["2022-01-05", "2022-01-06"], regions="KZ-ALA", national="0",
             event="2022-01-05-almaty-airport-seized")
    assert not at.exception
    assert at.slider(key="dates").value == (D(2022, 1, 5), D(2022, 1, 6))
    assert at.multiselect(key="regions").value == ["KZ-ALA"]
    ids = timeline_ids(at)
    ds = load_dataset()
    expected = [e.id for e in ds.events
                if "KZ-ALA" in e.regions and D(2022, 1, 5) <= e.date <= D(2022, 1, 6)]
    assert sorted(ids) == sorted(expected) and ids
    assert at.selectbox(key="event").value == "2022-01-05-almaty-airport-seized"
    assert "Almaty airport seized" in texts(at)
    # the URL still says exactly this
    assert at.query_params["regions"] in ("KZ-ALA", ["KZ-ALA"])
    assert at.query_params["event"] in ("2022-01-05-almaty-airport-seized",
                                        ["2022-01-05-almaty-airport-seized"])


def test_bad_url_values_are_dropped_with_a_warning():
    at = app(dates=["2022-01-09", "2022-01-03"], regions=["KZ-ALA", "KZ-NOPE"],
             categories="riot", event="<script>")
    assert not at.exception
    warnings = " ".join(w.value for w in at.warning).replace("\\", "")  # unescape
    assert "reversed" in warnings and "KZ-NOPE" in warnings and "riot" in warnings
    assert "unknown event" in warnings
    assert at.multiselect(key="regions").value == ["KZ-ALA"]
    assert at.query_params.get("regions") in ("KZ-ALA", ["KZ-ALA"])
    assert "dates" not in at.query_params and "categories" not in at.query_params


def test_slider_multiselects_and_search_narrow_the_view_and_the_url():
    at = app()
    all_events = metrics(at)["Events"]
    at.slider(key="dates").set_value((D(2022, 1, 5), D(2022, 1, 6))).run()
    after_dates = metrics(at)["Events"]
    assert 0 < after_dates < all_events
    assert at.query_params["dates"] == ["2022-01-05", "2022-01-06"]

    at.multiselect(key="categories").select("unrest").run()
    assert at.query_params["categories"] in ("unrest", ["unrest"])
    assert metrics(at)["Events"] < after_dates

    at.text_input(key="q").input("airport").run()
    assert timeline_ids(at) == ["2022-01-05-almaty-airport-seized"]
    assert at.query_params["q"] in ("airport", ["airport"])

    at.text_input(key="q").input("no event says this").run()
    assert metrics(at)["Events"] == 0
    assert any("No events match" in i.value for i in at.info)

    at.button(key="reset").click().run()
    assert metrics(at)["Events"] == all_events
    assert at.query_params == {}


def test_speaker_filter_narrows_quotes():
    at = app()
    at.multiselect(key="speakers").select("Maria Zakharova").run()
    assert metrics(at)["Quotes"] == 1
    assert any("Maria Zakharova" in t for t in texts(at))
    (quote,) = [q for q in load_dataset().quotes if q.speaker == "Maria Zakharova"]
    assert any(quote.sources[0].excerpt in t and "\nSources (1):\nQazaq TV" in t
               for t in texts(at))
    assert at.query_params["speakers"] in ("Maria Zakharova", ["Maria Zakharova"])


def test_region_filter_keeps_national_events_unless_turned_off():
    at = app(regions="KZ-ALA")
    with_national = metrics(at)["Events"]
    at.toggle(key="include_national").set_value(False).run()
    without = metrics(at)["Events"]
    assert without < with_national
    assert at.query_params["national"] in ("0", ["0"])


def test_clicking_a_timeline_event_opens_its_details():
    at = app()
    event_id = "2022-01-06-investigative-group-almaty-riots"
    ds = load_dataset()
    event = next(e for e in ds.events if e.id == event_id)
    timeline = f"timeline-{at.session_state['timeline_round']}"
    at.session_state[timeline] = {"selection": {"pick": [{"id": event_id}]}}
    at.run()
    assert not at.exception
    assert at.selectbox(key="event").value == event_id
    shown = texts(at)
    assert event.title in shown and event.summary in shown
    assert f"“{event.sources[0].excerpt}”" in shown
    assert at.query_params["event"] in (event_id, [event_id])


def test_event_details_list_its_quotes():
    ds = load_dataset()
    quote = ds.quotes[0]
    at = app(event=quote.event)
    assert any(quote.text in t for t in texts(at))


def test_broken_dataset_shows_problems_not_a_traceback(tmp_path, monkeypatch):
    shutil.copytree(MINI, tmp_path / "ds")
    events = tmp_path / "ds" / "events.yaml"
    events.write_text(events.read_text().replace("category: government", "category: politics"))
    monkeypatch.setenv("KZDASH_DATA", str(tmp_path / "ds"))
    at = app()
    assert not at.exception
    assert "has 1 problem." in at.error[0].value.replace("\\", "")
    (code,) = at.code
    assert f"{events}:" in code.value and "events[1].category" in code.value
    problems = table(at, "Message")
    assert list(problems["File"]) == [str(events)]
    assert problems["Message"].iloc[0].startswith("events[1].category: Input should be")
    assert problems["Line"].iloc[0] > 1 and problems["Column"].iloc[0] > 1


def with_a_warning(tmp_path: Path) -> Path:
    """The mini dataset, with a correction that says a quote still there was removed."""
    shutil.copytree(MINI, tmp_path / "ds")
    corrections = tmp_path / "ds" / "corrections.yaml"
    corrections.write_text(corrections.read_text().replace("quote:mayor-thanks",
                                                           "quote:mayor-listen"))
    return tmp_path / "ds"


def test_a_dataset_with_warnings_loads_and_lists_them(tmp_path, monkeypatch):
    monkeypatch.setenv("KZDASH_DATA", str(with_a_warning(tmp_path)))
    at = app()
    assert not at.exception and not at.error
    assert metrics(at)["Events"] == 4
    (expander,) = [e for e in at.expander if "warning" in e.label]
    assert expander.label == "The dataset loaded with 1 warning"
    warnings = table(at, "Message")
    assert warnings["Message"].iloc[0] == ("corrections[1].item: 'quote:mayor-listen' is "
                                           "recorded as removed but is still in the dataset")


def test_no_url_parameter_chooses_the_files_read(tmp_path):
    # another valid dataset sits on disk; no parameter may point the page at it
    shutil.copytree(MINI, tmp_path / "ds")
    ds = load_dataset()
    for key in ("data", "KZDASH_DATA", "directory", "dataset", "path"):
        at = app(**{key: str(tmp_path / "ds")})
        assert not at.exception
        assert metrics(at)["Events"] == len(ds.events), key
        assert any("unknown link parameter" in w.value for w in at.warning), key


HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[click](javascript:alert(1))",
    "![img](https://example.org/x.png)",
    "**bold** _it_ `code` # heading",
    "<b>bold</b> &amp; $x^2$",
]


def test_hostile_dataset_text_is_shown_as_text_everywhere(tmp_path, monkeypatch):
    """Titles, summaries, quotes, names, notes and excerpts full of HTML and
    Markdown: every one appears verbatim through st.text, in tables or chart
    data, and never inside a Markdown element."""
    shutil.copytree(MINI, tmp_path / "ds")
    ds_dir = tmp_path / "ds"
    hostile = " ".join(HOSTILE)
    edits = {
        "events.yaml": [("title: Rally in Testville", f"title: '{hostile} T'"),
                        ("summary: A rally took place; officials described it as peaceful.",
                         f"summary: '{hostile} S'"),
                        ("places: [Testville]", f"places: ['{hostile} P']")],
        "quotes.yaml": [("speaker: Test Mayor", f"speaker: '{hostile} Q'")],
        "regions.yaml": [("name: Almaty", f"name: '{hostile} R'")],
        "sources.yaml": [("title: Wire report", f"title: '{hostile} W'")],
        "claims.yaml": [("claimed_by: Wire", f"claimed_by: '{hostile} C'"),
                        ("note: The wire withdrew the figure the same day.",
                         f"note: '{hostile} N'")],
    }
    for file, pairs in edits.items():
        path = ds_dir / file
        text = path.read_text()
        for old, new in pairs:
            assert old in text, (file, old)
            text = text.replace(old, new, 1)
        path.write_text(text)
    monkeypatch.setenv("KZDASH_DATA", str(ds_dir))
    at = app(event="2022-01-02-rally")
    shown = "\n".join(texts(at))
    for marker in ("T", "S", "Q"):
        assert f"{hostile} {marker}" in shown, marker
    check_no_markdown(at, HOSTILE)
    at.session_state["figures"] = {"selection": {"claim": [{"id": "deaths-wire-first"}]}}
    visit(at, "Figures")
    assert f"claimed by {hostile} C" in "\n".join(texts(at))
    check_no_markdown(at, HOSTILE)
    # tables carry the text as data (rendered as text by the grid)
    visit(at, "Map")
    regions = table(at, "Also called")
    assert f"{hostile} R" in set(regions["Region"])
    check_no_markdown(at, HOSTILE)
    visit(at, "Sources")
    check_no_markdown(at, HOSTILE)


def check_no_markdown(at: AppTest, pieces) -> None:
    """Nothing from the dataset reaches a Markdown-rendering element
    unescaped, and link buttons only carry http(s) addresses."""
    assert not at.exception and not at.error
    markdown = [m.value for m in (*at.markdown, *at.caption, *at.warning, *at.info,
                                  *at.error, *at.subheader, *at.title)]
    for piece in pieces:
        assert not any(piece in m for m in markdown), piece
    assert all(b.proto.url.startswith(("https://", "http://")) for b in at.get("link_button"))


def test_other_dataset_through_the_environment(monkeypatch):
    monkeypatch.setenv("KZDASH_DATA", str(MINI))
    at = app()
    assert metrics(at) == {"Events": 4, "Quotes": 3, "Regions": 3, "Days": 3}


def test_url_text_in_warnings_is_escaped():
    at = app(regions="![x](http://example.org/t.png)", q="**bold**")
    (warning,) = at.warning
    assert r"\!\[x\]\(http\:\/\/example\.org\/t\.png\)" in warning.value
    assert at.text_input(key="q").value == "**bold**"


def test_search_matches_region_aliases():
    ids = set(timeline_ids(app(q="Alma-Ata")))
    ds = load_dataset()
    # an alias searches for every name of the city, so it finds what its
    # name finds: every Almaty event, and every text that names Almaty
    assert {e.id for e in ds.events if "KZ-ALA" in e.regions} <= ids
    assert ids == set(timeline_ids(app(q="Almaty"))) == set(timeline_ids(app(q="Алма-Ата")))


def test_dataset_text_is_never_markdown_or_html(tmp_path, monkeypatch):
    shutil.copytree(MINI, tmp_path / "ds")
    events = tmp_path / "ds" / "events.yaml"
    hostile = "**bold** <script>alert(1)</script> [x](javascript:alert(1))"
    events.write_text(events.read_text().replace(
        "title: Rally in Testville", f'title: "{hostile}"'))
    monkeypatch.setenv("KZDASH_DATA", str(tmp_path / "ds"))
    at = app(event="2022-01-02-rally")
    assert hostile in texts(at)  # shown through st.text, verbatim
    assert all(hostile not in m.value for m in at.markdown)


def test_a_one_event_dataset_still_has_a_date_range(tmp_path, monkeypatch):
    shutil.copytree(MINI, tmp_path / "ds")
    events = tmp_path / "ds" / "events.yaml"
    text = events.read_text()
    events.write_text(text[: text.index("  - id: 2022-01-04-price")])
    quotes = tmp_path / "ds" / "quotes.yaml"
    text = quotes.read_text()
    quotes.write_text(text[: text.index("  - id: wire-almaty")])
    (tmp_path / "ds" / "claims.yaml").unlink()  # its claims cite the removed events
    (tmp_path / "ds" / "corrections.yaml").unlink()  # and so do its corrections
    monkeypatch.setenv("KZDASH_DATA", str(tmp_path / "ds"))
    at = app()
    assert not at.exception
    assert at.slider(key="dates").value == (D(2022, 1, 2), D(2022, 1, 3))
    assert metrics(at)["Events"] == 1


def test_an_edited_dataset_shows_up_on_the_next_rerun(tmp_path, monkeypatch):
    shutil.copytree(MINI, tmp_path / "ds")
    monkeypatch.setenv("KZDASH_DATA", str(tmp_path / "ds"))
    at = app(event="2022-01-02-rally")
    assert "Rally in Testville" in texts(at)
    events = tmp_path / "ds" / "events.yaml"
    events.write_text(events.read_text().replace("Rally in Testville", "Gathering in Testville"))
    stat = events.stat()  # make sure the modification time moves, however coarse the clock
    os.utime(events, ns=(stat.st_atime_ns, stat.st_mtime_ns + 2_000_000_000))
    at.run()
    assert "Gathering in Testville" in texts(at)


def test_the_figures_view_follows_the_url_and_shows_a_picked_claim(monkeypatch):
    monkeypatch.setenv("KZDASH_DATA", str(MINI))
    at = app(metric="deaths", tab="figures")  # the default metric: the URL may name it
    assert at.selectbox(key="metric").value == "deaths"
    assert chart_ids(at, "claim") == ["deaths-wire-first"]
    assert "metric" not in at.query_params  # and the page leaves the default out
    # a click on a point (simulated as Streamlit stores it) shows that claim's source
    at.session_state["figures"] = {"selection": {"claim": [{"id": "deaths-wire-first"}]}}
    at.run()
    assert "Deaths: at least 10, claimed by Wire (retracted)" in texts(at)
    assert ("Note: Wire's account of unrest in Almaty; undated paragraph after its 5 January "
            "one") in texts(at)
    assert "International news agency · cited with a note" in [c.value for c in at.caption]
    # another metric: its claims in the table, with the date the source gives
    at.selectbox(key="metric").set_value("detained").run()
    assert at.query_params["metric"] in ("detained", ["detained"])
    claims = table(at, "Claimed by")
    assert list(claims["Claimed by"]) == ["Test Agency"]
    assert list(claims["Reported"]) == ["5 January 2022 (approximate)"]
    assert list(claims["Detained"]) == ["more than 300"]


def test_figures_view_of_the_embedded_dataset_has_several_claimants():
    at = app(metric="detained", tab="figures")
    assert not at.exception
    claims = table(at, "Claimed by")
    assert claims["Claimed by"].nunique() >= 2
    assert set(chart_ids(at, "claim")) <= {c.id for c in load_dataset().claims}


def test_source_filter_from_a_url(monkeypatch):
    monkeypatch.setenv("KZDASH_DATA", str(MINI))
    at = app(sources="wire")
    assert not at.exception and not at.warning
    assert at.multiselect(key="sources").value == ["wire"]
    assert timeline_ids(at) == ["2022-01-06-almaty"]
    assert metrics(at)["Quotes"] == 1
    sources = table(visit(at, "Sources"), "In this view").set_index("Source")
    assert sources.loc["Wire: Wire report", "In this view"] == 3  # an event, a quote, a claim
    assert sources.loc["Test Agency: Test article", "In this view"] == 0
    assert sources.loc["Test Agency: Test article", "Items"] == 6
    assert at.query_params["sources"] in ("wire", ["wire"])


def test_unknown_source_in_a_url_is_dropped_with_a_warning(monkeypatch):
    monkeypatch.setenv("KZDASH_DATA", str(MINI))
    at = app(sources=["wire", "pravda"])
    assert at.multiselect(key="sources").value == ["wire"]
    assert any("unknown sources: 'pravda'" in w.value.replace("\\", "") for w in at.warning)


def test_event_details_show_every_source_and_the_date_note(monkeypatch):
    monkeypatch.setenv("KZDASH_DATA", str(MINI))
    at = app(event="2022-01-06-almaty")
    assert "6 January 2022 (inferred)" in texts(at)
    assert any("The wire gives no date" in c.value for c in at.caption)
    assert "Sources (1)" in texts(at)
    assert "Wire, Wire report · published 6 January 2022, 18:30 (UTC+06:00)" in texts(at)
    captions = [c.value.replace("\\", "") for c in at.caption]
    assert "International news agency · cited with a note" in captions
    # the event's correction, in the open
    assert ("Corrected on 1 December 2026 (re-dated): The wire's undated paragraph follows its "
            "5 January one. Before: 2022-01-05") in captions


def test_a_source_without_address_or_date_shows_the_gap(tmp_path, monkeypatch):
    shutil.copytree(MINI, tmp_path / "ds")
    sources = tmp_path / "ds" / "sources.yaml"
    sources.write_text(sources.read_text().replace(
        "    url: https://example.org/wire\n    published: 2022-01-06\n"
        "    published_time: \"18:30+06:00\"\n",
        "    published_note: The wire's page gives no date.\n"))
    monkeypatch.setenv("KZDASH_DATA", str(tmp_path / "ds"))
    at = app(event="2022-01-06-almaty")
    assert not at.exception, at.exception
    assert "Wire, Wire report · publication date not given" in texts(at)
    captions = [c.value for c in at.caption]
    assert "No address given for this source." in captions
    assert "International news agency · cited with a note" in captions
    assert not [b for b in at.get("link_button") if "wire" in b.proto.url]


def test_a_map_click_toggles_the_region_filter_and_the_url():
    at = app(tab="map")
    assert set(chart_ids(at, "city")) == {"KZ-ALA", "KZ-AST", "KZ-SHY"}
    # a click on Almaty (simulated as Streamlit stores a chart selection)
    at.session_state["map-0"] = {"selection": {"region": [{"id": "KZ-ALA"}]}}
    at.run()
    assert at.multiselect(key="regions").value == ["KZ-ALA"]
    assert at.query_params["regions"] in ("KZ-ALA", ["KZ-ALA"])
    ds = load_dataset()
    local = {e.id for e in ds.events if e.scope == "local"}
    shown = set(timeline_ids(visit(at, "Chronology")))
    assert shown & local and all("KZ-ALA" in e.regions for e in ds.events if e.id in shown & local)
    visit(at, "Map")
    # the map is drawn afresh; a click on Shymkent's circle adds it
    at.session_state["map-1"] = {"selection": {"city": [{"id": "KZ-SHY"}]}}
    at.run()
    assert at.multiselect(key="regions").value == ["KZ-ALA", "KZ-SHY"]
    # clicking Almaty again removes it; the multiselect and the URL follow
    at.session_state["map-2"] = {"selection": {"region": [{"id": "KZ-ALA"}]}}
    at.run()
    assert at.multiselect(key="regions").value == ["KZ-SHY"]
    assert at.query_params["regions"] in ("KZ-SHY", ["KZ-SHY"])
    # and the multiselect drives the map's outline
    at.multiselect(key="regions").set_value(["KZ-MAN"]).run()
    (chart,) = [c for c in at.get("vega_lite_chart") if '"city"' in c.proto.spec]
    spec = json.loads(chart.proto.spec)
    outlined = [f["id"] for f in spec["layer"][0]["data"]["values"] if f["properties"]["selected"]]
    assert outlined == ["KZ-MAN"]


def selections(at: AppTest) -> set[str]:
    """The selections of the charts the page sent: which tab was built."""
    return {p["name"] for c in at.get("vega_lite_chart")
            for p in json.loads(c.proto.spec).get("params", []) if "select" in p}


def test_only_the_open_tab_is_built_and_the_link_names_it():
    ds = load_dataset()
    event, speaker = ds.events[3].id, ds.quotes[0].speaker
    at = app(event=event, speakers=speaker, metric="detained")
    assert selections(at) == {"pick"}  # the timeline: no map, no figures chart
    assert "tab" not in at.query_params  # the first tab is the default
    visit(at, "Map")
    assert selections(at) == {"region", "city"} and not at.exception
    # the closed tab's widgets (event picker, speakers, figure) keep their state
    visit(at, "Figures")
    assert selections(at) == {"claim", "zoom"}
    assert {k: at.query_params[k] for k in ("event", "speakers", "metric", "tab")} == {
        "event": event, "speakers": speaker, "metric": "detained", "tab": "figures"}
    assert at.selectbox(key="metric").value == "detained"
    # another language keeps the open tab; its id in the link stays the same
    at.selectbox(key="lang").set_value("kk").run()
    assert selections(at) == {"claim", "zoom"} and at.query_params["tab"] == "figures"
    assert at.query_params["event"] == event
    # and a link opens the tab it names, in any language
    opened = app(tab="sources", lang="ru")
    assert selections(opened) == set() and not opened.exception
    assert table(opened, translator("ru").gettext("In this view")) is not None
    assert opened.query_params["tab"] == "sources"


def test_the_map_table_and_note_count_what_is_not_mapped():
    at = app(tab="map")
    ds = load_dataset()
    regions = table(at, "Also called")
    assert len(regions) == len(ds.regions)
    almaty = sum(1 for e in ds.events if "KZ-ALA" in e.regions)
    assert regions.set_index("Region").at["Almaty", "Events"] == almaty
    national = sum(1 for e in ds.events if e.scope == "national")
    assert any(c.value.startswith(f"{national} national,") for c in at.caption)


query_values = st.lists(
    st.sampled_from(["KZ-ALA", "KZ-XXX", "2022-01-05", "2022-01-04", "2022-02-30", "unrest",
                     "wire", "deaths", "0", "1", "", " ", "\x00", "é" * 300, "<b>x</b>",
                     "2022-01-02-rally", "../../etc/passwd"])
    | st.text(max_size=20),
    max_size=3,
)
query_strings = st.dictionaries(
    st.sampled_from(["dates", "regions", "categories", "speakers", "sources", "q", "national",
                     "event", "metric", "data", "lang", "embed"]),
    query_values,
    max_size=5,
)


@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(params=query_strings)
def test_any_query_string_gives_a_consistent_page(monkeypatch, params):
    monkeypatch.setenv("KZDASH_DATA", str(MINI))
    at = AppTest.from_file(str(APP), default_timeout=60)
    for key, values in params.items():
        at.query_params[key] = values
    at.run()
    assert not at.exception
    start, end = at.slider(key="dates").value
    assert D(2022, 1, 2) <= start <= end <= D(2022, 1, 6)
    assert set(at.multiselect(key="regions").value) <= {"KZ-ALA", "KZ-MAN", "KZ-AST"}
    assert set(at.multiselect(key="sources").value) <= {"article", "wire"}
    # the page shows what its URL now says, and the URL only holds known values
    shown = metrics(at)["Events"]
    # an empty view draws no timeline (an empty lane would look broken)
    assert 0 <= shown <= 4 and (len(timeline_ids(at)) if shown else 0) == shown
    assert bool(shown) == bool(at.get("vega_lite_chart"))
    assert set(at.query_params) <= {"dates", "regions", "categories", "speakers", "sources", "q",
                                    "national", "event", "metric", "embed"}  # embed: Streamlit's


def test_a_large_dataset_gets_a_counted_timeline(tmp_path, monkeypatch):
    from kzdash.synth import Sizes, generate

    generate(tmp_path / "big", Sizes(events=2_500, quotes=150, claims=10), seed=3)
    monkeypatch.setenv("KZDASH_DATA", str(tmp_path / "big"))
    at = app()
    assert not at.exception
    assert metrics(at)["Events"] == 2_500
    (chart,) = [c for c in at.get("vega_lite_chart") if '"pick"' in c.proto.spec]
    spec = json.loads(chart.proto.spec)
    assert "counted per day and category" in json.dumps(spec.get("title", ""))
    (dataset,) = chart.proto.datasets
    table_ = pa.ipc.open_stream(dataset.data.data).read_all()
    assert table_.num_rows <= 13 * 7 and sum(table_.column("events").to_pylist()) == 2_500
    # quote cards come a page at a time, and the page says how many there are
    assert metrics(at)["Quotes"] == 150
    assert "Quotes 1–10 of 150." in [c.value for c in at.caption]
    assert sum(1 for t in texts(at) if "\nSources (" in t) == 10
    assert "Page 1 of 15" in texts(at)
    # the event picker lists at most 2,000 events, the open one among them
    picker = at.selectbox(key="event")
    assert len(picker.options) == 2_000
    last = events_frame(load_dataset(tmp_path / "big"))["id"].iloc[-1]
    at = app(event=last)  # a link may open an event beyond the first 2,000
    assert at.selectbox(key="event").value == last
    assert len(at.selectbox(key="event").options) == 2_001
    assert at.query_params.get("event") in (last, [last])


# --- languages -------------------------------------------------------------

LINK = {"regions": "KZ-ALA", "dates": ["2022-01-05", "2022-01-06"]}


def rendered(at: AppTest) -> list[str]:
    """Every piece of interface text on the page: headings, captions, notes,
    tab, metric and widget labels."""
    out = [e.value for kind in ("title", "header", "subheader", "caption", "info", "warning")
           for e in at.get(kind)]
    out += [m.label for m in at.metric] + [t.label for t in at.tabs]
    out += [w.label for kind in ("multiselect", "selectbox", "slider", "text_input", "toggle",
                                 "button", "download_button", "expander")
            for w in at.get(kind)]
    return [re.sub(r"\\(.)", r"\1", text) for text in out]  # undo Markdown escaping


def english_left(at: AppTest, lang: str) -> list[str]:
    """Rendered texts that are English messages the catalog translates."""
    return english_among(rendered(at), lang)


def english_among(texts: list[str], lang: str) -> list[str]:
    """The texts that are, or hold, English messages the catalog translates."""
    from test_i18n import code_messages

    tr = translator(lang)
    english = {m for m in code_messages() if tr.gettext(m) != m}
    plain = {m for m in english if "{" not in m}
    # a message with values: its longest fixed part must not show
    parts = {max(re.split(r"\{[a-z_]*\}", m), key=len) for m in english - plain}
    return [t for t in texts
            if t in plain or any(len(p) >= 12 and p in t for p in parts)]


@pytest.mark.parametrize(("lang", "title", "region", "date"), [
    ("ru", "Казахстан", "Алматы", "5 января 2022"),
    ("kk", "Қазақстан", "Алматы", "2022\N{NARROW NO-BREAK SPACE}ж. 5 қаңтар"),
])
def test_a_link_in_russian_or_kazakh_reads_in_that_language(lang, title, region, date):
    at = opened(app(lang=lang, **LINK))
    tr = translator(lang)
    assert not at.exception
    assert title in at.title[0].value
    assert at.multiselect(key="regions").label == tr.gettext("Regions")
    assert at.multiselect(key="regions").value == ["KZ-ALA"]
    assert region in at.multiselect(key="regions").options
    assert at.selectbox(key="lang").value == lang
    assert [t.label for t in at.tabs] == [tr.gettext(x) for x in
                                          ("Chronology", "Map", "Figures", "Sources")]
    assert tr.gettext("Events") in metrics(at)
    assert any(date in t for t in texts(at)), "quote cards show their dates in the language"
    assert english_left(at, lang) == []
    for label in ("Map", "Figures", "Sources"):  # every tab reads in the language
        visit(at, tr.gettext(label))
        assert not at.exception and english_left(at, lang) == [], label
    visit(at, tr.gettext("Chronology"))
    # quotes stay in their own words, whatever the language
    ds = load_dataset()
    shown = {q.text for q in ds.quotes if q.event in {e.id for e in ds.events}}
    assert any(t.split("\n\n")[0].strip("“”") in shown for t in texts(at))


def test_event_details_show_the_translation_with_the_original_one_click_away():
    ds = load_dataset()
    event = next(e for e in ds.events if "ru" in e.translations)
    at = app(lang="ru", event=event.id)
    tr = translator("ru")
    assert event.translations["ru"].title in texts(at)
    assert any("kzdash project" in c.value for c in at.caption)
    (original,) = [x for x in at.expander if x.label == tr.gettext("Original (English)")]
    assert event.title in [t.value for t in original.text]


CYRILLIC = re.compile("[а-яёәғқңөұүһі]", re.IGNORECASE)


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_a_broken_dataset_lists_its_problems_in_the_language(tmp_path, monkeypatch, lang):
    shutil.copytree(MINI, tmp_path / "ds")
    events = tmp_path / "ds" / "events.yaml"
    text = events.read_text()
    for old, new in [("category: government", "category: politics"),
                     ("    summary: A rally", "    sumary: A rally"),
                     ("date: 2022-01-06", "date: 2022-02-30")]:
        assert old in text, old
        text = text.replace(old, new, 1)
    events.write_text(text)
    claims = tmp_path / "ds" / "claims.yaml"  # checked against the other files
    claims.write_text(claims.read_text().replace("region: KZ-ALA", "region: KZ-ALX").replace(
        "the rally was peaceful.", "the rally was violent."))
    (tmp_path / "ds" / "names.yaml").write_text("names:\n  - {name: X, kind: place\n")
    monkeypatch.setenv("KZDASH_DATA", str(tmp_path / "ds"))
    at = app(lang=lang)
    tr = translator(lang)
    assert not at.exception
    messages = list(table(at, tr.gettext("Message"))[tr.gettext("Message")])
    assert len(messages) == 7
    assert all(CYRILLIC.search(m) for m in messages), messages
    assert english_among(messages, lang) == []
    assert any("'KZ-ALX'" in m and "'KZ-ALA'" in m for m in messages)  # data stays as it is
    # the text to copy is what `python -m kzdash validate` prints: English
    (code,) = at.code
    assert "unknown region id 'KZ-ALX'; did you mean 'KZ-ALA'?" in code.value


def test_dataset_warnings_read_in_the_language(tmp_path, monkeypatch):
    monkeypatch.setenv("KZDASH_DATA", str(with_a_warning(tmp_path)))
    at = app(lang="ru")
    tr = translator("ru")
    assert not at.exception and not at.error
    (expander,) = [e for e in at.expander if e.label.startswith("Набор данных")]
    (message,) = table(at, tr.gettext("Message"))[tr.gettext("Message")]
    assert message == ("corrections[1].item: 'quote:mayor-listen' отмечено как удалённое, но всё "
                       "ещё есть в наборе данных")
    assert english_among([expander.label, message], "ru") == []


def test_english_page_has_no_translation_marks():
    at = app(**LINK)
    assert at.selectbox(key="lang").value == "en"
    assert at.title[0].value.startswith("Kazakhstan, January 2022")
    # no mark on the English originals; a quote printed in Russian may show an English
    # translation under its verbatim words, and says who made it
    captions = [c.value for c in at.caption]
    assert not any("not yet reviewed" in c or "Original text" in c for c in captions)
    assert all(c.startswith("Translation by") and c.endswith(":") for c in captions
               if "Translation" in c)


def test_an_unknown_language_is_dropped_with_a_warning():
    at = app(lang="xx", regions="KZ-ALA")
    assert at.selectbox(key="lang").value == "en"
    assert any("lang" in w.value for w in at.warning)
    assert at.query_params.get("regions") in ("KZ-ALA", ["KZ-ALA"])
    assert "lang" not in at.query_params


def test_choosing_a_language_keeps_the_view_in_the_url():
    at = app(**LINK)
    at.selectbox(key="lang").set_value("kk").run()
    assert at.query_params.get("lang") in ("kk", ["kk"])
    assert at.query_params.get("regions") in ("KZ-ALA", ["KZ-ALA"])
    assert list(at.query_params.get("dates")) == ["2022-01-05", "2022-01-06"]
    assert at.multiselect(key="regions").value == ["KZ-ALA"]
    assert at.title[0].value.startswith("Қазақстан")


@pytest.mark.parametrize(("locale", "lang"), [("ru-RU", "ru"), ("kk-KZ", "kk"),
                                             ("de-DE", "en"), (None, "en")])
def test_without_lang_the_browser_language_decides(locale, lang):
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.context["locale"] = locale
    at.query_params["regions"] = "KZ-ALA"
    at.run()
    assert at.selectbox(key="lang").value == lang
    assert at.title[0].value == translator(lang).gettext(
        "Kazakhstan, January 2022: a sourced chronology")
    # the reader's own language stays out of the link, so a shared link
    # opens in its reader's language
    assert "lang" not in at.query_params


def test_a_link_with_lang_wins_over_the_browser():
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.context["locale"] = "ru-RU"
    at.query_params["lang"] = "kk"
    at.run()
    assert at.selectbox(key="lang").value == "kk"
    assert at.query_params.get("lang") in ("kk", ["kk"])


# --- Issue 18: what the page shows is neither wrong nor broken ------------------------------


def test_every_dated_claim_of_a_figure_is_drawn():
    at = app(tab="figures", metric="deaths")
    ds = load_dataset()
    dated = {c.id for c in ds.claims if c.metric == "deaths" and c.reported is not None}
    assert sorted(chart_ids(at, "claim")) == sorted(dated) and len(dated) > 4
    # the caption counts only what the chart cannot place: undated claims
    undated = sum(c.metric == "deaths" and c.reported is None for c in ds.claims)
    caption = " ".join(c.value for c in at.caption)
    assert ("without a publication date" in caption) == bool(undated)


def test_the_figures_tab_says_what_the_figures_follow_and_offers_json():
    at = opened(app(tab="figures", regions="KZ-ALA", dates=["2022-01-05", "2022-01-06"]),
                "download_open")
    assert any("Only the Sources and Kinds of source filters narrow them" in i.value
               for i in at.info)
    labels = [b.proto.label for b in at.get("download_button")]
    assert "Figures (CSV)" in labels and "Figures (JSON)" in labels


def test_an_empty_view_draws_no_empty_chart():
    at = app(q="zzzqqq")
    assert metrics(at)["Events"] == 0
    assert at.get("vega_lite_chart") == []
    assert any("No events match" in i.value for i in at.info)


def test_tracking_parameters_raise_no_warning():
    at = app(fbclid="IwAR0xyz", utm_source="newsletter", utm_medium="email", regions="KZ-ALA")
    assert not at.warning
    assert at.multiselect(key="regions").value == ["KZ-ALA"]
    assert "fbclid" not in at.query_params and "utm_source" not in at.query_params


def test_link_warnings_go_once_the_reader_changes_the_view():
    at = app(regions=["KZ-ALA", "KZ-NOPE"])
    assert any("KZ-NOPE" in w.value.replace("\\", "") for w in at.warning)
    at.run()  # a rerun that changes nothing keeps them
    assert any("KZ-NOPE" in w.value.replace("\\", "") for w in at.warning)
    at.multiselect(key="categories").set_value(["unrest"]).run()
    assert not at.warning


@pytest.mark.parametrize(("params", "tab", "lang"), [
    ({"tab": "Map"}, "map", "en"), ({"tab": "FIGURES", "lang": "RU"}, "figures", "ru")])
def test_tab_and_lang_are_read_in_any_case(params, tab, lang):
    at = app(**params)
    assert not at.warning
    assert at.selectbox(key="lang").value == lang
    assert at.query_params.get("tab") in (tab, [tab])


def test_dataset_text_left_in_english_is_marked_on_a_russian_page():
    ds = load_dataset()
    event = next(e for e in ds.events if e.date_note and e.sources)
    at = app(lang="ru", event=event.id)
    mark = "[оригинал на английском]"
    captions = [re.sub(r"\\(.)", r"\1", c.value) for c in at.caption]  # undo escaping
    notes = [c for c in captions if event.date_note in c]
    assert notes and all(mark in n for n in notes)
    source = next(s for s in ds.sources if s.id == event.sources[0].source)
    assert any(t.startswith(source.publisher) and t.endswith(
        translator("ru").original(source.language)) for t in texts(at))
    assert not any("опубликовано дата не указана" in t for t in texts(at))


# --- Issue 17: who is speaking, two kinds of citation, times, corrections, version ----------


def test_the_kinds_filter_narrows_every_panel_and_the_link(monkeypatch):
    monkeypatch.setenv("KZDASH_DATA", str(MINI))
    at = app(kinds="international-agency")
    assert at.multiselect(key="kinds").value == ["international-agency"]
    assert metrics(at)["Events"] == 1 and metrics(at)["Quotes"] == 1
    assert timeline_ids(at) == ["2022-01-06-almaty"]
    at.multiselect(key="kinds").select("state-media").run()
    assert metrics(at)["Events"] == 4
    assert at.query_params["kinds"] == ["international-agency", "state-media"]
    at.button(key="reset").click().run()
    assert at.multiselect(key="kinds").value == [] and "kinds" not in at.query_params


def test_an_unknown_kind_in_a_link_is_dropped_with_a_warning(monkeypatch):
    monkeypatch.setenv("KZDASH_DATA", str(MINI))
    at = app(kinds="blog")
    assert any("unknown kinds: 'blog'" in w.value.replace("\\", "") for w in at.warning)
    assert metrics(at)["Events"] == 4


def test_event_details_show_the_time_and_its_note(monkeypatch):
    monkeypatch.setenv("KZDASH_DATA", str(MINI))
    at = app(event="2022-01-04-march")
    assert "Time: about 09:30 (local)" in texts(at)
    assert any("half past nine" in c.value for c in at.caption)
    assert "Test Agency (State media): Test article" not in texts(at)  # that is the exports'
    assert "State media · checked against an archived copy" in [c.value for c in at.caption]
    at = app(event="2022-01-02-rally")
    assert not [t for t in texts(at) if t.startswith("Time:")]


def test_the_page_shows_the_dataset_version(monkeypatch):
    monkeypatch.setenv("KZDASH_DATA", str(MINI))
    at = app()
    assert "Dataset version: 2026-12-01." in at.caption[0].value


def test_the_sources_tab_lists_every_correction(monkeypatch):
    monkeypatch.setenv("KZDASH_DATA", str(MINI))
    at = app(tab="sources")
    sources = table(at, "Kind")
    assert set(sources["Kind"]) == {"State media", "International news agency"}
    assert set(sources["Citations"]) == {"checked against an archived copy", "cited with a note"}
    corrections = table(at, "Reason")
    assert list(corrections["Change"]) == ["re-dated", "removed"]
    assert list(corrections["What"]) == ["Unrest in Almaty", "mayor-thanks"]


def test_the_corrections_section_in_russian(monkeypatch):
    monkeypatch.setenv("KZDASH_DATA", str(MINI))
    tr = translator("ru")
    at = app(tab="sources", lang="ru")
    corrections = table(at, tr.gettext("Reason"))
    assert list(corrections[tr.gettext("Change")]) == [tr.gettext("re-dated"),
                                                       tr.gettext("removed")]


def test_a_quote_card_shows_its_citation_kind(monkeypatch):
    monkeypatch.setenv("KZDASH_DATA", str(MINI))
    at = app()
    (card,) = [t for t in texts(at) if "\n\nWho: Wire Analyst" in t]
    assert ("Wire (International news agency): Wire report: note: The analyst's words, in "
            "quotation marks; last paragraph (cited with a note)") in card
    (mayor,) = [t for t in texts(at) if "\n\nWho: Test Mayor" in t]
    assert "(checked against an archived copy)" in mayor


# The Chronology tab as text, and story mode.

def view_ids(**filters) -> list[str]:
    """The ids of the events a view shows, in time order, computed apart
    from the page."""
    from kzdash.filters import Filters, filter_events
    events = events_frame(load_dataset())
    return list(filter_events(events, Filters(**filters))["id"])


def list_labels(at: AppTest) -> dict[str, str]:
    """The events listed as text: id -> the label of the button that opens it."""
    return {b.key.removeprefix("open_"): b.label for b in at.button
            if b.key and b.key.startswith("open_")}


def test_every_event_of_a_filtered_view_is_listed_as_text_without_a_click():
    from kzdash.text import escape_markdown
    at = app(regions="KZ-ALA", national="0", categories="unrest")
    expected = view_ids(regions=("KZ-ALA",), categories=("unrest",), include_national=False)
    assert 0 < len(expected) <= 20
    listed = list_labels(at)
    assert list(listed) == expected  # in time order, nothing else
    events = {e.id: e for e in load_dataset().events}
    for event_id, label in listed.items():
        assert escape_markdown(events[event_id].title) in label
    # a heading per day of the view
    days = {translator().date(events[i].date) for i in expected}
    assert days <= {h.value for h in at.subheader}


def test_a_long_view_pages_through_every_event_once():
    at = app()
    expected = view_ids()
    seen = list(list_labels(at))
    assert len(seen) == 20 and any(f"of {len(expected)}" in c.value for c in at.caption)
    while not at.button(key="page_next").disabled:
        at.button(key="page_next").click().run()
        seen += list_labels(at)
    assert seen == expected
    last = (len(expected) - 1) // 20
    at.button(key="page_previous").click().run()
    assert list(list_labels(at)) == expected[(last - 1) * 20:last * 20]


def quote_words(at: AppTest) -> list[str]:
    """The words of each quote card on the page, in order: a card is one text,
    its words first, its "Who:" details after a blank line."""
    return [t.split("\n\n")[0] for t in texts(at) if "\n\nWho: " in t]


def test_quotes_come_a_page_at_a_time_and_every_one_once():
    at = app()
    n = metrics(at)["Quotes"]
    seen = quote_words(at)
    assert n > 10 and len(seen) == 10 and f"Quotes 1–10 of {n}." in [c.value for c in at.caption]
    while not at.button(key="quote_page_next").disabled:
        at.button(key="quote_page_next").click().run()
        seen += quote_words(at)
    words = [f"“{q.text}”" if q.kind == "direct" else f"Paraphrase: {q.text}"
             for q in quotes_frame(load_dataset()).itertuples()]
    assert sorted(seen) == sorted(words)  # every quote in view, each on one page
    # on the last page, a narrower view has fewer pages: the reader is taken
    # to its last
    at.text_input(key="q").input("Tokayev").run()
    m = metrics(at)["Quotes"]
    assert 10 < m < n
    last = (m - 1) // 10 * 10
    assert f"Quotes {last + 1}–{m} of {m}." in [c.value for c in at.caption]
    assert len(quote_words(at)) == m - last and at.button(key="quote_page_next").disabled


def test_next_and_previous_walk_the_view_and_the_link():
    at = app(categories="international", dates=["2022-01-06", "2022-01-09"])
    expected = view_ids(categories=("international",), start=D(2022, 1, 6), end=D(2022, 1, 9))
    assert len(expected) > 2
    at.button(key="story_next").click().run()  # "Read from the first event"
    walked = [at.query_params["event"]]
    while not at.button(key="story_next").disabled:
        at.button(key="story_next").click().run()
        walked.append(at.query_params["event"])
        assert f"{len(walked)} of {len(expected)}" in texts(at)
    assert walked == expected
    at.button(key="story_previous").click().run()
    assert at.query_params["event"] == expected[-2]
    assert at.selectbox(key="event").value == expected[-2]


def test_a_shared_link_opens_on_its_event_and_its_page():
    expected = view_ids()
    late = expected[45]
    at = app(event=late)
    assert late in list_labels(at) and list_labels(at)[late].startswith("**▸ ")
    assert f"46 of {len(expected)}" in texts(at)


def test_a_title_in_the_list_opens_the_event():
    at = app()
    second = list(list_labels(at))[1]
    at.button(key=f"open_{second}").click().run()
    assert at.selectbox(key="event").value == second
    assert at.query_params["event"] == second


def test_the_embed_snippet_holds_the_view():
    at = opened(app(regions="KZ-ALA", tab="map"), "embed_open")
    (snippet,) = [c.value for c in at.code if c.value.startswith("<iframe")]
    assert "regions=KZ-ALA" in snippet and "tab=map" in snippet and "embed=true" in snippet


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
def test_every_chart_on_the_page_says_what_it_shows_and_has_its_table(lang):
    _ = translator(lang).gettext
    at = opened(app(lang=lang), "per_day_open")
    described = {}
    for tab in ("Chronology", "Map", "Figures"):
        visit(at, _(tab))
        assert not at.exception
        for chart in at.get("vega_lite_chart"):
            spec = json.loads(chart.proto.spec)
            described[spec["description"]] = tab  # a KeyError names the chart without
    # the timeline, the events per day, the map and a figure, each in words
    assert len(described) == 4, described
    assert all(len(text) > 40 for text in described), described
    # and the same data as text beside each: the list, the per-day table, the
    # region table, the claims table
    visit(at, _("Chronology"))
    per_day = table(opened(at, "per_day_open"), _("Date"))  # a tab left closes its panels
    assert per_day[_("Events")].sum() == metrics(at)[_("Events")]


def test_a_download_click_does_not_rerun_the_page():
    # a rerun renews every deferred file's id while the click is fetching
    # its file: behind the balancer, one click in ten got nothing
    buttons = opened(app(), "download_open").get("download_button")
    assert len(buttons) == 8
    assert all(b.proto.ignore_rerun for b in buttons), [
        b.proto.label for b in buttons if not b.proto.ignore_rerun]


def test_closed_panels_build_nothing_and_open_ones_build_their_content():
    # the events per day, the downloads and the embed snippet cost every
    # rerun when built closed; opened, each shows what it holds
    at = app()
    assert len(at.get("vega_lite_chart")) == 1  # the timeline
    assert at.get("download_button") == [] and list(at.code) == []
    opened(at)
    assert len(at.get("vega_lite_chart")) == 2  # and the events per day
    assert len(at.get("download_button")) == 8
    assert [c.value for c in at.code if c.value.startswith("<iframe")]
    # closed again, they are gone from the page
    for key in PANELS:
        at.session_state[key] = False
    at.run()
    assert at.get("download_button") == [] and list(at.code) == []
