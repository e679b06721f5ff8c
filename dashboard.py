"""kzdash: the Streamlit page. UI only; every decision lives in ``kzdash``."""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from dataclasses import replace
from pathlib import Path

import pandas as pd
import streamlit as st

from kzdash import charts, document, export, i18n, links, story
from kzdash.cache import load_cached
from kzdash.cards import QUOTES_PER_PAGE, quote_card
from kzdash.cli import data_dir, limits
from kzdash.filters import (
    Filters,
    filter_claims,
    filter_events,
    filter_quotes,
    matches,
    toggle,
)
from kzdash.frames import PAGE_EVENT_COLUMNS, visible
from kzdash.geo import POINT_REGIONS, load_shapes
from kzdash.labels import (
    category_label,
    citation_kind,
    correction_text,
    figure_text,
    format_date,
    metric_label,
    source_kind_label,
    source_line,
    time_text,
)
from kzdash.load import DatasetError, Limits, Problem, dataset_stamp
from kzdash.models import CATEGORIES, SOURCE_KINDS, Citation, Dataset
from kzdash.page import PageData, claims_table, page_data, per_day_table, region_table
from kzdash.tables import (
    corrections_of,
    corrections_table,
    event_facts,
    headline,
    problem_table,
    quotes_of,
    region_counts,
    sources_table,
    unmapped_counts,
)
from kzdash.text import escape_markdown

HERE = Path(__file__).resolve().parent
MAX_EVENT_OPTIONS = 2_000  # beyond this, the event picker lists the events in view

# The dataset, its tables and the boundaries are shared by every session as
# they are (cache_resource): cache_data would unpickle a copy on every rerun,
# 0.9 s at 10,000 events. Nothing below ever modifies them.


@st.cache_resource(show_spinner=False, max_entries=2)
def load(directory: str, stamp: tuple, limits: Limits) -> tuple[Dataset, list[Problem]]:
    """Parse and validate once per version of the files (``stamp`` holds their
    modification times, so an edit shows up on the next rerun)."""
    return load_cached(directory, limits)  # a restart reads the parsed dataset back


@st.cache_resource(show_spinner=False, max_entries=6)
def tables(directory: str, stamp: tuple, limits: Limits, lang: str) -> PageData:
    """The dataset's tables, labels and indexes in one interface language,
    built once per version of the files and language."""
    ds, _ = load(directory, stamp, limits)
    return page_data(ds, i18n.translator(lang))


@st.cache_resource
def shapes() -> list[dict]:
    """The region boundaries, read once per process."""
    return load_shapes()["features"]


def link_params() -> dict[str, list[str]]:
    """The page's link, as every value of each query parameter."""
    return {key: st.query_params.get_all(key) for key in st.query_params}


# The interface language: the link's lang= when it names one, else the
# browser's language when there is a catalog for it, else English.
LANGUAGES = i18n.languages()
if "lang" not in st.session_state:
    asked = links.language(
        link_params(),
        links.Vocabulary(dt.date.min, dt.date.max, languages=LANGUAGES),
    )
    st.session_state.lang = asked or i18n.negotiate(st.context.locale)
    # a link carries lang= only when someone chose it, so that a shared link
    # opens in the reader's own language unless the sender meant otherwise
    st.session_state.lang_chosen = asked is not None
tr = i18n.translator(st.session_state.lang)
_ = tr.gettext
st.set_page_config(page_title=_("kzdash: Kazakhstan, January 2022"), layout="wide")

# The page's own styles, nothing from the dataset: the titles of the text
# chronology are buttons (a click opens the event) that read as headings,
# aligned left like the text under them. On a phone, where the columns stack,
# the open event comes before the list, not twenty entries below the title
# that opened it.
st.html("""<style>
[class*="st-key-open_"] button { justify-content: flex-start; text-align: left; }
[class*="st-key-open_"] button p { font-size: 1rem; }
@media (max-width: 640px) {
  [data-testid="stColumn"]:has(.st-key-event_details) { order: -1; }
}
</style>""")

# The dataset comes from the command line or the environment of whoever runs
# the server, never from the URL: a link cannot choose which files are read.
directory = data_dir(sys.argv[1:], os.environ, default=HERE / "data")
stamp = dataset_stamp(directory)
try:
    with st.spinner(_("Loading the dataset…")):
        ds, dataset_warnings = load(str(directory), stamp, limits(os.environ))
        page = tables(str(directory), stamp, limits(os.environ), tr.lang)
except DatasetError as exc:
    st.error(escape_markdown(tr.ngettext(
        "The dataset in {directory} has {n} problem. Fix it and reload the page; "
        "`python -m kzdash validate` lists the same.",
        "The dataset in {directory} has {n} problems. Fix them and reload the page; "
        "`python -m kzdash validate` lists the same.",
        len(exc.problems),
    ).format(directory=directory, n=len(exc.problems))))
    st.dataframe(problem_table(exc.problems, tr), hide_index=True, width="stretch",
                 key="dataset_problems")
    with st.expander(_("As text, to copy")):
        st.code("\n".join(str(p) for p in exc.problems), language=None)
    st.stop()

events, quotes, claims, event_titles = page.events, page.quotes, page.claims, page.event_titles
regions, names, sources, metric_ids = page.regions, page.names, page.sources, page.metrics
vocab = page.vocabulary(LANGUAGES)
DEFAULT = links.View(Filters(start=vocab.first_day, end=vocab.last_day))


def put(view: links.View) -> None:
    """Set every widget's state to ``view``."""
    for key, value in links.widget_state(view, vocab).items():
        st.session_state[key] = value


def show_citations(citations: list[Citation]) -> None:
    """Every source of an item: its excerpt (the source's own words, checked
    against an archived copy) or the project's note, who the source is, and
    what is not known about it."""
    for cite in citations:
        src = sources[cite.source]
        with st.container(border=True):
            if cite.excerpt is not None:
                st.text(f"“{cite.excerpt}”{tr.original(src.language)}")
            else:  # the project's own words of what the text supports
                st.text(_("Note: {note}").format(note=cite.note) + tr.original())
            st.text(source_line(src, tr))
            st.caption(escape_markdown(_("{kind} · {how}").format(
                kind=source_kind_label(src.kind, tr), how=citation_kind(cite, tr))))
            if src.url:
                st.link_button(_("Open source"), src.url)
            else:
                st.caption(_("No address given for this source."))


def show_corrections(item: str) -> None:
    """The corrections of one item (``event:<id>``...), in the open."""
    for correction in corrections_of(ds, item):
        st.caption(escape_markdown(correction_text(correction, tr)))


def show_date(value, precision: str, note: str | None) -> None:
    """A date, and when it is not the source's own, why."""
    st.text(format_date(value, precision, tr))
    if note:
        st.caption(escape_markdown(_("Date note: {note}").format(note=note) + tr.original()))


def event_options() -> list[str]:
    """Every event, or in a large dataset the first events in view and the
    open one: ten thousand options would be sent to the browser on every rerun."""
    if len(event_titles) <= MAX_EVENT_OPTIONS:
        return list(event_titles)
    chosen = st.session_state.get("event")
    options = list(shown["id"].head(MAX_EVENT_OPTIONS))
    return options if chosen is None or chosen in options else [chosen, *options]


def show_translation_mark(translated_by: str) -> None:
    """Say whether the text above is a translation, and by whom."""
    if tr.lang == i18n.SOURCE_LANGUAGE:
        return
    if translated_by:
        st.caption(escape_markdown(_("Translation by {by}, not yet reviewed").format(
            by=translated_by)))
    else:
        st.caption(_("Original text: there is no translation into this language yet."))


TAB_LABELS = dict(zip(links.TABS, [_("Chronology"), _("Map"), _("Figures"), _("Sources")],
                      strict=True))

# First run of a session: the URL says what to show.
if "url_warnings" not in st.session_state:
    linked_view, st.session_state.url_warnings = links.parse(link_params(), vocab, tr)
    put(linked_view)
    st.session_state.tab_id = linked_view.tab or links.TABS[0]

# Widgets of a tab that is not open are not drawn, and Streamlit forgets the
# state of a widget it does not draw: keep theirs (the link needs them).
for key in ("event", "speakers", "metric"):
    if key in st.session_state:
        st.session_state[key] = st.session_state[key]

# A click on a point of the figures chart shows that claim's sources.
claim_pick = st.session_state.get("figures", {}).get("selection", {}).get(charts.CLAIM, [])
picked_claim = claim_pick[0].get("id") if claim_pick else None

# A click on the timeline opens that event. The timeline is then drawn afresh
# under a new key, as the map is: a chart keeps its selection, so a second
# click on the same mark (after another event was chosen in the picker) would
# not change it and would never reach the page.
timeline_key = f"timeline-{st.session_state.setdefault('timeline_round', 0)}"
picked = st.session_state.get(timeline_key, {}).get("selection", {}).get(charts.PICK, [])
picked_id = picked[0].get("id") if picked else None
if picked_id:
    st.session_state.event = picked_id if picked_id in event_titles else None
    st.session_state.timeline_round += 1
    timeline_key = f"timeline-{st.session_state.timeline_round}"

# A click on the map toggles that region in the region filter. The map is
# then drawn afresh under a new key, so that any next click, even on the same
# region, is a new selection and reaches the page.
map_key = f"map-{st.session_state.setdefault('map_round', 0)}"
map_pick = st.session_state.get(map_key, {}).get("selection", {})
clicked = [p.get("id") for name in (charts.REGION, charts.CITY) for p in map_pick.get(name, [])]
if clicked and clicked[0] in regions:
    st.session_state.regions = toggle(st.session_state.regions, clicked[0])
    st.session_state.map_round += 1
    map_key = f"map-{st.session_state.map_round}"

st.title(_("Kazakhstan, January 2022: a sourced chronology"))
st.caption(_(
    "Events and statements from {first} to {last}, each with its source: words checked "
    "against an archived copy, or the project's note of what the source supports. "
    "Characterisations are attributed to whoever made them."
).format(first=format_date(events["date"].min(), tr=tr),
         last=format_date(events["date"].max(), tr=tr)) + (
    " " + _("Dataset version: {version}.").format(version=ds.version.isoformat())
    if ds.version else ""))
# What the link could not use is said until the reader changes the view (the
# container is filled at the end of the run, once the view is known).
link_notices = st.container()
if dataset_warnings:
    with st.expander(tr.ngettext("The dataset loaded with {n} warning",
                                 "The dataset loaded with {n} warnings",
                                 len(dataset_warnings)).format(n=len(dataset_warnings))):
        st.dataframe(problem_table(dataset_warnings, tr), hide_index=True, width="stretch",
                     key="dataset_warnings")


# Widgets whose labels are in the interface's language. The browser keeps a
# widget's value as the labels it last showed, so after a language switch it
# would send back labels the page no longer knows: each of these values is
# set again, which makes Streamlit send the browser the new labels.
# The tabs too: a label that reads the same in both languages ("Карта") would
# otherwise be taken for a new widget's and the tabs would open on the first.
LABELLED_IN_LANGUAGE = ("regions", "categories", "speakers", "sources", "kinds", "event", "metric",
                        "tab")


def choose_language() -> None:
    st.session_state.lang_chosen = True
    for key in LABELLED_IN_LANGUAGE:
        if key in st.session_state:
            st.session_state[key] = st.session_state[key]


with st.sidebar:
    st.selectbox(
        "Language · Язык · Тіл", options=LANGUAGES, format_func=i18n.language_name,
        key="lang", on_change=choose_language,
    )
    st.header(_("Filters"))
    # Above the filters, so that it stays put while a focused multiselect
    # grows a line: a click on it just after choosing a region is not lost.
    st.button(_("Reset filters"), key="reset", on_click=put, args=(DEFAULT,))
    st.slider(
        _("Dates"),
        min_value=vocab.first_day,
        max_value=vocab.last_day,
        format="D MMM YYYY" if tr.lang == "en" else "DD.MM.YYYY",
        key="dates",
    )
    st.multiselect(
        _("Regions"), options=list(regions), format_func=regions.get, key="regions",
        help=_("Region names are shown; links carry their ISO 3166-2 ids."),
        placeholder=_("Choose regions"),
    )
    st.toggle(
        _("Keep national and international events"),
        key="include_national",
        help=_("When regions are chosen, events concerning the whole country or other "
               "countries stay visible unless this is off."),
    )
    st.multiselect(_("Categories"), options=list(CATEGORIES), key="categories",
                   format_func=lambda c: category_label(c, tr),
                   placeholder=_("Choose categories"))
    st.multiselect(
        _("Sources"), options=list(sources), format_func=page.source_names.get, key="sources",
        help=_("Show only events, quotes and figures citing one of these sources."),
        placeholder=_("Choose sources"),
    )
    st.multiselect(
        _("Kinds of source"), options=list(SOURCE_KINDS), key="kinds",
        format_func=lambda k: source_kind_label(k, tr),
        help=_("Show only events, quotes and figures citing a source of one of these kinds: "
               "to weigh official and independent accounts."),
        placeholder=_("Choose kinds of source"),
    )
    st.text_input(_("Search titles, summaries and quotes"), key="q", max_chars=links.MAX_Q,
                  help=_("Finds names and titles in every language: Almaty, Алматы and "
                         "Алма-Ата find the same events."))

# The view the widgets show (the open tab is known once the tabs are drawn).
view = links.from_widgets(st.session_state, vocab,
                          lang=st.session_state.lang if st.session_state.lang_chosen else None)
filters = view.filters
start, end = filters.start, filters.end
event_text = matches(events, filters.q, page.synonyms)  # the search, once for two filters
# the events in view, with what the page draws every rerun; whole rows
# (without the folded text search looks in) only where they are needed
shown = filter_events(events, filters, text=event_text, columns=PAGE_EVENT_COLUMNS)


def shown_rows(frame: pd.DataFrame = events, f: Filters = filters,
               text: pd.Series = event_text) -> pd.DataFrame:
    """The whole rows in view (bound to this run's view: downloads call it
    when clicked)."""
    return filter_events(frame, f, text=text, columns=visible(frame))


shown_quotes = filter_quotes(quotes, filters, page.synonyms, columns=visible(quotes))
shown_claims = filter_claims(claims, filters)

# the headline numbers in a row that wraps (a phone shows them side by side,
# where columns would stack them a screen high)
with st.container(horizontal=True, gap="medium"):
    for label, value in headline(shown, shown_quotes, tr).items():
        st.metric(label, tr.number(value), width="stretch")
# The view's files and embed snippet, filled at the end of the run, once the
# open tab (part of the link) is known.
take_away = st.container(horizontal=True)


def open_event(event_id: str | None) -> None:
    st.session_state.event = event_id


def turn_page(key: str, by: int) -> None:
    st.session_state[key] += by


def show_pager(key: str, buttons: str, at: story.Span) -> None:
    """"← Earlier · Page 2 of 5 · Later →" under a list shown a page at a
    time; the page (from 0) is kept in the session under ``key``."""
    if at.pages <= 1:
        return
    with st.container(horizontal=True, vertical_alignment="center"):
        st.button(_("← Earlier"), key=f"{buttons}_previous", on_click=turn_page,
                  args=(key, -1), disabled=at.number == 0)
        st.text(_("Page {page} of {pages}").format(page=tr.number(at.number + 1),
                                                   pages=tr.number(at.pages)))
        st.button(_("Later →"), key=f"{buttons}_next", on_click=turn_page, args=(key, 1),
                  disabled=at.number + 1 >= at.pages)


def show_story_controls(ids: list[str]) -> None:
    """Story mode: previous and next through the events in view, in time
    order, with the position; the arrow keys press the buttons."""
    at = story.position(ids, st.session_state.event)
    with st.container(horizontal=True, vertical_alignment="center"):
        st.button(_("Previous"), key="story_previous", on_click=open_event,
                  args=(at.previous if at else None,), shortcut="Left",
                  disabled=at is None or at.previous is None)
        if at is not None:
            st.text(_("{i} of {n}").format(i=tr.number(at.index + 1), n=tr.number(at.total)))
        st.button(_("Next") if at else _("Read from the first event"), key="story_next",
                  on_click=open_event, args=(at.next if at else ids[0] if ids else None,),
                  shortcut="Right",
                  disabled=(at is not None and at.next is None) or not ids)
    if at is None and st.session_state.event:
        st.caption(_("This event is not in the current view: previous and next step "
                     "through the events in view."))


def show_day_by_day(ids: list[str]) -> None:
    """The events in view as text, day by day, a page at a time; a title
    opens the event's details."""
    st.header(_("Day by day"))
    if not ids:
        return
    # the page follows the open event, however it was opened (a click on the
    # timeline, the picker, story mode, a link)
    if st.session_state.get("page_event") != st.session_state.event:
        st.session_state.page_event = st.session_state.event
        holding = story.page_of(ids, st.session_state.event)
        if holding is not None:
            st.session_state.chron_page = holding
    at = story.span(st.session_state.get("chron_page", 0), len(ids))
    st.session_state.chron_page = at.number
    st.caption(_("Events {first}–{last} of {n}, in time order.").format(
        first=tr.number(at.first + 1), last=tr.number(at.last), n=tr.number(len(ids))))
    for day in story.days(shown.iloc[at.first:at.last], page, tr):
        st.subheader(day.label)
        for entry in day.entries:
            is_open = entry.id == st.session_state.event
            st.button(f"**{'▸ ' if is_open else ''}{entry.label}**", key=f"open_{entry.id}",
                      type="tertiary", on_click=open_event, args=(entry.id,), wrap=True)
            st.markdown(entry.line)
    show_pager("chron_page", "page", at)


def show_event_details(ids: list[str]) -> None:
    """The open event in full: story mode, the picker, every fact and source."""
    st.header(_("Event details"))
    show_story_controls(ids)
    st.selectbox(
        _("Event"),
        options=event_options(),
        format_func=event_titles.get,
        index=None,
        placeholder=_("Click an event on the timeline or in the list, or choose one"),
        key="event",
    )
    chosen = st.session_state.event
    if not chosen:
        return
    event = page.events_by_id[chosen]
    row = page.event_rows.loc[chosen]
    st.text(row["title"])
    show_date(event.date, event.date_precision, event.date_note)
    if event.time:
        st.text(_("Time: {time} (local)").format(time=time_text(event, tr)))
        if event.time_note:
            st.caption(escape_markdown(_("Time note: {note}").format(note=event.time_note)))
    show_corrections(f"event:{chosen}")
    st.text(row["summary"])
    show_translation_mark(row["translated_by"])
    if row["translated_by"]:
        with st.expander(_("Original (English)")):
            st.text(event.title)
            st.text(event.summary)
    st.dataframe(event_facts(event, regions, tr, names), hide_index=True,
                 width="stretch", key="event_facts")
    for fig in event.figures:
        st.text(_("Figure · {figure}").format(figure=figure_text(fig, tr)))
    for other in event.related:
        st.text(_("Another account: {title}").format(title=event_titles.get(other, other)))
    st.text(_("Sources ({n})").format(n=len(event.sources)))
    show_citations(event.sources)
    event_quotes = quotes_of(quotes, chosen)
    if not event_quotes.empty:
        st.text(_("Quotes ({n})").format(n=len(event_quotes)))
        for quote in event_quotes.itertuples():
            st.text(f"“{quote.text}” — {quote.speaker_name}")


# The tabs, one function each; only the open one is built (below).
def show_chronology() -> None:
    """The Chronology tab: the timeline as an overview, the events in view as
    text day by day, the open event's details with story mode, who said what."""
    st.header(_("Timeline"))
    if shown.empty:
        # an empty lane and a zero axis would look like a broken chart
        st.info(_("No events match these filters. Widen the dates or clear a filter."))
    else:
        st.vega_lite_chart(
            charts.timeline_spec(shown, start, end, st.session_state.event, tr=tr),
            on_select="rerun",
            selection_mode=charts.PICK,
            key=timeline_key,
            width="stretch",
        )
        st.caption(_("Click an event to read its details. Filled ● dated by the source; "
                     "hollow ◆ date inferred from context; hollow ■ approximate."))
        # built only when open (so are the popovers of the take-away): closed,
        # its chart and table would cost every rerun and be sent for nothing
        with st.expander(_("Events per day"), key="per_day_open", on_change="rerun") as box:
            if box.open:
                st.vega_lite_chart(charts.per_day_spec(shown, start, end, tr), key="per_day",
                                   width="stretch")
                st.dataframe(per_day_table(shown, start, end, tr), hide_index=True,
                             width="stretch", key="per_day_table")

    ids = list(shown["id"])
    text_col, details_col = st.columns([3, 2], gap="large")
    with text_col:
        show_day_by_day(ids)
    with details_col, st.container(key="event_details"):
        show_event_details(ids)

    st.header(_("Who said what"))
    st.multiselect(
        _("Speakers"), options=page.speakers, key="speakers",
        format_func=lambda speaker: names.get(speaker, speaker),
        help=_("Narrows the quotes only; events are not filtered by speaker."),
        placeholder=_("Choose speakers"),
    )
    if shown_quotes.empty:
        st.info(_("No quotes match these filters."))
        return
    # a page of cards at a time: every card of the view made each rerun of
    # the page cost twice the rest of it
    n = len(shown_quotes)
    at = story.span(st.session_state.get("quote_page", 0), n, QUOTES_PER_PAGE)
    st.session_state.quote_page = at.number
    st.caption(_("Quotes {first}–{last} of {n}.").format(
        first=tr.number(at.first + 1), last=tr.number(at.last), n=tr.number(n)))
    for row in shown_quotes.iloc[at.first:at.last].itertuples():
        card = quote_card(row, tr, page.source_languages)
        with st.container(border=True):
            st.text(card.text)  # one element: each costs every rerun
    show_pager("quote_page", "quote_page", at)


def show_map() -> None:
    """The Map tab: events per region; a click adds a region to the filter."""
    st.header(_("Where it happened"))
    # The map counts events under every filter but the regions, so that the
    # rest of the country stays visible while some regions are chosen.
    everywhere = filter_events(events, replace(filters, regions=()), text=event_text,
                               columns=["regions", "scope"])
    counts = region_counts(everywhere, ds, tr)
    st.vega_lite_chart(
        charts.map_spec(shapes(), counts, POINT_REGIONS, filters.regions, tr),
        on_select="rerun",
        selection_mode=[charts.REGION, charts.CITY],
        key=map_key,
        width="stretch",
    )
    unmapped = unmapped_counts(everywhere)
    st.caption(
        _("{national} national, {international} international events not mapped. Click a "
          "region or a city to add it to the region filter; click it again to remove it. "
          "Circles are cities.").format(national=tr.number(unmapped["national"]),
                                        international=tr.number(unmapped["international"]))
        + "".join(" " + _("{region} is drawn as a point: {reason}").format(
            region=regions[r], reason=_(why)) for r, why in POINT_REGIONS.items()
            if r in regions)
    )
    st.dataframe(region_table(counts, tr), hide_index=True, width="stretch",
                 key="region_table")


def show_figures() -> None:
    """The Figures tab: each figure as the separate, dated claims it was."""
    st.header(_("Figures as they were reported"))
    st.info(_("Figures are shown whole, whatever the dates, regions, categories and search "
              "of the view: a toll published weeks later is about these days too. Only the "
              "Sources and Kinds of source filters narrow them, here and in the Figures "
              "downloads."))
    if not metric_ids:
        st.info(_("This dataset has no claims (claims.yaml): no figures to compare."))
    else:
        st.selectbox(_("Figure"), options=metric_ids,
                     format_func=lambda m: metric_label(m, tr), key="metric")
        metric = st.session_state.metric
        label = metric_label(metric, tr)
        of_metric = filter_claims(shown_claims, filters, metric)
        if of_metric.empty:
            st.info(_("No claims of this figure cite the chosen sources."))
        else:
            st.vega_lite_chart(
                charts.figures_spec(of_metric, label, picked_claim, tr),
                on_select="rerun",
                selection_mode=charts.CLAIM,
                key="figures",
                width="stretch",
            )
        undrawn = int((~charts.drawn_claims(of_metric)).sum())
        st.caption(
            _("Each point is one claim, placed at the date it was published; colours are "
              "claimants, and a part they counted (a city, security personnel) is a line of "
              "its own. A cross (×) was retracted, a triangle is disputed. Click a point "
              "for its sources.") + (" " + tr.ngettext(
                "{n} claim without a publication date is in the table only.",
                "{n} claims without a publication date are in the table only.",
                undrawn).format(n=undrawn) if undrawn else "")
        )
        st.dataframe(claims_table(of_metric, label, tr), hide_index=True, width="stretch",
                     key="claims_table")
        chosen_claim = page.claims_by_id.get(picked_claim)
        if chosen_claim is not None:
            picked_row = page.claim_rows.loc[chosen_claim.id]
            st.text(_("{label}: {value}, claimed by {claimant} ({status})").format(
                label=label, value=picked_row["value_text"], claimant=chosen_claim.claimed_by,
                status=picked_row["status_text"]))
            show_corrections(f"claim:{chosen_claim.id}")
            show_citations(chosen_claim.sources)


def show_sources() -> None:
    """The Sources tab: every source, and the corrections."""
    st.header(_("Sources"))
    st.caption(_("Every source of the dataset and the number of items citing it, in the "
                 "whole dataset and in this view."))
    view_counts = sources_table(ds.sources, shown_rows(), shown_quotes, shown_claims, tr)
    st.dataframe(
        page.sources_table.assign(**{_("In this view"): view_counts[_("Items")]})
        .drop(columns=["id"]),
        hide_index=True, width="stretch", key="sources_table",
    )
    st.header(_("Corrections"))
    st.caption(_("Every change made to a published item, removed items included, newest "
                 "first."))
    if ds.corrections:
        st.dataframe(corrections_table(ds, tr).drop(columns=["id", "date"]),
                     hide_index=True, width="stretch", key="corrections_table")
    else:
        st.info(_("No corrections recorded."))


SHOW_TAB = {"chronology": show_chronology, "map": show_map, "figures": show_figures,
            "sources": show_sources}


# Only the open tab is built (a switch reruns the page): the others' charts
# cost more than half of a rerun. The open tab is part of the link.
# The tabs' state is their label: on the first run, and after the language
# changed the labels, it comes from the tab's id.
if st.session_state.get("tab") not in TAB_LABELS.values():
    st.session_state.tab = TAB_LABELS[st.session_state.tab_id]
tab_containers = st.tabs(list(TAB_LABELS.values()), key="tab", on_change="rerun")
open_tab = next((t for t, c in zip(links.TABS, tab_containers, strict=True) if c.open),
                links.TABS[0])
st.session_state.tab_id = open_tab
for tab_id, container in zip(links.TABS, tab_containers, strict=True):
    if container.open:
        with container:
            SHOW_TAB[tab_id]()


def show_downloads(link: str) -> None:
    """The filtered rows as files, made only when a button is clicked (making
    them takes seconds at ten thousand rows). File names are in the
    interface's language; the columns inside are the dataset's field names,
    the same in every language. Every file carries the dataset's version."""
    version = ds.version.isoformat() if ds.version else None

    def chronology(e: pd.DataFrame = shown, q: pd.DataFrame = shown_quotes,
                   c: pd.DataFrame = shown_claims, f: Filters = filters) -> document.Document:
        """The view as a cited document (bound to this run's view)."""
        return document.build(ds, page, e["id"], q["id"], c["id"], f, link, tr)

    files = [
        (_("Chronology (Markdown)"), lambda: chronology().to_markdown(),
         _("kzdash-chronology.md"), "text/markdown", "dl_document_md"),
        (_("Chronology (printable HTML)"), lambda: chronology().to_html(),
         _("kzdash-chronology.html"), "text/html", "dl_document_html"),
        (_("Events (CSV)"), lambda: export.to_csv(shown_rows(), version), _("kzdash-events.csv"),
         "text/csv", "dl_events_csv"),
        (_("Events (JSON)"), lambda: export.to_json(shown_rows(), version),
         _("kzdash-events.json"), "application/json", "dl_events_json"),
        (_("Quotes (CSV)"), lambda f=shown_quotes: export.to_csv(f, version),
         _("kzdash-quotes.csv"), "text/csv", "dl_quotes_csv"),
        (_("Quotes (JSON)"), lambda f=shown_quotes: export.to_json(f, version),
         _("kzdash-quotes.json"), "application/json", "dl_quotes_json"),
        (_("Figures (CSV)"), lambda f=shown_claims: export.to_csv(f, version),
         _("kzdash-claims.csv"), "text/csv", "dl_claims_csv"),
        (_("Figures (JSON)"), lambda f=shown_claims: export.to_json(f, version),
         _("kzdash-claims.json"), "application/json", "dl_claims_json"),
    ]
    for label, data, name, mime, key in files:
        st.download_button(label, data, name, mime, key=key, width="stretch",
                           on_click="ignore")  # no rerun: it would renew the file ids a click races


def show_take_away(params: dict[str, list[str]]) -> None:
    """Near the top of the view: its files to download, and the snippet
    that embeds it in an article."""
    # each built only when open: closed, eight files and a snippet would be
    # made ready on every rerun for nothing
    with st.popover(_("Download this view"), icon=":material/download:", key="download_open",
                    on_change="rerun") as downloads:
        if downloads.open:
            st.caption(_("The chronology as a document, every event with its sources in "
                         "footnotes; the events, quotes and figures as data."))
            show_downloads(links.address(st.context.url, params))
    with st.popover(_("Embed this view"), icon=":material/code:", key="embed_open",
                    on_change="rerun") as embed:
        if embed.open:
            st.caption(_("Paste this into a web page to show this view (filters, tab and "
                         "open event) in it."))
            st.code(links.embed_snippet(st.context.url, params,
                                        _("kzdash: Kazakhstan, January 2022")), language="html")

# The URL always holds the current view, so a copied link reproduces it.
params = links.to_params(replace(view, tab=open_tab), vocab)
linked = st.session_state.setdefault("linked_params", params)  # the view the link opened
if params == linked:
    for warning in st.session_state.url_warnings:
        link_notices.warning(escape_markdown(_("Link: {warning}").format(warning=warning)),
                             icon="⚠️")
else:
    st.session_state.url_warnings = []
if link_params() != params:
    st.query_params.from_dict(params)
with take_away:
    show_take_away(params)
# The page's language on <html lang>, so that a screen reader speaks Russian
# and Kazakh as such (Streamlit leaves "en"; the code is one of ours). Last in
# the sidebar: a script takes a place in the flow, and there it shows no gap.
with st.sidebar:
    st.html(f"<script>document.documentElement.lang = {json.dumps(tr.lang)};</script>",
            unsafe_allow_javascript=True)
