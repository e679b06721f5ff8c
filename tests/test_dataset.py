"""The embedded dataset against its source: coverage, sourcing, neutrality."""

from __future__ import annotations

import collections
import datetime as dt
import re
from pathlib import Path
from urllib.parse import urlparse

import pytest

from kzdash.load import DATA_DIR, load_dataset

DS = load_dataset()
ARCHIVE = (DATA_DIR / "archive" / "qazaqtv-chronology.txt").read_text(encoding="utf-8")
SHARED = Path(__file__).resolve().parents[2] / "shared" / "sources" / \
    "chronology-kazakhstan-2022.txt"
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


def test_every_item_cites_a_known_source_with_an_excerpt_from_its_copy_or_a_note():
    for item in (*DS.events, *DS.quotes, *DS.claims):
        assert item.sources, item.id
        for cite in item.sources:
            assert cite.source in SOURCES, (item.id, cite.source)
            if cite.excerpt is not None:
                assert SOURCES[cite.source].archive, (item.id, cite.source)
                assert norm(cite.excerpt) in archived(cite.source), (item.id, cite.excerpt)
            else:
                assert len(cite.note) > 10, (item.id, cite.note)


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
    attributions = ("describes", "calls", "says", " say ", "tells", "announce", "according to",
                    "qazaq tv", "'")
    for event in DS.events:
        title = event.title.lower()
        for word in CHARACTERISATIONS:
            if word in title:
                assert any(a in title for a in attributions), event.title


def test_undated_sources_say_why():
    for source in DS.sources:
        if source.published is None:
            assert source.published_note, source.id


def test_every_day_from_1_to_19_january_has_an_event():
    days = {e.date for e in DS.events}
    for day in range(1, 20):
        assert dt.date(2022, 1, day) in days, f"no event on {day} January"


# --- Issue 17: every item on a real, dated article ------------------------------------------


def own_address(source_id: str) -> bool:
    """The article's own address: a page, not a site's home."""
    url = SOURCES[source_id].url or ""
    return bool(urlparse(url).path.strip("/"))


def cites_an_article(item) -> bool:
    return any(own_address(c.source) for c in item.sources)


def test_every_event_and_quote_cites_an_article_at_its_own_address():
    assert [e.id for e in DS.events if not cites_an_article(e)] == []
    assert [q.id for q in DS.quotes if not cites_an_article(q)] == []


def test_nine_in_ten_claims_cite_an_article_at_its_own_address():
    cited = [c for c in DS.claims if cites_an_article(c)]
    assert len(cited) >= 0.9 * len(DS.claims), [c.id for c in DS.claims if c not in cited]


def test_no_item_rests_on_the_projects_notes():
    assert "kzdash-reference-notes" not in SOURCES
    assert not (DATA_DIR / "archive" / "reference-facts-2022-01.md").exists()
    archived = {s.id for s in DS.sources if s.archive}
    assert archived == {"qazaqtv-chronology"}  # the one archived copy
    for item in (*DS.events, *DS.quotes, *DS.claims):
        for cite in item.sources:
            assert (cite.excerpt is None) == (cite.source not in archived), (item.id, cite)


def test_the_version_and_the_corrections():
    assert DS.version == dt.date(2026, 12, 1)
    present = {"event": set(EVENTS), "quote": {q.id for q in DS.quotes},
               "claim": {c.id for c in DS.claims}, "source": set(SOURCES)}
    removed = [c for c in DS.corrections if c.change == "removed"]
    assert removed and all(c.target not in present[c.kind] for c in removed)
    # the one removed event, and the notes-only sources nothing cites any more
    assert "event:2022-01-04-unrest-south-and-west" in {c.item for c in removed}
    assert "source:kzdash-reference-notes" in {c.item for c in removed}
    assert {c.date for c in DS.corrections} == {dt.date(2026, 12, 1)}


def test_events_are_timed_only_with_a_note_saying_who_gives_the_time():
    timed = [e for e in DS.events if e.time]
    assert len(timed) >= 10
    for event in timed:
        assert event.time_note, event.id


def test_figures_attributed_to_the_office_not_the_outlet():
    """The 3,811 detained of 7 January is the Interior Ministry's figure, which TASS relayed."""
    (claim,) = [c for c in DS.claims if c.metric == "detained" and c.value == 3811]
    assert "Internal Affairs" in claim.claimed_by or "Interior" in claim.claimed_by
    assert all(SOURCES[c.source].url != "https://tass.com/world/1383901" for c in claim.sources)


def test_the_withdrawal_is_told_to_its_end_on_19_january():
    last = [e for e in DS.events if e.date == dt.date(2022, 1, 19)]
    assert any("CSTO" in e.title for e in last)
    assert any("state of emergency" in e.title.lower() for e in last)


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
    """Qazaq TV, TASS, Interfax and AFP put the request on 5 January; Akorda's page and The
    Astana Times on 6 January. Both accounts stay, linked."""
    fifth = EVENTS["2022-01-05-tokayev-requests-csto-assistance"]
    assert fifth.date == dt.date(2022, 1, 5)
    assert "qazaqtv-chronology" in {c.source for c in fifth.sources}
    sixth = EVENTS["2022-01-06-security-council-meeting-csto-request"]
    assert sixth.date == dt.date(2022, 1, 6)
    publishers = {SOURCES[c.source].publisher for c in sixth.sources}
    assert "The Astana Times" in publishers and any("Akorda" in p for p in publishers)
    assert sixth.id in fifth.related and fifth.id in sixth.related


def test_related_accounts_link_both_ways():
    for event in DS.events:
        for other in event.related:
            assert event.id in EVENTS[other].related, (event.id, other)


def test_the_eleven_regions_stay_unnamed_in_the_claims():
    claims = [c for c in DS.claims if c.metric == "regions-affected"]
    assert claims and {c.value for c in claims} == {11}
    names = {r.name.lower() for r in DS.regions} | {a.lower() for r in DS.regions
                                                   for a in r.aliases}
    for claim in claims:
        assert claim.region is None and claim.subject is None, claim.id
        text = " ".join(filter(None, [claim.note, claim.date_note])).lower()
        assert not [n for n in names if n in text], claim.id


# --- Names and titles in Russian and Kazakh -------------------------------------------------

LANGS = ("ru", "kk")
REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference" / "regions-2022.md"
KAZAKH_LETTERS = set("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
NAMES = {n.name: n for n in DS.names}


def reference_text() -> str:
    if not REFERENCE.exists():  # beside the repository in development and CI
        pytest.skip("../shared/reference/regions-2022.md not present")
    return REFERENCE.read_text(encoding="utf-8")


def reference_region_names() -> dict[str, dict[str, str]]:
    """The table "Names in Russian and Kazakh": region id -> {ru, kk}."""
    section = reference_text().split("## Names in Russian and Kazakh", 1)[1]
    rows = re.findall(r"^\|\s*(KZ-[A-Z0-9]+)\s*\|([^|]+)\|([^|]+)\|\s*$", section, re.M)
    return {rid: {"ru": ru.strip(), "kk": kk.strip()} for rid, ru, kk in rows}


def reference_other_names() -> dict[str, dict[str, str]]:
    """The "Places:" and "People:" lines under the table: each English name (both
    spellings of "Oral (Uralsk)") -> {ru, kk}."""
    section = reference_text().split("## Names in Russian and Kazakh", 1)[1]
    out: dict[str, dict[str, str]] = {}
    for line in re.findall(r"^(?:Places|People): (.+)$", section, re.M):
        for item in line.rstrip(".").split(";"):
            english, forms = item.split(" — ")
            ru, kk = (f.strip() for f in forms.split(" / "))
            for spelling in re.findall(r"[^()]+", english):
                out[spelling.strip()] = {"ru": ru, "kk": kk}
    return out


def used_names() -> set[str]:
    """Every place, actor, speaker, role and affiliation string of the data."""
    used = {s for e in DS.events for s in (*e.places, *e.actors)}
    return used | {s for q in DS.quotes for s in (q.speaker, q.role, q.affiliation)}


def numbers(text: str) -> collections.Counter[str]:
    """The digit sequences of a text, thousands separators (2,030 / 2 030) joined."""
    joined = re.sub(r"(?<=\d)[,\u00a0\u202f ](?=\d{3}(?!\d))", "", text)
    return collections.Counter(re.findall(r"\d+", joined))


def test_every_event_has_russian_and_kazakh_translations():
    for event in DS.events:
        for lang in LANGS:
            tr = event.translations.get(lang)
            assert tr is not None, (event.id, lang)
            assert tr.title.strip() and tr.summary.strip() and tr.by.strip(), (event.id, lang)
            assert tr.title != event.title and tr.summary != event.summary, (event.id, lang)


def test_translations_are_in_their_language():
    """Kazakh uses letters Russian lacks; a Russian text with them is likely Kazakh."""
    for event in DS.events:
        ru, kk = event.translations["ru"], event.translations["kk"]
        assert KAZAKH_LETTERS & set(kk.summary), (event.id, "kk")
        assert not KAZAKH_LETTERS & set(ru.title + ru.summary), (event.id, "ru")


@pytest.mark.parametrize("lang", LANGS)
def test_translated_summaries_keep_every_number(lang):
    changed = [(e.id, dict(numbers(e.summary)), dict(numbers(e.translations[lang].summary)))
               for e in DS.events
               if numbers(e.summary) != numbers(e.translations[lang].summary)]
    assert not changed, changed


def test_quotes_are_translated_only_out_of_their_own_script():
    """A back-translation of an English rendering could pass for the speaker's own words: a
    quote the outlet printed in Russian may carry an English translation, and an English one
    is never given a Russian or Kazakh one."""
    cyrillic = re.compile("[А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]")
    for quote in DS.quotes:
        for lang, translation in quote.translations.items():
            assert lang == "en" and cyrillic.search(quote.text), quote.id
            assert not cyrillic.search(translation.text), quote.id
            assert translation.by and not translation.reviewed, quote.id


def test_region_names_match_the_reference_table():
    table = reference_region_names()
    assert len(table) == 17
    for region in DS.regions:
        assert region.names == table[region.id], region.id


def test_names_the_reference_gives_match_it():
    reference = reference_other_names()
    assert "Zhanaozen" in reference and "Kassym-Jomart Tokayev" in reference
    for name, forms in reference.items():
        if name in NAMES:
            assert NAMES[name].names == forms, name


def test_region_names_in_names_yaml_match_regions_yaml():
    regions = {r.name: r.names for r in DS.regions}
    for name, entry in NAMES.items():
        if name in regions:
            assert entry.names == regions[name], name


def test_every_name_the_data_uses_has_an_entry():
    missing = sorted(used_names() - set(NAMES))
    assert not missing, missing


def test_names_yaml_has_no_duplicate_and_no_unused_entry():
    listed = [n.name for n in DS.names]
    assert len(listed) == len(set(listed)), [n for n in listed if listed.count(n) > 1]
    unused = sorted(set(listed) - used_names())
    assert not unused, unused


def test_name_aliases_do_not_repeat_the_name_or_its_forms():
    for entry in DS.names:
        assert not set(entry.aliases) & {entry.name, *entry.names.values()}, entry.name


def test_names_share_a_spelling_with_a_region_only_when_they_are_that_region():
    """Search treats every spelling of an entry as one thing: a city must not take
    its region's spellings (Aktobe and Aktobe Region stay apart)."""
    for region in DS.regions:
        spellings = {s.casefold() for s in (region.name, *region.names.values(), *region.aliases)}
        for entry in DS.names:
            mine = {s.casefold() for s in (entry.name, *entry.names.values(), *entry.aliases)}
            if spellings & mine:
                assert entry.names == region.names, (entry.name, region.id, spellings & mine)
