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
from collections.abc import Callable, Collection, Mapping, Sequence
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


def _last(name: str, values: Sequence[str], warn: list[str], tr: Translator) -> list[str]:
    """The last of a parameter's values, in a list (empty when there are
    none); several values are resolved the same way for every parameter
    that takes one, with a warning."""
    values = list(values)
    if len(values) > 1:
        warn.append(tr.gettext("Several {name} values: using the last one.").format(name=name))
    return values[-1:]


def language(params: Mapping[str, Sequence[str]], vocab: Vocabulary) -> str | None:
    """The language a URL asks for, when it names a known one; read before
    :func:`parse` so that parse's own warnings come in that language."""
    found = _members("lang", list(params.get("lang", ()))[-1:], vocab.languages, [],
                     any_case=True)
    return found[0] if found else None


# -- the fields of a view ------------------------------------------------------
# Each kind of field knows how a link spells it (read: the values of its
# parameter, present in the link, to a value; write: a value to the values,
# none for the default), its default, and how its widget holds it.

Warn = list[str]


class Dates:
    def read(self, key: str, values: Sequence[str], vocab: Vocabulary, warn: Warn,
             tr: Translator) -> tuple[dt.date, dt.date]:
        return _dates(list(values), vocab, warn, tr)

    def default(self, vocab: Vocabulary) -> tuple[dt.date, dt.date]:
        return (vocab.first_day, vocab.last_day)

    def write(self, value: tuple[dt.date | None, dt.date | None], vocab: Vocabulary) -> list[str]:
        start, end = value[0] or vocab.first_day, value[1] or vocab.last_day
        if (start, end) == self.default(vocab):
            return []
        return [start.isoformat(), end.isoformat()]

    def widget(self, value: tuple, vocab: Vocabulary) -> tuple[dt.date, dt.date]:
        return (value[0] or vocab.first_day, value[1] or vocab.last_day)

    def from_widget(self, value: Sequence[dt.date], vocab: Vocabulary) -> tuple[dt.date, ...]:
        return tuple(value)


@dataclass(frozen=True)
class Many:
    """Members of a closed list, in the link's order, each once."""

    known: Callable[[Vocabulary], Collection[str]]
    any_case: bool = True  # ids people may type by hand; speakers' names keep their case

    def read(self, key: str, values: Sequence[str], vocab: Vocabulary, warn: Warn,
             tr: Translator) -> tuple[str, ...]:
        return _members(key, list(values), self.known(vocab), warn, tr, any_case=self.any_case)

    def default(self, vocab: Vocabulary) -> tuple[str, ...]:
        return ()

    def write(self, value: Sequence[str], vocab: Vocabulary) -> list[str]:
        return list(value)

    def widget(self, value: Sequence[str], vocab: Vocabulary) -> list[str]:
        return list(value)

    def from_widget(self, value: Sequence[str], vocab: Vocabulary) -> tuple[str, ...]:
        return tuple(value)


@dataclass(frozen=True)
class One:
    """One member of a closed list; with ``first_is_default`` the list's
    first member is the default, left out of the link and of the view."""

    known: Callable[[Vocabulary], Sequence[str] | Collection[str]]
    first_is_default: bool = False

    def _first(self, vocab: Vocabulary) -> str | None:
        known = list(self.known(vocab)) if self.first_is_default else []
        return known[0] if known else None

    def read(self, key: str, values: Sequence[str], vocab: Vocabulary, warn: Warn,
             tr: Translator) -> str | None:
        found = _members(key, _last(key, values, warn, tr), self.known(vocab), warn, tr,
                         any_case=True)
        return self.normal(found[0] if found else None, vocab)

    def default(self, vocab: Vocabulary) -> None:
        return None

    def normal(self, value: str | None, vocab: Vocabulary) -> str | None:
        return None if value is not None and value == self._first(vocab) else value

    def write(self, value: str | None, vocab: Vocabulary) -> list[str]:
        value = self.normal(value, vocab)
        return [value] if value else []

    def widget(self, value: str | None, vocab: Vocabulary) -> str | None:
        return value if value is not None else self._first(vocab)

    def from_widget(self, value: str | None, vocab: Vocabulary) -> str | None:
        return self.normal(value, vocab)


class Text:
    def read(self, key: str, values: Sequence[str], vocab: Vocabulary, warn: Warn,
             tr: Translator) -> str:
        if not values:
            return ""
        text = _last(key, values, warn, tr)[0]
        if len(text) > MAX_Q:
            warn.append(tr.gettext("Search text cut to {n} characters.").format(n=MAX_Q))
            text = text[:MAX_Q]
        return text

    def default(self, vocab: Vocabulary) -> str:
        return ""

    def write(self, value: str, vocab: Vocabulary) -> list[str]:
        return [value] if value.strip() else []

    def widget(self, value: str, vocab: Vocabulary) -> str:
        return value

    def from_widget(self, value: str, vocab: Vocabulary) -> str:
        return value


class Flag:
    """On unless the link says 0 (or false, no): ``national``."""

    def read(self, key: str, values: Sequence[str], vocab: Vocabulary, warn: Warn,
             tr: Translator) -> bool:
        value = ([v.strip().lower() for v in _last(key, values, warn, tr)] or [""])[0]
        if value in ("0", "false", "no"):
            return False
        if value not in ("1", "true", "yes"):
            warn.append(tr.gettext("Ignored national={value}: expected 0 or 1.").format(
                value=repr(_short(value))))
        return True

    def default(self, vocab: Vocabulary) -> bool:
        return True

    def write(self, value: bool, vocab: Vocabulary) -> list[str]:
        return [] if value else ["0"]

    def widget(self, value: bool, vocab: Vocabulary) -> bool:
        return value

    def from_widget(self, value: bool, vocab: Vocabulary) -> bool:
        return bool(value)


@dataclass(frozen=True)
class Field:
    """One piece of the view: its link parameter, the session-state key of
    the widget that holds it (None: the page keeps it otherwise), where it
    lands in :class:`View` ("filters.regions"; "filters.start,end" for the
    two ends of the dates), and its kind."""

    key: str
    widget: str | None
    lands: str
    kind: Dates | Many | One | Text | Flag

    def get(self, view: View) -> object:
        owner, _, names = self.lands.rpartition(".")
        holder = view.filters if owner == "filters" else view
        values = tuple(getattr(holder, name) for name in names.split(","))
        return values if len(values) > 1 else values[0]


#: The view, field by field, in the link's order. Adding a filter is a row
#: here (and its field in Filters, and its widget on the page).
FIELDS: tuple[Field, ...] = (
    Field("dates", "dates", "filters.start,end", Dates()),
    Field("regions", "regions", "filters.regions", Many(lambda v: v.regions)),
    Field("categories", "categories", "filters.categories", Many(lambda v: v.categories)),
    Field("speakers", "speakers", "filters.speakers", Many(lambda v: v.speakers, any_case=False)),
    Field("sources", "sources", "filters.sources", Many(lambda v: v.sources)),
    Field("kinds", "kinds", "filters.kinds", Many(lambda v: v.kinds)),
    Field("q", "q", "filters.q", Text()),
    Field("national", "include_national", "filters.include_national", Flag()),
    Field("event", "event", "event", One(lambda v: v.events)),
    Field("metric", "metric", "metric", One(lambda v: v.metrics, first_is_default=True)),
    Field("lang", None, "lang", One(lambda v: v.languages)),
    Field("tab", None, "tab", One(lambda v: TABS, first_is_default=True)),
)
KNOWN = frozenset(f.key for f in FIELDS)


def _view(values: Mapping[str, object]) -> View:
    """The view of each field's value (by link key)."""
    filters: dict[str, object] = {}
    view: dict[str, object] = {}
    for f in FIELDS:
        owner, _, names = f.lands.rpartition(".")
        parts = names.split(",")
        value = values[f.key]
        pairs = zip(parts, value, strict=True) if len(parts) > 1 else [(parts[0], value)]
        (filters if owner == "filters" else view).update(pairs)
    return View(filters=Filters(**filters), **view)


def parse(
    params: Mapping[str, Sequence[str]], vocab: Vocabulary, tr: Translator = ENGLISH
) -> tuple[View, list[str]]:
    """The view a URL describes, and a warning for every value it had to drop."""
    warn: list[str] = []
    unknown_keys = sorted(k for k in params
                          if k not in KNOWN and k not in RESERVED and not is_tracking(k))
    if unknown_keys:
        listed = ", ".join(repr(_short(k)) for k in unknown_keys[:5])
        warn.append(tr.gettext("Ignored unknown link parameter(s): {names}.").format(
            names=listed))
    values = {f.key: f.kind.read(f.key, params[f.key], vocab, warn, tr) if f.key in params
              else f.kind.default(vocab) for f in FIELDS}
    return _view(values), warn


def to_params(view: View, vocab: Vocabulary) -> dict[str, list[str]]:
    """The query parameters that describe ``view``; defaults are left out."""
    out = {f.key: f.kind.write(f.get(view), vocab) for f in FIELDS}
    return {key: values for key, values in out.items() if values}


def widget_state(view: View, vocab: Vocabulary) -> dict[str, object]:
    """The value of every widget that shows ``view``, by its session-state key."""
    return {f.widget: f.kind.widget(f.get(view), vocab) for f in FIELDS if f.widget}


def from_widgets(state: Mapping[str, object], vocab: Vocabulary, *, lang: str | None = None,
                 tab: str | None = None) -> View:
    """The view the widgets show (``state``: the page's session state), in
    ``lang`` (None: the browser's language) on ``tab``: the fields without a
    widget of their own."""
    own = {"lang": lang, "tab": tab}
    return _view({f.key: f.kind.from_widget(state[f.widget] if f.widget else own[f.key], vocab)
                  for f in FIELDS})
