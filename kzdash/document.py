"""The view as a document to take away: the events in view day by day, with
their figures and quotes, the quotes whose event is not in view, the figures
(claims) in view, and one footnote per source cited, numbered in order of
first citation. Written as Markdown and as printable, self-contained HTML.

:func:`build` gathers everything in plain text, in the reader's language;
:mod:`kzdash.docformat` writes it, where dataset text stays text. The
document holds the view and nothing else, and the same view always gives the
same bytes (no clock time in it).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from kzdash import docformat
from kzdash.cards import who
from kzdash.filters import Filters
from kzdash.i18n import N_, Translator
from kzdash.labels import (
    ITEM_LABELS,
    SCOPE_LABELS,
    STATUS_LABELS,
    category_label,
    citation_kind,
    claim_value,
    correction_text,
    figure_text,
    format_date,
    metric_label,
    source_kind_label,
    source_line,
    time_text,
)
from kzdash.models import Citation, Claim, Dataset, Event, Quote, Source
from kzdash.page import PageData

TITLE = N_("Kazakhstan, January 2022: a sourced chronology")  # the page's own title
# What a filter that narrows nothing reads as. The words the document uses are
# the page's own messages, so that every catalog already translates them.
EVERY = N_("all")


@dataclass(frozen=True)
class Item:
    """An event, a quote or a claim, in plain text: its heading (an event's
    time and title, who said a quote and when, a claim's value), its text (an
    event's summary, a quote's words), lines of details, the footnote numbers
    of its sources, and the items under it (an event's quotes)."""

    kind: Literal["event", "quote", "claim"]
    head: str
    text: str = ""
    lines: tuple[str, ...] = ()
    notes: tuple[int, ...] = ()
    items: tuple[Item, ...] = ()


@dataclass(frozen=True)
class Group:
    """The items of one day, or of one figure."""

    heading: str
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Section:
    heading: str
    groups: tuple[Group, ...]
    empty: str = ""  # what to say when there are no groups


@dataclass(frozen=True)
class Footnote:
    """A source: who published what and when, its address, and what each
    item of the document cites it for."""

    number: int
    source: str
    details: tuple[str, ...]
    url: str | None
    citations: tuple[str, ...]


@dataclass(frozen=True)
class Document:
    """A chronology of one view, ready to write (see :func:`build`)."""

    lang: str
    title: str
    about: tuple[str, ...]  # the dataset's version
    filters_heading: str
    filters: tuple[str, ...]
    link_label: str
    link: str
    sections: tuple[Section, ...]
    notes_heading: str
    footnotes: tuple[Footnote, ...]

    def to_markdown(self) -> str:
        """The document as Markdown (CommonMark with footnotes, as GitHub reads it)."""
        return docformat.to_markdown(self)

    def to_html(self) -> str:
        """The document as one HTML page: inline CSS, no script, nothing fetched."""
        return docformat.to_html(self)


def describe_filters(filters: Filters, page: PageData, tr: Translator) -> list[str]:
    """The filters in words, one line each, in the reader's language: the
    days in view, then what each filter narrows the view to, or ``EVERY``
    when it does not narrow it."""
    _ = tr.gettext

    def line(label: str, values: Iterable[str]) -> str:
        return f"{label}: " + ("; ".join(values) or _(EVERY))

    start, end = filters.start or page.first_day, filters.end or page.last_day
    lines = [f"{_('Dates')}: {tr.date(start)} – {tr.date(end)}",  # always said: a range
             line(_("Regions"), (page.regions.get(r, r) for r in filters.regions))]
    if filters.regions:  # the checkbox as the page shows it
        lines.append(_("National and international events are included")
                     if filters.include_national else
                     _("National and international events are left out"))
    q = filters.q.strip()
    return [
        *lines,
        line(_("Categories"), (category_label(c, tr) for c in filters.categories)),
        line(_("Sources"), (page.source_names.get(s, s) for s in filters.sources)),
        line(_("Kinds of source"), (source_kind_label(k, tr) for k in filters.kinds)),
        line(_("Speakers"), (page.names.get(s, s) for s in filters.speakers)),
        line(_("Search"), [f"“{q}”"] if q else []),
    ]


class _Footnotes:
    """The sources cited so far, numbered in order of first citation, with
    what each item cites them for."""

    def __init__(self, sources: dict[str, Source], tr: Translator) -> None:
        self.sources, self.tr = sources, tr
        self.numbers: dict[str, int] = {}
        self.cited: dict[str, list[str]] = {}

    def cite(self, what: str, citations: Sequence[Citation]) -> tuple[int, ...]:
        """The footnote numbers of ``citations`` (each once), noting what ``what`` cites."""
        for c in citations:
            self.numbers.setdefault(c.source, len(self.numbers) + 1)
            self.cited.setdefault(c.source, []).append(self._citation(what, c))
        return tuple(dict.fromkeys(self.numbers[c.source] for c in citations))

    def _citation(self, what: str, c: Citation) -> str:
        tr, source = self.tr, self.sources.get(c.source)
        how = citation_kind(c, tr)
        if c.excerpt is not None:  # the source's own words, in its language
            language = source.language if source is not None else "und"
            return f"{what}: “{c.excerpt}”{tr.original(language)} ({how})"
        return tr.gettext("{source}: note: {note} ({how})").format(
            source=what, note=c.note, how=how) + tr.original()

    def footnotes(self) -> tuple[Footnote, ...]:
        _ = self.tr.gettext
        out = []
        for source_id, number in self.numbers.items():
            s = self.sources.get(source_id)
            if s is None:  # a validated dataset names only its own sources
                out.append(Footnote(number, source_id, (), None, tuple(self.cited[source_id])))
                continue
            details = [source_kind_label(s.kind, self.tr)]
            if s.published_note:
                details.append(_("Date note: {note}").format(note=s.published_note)
                               + self.tr.original())
            if not s.url:
                details.append(_("No address given for this source."))
            out.append(Footnote(number, source_line(s, self.tr), tuple(details), s.url,
                                tuple(self.cited[source_id])))
        return tuple(out)


def _corrections(ds: Dataset, tr: Translator) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for c in sorted(ds.corrections, key=lambda c: c.date):
        out.setdefault(c.item, []).append(correction_text(c, tr))
    return out


def _by_day(pairs: Iterable[tuple[dt.date, Item]], tr: Translator) -> tuple[Group, ...]:
    """Items under a heading per day, each day once, in the order of its
    first item (the order given otherwise)."""
    days: dict[dt.date, list[Item]] = {}
    for day, item in pairs:
        days.setdefault(day, []).append(item)
    return tuple(Group(tr.date(day), tuple(items)) for day, items in days.items())


def build(ds: Dataset, page: PageData, event_ids: Sequence[str], quote_ids: Sequence[str],
          claim_ids: Sequence[str], filters: Filters, link: str, tr: Translator) -> Document:
    """The chronology of a view: ``event_ids`` in the page's (time) order,
    ``quote_ids`` and ``claim_ids`` in view, the ``filters`` that made it and
    the ``link`` that reproduces it, in ``tr``'s language. Footnotes are the
    sources these items cite, and only those."""
    _ = tr.gettext
    notes = _Footnotes(page.sources, tr)
    corrected = _corrections(ds, tr)
    original = tr.original()  # event text, notes, claimants: written in English

    quotes = {q.id: q for q in ds.quotes}
    in_view = set(event_ids)
    quotes_of: dict[str, list[Quote]] = {}
    loose: list[Quote] = []
    for q in sorted((quotes[i] for i in quote_ids), key=lambda q: q.date):
        (quotes_of.setdefault(q.event, []) if q.event in in_view else loose).append(q)

    def quote_item(q: Quote) -> Item:
        speaker = who(page.names.get(q.speaker, q.speaker), page.names.get(q.role, q.role),
                      page.names.get(q.affiliation, q.affiliation))
        day = format_date(q.date, q.date_precision, tr)
        words = (f"“{q.text}”" if q.kind == "direct"
                 else _("Paraphrase: {text}").format(text=q.text))
        lines = []
        translation = q.translations.get(tr.lang)
        if translation is not None:
            lines.append(_("Translation by {by}: {text}").format(by=translation.by,
                                                                 text=translation.text))
        if q.date_note:
            lines.append(_("Date note: {note}").format(note=q.date_note) + original)
        if q.note:
            lines.append(_("Note: {note}").format(note=q.note) + original)
        lines += corrected.get(f"quote:{q.id}", ())
        what = f"{_(ITEM_LABELS['quote'])}: {speaker}, {day}"
        return Item("quote", f"{speaker}, {day}", words, tuple(lines),
                    notes.cite(what, q.sources))

    def event_item(e: Event, title: str, summary: str, translated_by: str) -> Item:
        mark = original if not translated_by else ""
        head = " · ".join(part for part in (time_text(e, tr), title + mark) if part)
        lines = []
        if translated_by:
            lines.append((_("Translation by {by}") if e.translations[tr.lang].reviewed
                          else _("Translation by {by}, not yet reviewed")).format(by=translated_by))
        if e.date_precision != "day":
            lines.append(_("Date: {date}").format(
                date=format_date(e.date, e.date_precision, tr)))
        if e.date_note:
            lines.append(_("Date note: {note}").format(note=e.date_note) + original)
        if e.time_note:
            lines.append(_("Time note: {note}").format(note=e.time_note) + original)
        if e.regions:
            lines.append(f"{_('Regions')}: " + "; ".join(page.regions.get(r, r)
                                                        for r in e.regions))
        if e.places:
            lines.append(f"{_('Places')}: " + "; ".join(page.names.get(p, p)
                                                       for p in e.places))
        if e.actors:
            lines.append(f"{_('Actors')}: " + "; ".join(page.names.get(a, a)
                                                       for a in e.actors))
        lines.append(f"{_('Category')}: {category_label(e.category, tr)} "
                     f"({_(SCOPE_LABELS[e.scope])})")
        lines += (_("Figure · {figure}").format(figure=figure_text(f, tr)) for f in e.figures)
        lines += corrected.get(f"event:{e.id}", ())
        cited = notes.cite(_("Event: {title}").format(title=title), e.sources)
        return Item("event", head, summary + mark, tuple(lines), cited,
                    tuple(quote_item(q) for q in quotes_of.get(e.id, ())))

    def claim_item(c: Claim) -> Item:
        value = claim_value(c, tr)
        head = f"{value} · {c.subject}{original}" if c.subject else value
        reported = (format_date(c.reported, c.reported_precision, tr) if c.reported
                    else _("date not given"))
        lines = [f"{_('Claimed by')}: {c.claimed_by}{original}",
                 f"{_('Reported')}: {reported}",
                 f"{_('Status')}: {_(STATUS_LABELS[c.status])}"]
        if c.region:
            lines.append(f"{_('Region')}: {page.regions.get(c.region, c.region)}")
        if c.as_of:
            lines.append(f"{_('As of')}: {format_date(c.as_of, tr=tr)}")
        if c.date_note:
            lines.append(_("Date note: {note}").format(note=c.date_note) + original)
        if c.note:
            lines.append(_("Note: {note}").format(note=c.note) + original)
        lines += corrected.get(f"claim:{c.id}", ())
        what = (f"{_(ITEM_LABELS['claim'])}: {metric_label(c.metric, tr)}: {value} "
                f"({c.claimed_by})")
        return Item("claim", head, "", tuple(lines), notes.cite(what, c.sources))

    rows = page.event_rows.loc[list(event_ids), ["title", "summary", "translated_by"]]
    events = [page.events_by_id[i] for i in event_ids]
    chronology = _by_day(((e.date, event_item(e, title, summary, by)) for e, title, summary, by
                          in zip(events, rows["title"], rows["summary"], rows["translated_by"],
                                 strict=True)), tr)
    sections = [Section(_("Chronology"), chronology,
                        _("No events match these filters. Widen the dates or clear a filter."))]
    if loose:
        sections.append(Section(_("Quotes whose event is not in this view"),
                                _by_day(((q.date, quote_item(q)) for q in loose), tr)))
    figures: dict[str, list[Item]] = {}
    for c in (page.claims_by_id[i] for i in claim_ids):
        figures.setdefault(c.metric, []).append(claim_item(c))
    if figures:
        sections.append(Section(_("Figures"), tuple(
            Group(metric_label(metric, tr), tuple(items)) for metric, items in figures.items())))

    title = _(TITLE)
    about = []
    if ds.title and ds.title != TITLE:  # another dataset's own name
        about.append(ds.title + original)
    if ds.version:
        about.append(_("Dataset version: {version}.").format(version=ds.version.isoformat()))
    return Document(
        lang=tr.lang, title=title, about=tuple(about), filters_heading=_("Filters"),
        filters=tuple(describe_filters(filters, page, tr)),
        link_label=_("Link to this view"), link=link, sections=tuple(sections),
        notes_heading=_("Sources"), footnotes=notes.footnotes(),
    )
