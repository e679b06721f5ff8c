"""The Figures tab's chart: each claimed value of one metric by the date it
was reported, a colour and line per claimant (and part)."""

from __future__ import annotations

import textwrap
from collections.abc import Collection

import altair as alt
import pandas as pd

from kzdash.charts.base import BUILDERS, Rows, legend_expr, page_spec
from kzdash.i18n import ENGLISH, Translator
from kzdash.labels import STATUS_LABELS

FIGURES_PLOT, LEGEND_ROW, LEGEND_LINE = 300, 6, 16  # pixels
CLAIM = "claim"  # name of the figures chart's point selection


# a retracted claim is a cross (×): a shape of its own in the chart and the legend
STATUS_SHAPES = {"reported": "circle", "retracted": "M-1,-1L1,1M-1,1L1,-1",
                 "disputed": "triangle-up"}


def figures_spec(claims: pd.DataFrame, metric_label: str, selected: str | None = None,
                 tr: Translator = ENGLISH) -> dict:
    """Claimed values of one metric by publication date, a colour and line per
    claimant. Retracted claims are crosses and stay off the lines; disputed
    ones are triangles. Clicking a point selects the claim (``claim`` carries
    its ``id``) so the page can show its sources.

    Every claim with a publication date is drawn (see :func:`drawn_claims`);
    a part ('security personnel', 'Almaty') is a series of its own, named
    after its claimant and the part. The table lists the rest.
    """
    rows = _figure_rows(claims, selected, tr)
    out = page_spec("figures", rows, (metric_label,), tr)
    out["height"] = figures_height(rows["series"].unique())
    out["description"] = tr.ngettext(
        "{label}: {n} claim as it was published, a point placed at its publication date "
        "and value; the same claim is in the table below.",
        "{label}: {n} claims as they were published, one point per claim placed at its "
        "publication date and value, a line per claimant; the same claims are in the table "
        "below.", len(rows)).format(label=metric_label, n=tr.number(len(rows)))
    return out


LEGEND_WRAP = 34  # characters a line of a claimant's name in the legend


DAY_MS = 86_400_000  # ticks of the figures' time axis are whole days, never twice the same day


def figures_height(series: Collection[str]) -> int:
    """The figures chart's height: Streamlit fits the legends into it too,
    so it grows with the claimants' legend, a line per wrapped name line."""
    lines = sum(len(textwrap.wrap(name, LEGEND_WRAP)) or 1 for name in series)
    return FIGURES_PLOT + 130 + LEGEND_ROW * max(len(series), 1) + LEGEND_LINE * lines


def _figure_rows(claims: pd.DataFrame, selected: str | None, tr: Translator) -> pd.DataFrame:
    _ = tr.gettext
    drawn = claims[drawn_claims(claims)]
    data = pd.DataFrame(
        {
            "id": drawn["id"],
            "reported": drawn["reported"].dt.strftime("%Y-%m-%d"),
            "value": drawn["value"],
            "value_text": drawn["value_text"],
            "claimed_by": drawn["claimed_by"],
            # a part (a city, security personnel) is its own line beside the
            # whole count of the same claimant, never joined to it
            "series": [f"{who} · {part}" if part else who
                       for who, part in zip(drawn["claimed_by"], drawn["subject"], strict=True)],
            "subject": drawn["subject"],
            "status": drawn["status"],
            "status_text": drawn["status_text"],
            "when": drawn["reported_text"],
            "as_of": [tr.date(d) if pd.notna(d) else _("not given") for d in drawn["as_of"]],
            "note": drawn["note"],
            "source": drawn["source_titles"],
            "selected": drawn["id"] == selected,
        }
    )
    return data


# Twelve colours for the figures' claimants, each at least 3:1 against white
# (WCAG's minimum for graphics), so that a point is visible whatever its colour.
SERIES_COLOURS = ["#1f77b4", "#d95f02", "#1b7f62", "#7570b3", "#d6246e", "#8c564b",
                  "#666666", "#b22222", "#2f4b7c", "#8a6318", "#6a3d9a", "#0b6e4f"]


WRAP_LABEL = (f"split(trim(replace(datum.label, regexp('(.{{1,{LEGEND_WRAP}}})(\\\\s+|$)', 'g'),"
              " '$1\\n')), '\\n')")


def drawn_claims(claims: pd.DataFrame) -> pd.Series:
    """Which claims the figures chart can place: those with a publication
    date. The others are listed in the table only."""
    return claims["reported"].notna()


def _figures(data: Rows, metric_label: str, tr: Translator = ENGLISH) -> alt.LayerChart:
    _ = tr.gettext
    # padding keeps the first and last points whole instead of cut by the frame
    x = alt.X("reported:T", title=_("Reported"), scale=alt.Scale(padding=24),
              axis=alt.Axis(format="%-d %b %Y", labelAngle=0, tickMinStep=DAY_MS))
    below_zero = "datum.value < 0"  # the padding's room under 0, not a value
    y = alt.Y("value:Q", title=metric_label, scale=alt.Scale(zero=True, padding=16),
              axis=alt.Axis(labelExpr=f"{below_zero} ? '' : datum.label",
                            gridOpacity=alt.condition(below_zero, alt.value(0), alt.value(1)),
                            tickOpacity=alt.condition(below_zero, alt.value(0), alt.value(1))))
    # Lines and points are coloured through fill and stroke, never `color`:
    # a point that has both ignores `color` (Vega drops it). Both scales have
    # the same field and colours, so a claimant has one colour throughout.
    colours = alt.Scale(range=SERIES_COLOURS)
    # whole names, wrapped at spaces into lines of 34 characters at most, so
    # that a narrow screen shows them too (Vega draws an array as lines)
    claimants = alt.Legend(orient="bottom", direction="vertical", labelLimit=0,
                           symbolType="circle", labelExpr=WRAP_LABEL)
    # one legend for fill and stroke: the same field, scale, title and legend
    series = alt.Stroke("series:N", title=_("Claimed by"), scale=colours, legend=claimants)
    pick = alt.selection_point(name=CLAIM, fields=["id"], on="click", clear="dblclick")
    # claims cluster in the first days and trail over months: let people zoom in time
    zoom = alt.selection_interval(name="zoom", bind="scales", encodings=["x"])
    base = alt.Chart(data, height=figures_height(()))
    lines = (
        base.transform_filter("datum.status != 'retracted'")
        .mark_line(strokeWidth=1.5, aria=False)  # the points say it
        .encode(x=x, y=y, stroke=series, detail="series:N")
    )
    points = base.mark_point(size=120, strokeWidth=2, opacity=1).encode(
        x=x,
        y=y,
        shape=alt.Shape(
            "status:N",
            title=_("Status"),
            scale=alt.Scale(domain=list(STATUS_SHAPES), range=list(STATUS_SHAPES.values())),
            legend=alt.Legend(
                orient="top", columns=2, labelExpr=legend_expr(
                    {s: _(STATUS_LABELS[s]) for s in STATUS_SHAPES}),
                symbolStrokeColor="#333333", symbolStrokeWidth=2,
                symbolFillColor="#333333", symbolOpacity=1,
            ),
        ),
        # the legend of claimants is the fill's: a retracted claim's cross
        # has no area to fill, so it stays an outline in its claimant's colour
        fill=alt.Fill("series:N", title=_("Claimed by"), scale=colours, legend=claimants),
        stroke=series,
        tooltip=[
            alt.Tooltip("value_text:N", title=metric_label),
            alt.Tooltip("claimed_by:N", title=_("Claimed by") + tr.original()),
            alt.Tooltip("subject:N", title=_("Part counted") + tr.original()),
            alt.Tooltip("status_text:N", title=_("Status")),
            alt.Tooltip("when:N", title=_("Reported")),
            alt.Tooltip("as_of:N", title=_("As of")),
            alt.Tooltip("note:N", title=_("Note") + tr.original()),
            alt.Tooltip("source:N", title=_("Source")),
        ],
    ).add_params(pick, zoom)
    # the chosen claim is ringed in black, a layer of its own so that the
    # points' outline keeps its claimant's colour (and the legend its symbols)
    # (drawn for every claim, seen only for the chosen one: a filtered layer
    # with no rows makes Vega warn of an infinite extent)
    ring = base.mark_point(size=400, strokeWidth=2, color="black", filled=False,
                           aria=False).encode(
        x=x, y=y, opacity=alt.condition("datum.selected", alt.value(1), alt.value(0)),
        tooltip=alt.value(None))
    return alt.layer(lines, ring, points)  # points on top: they take the clicks


BUILDERS["figures"] = _figures
