"""The URL contract: query parameters <-> the view they describe.

Links people share must keep working, so this module is the single place
that reads and writes them::

    dates=YYYY-MM-DD&dates=YYYY-MM-DD   the date range (inclusive)
    regions=<region id>                 repeatable
    categories=<category>               repeatable
    speakers=<speaker name>             repeatable
    sources=<source id>                 repeatable: items citing these sources
    kinds=<source kind>                 repeatable: items citing a source of
                                        these kinds (state-media, ngo, ...)
    q=<text>                            text search
    national=0                          hide national/international events
                                        while regions are selected
    event=<event id>                    the event whose details are open
    metric=<claim metric>               the figures view's metric
    tab=map|figures|sources             the open tab (chronology when absent);
                                        the same ids in every language
    lang=en|ru|kk                       the interface language (without it,
                                        the browser's language decides)

Parsing never raises: every value that cannot be used is dropped and
explained in a warning, in the interface's language. Ids and names of
closed lists (regions, categories, sources, event, metric, tab, lang) are
read in any case; a parameter that takes one value uses the last of
several, with a warning; tracking parameters that sites add to a shared
link (``utm_*``, ``fbclid`` ...) are ignored without one. Values equal to
the default are left out of the URL.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field

from kzdash.filters import Filters
from kzdash.i18n import ENGLISH, Translator

MAX_Q = 200
MAX_VALUES = 100
# Parameters Streamlit itself uses; they are not ours to warn about.
RESERVED = frozenset({"embed", "embed_options"})
# Parameters that social sites, newsletters and ad networks add to a shared
# link. They say nothing about the view and are ignored without a word.
TRACKING = frozenset({"fbclid", "gclid", "gbraid", "wbraid", "dclid", "msclkid", "yclid",
                      "igshid", "twclid", "ttclid", "li_fat_id", "mc_cid", "mc_eid", "_ga",
                      "_gl", "srsltid", "ref_src", "ref_url"})
TRACKING_PREFIXES = ("utm_",)
KNOWN = frozenset(
    {"dates", "regions", "categories", "speakers", "sources", "kinds", "q", "national", "event",
     "metric", "lang", "tab"}
)
# The page's tabs, the first the default; links name them by these ids.
TABS = ("chronology", "map", "figures", "sources")


@dataclass(frozen=True)
class Vocabulary:
    """What values a URL may name, taken from the loaded dataset."""

    first_day: dt.date
    last_day: dt.date
    regions: Collection[str] = ()
    categories: Collection[str] = ()
    speakers: Collection[str] = ()
    events: Collection[str] = ()
    sources: Collection[str] = ()
    kinds: Collection[str] = ()
    metrics: Sequence[str] = ()  # the first is the default
    languages: Collection[str] = ("en",)


@dataclass(frozen=True)
class View:
    filters: Filters = field(default_factory=Filters)
    event: str | None = None
    metric: str | None = None  # None: the vocabulary's default
    lang: str | None = None  # None: the browser's language decides
    tab: str | None = None  # None: the first of TABS


def _short(value: str) -> str:
    return value if len(value) <= 40 else value[:37] + "..."


def _parse_day(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        return None


def _dates(
    values: Sequence[str], vocab: Vocabulary, warn: list[str], tr: Translator
) -> tuple[dt.date, dt.date]:
    _ = tr.gettext
    full = (vocab.first_day, vocab.last_day)
    if len(values) != 2:
        warn.append(_(
            "Ignored dates: expected two values (dates=YYYY-MM-DD&dates=YYYY-MM-DD), got {n}."
        ).format(n=len(values)))
        return full
    days = [_parse_day(v) for v in values]
    bad = [_short(v) for v, d in zip(values, days, strict=True) if d is None]
    if bad:
        warn.append(_("Ignored dates: {values} is not a date (YYYY-MM-DD).").format(
            values=", ".join(repr(b) for b in bad)))
        return full
    start, end = days[0], days[1]
    assert start is not None and end is not None
    if start > end:
        warn.append(_("Ignored dates: the range {start} to {end} is reversed.").format(
            start=start, end=end))
        return full
    if end < vocab.first_day or start > vocab.last_day:
        warn.append(_(
            "Ignored dates: {start} to {end} is outside the dataset ({first} to {last})."
        ).format(start=start, end=end, first=vocab.first_day, last=vocab.last_day))
        return full
    clamped = (max(start, vocab.first_day), min(end, vocab.last_day))
    if clamped != (start, end):
        warn.append(_(
            "Dates narrowed to the dataset's days: {first} to {last} (the link asked for "
            "{start} to {end})."
        ).format(first=clamped[0], last=clamped[1], start=start, end=end))
    return clamped


def is_tracking(key: str) -> bool:
    """Whether a query parameter is one that sites add to track a click."""
    folded = key.lower()
    return folded in TRACKING or folded.startswith(TRACKING_PREFIXES)


def _members(
    name: str, values: Sequence[str], known: Collection[str], warn: list[str],
    tr: Translator = ENGLISH, any_case: bool = False,
) -> tuple[str, ...]:
    """The values that name a known member, in the link's order, each once.
    With ``any_case``, ``Map`` or ``KZ-ala`` finds ``map`` or ``KZ-ALA``
    (for ids people may type by hand; speakers' names keep their case)."""
    _ = tr.gettext
    if len(values) > MAX_VALUES:
        warn.append(_("Ignored {name}: more than {n} values.").format(name=name, n=MAX_VALUES))
        return ()
    folded = {k.casefold(): k for k in known} if any_case else {}
    kept: list[str] = []
    unknown: list[str] = []
    for value in values:
        value = value if value in known else folded.get(value.strip().casefold(), value)
        if value in known:
            if value not in kept:
                kept.append(value)
        elif value.strip():
            unknown.append(value)
    if unknown:
        listed = ", ".join(repr(_short(u)) for u in unknown[:5])
        if len(unknown) > 5:
            warn.append(_("Ignored unknown {name}: {values} and {n} more.").format(
                name=name, values=listed, n=len(unknown) - 5))
        else:
            warn.append(_("Ignored unknown {name}: {values}.").format(name=name, values=listed))
    return tuple(kept)


def _last(name: str, params: Mapping[str, Sequence[str]], warn: list[str],
          tr: Translator) -> list[str]:
    """The last value of a parameter that takes one, in a list (empty when
    absent); several values are resolved the same way for every such
    parameter, with a warning."""
    values = list(params.get(name, ()))
    if len(values) > 1:
        warn.append(tr.gettext("Several {name} values: using the last one.").format(name=name))
    return values[-1:]


def language(params: Mapping[str, Sequence[str]], vocab: Vocabulary) -> str | None:
    """The language a URL asks for, when it names a known one; read before
    :func:`parse` so that parse's own warnings come in that language."""
    found = _members("lang", list(params.get("lang", ()))[-1:], vocab.languages, [],
                     any_case=True)
    return found[0] if found else None


def parse(
    params: Mapping[str, Sequence[str]], vocab: Vocabulary, tr: Translator = ENGLISH
) -> tuple[View, list[str]]:
    """The view a URL describes, and a warning for every value it had to drop."""
    _ = tr.gettext
    warn: list[str] = []
    unknown_keys = sorted(k for k in params
                          if k not in KNOWN and k not in RESERVED and not is_tracking(k))
    if unknown_keys:
        listed = ", ".join(repr(_short(k)) for k in unknown_keys[:5])
        warn.append(_("Ignored unknown link parameter(s): {names}.").format(names=listed))

    start, end = vocab.first_day, vocab.last_day
    if "dates" in params:
        start, end = _dates(list(params["dates"]), vocab, warn, tr)

    q = ""
    if "q" in params and params["q"]:
        q = _last("q", params, warn, tr)[0]
        if len(q) > MAX_Q:
            warn.append(_("Search text cut to {n} characters.").format(n=MAX_Q))
            q = q[:MAX_Q]

    include_national = True
    if "national" in params:
        value = [v.strip().lower() for v in _last("national", params, warn, tr)] or [""]
        if value[0] in ("0", "false", "no"):
            include_national = False
        elif value[0] not in ("1", "true", "yes"):
            warn.append(_("Ignored national={value}: expected 0 or 1.").format(
                value=repr(_short(value[0]))))

    def one(name: str, known: Collection[str]) -> str | None:
        found = _members(name, _last(name, params, warn, tr), known, warn, tr, any_case=True)
        return found[0] if found else None

    event = one("event", vocab.events)
    metric = one("metric", vocab.metrics)
    if metric is not None and vocab.metrics and metric == vocab.metrics[0]:
        metric = None
    lang = one("lang", vocab.languages)
    tab = one("tab", TABS)
    tab = None if tab == TABS[0] else tab

    filters = Filters(
        start=start,
        end=end,
        regions=_members("regions", list(params.get("regions", ())), vocab.regions, warn, tr,
                         any_case=True),
        categories=_members(
            "categories", list(params.get("categories", ())), vocab.categories, warn, tr,
            any_case=True,
        ),
        speakers=_members("speakers", list(params.get("speakers", ())), vocab.speakers, warn, tr),
        sources=_members("sources", list(params.get("sources", ())), vocab.sources, warn, tr,
                         any_case=True),
        kinds=_members("kinds", list(params.get("kinds", ())), vocab.kinds, warn, tr,
                       any_case=True),
        q=q,
        include_national=include_national,
    )
    return View(filters=filters, event=event, metric=metric, lang=lang, tab=tab), warn


def to_params(view: View, vocab: Vocabulary) -> dict[str, list[str]]:
    """The query parameters that describe ``view``; defaults are left out."""
    f = view.filters
    out: dict[str, list[str]] = {}
    start = f.start or vocab.first_day
    end = f.end or vocab.last_day
    if (start, end) != (vocab.first_day, vocab.last_day):
        out["dates"] = [start.isoformat(), end.isoformat()]
    if f.regions:
        out["regions"] = list(f.regions)
    if f.categories:
        out["categories"] = list(f.categories)
    if f.speakers:
        out["speakers"] = list(f.speakers)
    if f.sources:
        out["sources"] = list(f.sources)
    if f.kinds:
        out["kinds"] = list(f.kinds)
    if f.q.strip():
        out["q"] = [f.q]
    if not f.include_national:
        out["national"] = ["0"]
    if view.event:
        out["event"] = [view.event]
    if view.metric and view.metric != (vocab.metrics[0] if vocab.metrics else None):
        out["metric"] = [view.metric]
    if view.lang:
        out["lang"] = [view.lang]
    if view.tab and view.tab != TABS[0]:
        out["tab"] = [view.tab]
    return out
