"""A seeded random walk of the page: a reader's actions in any order (filters,
language switches in a filtered view, tabs, chart clicks, Reset, shared
links), checking after every step that the page stands, that every filter
set is still set, and that the link describes the view.

The walk runs in the real browser (Debian's /usr/bin/chromium through
Playwright), where a stale widget value breaks a session, and through
AppTest beside it for speed. The actions and the view expected after each
are in ``walk_cases.py``, with the walks that once failed (replayed every
run). ``make test`` walks 2 seeds of 25 steps; ``make walk`` walks longer:
KZDASH_WALK_SEEDS seeds (from KZDASH_WALK_FIRST_SEED) of KZDASH_WALK_STEPS.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import pprint
import time
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from streamlit.testing.v1 import AppTest
from walk_cases import MULTI, REGRESSIONS, Action, View, apply, data, walk

from kzdash import links
from kzdash.devserver import SETTLED_JS, running
from kzdash.frames import events_frame, name_map, region_names
from kzdash.i18n import language_name, translator
from kzdash.labels import category_label, metric_label, source_kind_label, source_label
from kzdash.load import load_dataset
from kzdash.models import CATEGORIES, SOURCE_KINDS
from kzdash.tables import event_labels

try:
    from playwright import sync_api
except ImportError:  # the AppTest walk still runs
    sync_api = None

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "dashboard.py"
ARTIFACTS = Path(__file__).parent / "artifacts"
CHROMIUM = Path("/usr/bin/chromium")

STEPS = int(os.environ.get("KZDASH_WALK_STEPS", "25"))
FIRST_SEED = int(os.environ.get("KZDASH_WALK_FIRST_SEED", "0"))
SEEDS = range(FIRST_SEED, FIRST_SEED + int(os.environ.get("KZDASH_WALK_SEEDS", "2")))

needs_browser = pytest.mark.skipif(
    sync_api is None or not CHROMIUM.exists(),
    reason="playwright is not installed" if sync_api is None
    else "Debian's chromium is not installed at /usr/bin/chromium",
)
walks = pytest.mark.parametrize(("name", "seed", "actions"), [
    *[pytest.param(f"seed-{seed}", seed, None, id=f"seed-{seed}") for seed in SEEDS],
    *[pytest.param(name, seed, actions, id=name) for name, seed, actions in REGRESSIONS],
])


# -- what the page should show, in each language ------------------------------

@cache
def labels(lang: str) -> dict[str, dict[str, str]]:
    """``widget key -> value -> its label`` in ``lang``."""
    ds, tr = load_dataset(), translator(lang)
    names = name_map(ds, tr)
    return {
        "regions": region_names(ds, tr),
        "categories": {c: category_label(c, tr) for c in CATEGORIES},
        "sources": {s.id: source_label(s) for s in ds.sources},
        "kinds": {k: source_kind_label(k, tr) for k in SOURCE_KINDS},
        "speakers": {q.speaker: names.get(q.speaker, q.speaker) for q in ds.quotes},
        "event": event_labels(events_frame(ds, tr), tr),
        "titles": dict(zip(*[events_frame(ds, tr)[c] for c in ("id", "title")], strict=True)),
        "metric": {m: metric_label(m, tr) for m in data().metrics},
        "tab": dict(zip(links.TABS, [tr.gettext(t) for t in
                                     ("Chronology", "Map", "Figures", "Sources")], strict=True)),
    }


def options(key: str) -> list[str]:
    """A widget's options in the order the page lists them."""
    return list(labels("en")["event"]) if key == "event" else list(
        data().metrics if key == "metric" else data().languages if key == "lang"
        else data().options[key])


def url_params(query: dict[str, list[str]]) -> dict[str, list[str]]:
    """Query parameters compared as a view: the order of chosen values aside."""
    return {k: sorted(v) if k in MULTI else list(v) for k, v in query.items()}


def failure(name: str, seed: int, step: int, actions: list[Action], problems: list[str],
            shot: Path | None = None) -> str:
    return (f"walk {name} (seed {seed}) went wrong at step {step} of {len(actions)}, "
            f"after {actions[step - 1]!r}:\n  - " + "\n  - ".join(problems)
            + (f"\nscreenshot: {shot}" if shot else "")
            + "\nthe actions so far (keep them in walk_cases.REGRESSIONS):\n"
            + pprint.pformat(actions[:step], width=100))


# -- the walk in the browser --------------------------------------------------

#: Counts the script runs the page has finished, so that a step waits for the
#: run its action started rather than for a page that has not started yet.
COUNT_RUNS = """
window.__kzRuns = 0;
new MutationObserver(records => {
  for (const r of records) if (r.oldValue === 'running') window.__kzRuns += 1;
}).observe(document, {subtree: true, attributes: true, attributeOldValue: true,
                      attributeFilter: ['data-test-script-state']});
"""


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    try:
        with running(cwd=ROOT / "tests") as base:
            yield base
    except RuntimeError as exc:
        pytest.fail(str(exc))


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


class Browser:
    """Drives the page as a reader does, finding widgets by their keys."""

    def __init__(self, page, base: str):
        self.page, self.base = page, base

    def key(self, key: str):
        return self.page.locator(f".st-key-{key}")

    def runs(self) -> int:
        return self.page.evaluate("() => window.__kzRuns || 0")

    def open(self, params: dict[str, list[str]]) -> None:
        self.page.goto(self.base + "/?" + urlencode(params, doseq=True))
        self.page.wait_for_selector("[data-testid='stVegaLiteChart'], [data-testid='stTabs']",
                                    state="attached", timeout=60_000)

    def pick(self, key: str, value: str, lang: str, typed: str | None = None) -> None:
        """Choose ``value`` in a selectbox or multiselect (typing ``typed``
        first, since long lists only draw the options in sight)."""
        box = self.key(key).locator("input[role='combobox']")
        box.click()
        if typed is not None:
            box.fill(typed)
        index = options(key).index(value)
        self.page.locator(f"[role='listbox'] [role='option'][data-key='{index}']").click()
        if self.page.locator("[role='listbox']").count():
            self.page.keyboard.press("Escape")
        self.leave(key)

    def leave(self, key: str) -> None:
        """Move the focus out of a multiselect, as a reader moving on does.
        Focused, a multiselect can be a line taller; leaving it by clicking
        elsewhere moves what is below it between the press and the release of
        that click, which loses the click (see
        test_a_click_just_after_a_multiselect_is_not_lost)."""
        self.key(key).locator("input[role='combobox']").blur()

    def click_mark(self, chart: str, text: str, paths: str) -> None:
        """Click the chart's mark whose tooltip says ``text``, once drawn."""
        marks = self.page.locator(f"{chart} {paths}")
        deadline = time.monotonic() + 30
        while True:
            found = [i for i, label in enumerate(marks.evaluate_all(
                "els => els.map(e => (e.getAttribute('aria-label') || '') + ';')"))
                if text in label]
            if found or time.monotonic() > deadline:
                break
            time.sleep(0.2)
        assert found, f"no mark reads {text!r} in {chart}"
        # the element itself receives the click (Vega finds the item from its
        # target), so that a mark drawn under another is clicked all the same
        marks.nth(found[0]).dispatch_event("click")

    def act(self, action: Action, view: View) -> None:
        kind, *args = action
        lang = view.lang
        if kind == "lang":
            self.pick("lang", args[0], lang)
        elif kind == "add":
            key, value = args
            self.pick(key, value, lang, typed=labels(lang)[key][value])
        elif kind == "remove":
            key, value = args
            tags = self.key(key).locator("[data-tag]")
            (tag,) = [tags.nth(i) for i in range(tags.count())
                      if tags.nth(i).get_attribute("aria-label") == labels(lang)[key][value]]
            tag.locator("button").click()
            self.leave(key)
        elif kind == "slide":
            thumb, days = args
            handle = self.key("dates").locator("input[type='range']").nth(thumb)
            handle.focus()
            for _ in range(abs(days)):  # one press is one day
                handle.press("ArrowRight" if days > 0 else "ArrowLeft")
        elif kind == "search":
            box = self.key("q").locator("input")
            box.fill(args[0])
            box.press("Enter")
        elif kind == "national":
            self.key("include_national").locator("label").click()
        elif kind == "reset":
            self.key("reset").locator("button").click()
        elif kind == "tab":
            self.key("tab").get_by_role("tab").nth(links.TABS.index(args[0])).click()
        elif kind == "event":
            self.pick("event", args[0], lang, typed=labels(lang)["titles"][args[0]])
        elif kind == "timeline":
            self.click_mark("[class*='st-key-timeline-']", f": {labels(lang)['titles'][args[0]]};",
                            "g.mark-symbol path")
        elif kind == "map":
            name = labels(lang)["regions"][args[0]]
            chart = "[class*='st-key-map-']"
            city = self.page.locator(f"{chart} g.mark-symbol path").evaluate_all(
                "els => els.map(e => e.getAttribute('aria-label') + ';')")
            paths = ("g.mark-symbol path" if any(f": {name};" in c for c in city)
                     else "path[aria-roledescription='geoshape']")
            self.click_mark(chart, f": {name};", paths)
        elif kind == "metric":
            self.pick("metric", args[0], lang)
        elif kind == "link":
            self.open(args[0])
        else:
            raise ValueError(f"unknown action {action!r}")

    def settle(self, runs_before: int, view: View) -> list[str]:
        """Wait for the run the action started, then for the page to settle
        showing ``view`` (a slider moved by several key presses runs several
        times; Vega and the widgets draw after a run). Returns what is still
        wrong with the page when it does not get there."""
        settled = f"({SETTLED_JS})()"
        with contextlib.suppress(sync_api.TimeoutError):
            self.page.wait_for_function(
                f"() => (window.__kzRuns || 0) > {runs_before} && {settled}", timeout=20_000)
        deadline = time.monotonic() + 15
        while True:
            self.page.wait_for_function(SETTLED_JS, timeout=60_000)
            problems = self.problems(view)
            if not problems or time.monotonic() > deadline or any(
                    "exception" in p or "encountered an error" in p for p in problems):
                return problems
            self.page.wait_for_timeout(250)

    def params(self) -> dict[str, list[str]]:
        return url_params(parse_qs(urlsplit(self.page.url).query, keep_blank_values=True))

    def problems(self, view: View) -> list[str]:
        """What is wrong with the page, for a reader expecting ``view``."""
        page, found = self.page, []
        for error in page.locator("[data-testid='stException']").all_inner_texts():
            found.append(f"the page shows an exception: {error[:600]!r}")
        body = page.locator("body").inner_text()
        for words in ("This app has encountered an error", "Traceback"):
            if words in body:
                found.append(f"the page reads {words!r}")
        if self.params() != url_params(view.params()):
            found.append(f"the link says {self.params()} but the view is "
                         f"{url_params(view.params())} (url {page.url})")
        if found:
            return found  # the widgets below may not be drawn at all
        shown = labels(view.lang)
        lang_box = self.key("lang").locator("input").input_value()
        if lang_box != language_name(view.lang):
            found.append(f"the language box reads {lang_box!r}, not {language_name(view.lang)!r}")
        for key in MULTI:
            if key == "speakers" and view.tab != "chronology":
                continue  # drawn in the Chronology tab only
            chips = sorted(self.key(key).locator("[data-tag]").evaluate_all(
                "els => els.map(e => e.getAttribute('aria-label'))"))
            wanted = sorted(shown[key][v] for v in getattr(view, key))
            if chips != wanted:
                found.append(f"{key} shows {chips}, not {wanted}")
        days = [dt.datetime.fromtimestamp(int(v) / 1e6, dt.UTC).date() for v in
                self.key("dates").locator("input[type='range']").evaluate_all(
                    "els => els.map(e => e.value)")]
        if tuple(days) != view.span():
            found.append(f"the date slider reads {days}, not {list(view.span())}")
        q = self.key("q").locator("input").input_value()
        if q != view.q:
            found.append(f"the search box reads {q!r}, not {view.q!r}")
        national = self.key("include_national").locator("input").is_checked()
        if national != view.national:
            found.append(f"'keep national' is {national}, not {view.national}")
        tabs = self.key("tab").get_by_role("tab")
        names = [t.strip() for t in tabs.all_inner_texts()]
        if names != list(shown["tab"].values()):
            found.append(f"the tabs read {names}, not {list(shown['tab'].values())}")
        selected = tabs.evaluate_all("els => els.map(e => e.getAttribute('aria-selected'))")
        if selected.index("true") != links.TABS.index(view.tab):
            found.append(f"tab {selected.index('true')} is open, not {view.tab!r}")
        if view.tab == "chronology":
            event = self.key("event").locator("input").input_value()
            if event != (shown["event"][view.event] if view.event else ""):
                found.append(f"the event picker reads {event!r}, not {view.event!r}")
        if view.tab == "figures":
            metric = self.key("metric").locator("input").input_value()
            wanted = shown["metric"][view.metric or data().metrics[0]]
            if metric != wanted:
                found.append(f"the figure picker reads {metric!r}, not {wanted!r}")
        return found


@needs_browser
@walks
def test_a_random_walk_in_the_browser(server, browser, name, seed, actions):
    actions = actions if actions is not None else walk(seed, STEPS)
    context = browser.new_context(locale="en-US", viewport={"width": 1400, "height": 1000})
    context.add_init_script(COUNT_RUNS)
    page = context.new_page()
    driver = Browser(page, server)
    try:
        driver.open({})
        view = View()
        opened = driver.settle(-1, view)
        assert not opened, f"the page opened wrong: {opened}"
        for step, action in enumerate(actions, start=1):
            before = driver.runs()
            try:
                driver.act(action, view)
                view = apply(view, action)
                problems = driver.settle(0 if action[0] == "link" else before, view)
            except Exception as exc:  # a widget that is not there, a click that times out
                problems = [f"the action could not be done: {type(exc).__name__}: {exc}"]
            if problems:
                ARTIFACTS.mkdir(exist_ok=True)
                shot = ARTIFACTS / f"walk-{name}-step-{step}.png"
                page.screenshot(path=str(shot), full_page=True)
                pytest.fail(failure(name, seed, step, actions, problems, shot), pytrace=False)
    finally:
        context.close()


@needs_browser
def test_a_click_just_after_a_multiselect_is_not_lost(server, browser):
    """A reader types a region, picks it, and clicks Reset filters at once."""
    context = browser.new_context(locale="en-US", viewport={"width": 1400, "height": 1000})
    context.add_init_script(COUNT_RUNS)
    page = context.new_page()
    driver = Browser(page, server)
    try:
        driver.open({})
        driver.settle(-1, View())
        box = driver.key("regions").locator("input[role='combobox']")
        box.click()
        box.fill(labels("en")["regions"]["KZ-KZY"])  # a name long enough to wrap
        page.locator("[role='listbox'] [role='option'][data-key="
                     f"'{options('regions').index('KZ-KZY')}']").click()
        page.keyboard.press("Escape")
        assert not driver.settle(driver.runs() - 1, View(regions=("KZ-KZY",)))
        driver.key("reset").locator("button").click()
        with contextlib.suppress(sync_api.TimeoutError):
            page.wait_for_url(lambda url: "regions=" not in url, timeout=10_000)
        assert "regions=" not in page.url, "the first click on Reset filters was lost"
    finally:
        context.close()


# -- the same walk through AppTest ---------------------------------------------

class Script:
    """Drives the page through AppTest: widget setters and session state."""

    def __init__(self):
        self.at = self.open({})

    @staticmethod
    def open(params: dict[str, list[str]]) -> AppTest:
        at = AppTest.from_file(str(APP), default_timeout=60)
        for key, values in params.items():
            at.query_params[key] = values
        return at.run()

    def act(self, action: Action, view: View) -> None:
        at, (kind, *args) = self.at, action
        if kind == "lang":
            at.selectbox(key="lang").set_value(args[0])
        elif kind == "add":
            at.multiselect(key=args[0]).select(args[1])
        elif kind == "remove":
            at.multiselect(key=args[0]).unselect(args[1])
        elif kind == "slide":
            at.slider(key="dates").set_value(apply(view, action).span())
        elif kind == "search":
            at.text_input(key="q").input(args[0])
        elif kind == "national":
            at.toggle(key="include_national").set_value(not view.national)
        elif kind == "reset":
            at.button(key="reset").click()
        elif kind == "tab":  # as a click on the tab does
            at.session_state["tab"] = labels(view.lang)["tab"][args[0]]
        elif kind == "event":
            at.selectbox(key="event").set_value(args[0])
        elif kind == "timeline":  # a click, as Streamlit stores a chart selection
            timeline = f"timeline-{at.session_state['timeline_round']}"
            at.session_state[timeline] = {"selection": {"pick": [{"id": args[0]}]}}
        elif kind == "map":
            at.session_state[f"map-{at.session_state['map_round']}"] = {
                "selection": {"region": [{"id": args[0]}]}}
        elif kind == "metric":
            at.selectbox(key="metric").set_value(args[0])
        elif kind == "link":
            self.at = self.open(args[0])
            return
        else:
            raise ValueError(f"unknown action {action!r}")
        at.run()

    def problems(self, view: View) -> list[str]:
        at, found = self.at, []
        if at.exception:
            return [f"the page shows an exception: {[e.message for e in at.exception]}"]
        query = {k: list(at.query_params.get_all(k)) if hasattr(at.query_params, "get_all")
                 else v if isinstance(v, list) else [v] for k, v in at.query_params.items()}
        if url_params(query) != url_params(view.params()):
            found.append(f"the link says {url_params(query)} but the view is "
                         f"{url_params(view.params())}")
        shown = {
            "lang": at.selectbox(key="lang").value,
            **{key: sorted(at.multiselect(key=key).value) for key in MULTI
               if key != "speakers" or view.tab == "chronology"},
            "dates": tuple(at.slider(key="dates").value),
            "q": at.text_input(key="q").value,
            "national": at.toggle(key="include_national").value,
        }
        wanted = {
            "lang": view.lang,
            **{key: sorted(getattr(view, key)) for key in MULTI if key in shown},
            "dates": view.span(), "q": view.q, "national": view.national,
        }
        if view.tab == "chronology":
            shown["event"], wanted["event"] = at.selectbox(key="event").value, view.event
        if view.tab == "figures":
            shown["metric"] = at.selectbox(key="metric").value
            wanted["metric"] = view.metric or data().metrics[0]
        found += [f"{key} is {shown[key]!r}, not {wanted[key]!r}" for key in wanted
                  if shown[key] != wanted[key]]
        return found


@walks
def test_a_random_walk_through_apptest(name, seed, actions, monkeypatch):
    monkeypatch.delenv("KZDASH_DATA", raising=False)
    actions = actions if actions is not None else walk(seed, STEPS)
    script, view = Script(), View()
    for step, action in enumerate(actions, start=1):
        try:
            script.act(action, view)
            view = apply(view, action)
            problems = script.problems(view)
        except Exception as exc:  # a widget that is not there
            problems = [f"the action could not be done: {type(exc).__name__}: {exc}"]
        if problems:
            pytest.fail(failure(name, seed, step, actions, problems), pytrace=False)
