"""The tables the page shows beside its charts: sources with their counts,
corrections, regions with their events, an event's facts, the headline
counts, and a dataset's problems; column names in the reader's language."""

from __future__ import annotations

from collections import Counter
from itertools import chain

import pandas as pd

from kzdash.i18n import ENGLISH, N_, Translator
from kzdash.labels import (
    CHANGE_LABELS,
    CHECKED,
    ITEM_LABELS,
    KIND_LABELS,
    NOTED,
    SCOPE_LABELS,
    category_label,
    claim_value,
    metric_label,
    source_kind_label,
    source_label,
    source_published,
)
from kzdash.load import Problem
from kzdash.message import Message
from kzdash.models import Correction, Dataset, Event, Source


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
