"""The text chronology and story mode's steps (kzdash.story)."""

from __future__ import annotations

import pytest

from kzdash import story
from kzdash.i18n import translator
from kzdash.load import load_dataset
from kzdash.page import page_data


@pytest.fixture(scope="module")
def page():
    return page_data(load_dataset())


IDS = ["a", "b", "c", "d", "e"]


@pytest.mark.parametrize(("current", "expected"), [
    ("a", story.Position(0, 5, None, "b")),
    ("c", story.Position(2, 5, "b", "d")),
    ("e", story.Position(4, 5, "d", None)),
    ("z", None),  # not in view
    (None, None),
])
def test_position_gives_the_neighbours_in_view(current, expected):
    assert story.position(IDS, current) == expected


def test_stepping_next_walks_every_event_once_in_order():
    seen, at = [], "a"
    while at is not None:
        seen.append(at)
        at = story.position(IDS, at).next
    assert seen == IDS


@pytest.mark.parametrize(("n", "pages"), [(0, 1), (1, 1), (20, 1), (21, 2), (100, 5), (101, 6)])
def test_page_count(n, pages):
    assert story.page_count(n, per_page=20) == pages


@pytest.mark.parametrize(("page", "n", "expected"), [(3, 45, 2), (-1, 45, 0), (1, 45, 1),
                                                     (5, 0, 0)])
def test_a_narrower_view_keeps_the_page_in_range(page, n, expected):
    assert story.clamp_page(page, n, per_page=20) == expected


def test_page_of_an_event():
    ids = [f"e{i}" for i in range(45)]
    assert story.page_of(ids, "e0", per_page=20) == 0
    assert story.page_of(ids, "e20", per_page=20) == 1
    assert story.page_of(ids, "e44", per_page=20) == 2
    assert story.page_of(ids, "gone", per_page=20) is None


@pytest.mark.parametrize(("text", "expected"), [
    ("One sentence only.", "One sentence only."),
    ("First one. Second one.", "First one. …"),
    ("Officials said 1.5 million. Then more.", "Officials said 1.5 million. …"),
    ("Токаев выступил. Затем другое.", "Токаев выступил. …"),
])
def test_one_line_is_the_first_sentence_and_says_when_there_is_more(text, expected):
    assert story.one_line(text) == expected


def test_one_line_cuts_a_long_sentence_at_a_word():
    text = " ".join(["word"] * 100) + "."
    line = story.one_line(text, limit=50)
    assert line.endswith("…") and len(line) <= 51
    assert line[:-1].split() == ["word"] * len(line[:-1].split())


def test_days_hold_every_event_of_the_page_once_under_its_day(page):
    rows = page.events.iloc[10:40]
    days = story.days(rows, page)
    assert [e.id for d in days for e in d.entries] == list(rows["id"])
    assert [d.label for d in days] == list(dict.fromkeys(translator().date(x)
                                                         for x in rows["date"]))


def test_an_entry_links_each_source_of_its_event(page):
    event = next(e for e in page.events_by_id.values() if len(e.sources) > 1)
    (day,) = story.days(page.events[page.events["id"] == event.id], page)
    (entry,) = day.entries
    for cite in event.sources:
        source = page.sources[cite.source]
        if source.url:
            assert f"]({source.url.replace('(', '%28').replace(')', '%29')})" in entry.line


def test_an_entry_shows_its_event_quotes_inline(page):
    quoted = page.quotes["event"].iloc[0]
    (day,) = story.days(page.events[page.events["id"] == quoted], page)
    speakers = set(page.quotes.loc[page.quotes["event"] == quoted, "speaker_name"])
    for name in speakers:
        assert any(line.startswith("> ") and story.escape_markdown(name) in line
                   for line in day.entries[0].line.split("\n\n"))


def test_entries_in_russian_use_russian_dates_and_texts():
    page = page_data(load_dataset(), translator("ru"))
    days = story.days(page.events.head(3), page, translator("ru"))
    assert "января" in days[0].label


def test_a_source_without_a_date_says_it_is_undated(page):
    undated = next(s for s in page.sources.values() if s.published is None and s.url)
    event = next(e for e in page.events_by_id.values()
                 if undated.id in {c.source for c in e.sources})
    (day,) = story.days(page.events[page.events["id"] == event.id], page)
    label = story.escape_markdown(f"{undated.publisher}, undated")
    assert f"[{label}](" in day.entries[0].line


def test_an_entry_is_made_once_per_language_and_the_kept_ones_stay_bounded(monkeypatch):
    page = page_data(load_dataset())
    rows = page.events.iloc[:20]
    first = [e for d in story.days(rows, page) for e in d.entries]
    again = [e for d in story.days(rows, page) for e in d.entries]
    assert all(a is b for a, b in zip(first, again, strict=True))  # kept, not made again
    russian = [e for d in story.days(rows, page, translator("ru")) for e in d.entries]
    assert [e.id for e in russian] == [e.id for e in first] and russian != first
    # paging through every event with room for 30: never more than 30 and a page
    monkeypatch.setattr(story, "KEEP_ENTRIES", 30)
    fresh = page_data(load_dataset())
    for start in range(0, len(fresh.events), 20):
        rows = fresh.events.iloc[start:start + 20]
        shown = story.days(rows, fresh)
        assert len(fresh.made) <= 30 + 20
        assert [e.id for d in shown for e in d.entries] == list(rows["id"])
    # what was kept reads the same as what is made anew
    assert story.days(rows, fresh) == story.days(rows, page_data(load_dataset()))


@pytest.mark.parametrize(("page", "n", "expected"), [
    (0, 45, story.Span(0, 0, 20, 3)),
    (2, 45, story.Span(2, 40, 45, 3)),
    (7, 45, story.Span(2, 40, 45, 3)),  # a narrower view: its last page
    (-1, 45, story.Span(0, 0, 20, 3)),
    (0, 0, story.Span(0, 0, 0, 1)),  # an empty view: one empty page
    (1, 12, story.Span(1, 10, 12, 2)),
])
def test_a_span_is_a_page_of_a_list_kept_within_its_pages(page, n, expected):
    per_page = 10 if n == 12 else 20
    assert story.span(page, n, per_page) == expected
