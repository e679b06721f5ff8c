"""The embedded dataset against its source: coverage, sourcing, neutrality."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kzdash.load import DATA_DIR, load_dataset

DS = load_dataset()
ARCHIVE = (DATA_DIR / "archive" / "qazaqtv-chronology.txt").read_text(encoding="utf-8")
SHARED = Path(__file__).resolve().parents[2] / "shared" / "sources" / \
    "chronology-kazakhstan-2022.txt"


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


def test_every_item_cites_a_known_source_with_an_excerpt_from_it():
    sources = {s.id for s in DS.sources}
    for item in (*DS.events, *DS.quotes):
        assert item.sources, item.id
        for cite in item.sources:
            assert cite.source in sources
            assert norm(cite.excerpt) in norm(ARCHIVE), (item.id, cite.excerpt)


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
