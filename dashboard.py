"""kzdash: the Streamlit page. UI only; every decision lives in ``kzdash``."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pandas as pd
import streamlit as st

from kzdash import charts, export, links
from kzdash.cli import data_dir
from kzdash.filters import Filters, filter_events, filter_quotes
from kzdash.frames import (
    day_range,
    event_facts,
    event_labels,
    events_frame,
    figure_text,
    format_date,
    headline,
    quotes_frame,
    quotes_of,
)
from kzdash.load import DatasetError, dataset_stamp, load_dataset
from kzdash.models import CATEGORIES, Dataset
from kzdash.text import escape_markdown

HERE = Path(__file__).resolve().parent

st.set_page_config(page_title="kzdash: Kazakhstan, January 2022", layout="wide")


@st.cache_data(show_spinner="Loading the dataset…")
def load(directory: str, stamp: tuple) -> tuple[Dataset, pd.DataFrame, pd.DataFrame]:
    """Parse and validate once per version of the files (``stamp`` holds their
    modification times, so an edit shows up on the next rerun)."""
    ds = load_dataset(directory)
    return ds, events_frame(ds), quotes_frame(ds)


directory = data_dir(sys.argv[1:], os.environ, default=HERE / "data")
try:
    ds, events, quotes = load(str(directory), dataset_stamp(directory))
except DatasetError as exc:
    st.error(escape_markdown(f"The dataset in {directory} has {len(exc.problems)} problem(s):"))
    st.code("\n".join(str(p) for p in exc.problems), language=None)
    st.stop()

regions = {r.id: r.name for r in ds.regions}
event_titles = event_labels(events)
first_day, last_day = day_range(events)
vocab = links.Vocabulary(
    first_day=first_day,
    last_day=last_day,
    regions=regions,
    categories=CATEGORIES,
    speakers=set(quotes["speaker"]),
    events=event_titles,
)
DEFAULT = links.View(Filters(start=vocab.first_day, end=vocab.last_day))


def put(view: links.View) -> None:
    """Set every widget's state to ``view``."""
    f = view.filters
    st.session_state.dates = (f.start, f.end)
    st.session_state.regions = list(f.regions)
    st.session_state.categories = list(f.categories)
    st.session_state.speakers = list(f.speakers)
    st.session_state.q = f.q
    st.session_state.include_national = f.include_national
    st.session_state.event = view.event


# First run of a session: the URL says what to show.
if "url_warnings" not in st.session_state:
    raw = {key: st.query_params.get_all(key) for key in st.query_params}
    view, st.session_state.url_warnings = links.parse(raw, vocab)
    put(view)

# A click on the timeline opens that event (only a new click, so that the
# event picker below keeps working while the chart's selection stays put).
picked = st.session_state.get("timeline", {}).get("selection", {}).get(charts.PICK, [])
picked_id = picked[0].get("id") if picked else None
if picked_id and picked_id != st.session_state.get("applied_pick"):
    st.session_state.event = picked_id if picked_id in event_titles else None
st.session_state.applied_pick = picked_id

st.title("Kazakhstan, January 2022: a sourced chronology")
st.caption(
    "Events and statements from 2 to 13 January 2022, each with its source and the "
    "sentence that supports it. Characterisations are attributed to whoever made them."
)
for warning in st.session_state.url_warnings:
    st.warning(escape_markdown(f"Link: {warning}"), icon="⚠️")

with st.sidebar:
    st.header("Filters")
    st.slider(
        "Dates",
        min_value=vocab.first_day,
        max_value=vocab.last_day,
        format="D MMM YYYY",
        key="dates",
    )
    st.multiselect(
        "Regions", options=list(regions), format_func=regions.get, key="regions",
        help="Region names are shown; links carry their ISO 3166-2 ids.",
    )
    st.toggle(
        "Keep national and international events",
        key="include_national",
        help="When regions are chosen, events concerning the whole country or other "
        "countries stay visible unless this is off.",
    )
    st.multiselect("Categories", options=list(CATEGORIES), key="categories")
    st.text_input("Search titles, summaries and quotes", key="q", max_chars=links.MAX_Q)
    st.button("Reset filters", key="reset", on_click=put, args=(DEFAULT,))

start, end = st.session_state.dates
filters = Filters(
    start=start,
    end=end,
    regions=tuple(st.session_state.regions),
    categories=tuple(st.session_state.categories),
    speakers=tuple(st.session_state.speakers),
    q=st.session_state.q,
    include_national=st.session_state.include_national,
)
shown = filter_events(events, filters)
shown_quotes = filter_quotes(quotes, filters)

for col, (label, value) in zip(st.columns(4), headline(shown, shown_quotes).items(),
                               strict=True):
    col.metric(label, value)

timeline_col, details_col = st.columns([3, 2], gap="large")
with timeline_col:
    st.subheader("Timeline")
    if shown.empty:
        st.info("No events match these filters. Widen the dates or clear a filter.")
    st.altair_chart(
        charts.timeline_chart(shown, start, end, st.session_state.event),
        on_select="rerun",
        selection_mode=charts.PICK,
        key="timeline",
        width="stretch",
    )
    st.altair_chart(charts.per_day_chart(shown, start, end), key="per_day", width="stretch")
    st.caption("Click an event to read its details. Shapes: ● dated by the source, "
               "◆ date inferred from context, ■ approximate.")

with details_col:
    st.subheader("Event details")
    st.selectbox(
        "Event",
        options=list(event_titles),
        format_func=event_titles.get,
        index=None,
        placeholder="Click an event on the timeline, or choose one",
        key="event",
    )
    chosen = st.session_state.event
    if chosen:
        event = next(e for e in ds.events if e.id == chosen)
        st.text(event.title)
        st.text(format_date(event.date, event.date_precision))
        if event.date_note:
            st.text(f"Date note: {event.date_note}")
        st.text(event.summary)
        st.dataframe(event_facts(event, regions), hide_index=True, width="stretch",
                     key="event_facts")
        for fig in event.figures:
            st.text(f"Figure · {figure_text(fig)}")
        sources = {s.id: s for s in ds.sources}
        for cite in event.sources:
            src = sources[cite.source]
            with st.container(border=True):
                st.text(f"“{cite.excerpt}”")
                st.text(f"{src.publisher}, {src.title}")
                st.link_button("Open source", src.url)
        event_quotes = quotes_of(quotes, chosen)
        if not event_quotes.empty:
            st.text(f"Quotes ({len(event_quotes)})")
            for row in event_quotes.itertuples():
                st.text(f"“{row.text}” — {row.speaker}")

st.subheader("Who said what")
st.multiselect(
    "Speakers", options=sorted(set(quotes["speaker"])), key="speakers",
    help="Narrows the quotes only; events are not filtered by speaker.",
)
if shown_quotes.empty:
    st.info("No quotes match these filters.")
for row in shown_quotes.itertuples():
    with st.container(border=True):
        kind = "" if row.kind == "direct" else " (paraphrase)"
        st.text(f"“{row.text}”{kind}")
        st.text(f"— {row.speaker}, {row.role} ({row.affiliation})")
        st.text(f"{format_date(row.date, row.date_precision)} · Event: {row.event_title}")
        if row.date_note:
            st.text(f"Date note: {row.date_note}")
        if row.note:
            st.text(f"Note: {row.note}")
        st.text(f"Source: {row.citations}")

st.subheader("Download this view")
dl = st.columns(4)
dl[0].download_button("Events (CSV)", export.to_csv(shown), "kzdash-events.csv",
                      "text/csv", key="dl_events_csv")
dl[1].download_button("Events (JSON)", export.to_json(shown), "kzdash-events.json",
                      "application/json", key="dl_events_json")
dl[2].download_button("Quotes (CSV)", export.to_csv(shown_quotes), "kzdash-quotes.csv",
                      "text/csv", key="dl_quotes_csv")
dl[3].download_button("Quotes (JSON)", export.to_json(shown_quotes), "kzdash-quotes.json",
                      "application/json", key="dl_quotes_json")

# The URL always holds the current view, so a copied link reproduces it.
current = links.View(filters, st.session_state.event)
params = links.to_params(current, vocab)
if {k: st.query_params.get_all(k) for k in st.query_params} != params:
    st.query_params.from_dict(params)
