"""Pure filters: ``(frame, Filters) -> frame``. No state, no I/O."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class Filters:
    """What the user narrowed the view to. Empty means no restriction."""

    start: dt.date | None = None
    end: dt.date | None = None
    regions: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    speakers: tuple[str, ...] = ()
    q: str = ""
    include_national: bool = True
    sources: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()  # source kinds: items citing a source of one of them


# The masks are NumPy arrays: on the page's few hundred rows, pandas' own
# operations cost more in overhead than in work (a tenth of a rerun).
Mask = np.ndarray


def _in_range(dates: pd.Series, f: Filters) -> Mask:
    values = dates.to_numpy()
    mask = np.ones(len(values), dtype=bool)
    if f.start is not None:
        mask &= values >= np.datetime64(f.start)
    if f.end is not None:
        mask &= values <= np.datetime64(f.end)
    return mask


def _any_of(lists: pd.Series, wanted: set[str]) -> Mask:
    """Rows whose tuple of ids shares one with ``wanted``."""
    return np.fromiter((not wanted.isdisjoint(ids) for ids in lists), dtype=bool,
                       count=len(lists))


def _in_regions(regions: pd.Series, scopes: pd.Series, f: Filters) -> Mask:
    if not f.regions:
        return np.ones(len(regions), dtype=bool)
    mask = _any_of(regions, set(f.regions))
    if f.include_national:
        mask |= scopes.isin(["national", "international"]).to_numpy()
    return mask


def _cites(sources: pd.Series, f: Filters) -> Mask:
    if not f.sources:
        return np.ones(len(sources), dtype=bool)
    return _any_of(sources, set(f.sources))


def _cites_kind(kinds: pd.Series, f: Filters) -> Mask:
    if not f.kinds:
        return np.ones(len(kinds), dtype=bool)
    return _any_of(kinds, set(f.kinds))


# Kazakh letters fold onto their Russian neighbours, and ё onto е, so that
# "Тоқаев" finds "Токаев" and "Өскемен" finds "Оскемен": people type either.
FOLD = str.maketrans("әғқңөұүһіё", "агкноууһие".replace("һ", "х"))


def fold(text: str) -> str:
    """``text`` as search compares it: case-folded, Kazakh letters folded."""
    return text.casefold().translate(FOLD)


def _contains(folded: pd.Series, terms: tuple[str, ...]) -> Mask:
    """Rows of an already folded text column that contain any of ``terms``."""
    mask = np.zeros(len(folded), dtype=bool)
    for term in terms:
        mask |= folded.str.contains(term, regex=False).to_numpy(dtype=bool)
    return mask


Synonyms = Mapping[str, tuple[str, ...]]


def search_terms(q: str, synonyms: Synonyms | None = None) -> tuple[str, ...]:
    """What a search for ``q`` looks for, folded: ``q`` itself, and when ``q``
    is one of the names of a region, place or person, every other name of
    it, so that "Алма-Ата", "Алматы" and "Almaty" find the same events."""
    key = fold(q.strip())
    return tuple(dict.fromkeys([key, *(synonyms or {}).get(key, ())]))


def matches(frame: pd.DataFrame, q: str, synonyms: Synonyms | None = None) -> pd.Series:
    """Rows of an events or quotes frame whose text mentions ``q`` (every
    row when ``q`` is blank). Computed once, it can serve several filters."""
    if not q.strip():
        return pd.Series(True, index=frame.index)
    return pd.Series(_contains(frame["search"], search_terms(q, synonyms)), index=frame.index)


def _rows(frame: pd.DataFrame, mask: Mask, columns: list[str] | None) -> pd.DataFrame:
    """The rows of ``mask``, with only ``columns`` when given. When every row
    is in (the unfiltered view), no row is copied: pandas copies on write, so
    the result can be changed without changing ``frame``."""
    if mask.all():
        return frame[columns] if columns is not None else frame.copy(deep=False)
    return frame.loc[mask, columns] if columns is not None else frame[mask]


def filter_events(
    events: pd.DataFrame,
    f: Filters,
    synonyms: Synonyms | None = None,
    *,
    text: pd.Series | None = None,
    columns: list[str] | None = None,
) -> pd.DataFrame:
    """Events within the date range, regions and categories, citing one of
    the chosen sources and a source of one of the chosen kinds, that mention
    ``q`` in their title, summary, quotes, places, actors or region names
    (aliases included: "Alma-Ata" finds Almaty).

    With regions selected, national and international events stay unless
    ``include_national`` is off: they concern every region.

    ``text`` is :func:`matches` of the same frame for ``f.q`` when the caller
    has it already; ``columns`` keeps only those (copying every column of
    100,000 rows costs more than the filter itself).
    """
    mask = (
        _in_range(events["date"], f)
        & _in_regions(events["regions"], events["scope"], f)
        & _cites(events["sources"], f)
        & _cites_kind(events["source_kinds"], f)
    )
    if f.categories:
        mask &= events["category"].isin(f.categories).to_numpy()
    if text is not None:
        mask &= text.to_numpy(dtype=bool)
    elif f.q.strip():
        mask &= _contains(events["search"], search_terms(f.q, synonyms))
    return _rows(events, mask, columns)


def filter_quotes(quotes: pd.DataFrame, f: Filters, synonyms: Synonyms | None = None, *,
                  columns: list[str] | None = None) -> pd.DataFrame:
    """Quotes dated within the range, whose event is in the chosen regions and
    categories, by the chosen speakers, citing one of the chosen sources (and
    a source of one of the chosen kinds),
    mentioning ``q`` in their text, their speaker, or their event; with only
    ``columns`` when given."""
    mask = (
        _in_range(quotes["date"], f)
        & _in_regions(quotes["event_regions"], quotes["event_scope"], f)
        & _cites(quotes["sources"], f)
        & _cites_kind(quotes["source_kinds"], f)
    )
    if f.categories:
        mask &= quotes["event_category"].isin(f.categories).to_numpy()
    if f.speakers:
        mask &= quotes["speaker"].isin(f.speakers).to_numpy()
    if f.q.strip():
        mask &= _contains(quotes["search"], search_terms(f.q, synonyms))
    return _rows(quotes, mask, columns)


def filter_claims(claims: pd.DataFrame, f: Filters, metric: str | None = None) -> pd.DataFrame:
    """Claims of ``metric`` citing one of the chosen sources, and a source of
    one of the chosen kinds.

    Dates, regions and categories do not narrow claims: a figure about these
    days is often published months later, and hiding it would hide the
    history the figures view exists to show.
    """
    mask = _cites(claims["sources"], f) & _cites_kind(claims["source_kinds"], f)
    if metric is not None:
        mask &= (claims["metric"] == metric).to_numpy()
    return claims[mask]


def toggle(chosen: tuple[str, ...] | list[str], value: str) -> list[str]:
    """``chosen`` without ``value`` if it is there, else with it added last
    (a click on the map adds a region, a second click removes it)."""
    return [c for c in chosen if c != value] if value in chosen else [*chosen, value]
