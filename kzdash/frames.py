"""Flat pandas tables of a validated dataset, the shape filters and charts use."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pandas as pd

from kzdash.filters import fold
from kzdash.i18n import ENGLISH, Translator
from kzdash.labels import (
    STATUS_LABELS,
    citation_text,
    claim_value,
    correction_text,
    figure_text,
    time_text,
)
from kzdash.models import Citation, Dataset

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


def _citer(ds: Dataset, tr: Translator) -> Callable[[Citation], str]:
    sources = {s.id: s for s in ds.sources}
    return lambda cite: citation_text(cite, sources.get(cite.source), tr)


def _corrections_by_item(ds: Dataset, tr: Translator) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for c in sorted(ds.corrections, key=lambda c: c.date):
        out.setdefault(c.item, []).append(correction_text(c, tr))
    return out


def metrics(claims: pd.DataFrame) -> list[str]:
    """The metrics claims count, the best-known first (deaths, detained, ...),
    then the dataset's own in alphabetical order."""
    present = set(claims["metric"])
    known = [m for m in ("deaths", "detained", "injured", "foreign-troops", "equipment")
             if m in present]
    return known + sorted(present - set(known))


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


def day_range(events: pd.DataFrame) -> tuple[dt.date, dt.date]:
    """First and last day of the events, at least one day apart (a range
    slider needs two distinct ends, and a one-day dataset is still valid)."""
    first = events["date"].min().date()
    last = events["date"].max().date()
    return first, max(last, first + dt.timedelta(days=1))


