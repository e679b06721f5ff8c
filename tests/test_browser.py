"""The real thing: the app served on loopback, driven by headless Chromium.

Uses Debian's /usr/bin/chromium through Playwright's Python package; no
browser is ever downloaded.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import shutil
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

from kzdash.devserver import SETTLED_JS, running
from kzdash.filters import Filters, filter_events, filter_quotes
from kzdash.frames import claims_frame, events_frame, quotes_frame
from kzdash.i18n import translator
from kzdash.load import load_dataset

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = Path(__file__).parent / "artifacts"

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="Debian's chromium is not installed at /usr/bin/chromium"
)
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")


def serve(data: Path | None = None) -> Iterator[str]:
    """Serve the dashboard on a free loopback port (on ``data`` when given)
    from another working directory, so data paths cannot depend on it."""
    try:
        with running(data=data, cwd=ROOT / "tests") as base:
            yield base
    except RuntimeError as exc:
        pytest.fail(str(exc))


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    yield from serve()


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"],
        )
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.console_errors = []  # type: ignore[attr-defined]
    page.on("console", lambda m: m.type == "error" and page.console_errors.append(m.text))
    yield page
    context.close()


def wait_for_app(page) -> None:
    page.wait_for_selector("[data-testid='stVegaLiteChart']", state="attached", timeout=60_000)
    page.wait_for_function(
        SETTLED_JS, timeout=60_000
    )


def metric(page, label: str) -> str:
    box = page.locator("[data-testid='stMetric']").filter(has_text=label)
    return box.locator("[data-testid='stMetricValue']").inner_text()


SHARED = ("/?dates=2022-01-05&dates=2022-01-06&regions=KZ-ALA&national=0"
          "&event=2022-01-05-almaty-airport-seized")


def test_a_shared_url_opens_the_view_it_describes(server, page):
    page.goto(server + SHARED)
    wait_for_app(page)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "shared-view.png"), full_page=True)

    sidebar = page.locator("[data-testid='stSidebar']")
    assert "5 Jan 2022" in sidebar.inner_text() and "6 Jan 2022" in sidebar.inner_text()
    regions = page.locator(".stMultiSelect").filter(has_text="Regions")
    assert "Almaty" in regions.inner_text()
    # 5–6 January, Almaty only: the events the dataset has for exactly that
    expected = [e for e in load_dataset().events if "KZ-ALA" in e.regions
                and dt.date(2022, 1, 5) <= e.date <= dt.date(2022, 1, 6)]
    assert metric(page, "Events") == str(len(expected))
    main = page.locator("[data-testid='stMain']").inner_text()
    assert "Almaty airport seized" in main
    assert "Criminal gangs set fire to the mayor’s office" in main  # its source excerpt
    # the URL still describes the same view after the app has settled
    for part in ("dates=2022-01-05", "dates=2022-01-06", "regions=KZ-ALA", "national=0",
                 "event=2022-01-05-almaty-airport-seized"):
        assert part in page.url
    assert page.console_errors == []  # type: ignore[attr-defined]


def test_a_bad_link_warns_and_still_shows_the_page(server, page):
    page.goto(server + "/?regions=KZ-NOPE&dates=2022-01-09&dates=2022-01-02")
    wait_for_app(page)
    text = page.locator("[data-testid='stMain']").inner_text()
    assert "KZ-NOPE" in text and "reversed" in text
    assert "Traceback" not in text
    assert "regions=" not in page.url and "dates=" not in page.url


def test_changing_a_filter_updates_the_url(server, page):
    page.goto(server + "/")
    wait_for_app(page)
    search = page.get_by_role("textbox", name="Search titles, summaries and quotes")
    search.fill("airport")
    search.press("Enter")
    page.wait_for_url("**q=airport**", timeout=30_000)
    wait_for_app(page)
    expected = filter_events(events_frame(load_dataset()), Filters(q="airport"))
    assert metric(page, "Events") == str(len(expected)) and len(expected) >= 1


def test_clicking_a_timeline_mark_opens_the_event(server, page):
    ds = load_dataset()
    (event,) = [e for e in ds.events if e.id == "2022-01-05-almaty-airport-seized"]
    # a view with this one event on the timeline
    assert list(filter_events(events_frame(ds), Filters(q="airport seized"))["id"]) == [event.id]
    page.goto(server + "/?q=airport+seized")
    wait_for_app(page)
    wait_for_marks(page, 1)  # Vega draws after the run: never count before it has
    timeline = page.locator("[data-testid='stVegaLiteChart']").first
    marks = timeline.locator("g.mark-symbol path")
    assert marks.count() == 1
    marks.first.click(force=True)  # SVG paths are not "visible" boxes to Playwright
    page.wait_for_url(f"**event={event.id}**", timeout=30_000)
    wait_for_app(page)
    main = page.locator("[data-testid='stMain']").inner_text()
    assert event.summary in main
    cite = event.sources[0]
    assert (cite.excerpt or cite.note) in main  # its first source's excerpt or note
    assert "q=airport" in page.url


def tab_chart(page, tab: str, mark: str):
    """Open ``tab`` and return its chart that has a mark matching ``mark``."""
    page.get_by_role("tab", name=tab).click()
    chart = page.locator("[data-testid='stVegaLiteChart']").filter(
        has=page.locator(mark)).first
    chart.wait_for(timeout=30_000)
    return chart


def test_clicking_almaty_on_the_map_narrows_the_page(server, page):
    page.goto(server + "/")
    wait_for_app(page)
    chart = tab_chart(page, "Map", "path[aria-roledescription='geoshape']")
    almaty = chart.locator("g.mark-symbol path[aria-label*='Region: Almaty;']")
    assert almaty.count() == 1
    almaty.click(force=True)
    page.wait_for_url("**regions=KZ-ALA**", timeout=30_000)
    wait_for_app(page)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "map-almaty.png"), full_page=True)
    regions = page.locator(".stMultiSelect").filter(has_text="Regions")
    assert "Almaty" in regions.inner_text()
    ds = load_dataset()
    expected = filter_events(events_frame(ds), Filters(regions=("KZ-ALA",)))
    assert metric(page, "Events") == str(len(expected))
    assert page.console_errors == []  # type: ignore[attr-defined]


def test_the_figures_tab_draws_claims_with_their_claimants(server, page):
    page.goto(server + "/?metric=detained")
    wait_for_app(page)
    chart = tab_chart(page, "Figures", "path[aria-label*='Claimed by:']")
    points = chart.locator("g.mark-symbol path[aria-label*='Claimed by:']")
    drawn = [c for c in load_dataset().claims
             if c.metric == "detained" and c.reported is not None]
    page.wait_for_function(  # every point drawn, not only the first
        "n => document.querySelectorAll(\"g.mark-symbol path[aria-label*='Claimed by:']\")"
        ".length === n", arg=len(drawn), timeout=30_000)
    assert points.count() == len(drawn) >= 2
    # the claimants and sources repeat, so they travel as Arrow dictionaries:
    # each point's tooltip (its aria-label) still reads its own
    frame = claims_frame(load_dataset()).set_index("id").loc[[c.id for c in drawn]]
    labels = points.evaluate_all("els => els.map(e => e.getAttribute('aria-label'))")
    # (the legend's line, claimant and part, comes first, then the tooltip's fields)
    told = sorted(re.search(r"; Claimed by: (.*?); .*; Source: (.*)$", label).groups()
                  for label in labels)
    lines = [f"{who} · {part}" if part else who
             for who, part in zip(frame["claimed_by"], frame["subject"], strict=True)]
    assert told == sorted(zip(lines, frame["source_titles"], strict=True))
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "figures-detained.png"), full_page=True)
    assert "metric=detained" in page.url
    page.wait_for_url("**tab=figures**", timeout=10_000)  # the open tab is in the link
    assert page.console_errors == []  # type: ignore[attr-defined]


HOSTILE = "<img src=x onerror=alert(1)> <script>alert(2)</script> [x](javascript:alert(3))"


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory) -> Iterator[str]:
    data = tmp_path_factory.mktemp("hostile") / "ds"
    shutil.copytree(ROOT / "tests" / "fixtures" / "mini", data)
    for file, old in [("events.yaml", "title: Rally in Testville"),
                      ("quotes.yaml", "speaker: Test Mayor"),
                      ("regions.yaml", "name: Mangystau Region")]:
        path = data / file
        key = old.split(":")[0]
        path.write_text(path.read_text().replace(old, f"{key}: '{HOSTILE}'", 1))
    yield from serve(data)


def test_hostile_dataset_text_runs_nowhere_in_the_browser(hostile_server, page):
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(hostile_server + "/?event=2022-01-02-rally")
    wait_for_app(page)
    main = page.locator("[data-testid='stMain']")
    assert HOSTILE in main.inner_text()  # shown literally, as text
    assert main.locator("img[src='x']").count() == 0
    assert page.locator("a[href^='javascript']").count() == 0
    # the tooltip of the event's mark shows the title as text too
    mark = page.locator("[data-testid='stVegaLiteChart']").first.locator(
        "g.mark-symbol path").first
    mark.hover(force=True)
    tooltip = page.locator("#vg-tooltip-element")
    tooltip.wait_for(timeout=10_000)
    assert "<img src=x" in tooltip.inner_text()
    assert tooltip.locator("img").count() == 0
    page.get_by_role("tab", name="Map").click()
    page.wait_for_timeout(1000)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "hostile.png"), full_page=True)
    assert dialogs == []
    assert page.locator("img[src='x']").count() == 0


def click_for_download(page, name: str):
    """Click a download button and return the download. The file is made on
    the server when clicked (deferred data), under an id that Streamlit
    renews on every script run; a click that races a run can be lost, as a
    user's would be. One lost click is retried and reported as a warning;
    a second one fails the test, with what the page showed."""
    button = page.get_by_role("button", name=name)
    for attempt in (1, 2):
        page.wait_for_function(SETTLED_JS, timeout=60_000)
        if not button.is_visible():  # the downloads sit in a popover under the numbers
            page.get_by_role("button", name="Download this view").click()
        try:
            with page.expect_download(timeout=20_000) as info:
                button.click()
            return info.value
        except sync_api.TimeoutError:
            shown = page.locator("[data-testid='stException'], [data-testid='stAlert']")
            report = (f"no download after clicking {name!r} (attempt {attempt}); "
                      f"console errors: {page.console_errors}; "  # type: ignore[attr-defined]
                      f"alerts: {shown.all_inner_texts()}")
            if attempt == 2:
                pytest.fail(report)
            warnings.warn(report, stacklevel=2)
    raise AssertionError("unreachable")


def test_a_download_holds_the_filtered_rows(server, page):
    page.goto(server + "/?regions=KZ-ALA&national=0")
    wait_for_app(page)
    expected = filter_events(events_frame(load_dataset()),
                             Filters(regions=("KZ-ALA",), include_national=False))
    download = click_for_download(page, "Events (CSV)")
    assert download.suggested_filename == "kzdash-events.csv"
    text = Path(download.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["id"] for r in rows] == list(expected["id"]) and rows
    # the quotes of the view, their data columns only (not the folded text
    # search looks in)
    quotes = filter_quotes(quotes_frame(load_dataset()),
                           Filters(regions=("KZ-ALA",), include_national=False))
    download = click_for_download(page, "Quotes (CSV)")
    text = Path(download.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["id"] for r in rows] == list(quotes["id"]) and rows
    assert "speaker" in rows[0] and "search" not in rows[0]


def test_a_kazakh_link_reads_in_kazakh(server, page):
    kk = translator("kk")
    page.goto(server + "/?lang=kk&regions=KZ-ALA&dates=2022-01-05&dates=2022-01-06")
    wait_for_app(page)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "kazakh-view.png"), full_page=True)
    assert page.locator("h1").first.inner_text().strip() == kk.gettext(
        "Kazakhstan, January 2022: a sourced chronology")
    sidebar = page.locator("[data-testid='stSidebar']").inner_text()
    assert kk.gettext("Filters") in sidebar and kk.gettext("Reset filters") in sidebar
    assert "Алматы" in sidebar
    assert "Filters" not in sidebar and "Reset filters" not in sidebar
    tabs = page.get_by_role("tab").all_inner_texts()
    assert [t.strip() for t in tabs[:4]] == [kk.gettext(t) for t in
                                             ("Chronology", "Map", "Figures", "Sources")]
    assert "lang=kk" in page.url and "regions=KZ-ALA" in page.url
    assert page.console_errors == []


def test_a_russian_browser_gets_the_russian_page(server, browser):
    ru = translator("ru")
    context = browser.new_context(locale="ru-RU", viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    try:
        page.goto(server + "/?regions=KZ-ALA")
        wait_for_app(page)
        assert page.locator("h1").first.inner_text().strip() == ru.gettext(
            "Kazakhstan, January 2022: a sourced chronology")
        assert "lang=" not in page.url
    finally:
        context.close()


def test_moving_the_date_slider_changes_the_url_and_the_chart(server, page):
    page.goto(server + "/")
    wait_for_app(page)
    ds = load_dataset()
    wait_for_marks(page, len(ds.events))
    last = page.locator("[data-testid='stSidebar'] input[type='range']").nth(1)
    last.focus()
    for _ in range(3):  # one step is one day; the page may rerun between presses
        last.press("ArrowLeft")
    end = max(e.date for e in ds.events) - dt.timedelta(days=3)  # the dataset's last day
    page.wait_for_url(f"**dates={end.isoformat()}**", timeout=30_000)
    wait_for_app(page)
    expected = filter_events(events_frame(ds), Filters(start=dt.date(2022, 1, 1), end=end))
    assert 0 < len(expected) < len(ds.events)
    assert metric(page, "Events") == str(len(expected))
    wait_for_marks(page, len(expected))
    assert page.console_errors == []  # type: ignore[attr-defined]


def wait_for_marks(page, n: int) -> None:
    """Wait until the timeline draws ``n`` event marks (Vega draws after the
    script run has ended, so this is its own wait)."""
    page.wait_for_function(
        "n => { const c = document.querySelector(\"[data-testid='stVegaLiteChart']\");"
        " return !!c && !!c.querySelector('g.mark-symbol')"
        " && c.querySelectorAll('g.mark-symbol path').length === n; }", arg=n,
        timeout=30_000)


def sidebar_choice(page, key: str, option: str) -> None:
    """Choose ``option`` in the sidebar's select box or multiselect ``key``."""
    page.locator(f"[data-testid='stSidebar'] .st-key-{key}").click()
    page.get_by_role("option", name=option, exact=True).click()
    page.keyboard.press("Escape")
    page.wait_for_timeout(200)  # the rerun starts after the choice
    wait_for_app(page)


@pytest.mark.parametrize(("lang", "name"), [("ru", "Русский"), ("kk", "Қазақ тілі")])
def test_a_language_switch_keeps_the_session_and_every_filter(server, page, lang, name):
    """Defects 1 and 2 of issue 18: after a switch, the browser sent back the
    chips' old labels; the next action broke the page (regions) or dropped
    the filter without a word (categories)."""
    tr = translator(lang)
    page.goto(server + "/?regions=KZ-ALA&categories=unrest")
    wait_for_app(page)
    sidebar_choice(page, "lang", name)
    sidebar = page.locator("[data-testid='stSidebar']")
    regions = sidebar.locator(".st-key-regions").inner_text()
    categories = sidebar.locator(".st-key-categories").inner_text()
    assert "Алматы" in regions and "Almaty" not in regions
    assert tr.gettext("Unrest") in categories and "Unrest" not in categories
    # any next action: open a tab, then move the date slider
    page.get_by_role("tab", name=tr.gettext("Figures")).click()
    page.wait_for_url("**tab=figures**", timeout=30_000)
    wait_for_app(page)
    last = sidebar.locator("input[type='range']").nth(1)
    last.focus()
    last.press("ArrowLeft")
    page.wait_for_url("**dates=**", timeout=30_000)
    wait_for_app(page)
    main = page.locator("[data-testid='stMain']").inner_text()
    assert page.locator("[data-testid='stException']").count() == 0, main
    assert "encountered an error" not in main
    for part in ("regions=KZ-ALA", "categories=unrest", f"lang={lang}"):
        assert part in page.url
    ds = load_dataset()
    end = max(e.date for e in ds.events) - dt.timedelta(days=1)
    expected = filter_events(events_frame(ds), Filters(
        start=min(e.date for e in ds.events), end=end, regions=("KZ-ALA",),
        categories=("unrest",)))
    assert metric(page, tr.gettext("Events")) == str(len(expected))


def test_the_cited_document_holds_the_view_and_nothing_else(server, page):
    import html
    page.goto(server + "/?regions=KZ-ALA&national=0&categories=unrest")
    wait_for_app(page)
    events = events_frame(load_dataset())
    inside = filter_events(events, Filters(regions=("KZ-ALA",), include_national=False,
                                           categories=("unrest",)))
    outside = events[~events["id"].isin(inside["id"])]
    download = click_for_download(page, "Chronology (printable HTML)")
    assert download.suggested_filename == "kzdash-chronology.html"
    doc = Path(download.path()).read_text(encoding="utf-8")
    words = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", doc)).split())
    assert all(" ".join(t.split()) in words for t in inside["title"]) and len(inside) > 1
    assert [t for t in outside["title"] if " ".join(t.split()) in words] == []
    # the link that reproduces the view, with the page's own address
    (link,) = re.findall(r'Link to this view: <a class="address" href="([^"]*)"', doc)
    address, query = html.unescape(link).split("?")
    assert address == server + "/"
    assert sorted(query.split("&")) == ["categories=unrest", "national=0", "regions=KZ-ALA"]


def test_story_mode_steps_with_the_buttons_and_the_arrow_keys(server, page):
    events = events_frame(load_dataset())
    ids = list(filter_events(events, Filters(categories=("international",)))["id"])
    page.goto(server + f"/?categories=international&event={ids[1]}")
    wait_for_app(page)
    page.get_by_text(f"2 of {len(ids)}", exact=True).wait_for()

    def event_in_link() -> str:
        return dict(p.split("=", 1) for p in page.url.split("?", 1)[1].split("&"))["event"]

    page.locator(".st-key-story_next button").click()
    page.get_by_text(f"3 of {len(ids)}", exact=True).wait_for()
    page.wait_for_function(SETTLED_JS)
    assert event_in_link() == ids[2]
    page.locator("h1").first.click()  # focus on the page, not in a field
    page.keyboard.press("ArrowLeft")
    page.get_by_text(f"2 of {len(ids)}", exact=True).wait_for()
    page.wait_for_function(SETTLED_JS)
    assert event_in_link() == ids[1]
    # typing in the search box moves its caret, not the story
    search = page.get_by_role("textbox", name="Search titles, summaries and quotes")
    search.fill("Almaty")
    search.press("ArrowLeft")
    page.wait_for_timeout(1000)
    page.wait_for_function(SETTLED_JS)
    assert event_in_link() == ids[1]


def test_on_a_phone_the_open_event_comes_before_the_list(server, browser):
    """Columns stack on a narrow screen: the details of the event a reader
    opened come first, not twenty entries below the title they tapped; a wide
    screen keeps them side by side."""
    tops = {}
    for width in (390, 1400):
        context = browser.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        page.goto(server + SHARED)
        wait_for_app(page)
        tops[width] = {name: page.get_by_role("heading", name=name).bounding_box()["y"]
                       for name in ("Event details", "Day by day")}
        context.close()
    assert tops[390]["Event details"] < tops[390]["Day by day"], tops
    assert abs(tops[1400]["Event details"] - tops[1400]["Day by day"]) < 5, tops
