"""Flat pandas tables of a validated dataset, the shape filters and charts use."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from itertools import chain

import pandas as pd

from kzdash.filters import fold
from kzdash.i18n import ENGLISH, N_, Translator
from kzdash.load import Problem
from kzdash.message import Message
from kzdash.models import Citation, Claim, Correction, Dataset, Event, Figure, Source

EVENT_COLUMNS = [
    "id",
    "date",
    "date_precision",
    "date_note",
    "date_text",
    "time",
    "time_precision",
    "time_note",
    "time_text",
    "title",
    "summary",
    "translated_by",
    "original_title",
    "original_summary",
    "category",
    "scope",
    "regions",
    "region_names",
    "places",
    "actors",
    "figures",
    "sources",
    "source_titles",
    "source_kinds",
    "citations",
    "corrections",
    "search",
]
QUOTE_COLUMNS = [
    "id",
    "date",
    "date_precision",
    "date_note",
    "speaker",
    "speaker_name",
    "role",
    "affiliation",
    "text",
    "translation",
    "translated_by",
    "kind",
    "note",
    "event",
    "event_title",
    "event_category",
    "event_scope",
    "event_regions",
    "search",
    "sources",
    "source_titles",
    "source_kinds",
    "citations",
    "corrections",
]


CLAIM_COLUMNS = [
    "id",
    "metric",
    "subject",
    "value",
    "qualifier",
    "value_text",
    "as_of",
    "reported",
    "reported_precision",
    "reported_text",
    "date_note",
    "claimed_by",
    "status",
    "status_text",
    "event",
    "region",
    "note",
    "sources",
    "source_titles",
    "source_kinds",
    "citations",
    "corrections",
]


def _join(items: tuple[str, ...] | list[str]) -> str:
    """``a; b``, each item once (an item may cite one source several times)."""
    return "; ".join(dict.fromkeys(items))


def _date(value: dt.date) -> pd.Timestamp:
    return pd.Timestamp(value)


def region_names(ds: Dataset, tr: Translator = ENGLISH) -> dict[str, str]:
    """``region id -> name`` in the translator's language (as written when
    the data gives no name in it)."""
    return {r.id: tr.name(r.names, r.name) for r in ds.regions}


def name_map(ds: Dataset, tr: Translator = ENGLISH) -> dict[str, str]:
    """``name as the data writes it -> name in the translator's language``,
    from ``names.yaml``."""
    return {n.name: tr.name(n.names, n.name) for n in ds.names}


def _terms(ds: Dataset) -> tuple[dict[str, str], dict[str, str]]:
    """Every way of writing each region (by id) and each name: what search
    matches, in every language at once."""
    regions = {r.id: " ".join([r.name, *r.names.values(), *r.aliases]) for r in ds.regions}
    names = {n.name: " ".join([n.name, *n.names.values(), *n.aliases]) for n in ds.names}
    return regions, names


def synonyms(ds: Dataset) -> dict[str, tuple[str, ...]]:
    """``folded name -> every name of the same region, place or person``
    (names in every language and aliases), for search: see
    :func:`kzdash.filters.search_terms`. Entries that share a name are one
    group, so a city that is both a region and a place has one set of names."""
    groups = [[r.name, *r.names.values(), *r.aliases] for r in ds.regions]
    groups += [[n.name, *n.names.values(), *n.aliases] for n in ds.names]
    merged: list[set[str]] = []
    for group in groups:
        names = {fold(name) for name in group}
        overlapping = [m for m in merged if m & names]
        for m in overlapping:
            names |= m
            merged.remove(m)
        merged.append(names)
    return {name: tuple(sorted(m)) for m in merged for name in m}


def events_frame(ds: Dataset, tr: Translator = ENGLISH) -> pd.DataFrame:
    """One row per event, sorted by date then id, with titles, summaries and
    names in the translator's language where the data has them. List fields
    stay tuples; ``*_names``/``*_titles`` columns hold the readable joined
    forms. ``translated_by`` is empty when the title is the original."""
    regions = region_names(ds, tr)
    names = name_map(ds, tr)
    region_terms, name_terms = _terms(ds)
    source_titles = {s.id: f"{s.publisher}: {s.title}" for s in ds.sources}
    kinds = {s.id: s.kind for s in ds.sources}
    cite = _citer(ds, tr)
    corrected = _corrections_by_item(ds, tr)
    quotes_by_event: dict[str, list[str]] = {}
    for quote in ds.quotes:
        quotes_by_event.setdefault(quote.event, []).append(
            f"{name_terms.get(quote.speaker, quote.speaker)} {quote.text}"
        )
    rows = []
    for e in ds.events:
        translation = e.translations.get(tr.lang)
        rows.append({
            "id": e.id,
            "date": _date(e.date),
            "date_precision": e.date_precision,
            "date_note": e.date_note or "",
            "date_text": tr.date(e.date, e.date_precision),
            "time": e.time or "",
            "time_precision": e.time_precision if e.time else "",
            "time_note": e.time_note or "",
            "time_text": time_text(e, tr),
            "title": translation.title if translation else e.title,
            "summary": translation.summary if translation else e.summary,
            "translated_by": translation.by if translation else "",
            "original_title": e.title,
            "original_summary": e.summary,
            "category": e.category,
            "scope": e.scope,
            "regions": tuple(e.regions),
            "region_names": _join([regions.get(r, r) for r in e.regions]),
            "places": _join([names.get(p, p) for p in e.places]),
            "actors": _join([names.get(a, a) for a in e.actors]),
            "figures": _join([figure_text(f, tr) for f in e.figures]),
            "sources": tuple(c.source for c in e.sources),
            "source_titles": _join([source_titles.get(c.source, c.source) for c in e.sources]),
            "source_kinds": tuple(dict.fromkeys(kinds.get(c.source, "") for c in e.sources)),
            "citations": "\n".join(cite(c) for c in e.sources),
            "corrections": "\n".join(corrected.get(f"event:{e.id}", ())),
            # what a search matches, folded once here rather than on every
            # search: the title and summary in every language, the event's
            # quotes and speakers, and every name of its places, actors and
            # regions in every language
            "search": fold("\n".join([
                e.title, e.summary,
                *(f"{t.title}\n{t.summary}" for t in e.translations.values()),
                *quotes_by_event.get(e.id, []),
                *(name_terms.get(p, p) for p in [*e.places, *e.actors]),
                *(region_terms.get(r, r) for r in e.regions),
            ])),
        })
    frame = pd.DataFrame(rows, columns=EVENT_COLUMNS)
    frame["date"] = pd.to_datetime(frame["date"])
    # within a day, by time of day; events whose time is not known come last
    untimed = frame["time"] == ""
    return (frame.assign(_untimed=untimed)
            .sort_values(["date", "_untimed", "time", "id"], kind="stable")
            .drop(columns="_untimed").reset_index(drop=True))


def quotes_frame(ds: Dataset, tr: Translator = ENGLISH) -> pd.DataFrame:
    """One row per quote with the fields of its event that filters need.
    ``text`` is always the verbatim original; ``translation`` holds the
    translator's language when the data has it, with ``translated_by``."""
    events = {e.id: e for e in ds.events}
    names = name_map(ds, tr)
    _, name_terms = _terms(ds)
    source_titles = {s.id: f"{s.publisher}: {s.title}" for s in ds.sources}
    kinds = {s.id: s.kind for s in ds.sources}
    cite = _citer(ds, tr)
    corrected = _corrections_by_item(ds, tr)
    rows = []
    for q in ds.quotes:
        event = events[q.event]
        translation = q.translations.get(tr.lang)
        event_translation = event.translations.get(tr.lang)
        rows.append(
            {
                "id": q.id,
                "date": _date(q.date),
                "date_precision": q.date_precision,
                "date_note": q.date_note or "",
                "speaker": q.speaker,
                "speaker_name": names.get(q.speaker, q.speaker),
                "role": names.get(q.role, q.role),
                "affiliation": names.get(q.affiliation, q.affiliation),
                "text": q.text,
                "translation": translation.text if translation else "",
                "translated_by": translation.by if translation else "",
                "kind": q.kind,
                "note": q.note or "",
                "event": q.event,
                "event_title": event_translation.title if event_translation else event.title,
                "event_category": event.category,
                "event_scope": event.scope,
                "event_regions": tuple(event.regions),
                # what a search matches, folded once: the words and their
                # translations, every name of the speaker, and the event
                "search": fold("\n".join([
                    q.text, *(t.text for t in q.translations.values()),
                    name_terms.get(q.speaker, q.speaker), event.title, event.summary,
                    *(f"{t.title}\n{t.summary}" for t in event.translations.values()),
                ])),
                "sources": tuple(c.source for c in q.sources),
                "source_titles": _join([source_titles.get(c.source, c.source)
                                        for c in q.sources]),
                "source_kinds": tuple(dict.fromkeys(kinds.get(c.source, "") for c in q.sources)),
                "citations": "\n".join(cite(c) for c in q.sources),
                "corrections": "\n".join(corrected.get(f"quote:{q.id}", ())),
            }
        )
    frame = pd.DataFrame(rows, columns=QUOTE_COLUMNS)
    frame["date"] = pd.to_datetime(frame["date"])
    return frame.sort_values(["date", "id"], kind="stable").reset_index(drop=True)


def claims_frame(ds: Dataset, tr: Translator = ENGLISH) -> pd.DataFrame:
    """One row per claim, sorted by metric, then publication date (undated
    last), then id. Unknown dates stay ``NaT``: a gap, not a guess."""
    source_titles = {s.id: f"{s.publisher}: {s.title}" for s in ds.sources}
    kinds = {s.id: s.kind for s in ds.sources}
    cite = _citer(ds, tr)
    corrected = _corrections_by_item(ds, tr)
    rows = [
        {
            "id": c.id,
            "metric": c.metric,
            "subject": c.subject or "",
            "value": float(c.value),
            "qualifier": c.qualifier,
            "value_text": claim_value(c, tr),
            "as_of": c.as_of,
            "reported": c.reported,
            "reported_precision": c.reported_precision,
            "reported_text": (
                tr.date(c.reported, c.reported_precision) if c.reported
                else tr.gettext("date not given")
            ),
            "date_note": c.date_note or "",
            "claimed_by": c.claimed_by,
            "status": c.status,
            "status_text": tr.gettext(STATUS_LABELS[c.status]),
            "event": c.event or "",
            "region": c.region or "",
            "note": c.note or "",
            "sources": tuple(x.source for x in c.sources),
            "source_titles": _join([source_titles.get(x.source, x.source) for x in c.sources]),
            "source_kinds": tuple(dict.fromkeys(kinds.get(x.source, "") for x in c.sources)),
            "citations": "\n".join(cite(x) for x in c.sources),
            "corrections": "\n".join(corrected.get(f"claim:{c.id}", ())),
        }
        for c in ds.claims
    ]
    frame = pd.DataFrame(rows, columns=CLAIM_COLUMNS)
    for column in ("as_of", "reported"):
        frame[column] = pd.to_datetime(frame[column])
    return frame.sort_values(
        ["metric", "reported", "id"], kind="stable", na_position="last"
    ).reset_index(drop=True)


SOURCE_KIND_LABELS = {
    "state-body": N_("State body"),
    "state-media": N_("State media"),
    "independent-media": N_("Independent media"),
    "international-agency": N_("International news agency"),
    "foreign-government": N_("Foreign government"),
    "international-organisation": N_("International organisation"),
    "ngo": N_("NGO or civil society"),
}
CHANGE_LABELS = {
    "re-dated": N_("re-dated"),
    "re-timed": N_("re-timed"),
    "re-attributed": N_("re-attributed"),
    "re-sourced": N_("re-sourced"),
    "re-worded": N_("re-worded"),
    "removed": N_("removed"),
}
ITEM_LABELS = {"event": N_("Event"), "quote": N_("Quote"), "claim": N_("Figure"),
               "source": N_("Source")}
CHECKED = N_("checked against an archived copy")
NOTED = N_("cited with a note")


def source_kind_label(kind: str, tr: Translator = ENGLISH) -> str:
    """``state-media`` -> ``State media``, in the translator's language."""
    label = SOURCE_KIND_LABELS.get(kind)
    return tr.gettext(label) if label else kind


def citation_kind(cite: Citation, tr: Translator = ENGLISH) -> str:
    """How a citation can be checked: against an archived copy, or it is a note."""
    return tr.gettext(CHECKED if cite.checked else NOTED)


def citation_text(cite: Citation, source: Source | None, tr: Translator = ENGLISH) -> str:
    """One citation as a line of text: the source, its kind, and the excerpt
    in quotation marks or the project's note, saying which it is."""
    where = (f"{source.publisher} ({source_kind_label(source.kind, tr)}): {source.title}"
             if source is not None else cite.source)
    if cite.excerpt is not None:
        return f"{where}: “{cite.excerpt}” ({citation_kind(cite, tr)})"
    return tr.gettext("{source}: note: {note} ({how})").format(
        source=where, note=cite.note, how=citation_kind(cite, tr))


def _citer(ds: Dataset, tr: Translator) -> Callable[[Citation], str]:
    sources = {s.id: s for s in ds.sources}
    return lambda cite: citation_text(cite, sources.get(cite.source), tr)


def time_text(event: Event, tr: Translator = ENGLISH) -> str:
    """``17:20``, ``about 17:20`` when approximate, or empty when not known."""
    if not event.time:
        return ""
    if event.time_precision == "approximate":
        return tr.gettext("about {time}").format(time=event.time)
    return event.time


def correction_text(c: Correction, tr: Translator = ENGLISH) -> str:
    """``Corrected on 1 December 2026 (re-dated): reason. Before: 2022-01-04``."""
    text = tr.gettext("Corrected on {date} ({change}): {reason}").format(
        date=tr.date(c.date), change=tr.gettext(CHANGE_LABELS[c.change]), reason=c.reason)
    if c.before:
        text += " " + tr.gettext("Before: {before}").format(before=c.before)
    return text


def _corrections_by_item(ds: Dataset, tr: Translator) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for c in sorted(ds.corrections, key=lambda c: c.date):
        out.setdefault(c.item, []).append(correction_text(c, tr))
    return out


def corrections_of(ds: Dataset, item: str) -> list[Correction]:
    """The corrections of one item (``event:<id>``...), oldest first."""
    return sorted((c for c in ds.corrections if c.item == item), key=lambda c: c.date)


def corrections_table(ds: Dataset, tr: Translator = ENGLISH) -> pd.DataFrame:
    """Every correction, newest first, with what the item is (its title while
    it is in the dataset; removed items keep their id). Column names are in
    the translator's language."""
    _ = tr.gettext
    names = {
        **{f"event:{e.id}": (e.translations[tr.lang].title if tr.lang in e.translations
                             else e.title) for e in ds.events},
        **{f"quote:{q.id}": f"{q.speaker}: “{q.text[:80]}”" for q in ds.quotes},
        **{f"claim:{c.id}": f"{metric_label(c.metric, tr)}: {claim_value(c, tr)} "
                            f"({c.claimed_by})" for c in ds.claims},
        **{f"source:{s.id}": source_label(s) for s in ds.sources},
    }
    rows = [
        {
            _("Corrected"): tr.date(c.date),
            _("Item"): tr.gettext(ITEM_LABELS[c.kind]),
            _("What"): names.get(c.item, c.target),
            _("Change"): tr.gettext(CHANGE_LABELS[c.change]),
            _("Reason"): c.reason,
            _("Before"): c.before or "",
            "id": c.item,
            "date": c.date,
        }
        for c in ds.corrections
    ]
    columns = [_("Corrected"), _("Item"), _("What"), _("Change"), _("Reason"), _("Before"),
               "id", "date"]
    frame = pd.DataFrame(rows, columns=columns)
    return frame.sort_values(["date", "id"], ascending=[False, True],
                             kind="stable").reset_index(drop=True)


QUALIFIERS = {
    "exactly": N_("{n}"),
    "about": N_("about {n}"),
    "more than": N_("more than {n}"),
    "at least": N_("at least {n}"),
    "almost": N_("almost {n}"),
    "up to": N_("up to {n}"),
}
STATUS_LABELS = {"reported": N_("reported"), "retracted": N_("retracted"),
                 "disputed": N_("disputed")}
CATEGORY_LABELS = {
    "protest": N_("Protest"),
    "unrest": N_("Unrest"),
    "security-operation": N_("Security operation"),
    "government": N_("Government"),
    "international": N_("International"),
    "casualties": N_("Casualties"),
    "commemoration": N_("Commemoration"),
}
SCOPE_LABELS = {"local": N_("local"), "national": N_("national"),
                "international": N_("international")}
KIND_LABELS = {"region": N_("region"), "city": N_("city")}


def category_label(category: str, tr: Translator = ENGLISH) -> str:
    """``security-operation`` -> ``Security operation``, in the translator's language."""
    label = CATEGORY_LABELS.get(category)
    return tr.gettext(label) if label else category


def claim_value(c: Claim, tr: Translator = ENGLISH) -> str:
    """``more than 3,000``."""
    return tr.gettext(QUALIFIERS[c.qualifier]).format(n=tr.number(c.value))


METRIC_LABELS = {
    "deaths": N_("Deaths"),
    "injured": N_("Injured"),
    "detained": N_("Detained"),
    "foreign-troops": N_("Foreign troops"),
    "equipment": N_("Pieces of equipment"),
    "regions-affected": N_("Regions affected"),
}


def metric_label(metric: str, tr: Translator = ENGLISH) -> str:
    """``foreign-troops`` -> ``Foreign troops``; a dataset's own metrics read as words."""
    label = METRIC_LABELS.get(metric)
    return tr.gettext(label) if label else metric.replace("-", " ").capitalize()


def metrics(claims: pd.DataFrame) -> list[str]:
    """The metrics claims count, the best-known first (deaths, detained, ...),
    then the dataset's own in alphabetical order."""
    present = set(claims["metric"])
    known = [m for m in ("deaths", "detained", "injured", "foreign-troops", "equipment")
             if m in present]
    return known + sorted(present - set(known))


def source_label(s: Source) -> str:
    return f"{s.publisher}: {s.title}"


def source_line(s: Source, tr: Translator = ENGLISH) -> str:
    """``Kazinform, Title · published 5 January 2022``: who, what and when,
    the title marked when it is not in the page's language."""
    if s.published is None:
        line = tr.gettext("{publisher}, {title} · publication date not given")
    else:
        line = tr.gettext("{publisher}, {title} · published {date}")
    return line.format(publisher=s.publisher, title=s.title,
                       date=source_published(s, tr)) + tr.original(s.language)


def source_published(s: Source, tr: Translator = ENGLISH) -> str:
    """The publication date as known (and its time, with the UTC offset the
    page gave, when known), or what is known about it."""
    if s.published is None:
        return tr.gettext("date not given")
    day = tr.date(s.published, s.published_precision)
    if s.published_time:
        time, offset = s.published_time[:5], s.published_time[5:]
        return tr.gettext("{date}, {time} (UTC{offset})").format(date=day, time=time,
                                                                 offset=offset)
    return day


def sources_table(
    sources: tuple[Source, ...],
    events: pd.DataFrame,
    quotes: pd.DataFrame,
    claims: pd.DataFrame,
    tr: Translator = ENGLISH,
) -> pd.DataFrame:
    """Every source with the number of events, quotes and claims of the given
    frames that cite it (pass filtered frames for the counts of a view).
    Column names are in the translator's language."""
    _ = tr.gettext

    def counts(frame: pd.DataFrame) -> Counter[str]:
        return Counter(chain.from_iterable(map(set, frame["sources"])))

    per = {_(name): counts(f) for name, f in [(N_("Events"), events), (N_("Quotes"), quotes),
                                              (N_("Claims"), claims)]}
    rows = [
        {
            _("Source"): f"{s.publisher}: {s.title}",
            _("Kind"): source_kind_label(s.kind, tr),
            _("Published"): source_published(s, tr),
            _("Address"): s.url or _("not given"),
            _("Citations"): _(CHECKED) if s.archive is not None else _(NOTED),
            **{name: c.get(s.id, 0) for name, c in per.items()},
            "id": s.id,
        }
        for s in sources
    ]
    frame = pd.DataFrame(rows)
    frame[_("Items")] = frame[list(per)].sum(axis=1)
    return frame


def figure_text(f: Figure, tr: Translator = ENGLISH) -> str:
    """``foreign troops: more than 2,000 troops (per Qazaq TV)``. The label,
    unit and claimant are the dataset's words and stay as written."""
    value = tr.gettext(QUALIFIERS[f.qualifier]).format(n=tr.number(f.value))
    return tr.gettext("{label}: {value} {unit} (per {claimed_by})").format(
        label=f.label, value=value, unit=f.unit, claimed_by=f.claimed_by
    ) + tr.original()


def format_date(value: dt.date | pd.Timestamp, precision: str = "day",
                tr: Translator = ENGLISH) -> str:
    """``5 January 2022``, marked when the date is not the source's own."""
    return tr.date(value, precision)


def visible(frame: pd.DataFrame) -> list[str]:
    """The columns of an events or quotes frame that are data, not the folded
    text search looks in."""
    return [c for c in frame.columns if c != "search"]


# What the page draws from the events in view every rerun: the timeline, the
# events per day, the headline and the event picker. Copying only these is
# what keeps a rerun cheap at 100,000 events (each copied column is fresh
# memory); downloads and the Sources tab filter the whole rows when needed.
PAGE_EVENT_COLUMNS = ["id", "date", "date_precision", "date_note", "date_text", "time_text",
                      "title", "category", "regions", "region_names", "source_titles"]


def headline(events: pd.DataFrame, quotes: pd.DataFrame,
             tr: Translator = ENGLISH) -> dict[str, int]:
    """The numbers at the top of the page for a filtered view."""
    _ = tr.gettext
    return {
        _("Events"): len(events),
        _("Quotes"): len(quotes),
        _("Regions"): len(set(chain.from_iterable(events["regions"]))),
        _("Days"): int(events["date"].nunique()),
    }


def quotes_of(quotes: pd.DataFrame, event_id: str) -> pd.DataFrame:
    """The quotes that belong to one event, in date order."""
    return quotes[quotes["event"] == event_id]


def event_labels(events: pd.DataFrame, tr: Translator = ENGLISH) -> dict[str, str]:
    """``id -> "5 January 2022 · title"``, in the frame's (date) order."""
    return {
        i: f"{tr.date(d)} · {t}"
        for i, d, t in zip(events["id"], events["date"], events["title"], strict=True)
    }


def event_facts(event: Event, region_names: dict[str, str], tr: Translator = ENGLISH,
                names: dict[str, str] | None = None) -> pd.DataFrame:
    """The short facts of an event's details panel, as a two-column table,
    names in the translator's language where ``names`` gives them."""
    _ = tr.gettext
    names = names or {}
    rows = [
        (_("Regions"), "; ".join(region_names.get(r, r) for r in event.regions) or "—"),
        (_("Places"), "; ".join(names.get(p, p) for p in event.places) or "—"),
        (_("Actors"), "; ".join(names.get(a, a) for a in event.actors) or "—"),
        (_("Category"), f"{category_label(event.category, tr)} "
                        f"({_(SCOPE_LABELS[event.scope])})"),
    ]
    return pd.DataFrame(rows, columns=[_("Field"), _("Value")])


def region_counts(events: pd.DataFrame, ds: Dataset, tr: Translator = ENGLISH) -> pd.DataFrame:
    """Every region with the number of ``events`` that happened there (an
    event in two regions counts in both; national and international events
    count nowhere: see :func:`unmapped_counts`)."""
    counts = Counter(chain.from_iterable(map(set, events["regions"])))
    return pd.DataFrame(
        [
            {
                "id": r.id,
                "name": tr.name(r.names, r.name),
                "kind": r.kind,
                "kind_text": tr.gettext(KIND_LABELS[r.kind]),
                "aliases": ", ".join(dict.fromkeys(
                    n for n in [r.name, *r.names.values(), *r.aliases]
                    if n != tr.name(r.names, r.name)
                )),
                "events": counts.get(r.id, 0),
                "lat": r.lat,
                "lon": r.lon,
            }
            for r in ds.regions
        ],
        columns=["id", "name", "kind", "kind_text", "aliases", "events", "lat", "lon"],
    )


def unmapped_counts(events: pd.DataFrame) -> dict[str, int]:
    """How many events have no region to draw: national and international."""
    return {scope: int((events["scope"] == scope).sum()) for scope in ("national",
                                                                      "international")}


def day_range(events: pd.DataFrame) -> tuple[dt.date, dt.date]:
    """First and last day of the events, at least one day apart (a range
    slider needs two distinct ends, and a one-day dataset is still valid)."""
    first = events["date"].min().date()
    last = events["date"].max().date()
    return first, max(last, first + dt.timedelta(days=1))


def problem_table(problems: list[Problem], tr: Translator = ENGLISH) -> pd.DataFrame:
    """Dataset problems or warnings as a table: file, line, column, and the
    message in ``tr``'s language (as it is when it is plain text)."""
    _ = tr.gettext
    return pd.DataFrame(
        [(p.path, p.line, p.column,
          p.message.translate(tr) if isinstance(p.message, Message) else p.message)
         for p in problems],
        columns=[_("File"), _("Line"), _("Column"), _("Message")],
    )
