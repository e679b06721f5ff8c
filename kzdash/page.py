"""What the page shows of a dataset, built once per version of the files and
interface language: the tables, their labels and indexes by id
(:class:`PageData`), and the shape of the tables the page lays out."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from kzdash import links
from kzdash.charts import per_day_rows
from kzdash.filters import Synonyms
from kzdash.frames import (
    claims_frame,
    day_range,
    events_frame,
    metrics,
    name_map,
    quotes_frame,
    region_names,
    synonyms,
)
from kzdash.i18n import ENGLISH, Translator
from kzdash.labels import source_label
from kzdash.models import CATEGORIES, SOURCE_KINDS, Claim, Dataset, Event, Source
from kzdash.tables import event_labels, sources_table


@dataclass(frozen=True, eq=False)
class PageData:
    """A dataset's tables in one interface language, shared by every reader
    (nothing modifies them; ``made`` only grows, and is bounded)."""

    events: pd.DataFrame
    quotes: pd.DataFrame
    claims: pd.DataFrame
    event_titles: dict[str, str]  # id -> label of the event picker, in time order
    sources_table: pd.DataFrame  # every source and the items citing it
    speakers: list[str]
    synonyms: Synonyms  # the names search knows
    regions: dict[str, str]  # id -> name
    names: dict[str, str]  # people, places, offices -> name in the language
    sources: dict[str, Source]
    source_names: dict[str, str]
    source_languages: dict[str, str]
    metrics: list[str]  # the first is the default
    first_day: dt.date
    last_day: dt.date
    events_by_id: dict[str, Event]
    claims_by_id: dict[str, Claim]
    event_rows: pd.DataFrame  # events indexed by id
    claim_rows: pd.DataFrame  # claims indexed by id
    # what is made from these tables on demand and kept for every reader
    # (the day-by-day list's entries, by language and event id: ``story``)
    made: dict[tuple[str, str], Any] = field(default_factory=dict, repr=False)

    def vocabulary(self, languages: Collection[str]) -> links.Vocabulary:
        """What a link may name in this dataset."""
        return links.Vocabulary(
            first_day=self.first_day, last_day=self.last_day, regions=self.regions,
            categories=CATEGORIES, speakers=set(self.speakers), events=self.event_titles,
            sources=self.sources, kinds=SOURCE_KINDS, metrics=self.metrics,
            languages=languages,
        )


def page_data(ds: Dataset, tr: Translator = ENGLISH) -> PageData:
    events, quotes, claims = events_frame(ds, tr), quotes_frame(ds, tr), claims_frame(ds, tr)
    first_day, last_day = day_range(events)
    return PageData(
        events=events, quotes=quotes, claims=claims, event_titles=event_labels(events, tr),
        sources_table=sources_table(ds.sources, events, quotes, claims, tr),
        speakers=sorted(set(quotes["speaker"])), synonyms=synonyms(ds),
        regions=region_names(ds, tr), names=name_map(ds, tr),
        sources={s.id: s for s in ds.sources},
        source_names={s.id: source_label(s) for s in ds.sources},
        source_languages={s.id: s.language for s in ds.sources},
        metrics=metrics(claims), first_day=first_day, last_day=last_day,
        events_by_id={e.id: e for e in ds.events}, claims_by_id={c.id: c for c in ds.claims},
        event_rows=events.set_index("id"), claim_rows=claims.set_index("id"),
    )


def claims_table(claims: pd.DataFrame, label: str, tr: Translator = ENGLISH) -> pd.DataFrame:
    """The claims of one figure as the Figures tab lists them, with headings in
    the interface's language (dataset text marked as the original)."""
    _ = tr.gettext
    return claims[["value_text", "subject", "claimed_by", "status_text", "reported_text",
                   "date_note", "note", "source_titles"]].rename(columns={
                       "value_text": label,
                       "subject": _("Part counted") + tr.original(),
                       "claimed_by": _("Claimed by") + tr.original(),
                       "status_text": _("Status"), "reported_text": _("Reported"),
                       "date_note": _("Date note") + tr.original(),
                       "note": _("Note") + tr.original(),
                       "source_titles": _("Sources")})


def region_table(counts: pd.DataFrame, tr: Translator = ENGLISH) -> pd.DataFrame:
    """The regions under the map, most events first."""
    _ = tr.gettext
    return (counts[["name", "kind_text", "events", "aliases"]]
            .sort_values(["events", "name"], ascending=[False, True])
            .rename(columns={"name": _("Region"), "kind_text": _("Kind"), "events": _("Events"),
                             "aliases": _("Also called")}))


def per_day_table(events: pd.DataFrame, start: dt.date, end: dt.date,
                  tr: Translator = ENGLISH) -> pd.DataFrame:
    """The events per day of the range, empty days included: the per-day
    chart's own rows, as a table beside it."""
    _ = tr.gettext
    rows = per_day_rows(events, start, end, tr)
    return pd.DataFrame({_("Date"): rows["when"], _("Events"): rows["events"]})
