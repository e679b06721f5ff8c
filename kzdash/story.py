"""The Chronology tab as text: the events in view day by day, a page at a
time, and story mode's steps through them in time order. Pure: the page
lays out what these functions return."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from kzdash.i18n import ENGLISH, Translator
from kzdash.models import Source
from kzdash.page import PageData
from kzdash.text import escape_markdown as escape_markdown
from kzdash.text import markdown_link

PER_PAGE = 20  # events per page of the text chronology
SUMMARY_LIMIT = 220  # characters of the one-line summary before it is cut


@dataclass(frozen=True)
class Position:
    """Where the open event stands among the events in view (in time order):
    ``index`` from 0, and its neighbours (``None`` at either end)."""

    index: int
    total: int
    previous: str | None
    next: str | None


def position(ids: Sequence[str], current: str | None) -> Position | None:
    """The open event's place in the view, or ``None`` when it is not in it."""
    if current is None:
        return None
    try:
        i = list(ids).index(current)
    except ValueError:
        return None
    return Position(i, len(ids), ids[i - 1] if i > 0 else None,
                    ids[i + 1] if i + 1 < len(ids) else None)


def page_count(n: int, per_page: int = PER_PAGE) -> int:
    """Pages for ``n`` events; an empty view still has one (empty) page."""
    return max(1, -(-n // per_page))


def clamp_page(page: int, n: int, per_page: int = PER_PAGE) -> int:
    """``page`` (from 0) kept within the pages of ``n`` events: a narrower
    view has fewer pages than the one the reader was on."""
    return min(max(page, 0), page_count(n, per_page) - 1)


@dataclass(frozen=True)
class Span:
    """One page of a list shown a page at a time: its number (from 0), the
    items it holds (``first`` to ``last``, ``last`` excluded), and the pages."""

    number: int
    first: int
    last: int
    pages: int


def span(page: int, n: int, per_page: int = PER_PAGE) -> Span:
    """Page ``page`` of ``n`` items, kept within the list's pages."""
    number = clamp_page(page, n, per_page)
    return Span(number, number * per_page, min(n, (number + 1) * per_page),
                page_count(n, per_page))


def page_of(ids: Sequence[str], current: str | None, per_page: int = PER_PAGE) -> int | None:
    """The page (from 0) that holds the event ``current``, if it is in view."""
    at = position(ids, current)
    return None if at is None else at.index // per_page


_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[\"“«(A-ZА-ЯЁӘҒҚҢӨҰҮҺІ0-9])")


def one_line(text: str, limit: int = SUMMARY_LIMIT) -> str:
    """The first sentence of ``text``, cut at a word with "…" beyond ``limit``
    characters; "…" also says when there is more to read in the details."""
    text = " ".join(text.split())
    first = _SENTENCE_END.split(text, maxsplit=1)[0]
    if len(first) > limit:
        first = first[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    elif len(first) < len(text):
        first += " …"
    return first


@dataclass(frozen=True)
class Entry:
    """One event as the text chronology shows it (texts in the interface's
    language where translated, else as written)."""

    id: str
    label: str  # time (where known) and title: the button that opens it
    line: str  # Markdown, dataset text escaped: summary, places, date, sources, quotes


@dataclass(frozen=True)
class Day:
    label: str
    entries: tuple[Entry, ...]


# what an entry shows of its event's row
_ENTRY_COLUMNS = ["time_text", "title", "summary", "date_precision", "date_text", "places"]
# entries kept per page data: every reader's pages, bounded (a crawler
# paging through 100,000 events would not keep them all)
KEEP_ENTRIES = 5_000


def days(rows: pd.DataFrame, page: PageData, tr: Translator = ENGLISH) -> list[Day]:
    """The events of ``rows`` (a page of the events in view, in time order)
    grouped by day, each as an :class:`Entry`."""
    if rows.empty:
        return []
    ids = list(rows["id"])
    by_day: dict[dt.date, list[Entry]] = {}
    for event_id, entry in zip(ids, entries(ids, page, tr), strict=True):
        by_day.setdefault(page.events_by_id[event_id].date, []).append(entry)
    return [Day(tr.date(day), tuple(made)) for day, made in by_day.items()]


def entries(ids: Sequence[str], page: PageData, tr: Translator = ENGLISH) -> list[Entry]:
    """The entries of the events ``ids``. An entry depends only on its event
    and the language, so each is made once and kept in ``page.made`` for
    every later rerun and reader (the list was a fifth of a rerun)."""
    memo = page.made
    found = {i: memo[(tr.lang, i)] for i in ids if (tr.lang, i) in memo}
    missing = [i for i in dict.fromkeys(ids) if i not in found]
    if missing:
        made = _make_entries(missing, page, tr)
        if len(memo) + len(made) > KEEP_ENTRIES:
            memo.clear()
        for entry in made:
            found[entry.id] = memo[(tr.lang, entry.id)] = entry
    return [found[i] for i in ids]


def _make_entries(ids: Sequence[str], page: PageData, tr: Translator) -> list[Entry]:
    # plain dicts: pandas' row access (iterrows, a Series a row) cost half
    records = page.event_rows.loc[list(ids), _ENTRY_COLUMNS].to_dict("index")
    quotes = page.quotes[page.quotes["event"].isin(set(ids))]
    said: dict[str, list[str]] = {}
    for event, text, kind, speaker in zip(quotes["event"], quotes["text"], quotes["kind"],
                                          quotes["speaker_name"], strict=True):
        words = f"“{text}”" if kind == "direct" else text
        said.setdefault(event, []).append(f"{words} — {speaker}")
    return [_entry(i, records[i], said.get(i, ()), page, tr) for i in ids]


def _source_name(source: Source, tr: Translator) -> str:
    """``Kazinform, 3 Jan 2022``: who published the article, and when (two
    articles of one publisher read apart); ``Kazinform, undated`` when the
    article shows no date (its note, in the details, says what is known)."""
    if source.published is None:
        return tr.gettext("{publisher}, undated").format(publisher=source.publisher)
    return f"{source.publisher}, {tr.short_date(source.published)}"


def _entry(event_id: str, row: Mapping[str, Any], said: Sequence[str], page: PageData,
           tr: Translator) -> Entry:
    """``said``: the event's quotes, each "words — speaker"."""
    _ = tr.gettext
    label = f"{row['time_text']} · {row['title']}" if row["time_text"] else row["title"]
    parts = [escape_markdown(one_line(row["summary"]))]
    facts = []
    if row["date_precision"] != "day":  # the day heading is not the source's own day
        facts.append(escape_markdown(row["date_text"]))
    if row["places"]:
        facts.append(escape_markdown(row["places"]))
    event = page.events_by_id[event_id]
    cited = dict.fromkeys(c.source for c in event.sources)  # each source once, in order
    links = [markdown_link(_source_name(page.sources[s], tr), page.sources[s].url)
             for s in cited if s in page.sources]
    if links:
        facts.append(_("Sources: {sources}").format(sources=" · ".join(links)))
    if facts:
        parts.append(" · ".join(facts))
    parts += ["> " + escape_markdown(quote) for quote in said]
    return Entry(event_id, escape_markdown(label), "  \n".join(parts[:2]) + "".join(
        "\n\n" + p for p in parts[2:]))
