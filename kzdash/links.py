"""The URL contract: query parameters <-> the view they describe.

Links people share must keep working, so this module (with the kinds of
field in :mod:`kzdash.linkfields`) is the single place that reads and
writes them::

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

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from html import escape
from urllib.parse import urlencode, urlsplit

from kzdash.filters import Filters
from kzdash.i18n import ENGLISH, Translator
from kzdash.linkfields import MAX_Q as MAX_Q  # the page's search box takes no more
from kzdash.linkfields import Dates, Flag, Many, One, Text, Vocabulary, members, short

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
class View:
    filters: Filters = field(default_factory=Filters)
    event: str | None = None
    metric: str | None = None  # None: the vocabulary's default
    lang: str | None = None  # None: the browser's language decides
    tab: str | None = None  # None: the first of TABS


def is_tracking(key: str) -> bool:
    """Whether a query parameter is one that sites add to track a click."""
    folded = key.lower()
    return folded in TRACKING or folded.startswith(TRACKING_PREFIXES)


def language(params: Mapping[str, Sequence[str]], vocab: Vocabulary) -> str | None:
    """The language a URL asks for, when it names a known one; read before
    :func:`parse` so that parse's own warnings come in that language."""
    found = members("lang", list(params.get("lang", ()))[-1:], vocab.languages, [],
                    any_case=True)
    return found[0] if found else None


# -- the fields of a view ------------------------------------------------------
# Each kind of field (kzdash.linkfields) knows how a link spells it (read: the
# values of its parameter, present in the link, to a value; write: a value to
# the values, none for the default), its default, and how its widget holds it.


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
        listed = ", ".join(repr(short(k)) for k in unknown_keys[:5])
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


def address(base: str | None, params: Mapping[str, Sequence[str]]) -> str:
    """The link that reproduces a view: the app's address (``base``, without
    a query; ``None`` when the page does not know it, and then the query
    alone, to append to the app's address) with ``params``."""
    query = urlencode([(key, value) for key, values in params.items() for value in values])
    base = (base or "").split("?", 1)[0].split("#", 1)[0]
    if base and not urlsplit(base).path:  # the browser's own form of an address
        base += "/"
    return f"{base}?{query}" if query else base or "?"


def embed_snippet(base: str | None, params: Mapping[str, Sequence[str]], title: str,
                  height: int = 800) -> str:
    """The ``<iframe>`` a newsroom pastes into an article to show the view:
    Streamlit's ``embed=true`` (no menu, no sidebar chrome) on the view's
    link. Every attribute is escaped."""
    src = address(base, {**params, "embed": ["true"]})
    return (f'<iframe src="{escape(src)}" title="{escape(title)}" width="100%" '
            f'height="{int(height)}" style="border:0" loading="lazy"></iframe>')
