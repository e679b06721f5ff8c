"""How the page words the dataset's things: the labels of its closed
lists (categories, metrics, kinds of source, changes) and one-line texts of
its items (a citation, a source, a figure, a date, a time), in the reader's
language. Dataset text inside them stays as written."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from kzdash.i18n import ENGLISH, N_, Translator
from kzdash.models import Citation, Claim, Correction, Event, Figure, Source

SOURCE_KIND_LABELS = {
    "state-body": N_("State body"),
    "state-media": N_("State media"),
    "independent-media": N_("Independent media"),
    "international-agency": N_("International news agency"),
    "foreign-government": N_("Foreign government"),
    "international-organisation": N_("International organisation"),
    "ngo": N_("NGO or civil society"),
}


CHANGE_LABELS = {
    "re-dated": N_("re-dated"),
    "re-timed": N_("re-timed"),
    "re-attributed": N_("re-attributed"),
    "re-sourced": N_("re-sourced"),
    "re-worded": N_("re-worded"),
    "removed": N_("removed"),
}


ITEM_LABELS = {"event": N_("Event"), "quote": N_("Quote"), "claim": N_("Figure"),
               "source": N_("Source")}


CHECKED = N_("checked against an archived copy")


NOTED = N_("cited with a note")


def source_kind_label(kind: str, tr: Translator = ENGLISH) -> str:
    """``state-media`` -> ``State media``, in the translator's language."""
    label = SOURCE_KIND_LABELS.get(kind)
    return tr.gettext(label) if label else kind


def citation_kind(cite: Citation, tr: Translator = ENGLISH) -> str:
    """How a citation can be checked: against an archived copy, or it is a note."""
    return tr.gettext(CHECKED if cite.checked else NOTED)


def citation_text(cite: Citation, source: Source | None, tr: Translator = ENGLISH) -> str:
    """One citation as a line of text: the source, its kind, and the excerpt
    in quotation marks or the project's note, saying which it is."""
    where = (f"{source.publisher} ({source_kind_label(source.kind, tr)}): {source.title}"
             if source is not None else cite.source)
    if cite.excerpt is not None:
        return f"{where}: “{cite.excerpt}” ({citation_kind(cite, tr)})"
    return tr.gettext("{source}: note: {note} ({how})").format(
        source=where, note=cite.note, how=citation_kind(cite, tr))


def time_text(event: Event, tr: Translator = ENGLISH) -> str:
    """``17:20``, ``about 17:20`` when approximate, or empty when not known."""
    if not event.time:
        return ""
    if event.time_precision == "approximate":
        return tr.gettext("about {time}").format(time=event.time)
    return event.time


def correction_text(c: Correction, tr: Translator = ENGLISH) -> str:
    """``Corrected on 1 December 2026 (re-dated): reason. Before: 2022-01-04``."""
    text = tr.gettext("Corrected on {date} ({change}): {reason}").format(
        date=tr.date(c.date), change=tr.gettext(CHANGE_LABELS[c.change]), reason=c.reason)
    if c.before:
        text += " " + tr.gettext("Before: {before}").format(before=c.before)
    return text


QUALIFIERS = {
    "exactly": N_("{n}"),
    "about": N_("about {n}"),
    "more than": N_("more than {n}"),
    "at least": N_("at least {n}"),
    "almost": N_("almost {n}"),
    "up to": N_("up to {n}"),
}


STATUS_LABELS = {"reported": N_("reported"), "retracted": N_("retracted"),
                 "disputed": N_("disputed")}


CATEGORY_LABELS = {
    "protest": N_("Protest"),
    "unrest": N_("Unrest"),
    "security-operation": N_("Security operation"),
    "government": N_("Government"),
    "international": N_("International"),
    "casualties": N_("Casualties"),
    "commemoration": N_("Commemoration"),
}


SCOPE_LABELS = {"local": N_("local"), "national": N_("national"),
                "international": N_("international")}


KIND_LABELS = {"region": N_("region"), "city": N_("city")}


def category_label(category: str, tr: Translator = ENGLISH) -> str:
    """``security-operation`` -> ``Security operation``, in the translator's language."""
    label = CATEGORY_LABELS.get(category)
    return tr.gettext(label) if label else category


def claim_value(c: Claim, tr: Translator = ENGLISH) -> str:
    """``more than 3,000``."""
    return tr.gettext(QUALIFIERS[c.qualifier]).format(n=tr.number(c.value))


METRIC_LABELS = {
    "deaths": N_("Deaths"),
    "injured": N_("Injured"),
    "detained": N_("Detained"),
    "foreign-troops": N_("Foreign troops"),
    "equipment": N_("Pieces of equipment"),
    "regions-affected": N_("Regions affected"),
}


def metric_label(metric: str, tr: Translator = ENGLISH) -> str:
    """``foreign-troops`` -> ``Foreign troops``; a dataset's own metrics read as words."""
    label = METRIC_LABELS.get(metric)
    return tr.gettext(label) if label else metric.replace("-", " ").capitalize()


def source_label(s: Source) -> str:
    return f"{s.publisher}: {s.title}"


def source_line(s: Source, tr: Translator = ENGLISH) -> str:
    """``Kazinform, Title · published 5 January 2022``: who, what and when,
    the title marked when it is not in the page's language."""
    if s.published is None:
        line = tr.gettext("{publisher}, {title} · publication date not given")
    else:
        line = tr.gettext("{publisher}, {title} · published {date}")
    return line.format(publisher=s.publisher, title=s.title,
                       date=source_published(s, tr)) + tr.original(s.language)


def source_published(s: Source, tr: Translator = ENGLISH) -> str:
    """The publication date as known (and its time, with the UTC offset the
    page gave, when known), or what is known about it."""
    if s.published is None:
        return tr.gettext("date not given")
    day = tr.date(s.published, s.published_precision)
    if s.published_time:
        time, offset = s.published_time[:5], s.published_time[5:]
        return tr.gettext("{date}, {time} (UTC{offset})").format(date=day, time=time,
                                                                 offset=offset)
    return day


def figure_text(f: Figure, tr: Translator = ENGLISH) -> str:
    """``foreign troops: more than 2,000 troops (per Qazaq TV)``. The label,
    unit and claimant are the dataset's words and stay as written."""
    value = tr.gettext(QUALIFIERS[f.qualifier]).format(n=tr.number(f.value))
    return tr.gettext("{label}: {value} {unit} (per {claimed_by})").format(
        label=f.label, value=value, unit=f.unit, claimed_by=f.claimed_by
    ) + tr.original()


def format_date(value: dt.date | pd.Timestamp, precision: str = "day",
                tr: Translator = ENGLISH) -> str:
    """``5 January 2022``, marked when the date is not the source's own."""
    return tr.date(value, precision)
