"""kzdash: the Streamlit page. UI only; every decision lives in ``kzdash``."""

from __future__ import annotations

import os
import sys
from dataclasses import replace
from pathlib import Path

import pandas as pd
import streamlit as st

from kzdash import charts, export, links
from kzdash.cli import data_dir, limits
from kzdash.filters import Filters, filter_claims, filter_events, filter_quotes, toggle
from kzdash.frames import (
    claims_frame,
    day_range,
    event_facts,
    event_labels,
    events_frame,
    figure_text,
    format_date,
    headline,
    metric_label,
    metrics,
    problem_table,
    quotes_frame,
    quotes_of,
    region_counts,
    source_label,
    source_published,
    sources_table,
    unmapped_counts,
)
from kzdash.geo import POINT_REGIONS, load_shapes
from kzdash.load import DatasetError, Limits, Problem, dataset_stamp, load_checked
from kzdash.models import CATEGORIES, Citation, Dataset
from kzdash.text import escape_markdown

HERE = Path(__file__).resolve().parent
MAX_QUOTE_CARDS = 100  # a card is seven elements: thousands would stall every rerun

st.set_page_config(page_title="kzdash: Kazakhstan, January 2022", layout="wide")


@st.cache_data(show_spinner="Loading the dataset…")
def load(
    directory: str, stamp: tuple, limits: Limits
) -> tuple[Dataset, list[Problem], pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Parse and validate once per version of the files (``stamp`` holds their
    modification times, so an edit shows up on the next rerun)."""
    ds, warnings = load_checked(directory, limits)
    return ds, warnings, events_frame(ds), quotes_frame(ds), claims_frame(ds)


@st.cache_data
def shapes() -> list[dict]:
    """The region boundaries, read once per process."""
    return load_shapes()["features"]


# The dataset comes from the command line or the environment of whoever runs
# the server, never from the URL: a link cannot choose which files are read.
directory = data_dir(sys.argv[1:], os.environ, default=HERE / "data")
try:
    ds, dataset_warnings, events, quotes, claims = load(
        str(directory), dataset_stamp(directory), limits(os.environ)
    )
except DatasetError as exc:
    st.error(escape_markdown(
        f"The dataset in {directory} has {len(exc.problems)} problem(s). Fix them and reload "
        "the page; `python -m kzdash validate` lists the same."
    ))
    st.dataframe(problem_table(exc.problems), hide_index=True, width="stretch",
                 key="dataset_problems")
    with st.expander("As text, to copy"):
        st.code("\n".join(str(p) for p in exc.problems), language=None)
    st.stop()

regions = {r.id: r.name for r in ds.regions}
sources = {s.id: s for s in ds.sources}
source_names = {s.id: source_label(s) for s in ds.sources}
event_titles = event_labels(events)
metric_ids = metrics(claims)
first_day, last_day = day_range(events)
vocab = links.Vocabulary(
    first_day=first_day,
    last_day=last_day,
    regions=regions,
    categories=CATEGORIES,
    speakers=set(quotes["speaker"]),
    events=event_titles,
    sources=sources,
    metrics=metric_ids,
)
DEFAULT = links.View(Filters(start=vocab.first_day, end=vocab.last_day))


def put(view: links.View) -> None:
    """Set every widget's state to ``view``."""
    f = view.filters
    st.session_state.dates = (f.start, f.end)
    st.session_state.regions = list(f.regions)
    st.session_state.categories = list(f.categories)
    st.session_state.speakers = list(f.speakers)
    st.session_state.sources = list(f.sources)
    st.session_state.q = f.q
    st.session_state.include_national = f.include_national
    st.session_state.event = view.event
    st.session_state.metric = view.metric or (metric_ids[0] if metric_ids else None)


def show_citations(citations: list[Citation]) -> None:
    """Every source of an item: its excerpt, where it comes from, and what is
    not known about it."""
    for cite in citations:
        src = sources[cite.source]
        with st.container(border=True):
            st.text(f"“{cite.excerpt}”")
            st.text(f"{src.publisher}, {src.title} · published {source_published(src)}")
            if src.archive_kind == "notes":
                st.caption("Excerpt from the project's reference notes; the outlet's own "
                           "text was not available.")
            if src.url:
                st.link_button("Open source", src.url)
            else:
                st.caption("No address given for this source.")


def show_date(value, precision: str, note: str | None) -> None:
    """A date, and when it is not the source's own, why."""
    st.text(format_date(value, precision))
    if note:
        st.caption(escape_markdown(f"Date note: {note}"))


# First run of a session: the URL says what to show.
if "url_warnings" not in st.session_state:
    raw = {key: st.query_params.get_all(key) for key in st.query_params}
    view, st.session_state.url_warnings = links.parse(raw, vocab)
    put(view)

# A click on a point of the figures chart shows that claim's sources.
claim_pick = st.session_state.get("figures", {}).get("selection", {}).get(charts.CLAIM, [])
picked_claim = claim_pick[0].get("id") if claim_pick else None

# A click on the timeline opens that event (only a new click, so that the
# event picker below keeps working while the chart's selection stays put).
picked = st.session_state.get("timeline", {}).get("selection", {}).get(charts.PICK, [])
picked_id = picked[0].get("id") if picked else None
if picked_id and picked_id != st.session_state.get("applied_pick"):
    st.session_state.event = picked_id if picked_id in event_titles else None
st.session_state.applied_pick = picked_id

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

st.title("Kazakhstan, January 2022: a sourced chronology")
st.caption(
    f"Events and statements from {format_date(events['date'].min())} to "
    f"{format_date(events['date'].max())}, each with its source and the sentence that "
    "supports it. Characterisations are attributed to whoever made them."
)
for warning in st.session_state.url_warnings:
    st.warning(escape_markdown(f"Link: {warning}"), icon="⚠️")
if dataset_warnings:
    with st.expander(f"The dataset loaded with {len(dataset_warnings)} warning(s)"):
        st.dataframe(problem_table(dataset_warnings), hide_index=True, width="stretch",
                     key="dataset_warnings")

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
    st.multiselect(
        "Sources", options=list(sources), format_func=source_names.get, key="sources",
        help="Show only events, quotes and figures citing one of these sources.",
    )
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
    sources=tuple(st.session_state.sources),
)
shown = filter_events(events, filters)
shown_quotes = filter_quotes(quotes, filters)
shown_claims = filter_claims(claims, filters)

for col, (label, value) in zip(st.columns(4), headline(shown, shown_quotes).items(),
                               strict=True):
    col.metric(label, value)

chronology_tab, map_tab, figures_tab, sources_tab = st.tabs(
    ["Chronology", "Map", "Figures", "Sources"]
)
with chronology_tab:
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
        st.caption("Click an event to read its details. Filled ● dated by the source; "
                   "hollow ◆ date inferred from context; hollow ■ approximate.")

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
            show_date(event.date, event.date_precision, event.date_note)
            st.text(event.summary)
            st.dataframe(event_facts(event, regions), hide_index=True, width="stretch",
                         key="event_facts")
            for fig in event.figures:
                st.text(f"Figure · {figure_text(fig)}")
            for other in event.related:
                st.text(f"Another account: {event_titles.get(other, other)}")
            st.text(f"Sources ({len(event.sources)})")
            show_citations(event.sources)
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
    elif len(shown_quotes) > MAX_QUOTE_CARDS:
        st.info(f"Showing the first {MAX_QUOTE_CARDS} of {len(shown_quotes):,} quotes: narrow "
                "the filters to see the others, or download them all below.")
    for row in shown_quotes.head(MAX_QUOTE_CARDS).itertuples():
        with st.container(border=True):
            kind = "" if row.kind == "direct" else " (paraphrase)"
            st.text(f"“{row.text}”{kind}")
            st.text(f"— {row.speaker}, {row.role} ({row.affiliation})")
            show_date(row.date, row.date_precision, row.date_note)
            st.text(f"Event: {row.event_title}")
            if row.note:
                st.text(f"Note: {row.note}")
            st.text(f"Sources ({len(row.sources)}):\n{row.citations}")

with map_tab:
    st.subheader("Where it happened")
    # The map counts events under every filter but the regions, so that the
    # rest of the country stays visible while some regions are chosen.
    everywhere = filter_events(events, replace(filters, regions=()))
    counts = region_counts(everywhere, ds)
    st.vega_lite_chart(
        charts.map_spec(shapes(), counts, POINT_REGIONS, filters.regions),
        on_select="rerun",
        selection_mode=[charts.REGION, charts.CITY],
        key=map_key,
        width="stretch",
    )
    unmapped = unmapped_counts(everywhere)
    st.caption(
        f"{unmapped['national']} national, {unmapped['international']} international events "
        "not mapped. Click a region or a city to add it to the region filter; click it again "
        "to remove it. Circles are cities"
        + "".join(f"; {regions[r]} is drawn as a point: {why.rstrip('.')}"
                  for r, why in POINT_REGIONS.items() if r in regions)
        + "."
    )
    st.dataframe(
        counts[["name", "kind", "events", "aliases"]]
        .sort_values(["events", "name"], ascending=[False, True])
        .rename(columns={"name": "Region", "kind": "Kind", "events": "Events",
                         "aliases": "Also called"}),
        hide_index=True, width="stretch", key="region_table",
    )

with figures_tab:
    st.subheader("Figures as they were reported")
    if not metric_ids:
        st.info("This dataset has no claims (claims.yaml): no figures to compare.")
    else:
        st.selectbox("Figure", options=metric_ids, format_func=metric_label, key="metric")
        metric = st.session_state.metric
        label = metric_label(metric)
        of_metric = filter_claims(shown_claims, filters, metric)
        if of_metric.empty:
            st.info("No claims of this figure cite the chosen sources.")
        st.altair_chart(
            charts.figures_chart(of_metric, label, picked_claim),
            on_select="rerun",
            selection_mode=charts.CLAIM,
            key="figures",
            width="stretch",
        )
        undrawn = of_metric["reported"].isna() | (of_metric["subject"] != "")
        st.caption(
            "Each point is one claim, placed at the date it was published; colours are "
            "claimants. Hollow points were retracted, triangles are disputed. Click a point "
            f"for its sources. {int(undrawn.sum())} claim(s) without a publication date or "
            "counting only a part (a city, security personnel) are in the table only."
        )
        st.dataframe(
            of_metric[["value_text", "subject", "claimed_by", "status", "reported_text",
                       "date_note", "note", "source_titles"]].rename(columns={
                           "value_text": label, "subject": "Part counted",
                           "claimed_by": "Claimed by", "status": "Status",
                           "reported_text": "Reported", "date_note": "Date note",
                           "note": "Note", "source_titles": "Sources"}),
            hide_index=True, width="stretch", key="claims_table",
        )
        chosen_claim = next((c for c in ds.claims if c.id == picked_claim), None)
        if chosen_claim is not None:
            st.text(f"{label}: {claims.set_index('id').at[chosen_claim.id, 'value_text']}, "
                    f"claimed by {chosen_claim.claimed_by} ({chosen_claim.status})")
            show_citations(chosen_claim.sources)

with sources_tab:
    st.subheader("Sources")
    st.caption("Every source of the dataset and the number of items citing it, in the "
               "whole dataset and in this view.")
    whole = sources_table(ds.sources, events, quotes, claims)
    view_counts = sources_table(ds.sources, shown, shown_quotes, shown_claims)
    st.dataframe(
        whole.assign(**{"In this view": view_counts["Items"]}).drop(columns=["id"]),
        hide_index=True, width="stretch", key="sources_table",
    )

st.subheader("Download this view")
dl = st.columns(5)
dl[0].download_button("Events (CSV)", export.to_csv(shown), "kzdash-events.csv",
                      "text/csv", key="dl_events_csv")
dl[1].download_button("Events (JSON)", export.to_json(shown), "kzdash-events.json",
                      "application/json", key="dl_events_json")
dl[2].download_button("Quotes (CSV)", export.to_csv(shown_quotes), "kzdash-quotes.csv",
                      "text/csv", key="dl_quotes_csv")
dl[3].download_button("Quotes (JSON)", export.to_json(shown_quotes), "kzdash-quotes.json",
                      "application/json", key="dl_quotes_json")
dl[4].download_button("Figures (CSV)", export.to_csv(shown_claims), "kzdash-claims.csv",
                      "text/csv", key="dl_claims_csv")

# The URL always holds the current view, so a copied link reproduces it.
current = links.View(filters, st.session_state.event, st.session_state.get("metric"))
params = links.to_params(current, vocab)
if {k: st.query_params.get_all(k) for k in st.query_params} != params:
    st.query_params.from_dict(params)
