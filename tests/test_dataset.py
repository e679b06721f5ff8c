"""The embedded dataset against its source: coverage, sourcing, neutrality."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from kzdash.load import DATA_DIR, load_dataset

DS = load_dataset()
ARCHIVE = (DATA_DIR / "archive" / "qazaqtv-chronology.txt").read_text(encoding="utf-8")
SHARED = Path(__file__).resolve().parents[2] / "shared" / "sources" / \
    "chronology-kazakhstan-2022.txt"
NOTES = DATA_DIR / "archive" / "reference-facts-2022-01.md"
SHARED_NOTES = Path(__file__).resolve().parents[2] / "shared" / "reference" / "facts-2022-01.md"
SOURCES = {s.id: s for s in DS.sources}
EVENTS = {e.id: e for e in DS.events}


def norm(text: str) -> str:
    return " ".join(text.split()).strip(" ,.")


def article_quotes() -> list[str]:
    """Every passage the article puts in quotation marks: the text before each
    closing ” that is followed by 'said' or 'added' (one quote lacks its
    opening “, so the passage runs from the start of its paragraph)."""
    found = []
    for paragraph in ARCHIVE.split("\n"):
        for match in re.finditer(r"(?:“|^)\s*([^“”]+?)”\s*(?:,\s*)?(?:said|added)", paragraph):
            found.append(norm(match.group(1)))
    return found


def test_the_archive_is_the_article():
    if SHARED.exists():  # beside the repository in development and CI
        body = SHARED.read_text(encoding="utf-8").split("-" * 64 + "\n", 1)[1]
        assert norm(body) == norm(ARCHIVE)
    assert ARCHIVE.startswith("From protests to terrorist attacks.")


def test_every_quote_of_the_article_is_in_the_dataset_verbatim():
    quotes = article_quotes()
    assert len(quotes) == 7  # the seven passages in quotation marks
    direct = {norm(q.text) for q in DS.quotes if q.kind == "direct"}
    for passage in quotes:
        assert passage in direct, f"missing quote: {passage[:60]}…"


@pytest.mark.parametrize(
    "paraphrase",
    [
        "The main goal is to stop the terrorists",
        "among the extremists there are many professional militants trained in special camps",
        "When it comes to the life and safety of Kazakh people, there simply cannot be any "
        "other way out",
    ],
)
def test_paraphrased_statements_are_paraphrase_quotes(paraphrase):
    kinds = {q.kind for q in DS.quotes if paraphrase in q.text}
    assert kinds == {"paraphrase"}


def archived(source_id: str) -> str:
    """The whitespace-normalised archived text of a source ('' if it has none)."""
    source = SOURCES[source_id]
    if source.archive is None:
        return ""
    return norm((DATA_DIR / source.archive).read_text(encoding="utf-8"))


def test_every_item_cites_a_known_source_with_an_excerpt_from_it():
    for item in (*DS.events, *DS.quotes, *DS.claims):
        assert item.sources, item.id
        for cite in item.sources:
            assert cite.source in SOURCES, (item.id, cite.source)
            assert SOURCES[cite.source].archive, (item.id, cite.source)
            assert norm(cite.excerpt) in archived(cite.source), (item.id, cite.excerpt)


def test_every_date_the_article_gives_is_covered():
    days = {e.date.day for e in DS.events}
    for day in re.findall(r"January (\d+)", ARCHIVE):
        assert int(day) in days, f"no event on {day} January"


def test_undated_items_say_why():
    for item in (*DS.events, *DS.quotes):
        if item.date_precision != "day":
            assert item.date_note and len(item.date_note) > 20, item.id


def test_seventeen_units_of_january_2022():
    ids = {r.id for r in DS.regions}
    assert len(ids) == 17
    assert {"KZ-ALA", "KZ-AST", "KZ-SHY", "KZ-MAN", "KZ-YUZ"} <= ids
    assert sum(r.kind == "city" for r in DS.regions) == 3


def test_the_eleven_regions_stay_an_unnamed_figure():
    (event,) = [e for e in DS.events if any(f.value == 11 for f in e.figures)]
    assert event.regions == []


CHARACTERISATIONS = ["terrorist", "terrorism", "criminal gang", "militant", "extremist",
                     "peacekeeping", "aggression"]


def test_titles_do_not_state_characterisations_as_fact():
    """A title may name a characterisation only with whoever made it."""
    attributions = ("describes", "calls", "says", "according to", "qazaq tv", "'")
    for event in DS.events:
        title = event.title.lower()
        for word in CHARACTERISATIONS:
            if word in title:
                assert any(a in title for a in attributions), event.title


# --- The reference notes: outlets known only from the project's notes -------------------------


def test_the_notes_archive_is_a_copy_of_the_reference_notes():
    if SHARED_NOTES.exists():  # beside the repository in development and CI
        assert NOTES.read_bytes() == SHARED_NOTES.read_bytes()
    assert NOTES.read_text(encoding="utf-8").startswith("# Sourced facts beyond the Qazaq TV")


def test_sources_known_from_the_notes_say_so():
    for source in DS.sources:
        if source.archive_kind == "notes":
            assert source.archive == "archive/reference-facts-2022-01.md", source.id
            assert "not available" in (source.notes or ""), source.id
        if source.published is None:
            assert source.published_note, source.id


def test_every_day_from_1_to_13_january_has_an_event():
    days = {e.date for e in DS.events}
    for day in range(1, 14):
        assert dt.date(2022, 1, day) in days, f"no event on {day} January"


def test_events_cite_at_least_three_publishers():
    publishers = {SOURCES[c.source].publisher for e in DS.events for c in e.sources}
    assert len(publishers) >= 3, publishers


@pytest.mark.parametrize("metric", ["deaths", "detained"])
def test_changing_figures_have_more_than_one_claimant(metric):
    claimants = {c.claimed_by for c in DS.claims if c.metric == metric}
    assert len(claimants) >= 2, (metric, claimants)


def test_the_164_death_toll_is_recorded_as_retracted():
    (claim,) = [c for c in DS.claims if c.metric == "deaths" and c.value == 164]
    assert claim.status == "retracted"
    assert "technical error" in (claim.note or "")


def test_the_csto_request_accounts_are_both_kept_and_linked():
    qazaq = EVENTS["2022-01-05-tokayev-requests-csto-assistance"]
    assert qazaq.date == dt.date(2022, 1, 5)
    assert {c.source for c in qazaq.sources} == {"qazaqtv-chronology"}
    (astana,) = [e for e in DS.events
                 if any(SOURCES[c.source].publisher == "The Astana Times" for c in e.sources)
                 and "Security Council meeting" in e.summary]
    assert astana.date == dt.date(2022, 1, 6)
    assert astana.id in qazaq.related and qazaq.id in astana.related


def test_related_accounts_link_both_ways():
    for event in DS.events:
        for other in event.related:
            assert event.id in EVENTS[other].related, (event.id, other)


def test_the_eleven_regions_stay_unnamed_in_the_claims():
    claims = [c for c in DS.claims if c.metric == "regions-affected"]
    assert [c.value for c in claims] == [11]
    names = {r.name.lower() for r in DS.regions} | {a.lower() for r in DS.regions
                                                   for a in r.aliases}
    for claim in claims:
        assert claim.region is None and claim.subject is None, claim.id
        text = " ".join(filter(None, [claim.note, claim.date_note])).lower()
        assert not [n for n in names if n in text], claim.id
