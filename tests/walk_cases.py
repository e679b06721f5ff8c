"""The random walk of the page (tests/test_walk.py), as data: the view a
reader expects after each action, the actions a reader can take, and the
walks that once failed, replayed on every run.

An action is a plain tuple, so that a failing walk prints as a list that can
be pasted into ``REGRESSIONS`` below:

    ("lang", "ru")                 choose a language in the sidebar
    ("add", "regions", "KZ-ALA")   add a value to a multiselect (regions,
    ("remove", "regions", ...)     categories, sources, kinds, speakers), or remove it
    ("slide", 1, -3)               press an arrow key on a date thumb (0 start,
                                   1 end) this many days (negative: left)
    ("search", "airport")          type in the search box ("" clears it)
    ("national",)                  flip "keep national and international"
    ("reset",)                     click Reset filters
    ("tab", "map")                 open a tab (by its id, whatever its label)
    ("event", id)                  choose an event in the event picker
    ("timeline", id)               click that event's mark on the timeline
    ("map", region id)             click a region (or a city) on the map
    ("metric", "detained")         choose a figure
    ("link", {"regions": [...]})   open a shared link (query parameters)
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, replace
from functools import cache

from kzdash import i18n, links
from kzdash.filters import Filters, filter_events
from kzdash.frames import claims_frame, day_range, events_frame, metrics, synonyms
from kzdash.load import load_dataset
from kzdash.models import CATEGORIES, SOURCE_KINDS

Action = tuple

#: Walks that once failed, replayed on every run: (name, seed, actions). The
#: seed only names the walk; the actions are replayed as they are.
REGRESSIONS: list[tuple[str, int, list[Action]]] = [
    # issue 18, defect 1: a language switch with a region set broke the
    # session at the regions multiselect on the next action
    ("defect-1-language-switch-with-a-region", 0, [
        ("link", {"regions": ["KZ-ALA"]}), ("lang", "ru"), ("tab", "map"),
        ("slide", 0, 2), ("national",), ("add", "regions", "KZ-AST"), ("reset",),
    ]),
    # issue 18, defect 2: a language switch dropped the category filter
    ("defect-2-language-switch-keeps-a-category", 0, [
        ("link", {"categories": ["unrest"]}), ("lang", "ru"), ("tab", "figures"),
        ("lang", "kk"), ("add", "categories", "protest"), ("lang", "en"),
    ]),
    # not a failure: every kind of action at least once, chart clicks and
    # pickers in another language included, so that the short walk of
    # `make test` always covers them
    ("tour-of-every-action", 0, [
        ("tab", "map"), ("map", "KZ-ALA"), ("lang", "kk"), ("map", "KZ-MAN"), ("map", "KZ-MAN"),
        ("tab", "figures"), ("metric", "detained"), ("lang", "ru"), ("metric", "injured"),
        ("tab", "chronology"), ("timeline", "2022-01-05-almaty-airport-seized"),
        ("event", "2022-01-06-investigative-group-almaty-riots"),
        ("add", "speakers", "Maria Zakharova"), ("lang", "en"),
        ("remove", "speakers", "Maria Zakharova"), ("slide", 1, -2), ("search", "Алматы"),
        ("national",), ("add", "sources", "tass-world-1383901"),
        ("link", {"regions": ["KZ-AST"], "tab": ["map"], "lang": ["kk"]}), ("map", "KZ-AST"),
        ("search", "airport"), ("reset",),
    ]),
    # found by the walk (2026-12-01; AppTest and browser alike): an event
    # opened by its timeline mark, then another chosen in the picker; a click
    # on the first mark again does nothing (the chart's selection has not
    # changed, so the page never hears of it); the picker stays on the other
    ("timeline-mark-clicked-again-after-the-picker", 0, [
        ("timeline", "2022-01-05-almaty-airport-seized"),
        ("event", "2022-01-06-investigative-group-almaty-riots"),
        ("timeline", "2022-01-05-almaty-airport-seized"),
    ]),
    # found by the walk (2026-12-01: AppTest seeds 4, 7, 8, 10 of 60 steps,
    # browser seeds 5 and 7 of 40 steps): the Map tab open in Kazakh, a
    # switch to Russian opens Chronology and drops tab=map from the link.
    # Probably: "Map" is "Карта" in both, so the page keeps the tab's label,
    # while the tabs, whose other labels changed, start on the first
    ("tab-with-the-same-label-in-two-languages", 0, [
        ("lang", "kk"), ("tab", "map"), ("lang", "ru"),
    ]),
]

SEARCHES = ("airport", "Almaty", "Алматы", "Алма-Ата", "Тоқаев", "CSTO", "gas", "zzzqqq")
MULTI = ("regions", "categories", "sources", "kinds", "speakers")


@dataclass(frozen=True)
class Data:
    """What the walk may choose from, read from the page's dataset."""

    first: dt.date
    last: dt.date
    languages: tuple[str, ...]
    options: dict[str, tuple[str, ...]]  # multiselect key -> its values
    events: tuple[str, ...]
    metrics: tuple[str, ...]


@cache
def data() -> Data:
    ds = load_dataset()
    events = events_frame(ds)
    first, last = day_range(events)
    speakers = tuple(sorted({q.speaker for q in ds.quotes}))
    return Data(
        first=first, last=last, languages=i18n.languages(),
        options={"regions": tuple(r.id for r in ds.regions), "categories": CATEGORIES,
                 "sources": tuple(s.id for s in ds.sources), "kinds": SOURCE_KINDS,
                 "speakers": speakers},
        events=tuple(events["id"]), metrics=tuple(metrics(claims_frame(ds))),
    )


@cache
def _frame_and_names():
    ds = load_dataset()
    return events_frame(ds), synonyms(ds)


@dataclass(frozen=True)
class View:
    """What the reader expects the page to show (and its link to say)."""

    lang: str = "en"
    lang_chosen: bool = False  # a link names the language only once chosen
    dates: tuple[dt.date, dt.date] | None = None  # None: every day
    regions: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    speakers: tuple[str, ...] = ()
    q: str = ""
    national: bool = True
    event: str | None = None
    metric: str | None = None  # None: the first metric
    tab: str = "chronology"

    def span(self) -> tuple[dt.date, dt.date]:
        d = data()
        return self.dates or (d.first, d.last)

    def filters(self) -> Filters:
        start, end = self.span()
        return Filters(start=start, end=end, regions=self.regions, categories=self.categories,
                       speakers=self.speakers, q=self.q, include_national=self.national,
                       sources=self.sources, kinds=self.kinds)

    def shown_events(self) -> list[str]:
        """The ids of the events the timeline draws for this view."""
        frame, names = _frame_and_names()
        return list(filter_events(frame, self.filters(), names)["id"])

    def params(self) -> dict[str, list[str]]:
        """The query parameters that describe this view, written from the URL
        contract (kzdash/links.py) rather than by its code; list values in
        the order the reader chose them."""
        out: dict[str, list[str]] = {}
        start, end = self.span()
        if (start, end) != (data().first, data().last):
            out["dates"] = [start.isoformat(), end.isoformat()]
        for key in MULTI:
            if getattr(self, key):
                out[key] = list(getattr(self, key))
        if self.q.strip():
            out["q"] = [self.q]
        if not self.national:
            out["national"] = ["0"]
        if self.event:
            out["event"] = [self.event]
        if self.metric and self.metric != data().metrics[0]:
            out["metric"] = [self.metric]
        if self.lang_chosen:
            out["lang"] = [self.lang]
        if self.tab != links.TABS[0]:
            out["tab"] = [self.tab]
        return out


def opened(params: dict[str, list[str]]) -> View:
    """The view a link of valid ``params`` opens, in a browser in English."""
    dates = params.get("dates")
    lang = params.get("lang", ["en"])[-1]
    return View(
        lang=lang, lang_chosen="lang" in params,
        dates=(dt.date.fromisoformat(dates[0]), dt.date.fromisoformat(dates[1])) if dates
        else None,
        **{key: tuple(params.get(key, ())) for key in MULTI},
        q=params.get("q", [""])[-1], national=params.get("national") != ["0"],
        event=params.get("event", [None])[-1], metric=params.get("metric", [None])[-1],
        tab=params.get("tab", ["chronology"])[-1],
    )


def apply(view: View, action: Action) -> View:
    """The view a reader expects after ``action``."""
    kind, *args = action
    if kind == "lang":
        return replace(view, lang=args[0], lang_chosen=True)
    if kind == "add":
        key, value = args
        return replace(view, **{key: (*getattr(view, key), value)})
    if kind == "remove":
        key, value = args
        return replace(view, **{key: tuple(v for v in getattr(view, key) if v != value)})
    if kind == "slide":
        thumb, days = args
        start, end = view.span()
        moved = (start + dt.timedelta(days=days), end) if thumb == 0 else (
            start, end + dt.timedelta(days=days))
        return replace(view, dates=moved)
    if kind == "search":
        return replace(view, q=args[0])
    if kind == "national":
        return replace(view, national=not view.national)
    if kind == "reset":
        return View(lang=view.lang, lang_chosen=view.lang_chosen, tab=view.tab)
    if kind == "tab":
        return replace(view, tab=args[0])
    if kind in ("event", "timeline"):
        return replace(view, event=args[0])
    if kind == "map":
        region = args[0]
        chosen = view.regions
        return replace(view, regions=tuple(r for r in chosen if r != region)
                       if region in chosen else (*chosen, region))
    if kind == "metric":
        return replace(view, metric=args[0])
    if kind == "link":
        return opened(args[0])
    raise ValueError(f"unknown action {action!r}")


def random_link(rng: random.Random) -> dict[str, list[str]]:
    """A link someone could have shared: a few valid parameters."""
    d = data()
    params: dict[str, list[str]] = {}
    for key in rng.sample(["dates", "regions", "categories", "sources", "kinds", "q", "national",
                           "event", "metric", "tab", "lang"], k=rng.randint(1, 4)):
        if key == "dates":
            days = (d.last - d.first).days
            a = rng.randint(0, days - 1)
            b = rng.randint(a, days)
            if (a, b) != (0, days):
                params["dates"] = [(d.first + dt.timedelta(days=x)).isoformat() for x in (a, b)]
        elif key in MULTI:
            params[key] = rng.sample(d.options[key], k=rng.randint(1, 2))
        elif key == "q":
            params["q"] = [rng.choice(SEARCHES)]
        elif key == "national":
            params["national"] = ["0"]
        elif key == "event":
            params["event"] = [rng.choice(d.events)]
        elif key == "metric":
            params["metric"] = [rng.choice(d.metrics[1:])]
        elif key == "tab":
            params["tab"] = [rng.choice(links.TABS[1:])]
        elif key == "lang":
            params["lang"] = [rng.choice(d.languages)]
    return params


#: How often a reader takes each kind of action, when the page offers it:
#: language switches (the class of issue 18's defects 1 and 2) and the
#: clicks of the open tab's chart weigh most.
WEIGHTS = {"lang": 4, "add": 3, "remove": 2, "slide": 2, "search": 1, "national": 1,
           "reset": 1, "tab": 3, "event": 1, "timeline": 3, "map": 4, "metric": 3, "link": 1}


def choose(rng: random.Random, view: View) -> Action:
    """A random action a reader could take on the page showing ``view``.
    Each one changes the view, so each one makes the page run again."""
    d = data()
    offered: dict[str, list[Action]] = {kind: [] for kind in WEIGHTS}
    offered["lang"] = [("lang", lang) for lang in d.languages if lang != view.lang]
    for key in ("regions", "categories", "sources", "kinds") + (
            ("speakers",) if view.tab == "chronology" else ()):
        offered["add"] += [("add", key, v) for v in d.options[key] if v not in getattr(view, key)]
        offered["remove"] += [("remove", key, v) for v in getattr(view, key)]
    start, end = view.span()
    for thumb, room_left, room_right in ((0, (start - d.first).days, (end - start).days),
                                         (1, (end - start).days, (d.last - end).days)):
        offered["slide"] += [("slide", thumb, -n) for n in range(1, min(3, room_left) + 1)]
        offered["slide"] += [("slide", thumb, n) for n in range(1, min(3, room_right) + 1)]
    offered["search"] = [("search", s) for s in ("", *SEARCHES) if s != view.q]
    offered["national"] = [("national",)]
    offered["reset"] = [("reset",)]
    offered["tab"] = [("tab", tab) for tab in links.TABS if tab != view.tab]
    if view.tab == "chronology":
        offered["event"] = [("event", e) for e in d.events if e != view.event]
        offered["timeline"] = [("timeline", e) for e in view.shown_events() if e != view.event]
    if view.tab == "map":
        offered["map"] = [("map", r) for r in d.options["regions"]]
    if view.tab == "figures":
        offered["metric"] = [("metric", m) for m in d.metrics
                             if m != (view.metric or d.metrics[0])]
    offered["link"] = [("link",)]
    kinds = [kind for kind in WEIGHTS if offered[kind]]
    kind = rng.choices(kinds, weights=[WEIGHTS[k] for k in kinds])[0]
    if kind == "link":
        return ("link", random_link(rng))
    return rng.choice(offered[kind])


def walk(seed: int, steps: int) -> list[Action]:
    """The actions of walk ``seed``: the same list every time."""
    rng = random.Random(seed)
    view, actions = View(), []
    for _ in range(steps):
        action = choose(rng, view)
        actions.append(action)
        view = apply(view, action)
    return actions
