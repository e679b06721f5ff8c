"""kzdash.labels: how the page words categories, kinds of source, figures, dates and times."""

from __future__ import annotations

import datetime as dt

from kzdash.i18n import translator
from kzdash.labels import figure_text, format_date, source_kind_label, time_text
from kzdash.models import SOURCE_KINDS, Figure


def test_format_date_marks_imprecise_dates():
    assert format_date(dt.date(2022, 1, 5)) == "5 January 2022"
    assert format_date(dt.date(2022, 1, 5), "inferred") == "5 January 2022 (inferred)"


def test_figure_text_keeps_qualifier_and_claimant():
    fig = Figure(label="foreign troops", value=2000, unit="troops", qualifier="more than",
                 claimed_by="Qazaq TV")
    assert figure_text(fig) == "foreign troops: more than 2,000 troops (per Qazaq TV)"
    exact = Figure(label="regions affected", value=11, unit="regions", claimed_by="X")
    assert figure_text(exact) == "regions affected: 11 regions (per X)"


def test_time_text_in_another_language(mini):
    march = next(e for e in mini.events if e.id == "2022-01-04-march")
    assert time_text(march, translator("ru")) != "about 09:30"
    assert "09:30" in time_text(march, translator("ru"))


def test_source_kinds_have_labels_in_every_language():
    for lang in ("en", "ru", "kk"):
        labels = [source_kind_label(k, translator(lang)) for k in SOURCE_KINDS]
        assert len(set(labels)) == len(SOURCE_KINDS) and not set(labels) & set(SOURCE_KINDS)
        if lang != "en":
            assert labels != [source_kind_label(k) for k in SOURCE_KINDS]
