"""Flat pandas tables of a validated dataset, the shape filters and charts use."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from kzdash.load import Problem
from kzdash.models import Claim, Dataset, Event, Figure, Source

EVENT_COLUMNS = [
    "id",
    "date",
    "date_precision",
    "date_note",
    "title",
    "summary",
    "category",
    "scope",
    "regions",
    "region_names",
    "places",
    "actors",
    "figures",
    "sources",
    "source_titles",
    "quote_text",
    "search_text",
]
QUOTE_COLUMNS = [
    "id",
    "date",
    "date_precision",
    "date_note",
    "speaker",
    "role",
    "affiliation",
    "text",
    "kind",
    "note",
    "event",
    "event_title",
    "event_category",
    "event_scope",
    "event_regions",
    "event_text",
    "sources",
    "source_titles",
    "citations",
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
    "event",
    "region",
    "note",
    "sources",
    "source_titles",
    "citations",
]


def _join(items: tuple[str, ...] | list[str]) -> str:
    """``a; b``, each item once (an item may cite one source several times)."""
    return "; ".join(dict.fromkeys(items))


def _date(value: dt.date) -> pd.Timestamp:
    return pd.Timestamp(value)


def events_frame(ds: Dataset) -> pd.DataFrame:
    """One row per event, sorted by date then id. List fields stay tuples;
    ``*_names``/``*_titles`` columns hold the readable joined forms."""
    region_names = {r.id: r.name for r in ds.regions}
    region_terms = {r.id: " ".join([r.name, *r.aliases]) for r in ds.regions}
    source_titles = {s.id: f"{s.publisher}: {s.title}" for s in ds.sources}
    quotes_by_event: dict[str, list[str]] = {}
    for quote in ds.quotes:
        quotes_by_event.setdefault(quote.event, []).append(f"{quote.speaker} {quote.text}")
    rows = [
        {
            "id": e.id,
            "date": _date(e.date),
            "date_precision": e.date_precision,
            "date_note": e.date_note or "",
            "title": e.title,
            "summary": e.summary,
            "category": e.category,
            "scope": e.scope,
            "regions": tuple(e.regions),
            "region_names": _join([region_names.get(r, r) for r in e.regions]),
            "places": _join(e.places),
            "actors": _join(e.actors),
            "figures": _join([figure_text(f) for f in e.figures]),
            "sources": tuple(c.source for c in e.sources),
            "source_titles": _join([source_titles.get(c.source, c.source) for c in e.sources]),
            "quote_text": "\n".join(quotes_by_event.get(e.id, [])),
            # what a search matches beyond title, summary and quotes: places,
            # actors, and every name of the event's regions
            "search_text": "\n".join(
                [*e.places, *e.actors, *(region_terms.get(r, r) for r in e.regions)]
            ),
        }
        for e in ds.events
    ]
    frame = pd.DataFrame(rows, columns=EVENT_COLUMNS)
    frame["date"] = pd.to_datetime(frame["date"])
    return frame.sort_values(["date", "id"], kind="stable").reset_index(drop=True)


def quotes_frame(ds: Dataset) -> pd.DataFrame:
    """One row per quote with the fields of its event that filters need."""
    events = {e.id: e for e in ds.events}
    source_titles = {s.id: f"{s.publisher}: {s.title}" for s in ds.sources}
    rows = []
    for q in ds.quotes:
        event = events[q.event]
        rows.append(
            {
                "id": q.id,
                "date": _date(q.date),
                "date_precision": q.date_precision,
                "date_note": q.date_note or "",
                "speaker": q.speaker,
                "role": q.role,
                "affiliation": q.affiliation,
                "text": q.text,
                "kind": q.kind,
                "note": q.note or "",
                "event": q.event,
                "event_title": event.title,
                "event_category": event.category,
                "event_scope": event.scope,
                "event_regions": tuple(event.regions),
                "event_text": f"{event.title}\n{event.summary}",
                "sources": tuple(c.source for c in q.sources),
                "source_titles": _join([source_titles.get(c.source, c.source)
                                        for c in q.sources]),
                "citations": "\n".join(
                    f"{source_titles.get(c.source, c.source)}: “{c.excerpt}”" for c in q.sources
                ),
            }
        )
    frame = pd.DataFrame(rows, columns=QUOTE_COLUMNS)
    frame["date"] = pd.to_datetime(frame["date"])
    return frame.sort_values(["date", "id"], kind="stable").reset_index(drop=True)


def claims_frame(ds: Dataset) -> pd.DataFrame:
    """One row per claim, sorted by metric, then publication date (undated
    last), then id. Unknown dates stay ``NaT``: a gap, not a guess."""
    source_titles = {s.id: f"{s.publisher}: {s.title}" for s in ds.sources}
    rows = [
        {
            "id": c.id,
            "metric": c.metric,
            "subject": c.subject or "",
            "value": float(c.value),
            "qualifier": c.qualifier,
            "value_text": claim_value(c),
            "as_of": c.as_of,
            "reported": c.reported,
            "reported_precision": c.reported_precision,
            "reported_text": (
                format_date(c.reported, c.reported_precision) if c.reported else "date not given"
            ),
            "date_note": c.date_note or "",
            "claimed_by": c.claimed_by,
            "status": c.status,
            "event": c.event or "",
            "region": c.region or "",
            "note": c.note or "",
            "sources": tuple(x.source for x in c.sources),
            "source_titles": _join([source_titles.get(x.source, x.source) for x in c.sources]),
            "citations": "\n".join(
                f"{source_titles.get(x.source, x.source)}: “{x.excerpt}”" for x in c.sources
            ),
        }
        for c in ds.claims
    ]
    frame = pd.DataFrame(rows, columns=CLAIM_COLUMNS)
    for column in ("as_of", "reported"):
        frame[column] = pd.to_datetime(frame[column])
    return frame.sort_values(
        ["metric", "reported", "id"], kind="stable", na_position="last"
    ).reset_index(drop=True)


def claim_value(c: Claim) -> str:
    """``more than 3,000``."""
    prefix = "" if c.qualifier == "exactly" else f"{c.qualifier} "
    return f"{prefix}{_number(c.value)}"


def _number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,}"


METRIC_LABELS = {
    "deaths": "Deaths",
    "injured": "Injured",
    "detained": "Detained",
    "foreign-troops": "Foreign troops",
    "equipment": "Pieces of equipment",
    "regions-affected": "Regions affected",
}


def metric_label(metric: str) -> str:
    """``foreign-troops`` -> ``Foreign troops``; unknown metrics read as words."""
    return METRIC_LABELS.get(metric) or metric.replace("-", " ").capitalize()


def metrics(claims: pd.DataFrame) -> list[str]:
    """The metrics claims count, the best-known first (deaths, detained, ...),
    then the dataset's own in alphabetical order."""
    present = set(claims["metric"])
    known = [m for m in ("deaths", "detained", "injured", "foreign-troops", "equipment")
             if m in present]
    return known + sorted(present - set(known))


def source_label(s: Source) -> str:
    return f"{s.publisher}: {s.title}"


def source_published(s: Source) -> str:
    """The publication date as known, or what is known about it."""
    if s.published is None:
        return "date not given"
    return format_date(s.published, s.published_precision)


def sources_table(
    sources: tuple[Source, ...],
    events: pd.DataFrame,
    quotes: pd.DataFrame,
    claims: pd.DataFrame,
) -> pd.DataFrame:
    """Every source with the number of events, quotes and claims of the given
    frames that cite it (pass filtered frames for the counts of a view)."""

    def counts(frame: pd.DataFrame) -> dict[str, int]:
        out: dict[str, int] = {}
        for ids in frame["sources"]:
            for source in set(ids):
                out[source] = out.get(source, 0) + 1
        return out

    per = {name: counts(f) for name, f in [("Events", events), ("Quotes", quotes),
                                           ("Claims", claims)]}
    rows = [
        {
            "Source": f"{s.publisher}: {s.title}",
            "Published": source_published(s),
            "Address": s.url or "not given",
            "Excerpts checked against": (
                "no archived text" if s.archive is None
                else "the source's own text" if s.archive_kind == "copy"
                else "secondary notes (the outlet's text was not available)"
            ),
            **{name: c.get(s.id, 0) for name, c in per.items()},
            "id": s.id,
        }
        for s in sources
    ]
    frame = pd.DataFrame(rows)
    frame["Items"] = frame["Events"] + frame["Quotes"] + frame["Claims"]
    return frame


def figure_text(f: Figure) -> str:
    """``foreign troops: more than 2,000 troops (per Qazaq TV)``."""
    prefix = "" if f.qualifier == "exactly" else f"{f.qualifier} "
    return f"{f.label}: {prefix}{_number(f.value)} {f.unit} (per {f.claimed_by})"


def format_date(value: dt.date | pd.Timestamp, precision: str = "day") -> str:
    """``5 January 2022``, marked when the date is not the source's own."""
    text = f"{value.day} {value.strftime('%B %Y')}"
    return text if precision == "day" else f"{text} ({precision})"


def headline(events: pd.DataFrame, quotes: pd.DataFrame) -> dict[str, int]:
    """The numbers at the top of the page for a filtered view."""
    return {
        "Events": len(events),
        "Quotes": len(quotes),
        "Regions": len({r for rs in events["regions"] for r in rs}),
        "Days": int(events["date"].nunique()),
    }


def quotes_of(quotes: pd.DataFrame, event_id: str) -> pd.DataFrame:
    """The quotes that belong to one event, in date order."""
    return quotes[quotes["event"] == event_id]


def event_labels(events: pd.DataFrame) -> dict[str, str]:
    """``id -> "5 January 2022 · title"``, in the frame's (date) order."""
    return {
        i: f"{format_date(d)} · {t}"
        for i, d, t in zip(events["id"], events["date"], events["title"], strict=True)
    }


def event_facts(event: Event, region_names: dict[str, str]) -> pd.DataFrame:
    """The short facts of an event's details panel, as a two-column table."""
    rows = [
        ("Regions", "; ".join(region_names.get(r, r) for r in event.regions) or "—"),
        ("Places", "; ".join(event.places) or "—"),
        ("Actors", "; ".join(event.actors) or "—"),
        ("Category", f"{event.category} ({event.scope})"),
    ]
    return pd.DataFrame(rows, columns=["Field", "Value"])


def region_counts(events: pd.DataFrame, ds: Dataset) -> pd.DataFrame:
    """Every region with the number of ``events`` that happened there (an
    event in two regions counts in both; national and international events
    count nowhere: see :func:`unmapped_counts`)."""
    counts: dict[str, int] = {}
    for ids in events["regions"]:
        for region in set(ids):
            counts[region] = counts.get(region, 0) + 1
    return pd.DataFrame(
        [
            {
                "id": r.id,
                "name": r.name,
                "kind": r.kind,
                "aliases": ", ".join(r.aliases),
                "events": counts.get(r.id, 0),
                "lat": r.lat,
                "lon": r.lon,
            }
            for r in ds.regions
        ],
        columns=["id", "name", "kind", "aliases", "events", "lat", "lon"],
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


def problem_table(problems: list[Problem]) -> pd.DataFrame:
    """Dataset problems or warnings as a table: file, line, column, message."""
    return pd.DataFrame(
        [(p.path, p.line, p.column, p.message) for p in problems],
        columns=["File", "Line", "Column", "Message"],
    )
