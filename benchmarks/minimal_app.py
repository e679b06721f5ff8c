"""The least a page with the dashboard's kinds of widgets can cost: a slider,
two multiselects, a text input, a 20-row Altair chart, and a button that
steps a text on (story mode's "Next"). ``bench.py`` times
the dashboard against it."""

from __future__ import annotations

import datetime as dt

import altair as alt
import pandas as pd
import streamlit as st  # noqa: TID251 (a reference app, outside kzdash)

CATEGORIES = ["protest", "unrest", "security-operation", "government", "international",
              "casualties", "commemoration"]
REGIONS = ["KZ-ALA", "KZ-AST", "KZ-MAN", "KZ-ATY", "KZ-SHY"]
ROWS = pd.DataFrame({
    "day": [f"2022-01-{1 + i % 13:02d}" for i in range(20)],
    "label": [f"item {i} fire" if i % 3 == 0 else f"item {i}" for i in range(20)],
    "category": [CATEGORIES[i % len(CATEGORIES)] for i in range(20)],
    "region": [REGIONS[i % len(REGIONS)] for i in range(20)],
    "value": [(i * 7) % 11 + 1 for i in range(20)],
})

with st.sidebar:
    st.slider("Dates", min_value=dt.date(2022, 1, 1), max_value=dt.date(2022, 1, 13),
              value=(dt.date(2022, 1, 1), dt.date(2022, 1, 13)), key="dates")
    st.multiselect("Regions", options=REGIONS, key="regions")
    st.multiselect("Categories", options=CATEGORIES, key="categories")
    st.text_input("Search titles, summaries and quotes", key="q")

start, end = st.session_state.dates
rows = ROWS[(ROWS["day"] >= f"{start:%Y-%m-%d}") & (ROWS["day"] <= f"{end:%Y-%m-%d}")]
if st.session_state.regions:
    rows = rows[rows["region"].isin(st.session_state.regions)]
if st.session_state.categories:
    rows = rows[rows["category"].isin(st.session_state.categories)]
if st.session_state.q:
    rows = rows[rows["label"].str.contains(st.session_state.q, regex=False)]

st.title("Minimal reference app")
st.metric("Rows", len(rows))
st.altair_chart(
    alt.Chart(rows).mark_bar().encode(x="label:N", y="value:Q", color="category:N",
                                      tooltip=["label", "day", "region"]),
    key="chart", width="stretch",
)


def step() -> None:
    st.session_state.step += 1


st.session_state.setdefault("step", 1)
st.button("Next", key="next", on_click=step)
st.text(f"Step {st.session_state.step}")
