"""kzdash.document: the view as a cited chronology, in Markdown and in HTML."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from kzdash import docformat, document
from kzdash.filters import Filters, filter_claims, filter_events, filter_quotes
from kzdash.i18n import ENGLISH, translator
from kzdash.load import load_dataset
from kzdash.page import page_data
from kzdash.text import escape_commonmark

pytestmark = pytest.mark.unit

LINK = "https://kzdash.example/?regions=KZ-ALA&national=0"
ALMATY = Filters(regions=("KZ-ALA",), include_national=False)
HOSTILE = "<script>alert(1)</script> *x* [a](javascript:alert(1))"


@pytest.fixture(scope="module")
def ds():
    return load_dataset()


@pytest.fixture(scope="module")
def page(ds):
    return page_data(ds)


def in_view(page, f):
    """The ids the page shows for ``f``: events in time order, quotes, claims."""
    return (list(filter_events(page.events, f, page.synonyms)["id"]),
            list(filter_quotes(page.quotes, f, page.synonyms)["id"]),
            list(filter_claims(page.claims, f)["id"]))


def build(ds, page, f, tr=ENGLISH, link=LINK):
    return document.build(ds, page, *in_view(page, f), f, link, tr)


class Parsed(HTMLParser):
    """An HTML page's elements (tag and attributes, in order) and its text."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, tuple[tuple[str, str | None], ...]]] = []
        self.text: list[str] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, tuple(attrs)))

    def handle_data(self, data):
        self.text.append(data)

    @property
    def words(self) -> str:
        return "".join(self.text)

    def hrefs(self) -> list[str]:
        return [value for _, attrs in self.elements for name, value in attrs if name == "href"]


def cited(items):
    return {c.source for item in items for c in item.sources}


def test_a_filtered_view_holds_its_items_their_sources_and_nothing_else(ds, page):
    events, quotes, claims = in_view(page, ALMATY)
    assert 0 < len(events) < len(ds.events) and 0 < len(quotes) < len(ds.quotes)
    doc = build(ds, page, ALMATY)
    markdown, text = doc.to_markdown(), Parsed(doc.to_html()).words
    shown = [e for e in ds.events if e.id in set(events)]
    hidden = [e for e in ds.events if e.id not in set(events)]
    view_quotes = [q for q in ds.quotes if q.id in set(quotes)]
    view_claims = [c for c in ds.claims if c.id in set(claims)]
    sources = cited(shown) | cited(view_quotes) | cited(view_claims)
    for e in shown:
        assert e.title in text and escape_commonmark(e.title) in markdown
    for q in view_quotes:
        assert q.text in text and escape_commonmark(q.text) in markdown
    for s in (page.sources[i] for i in sources):
        assert s.title in text and escape_commonmark(s.title) in markdown
        assert s.url is None or (s.url in text and f"<{s.url}>" in markdown)
    assert len(doc.footnotes) == len(sources)
    # nothing from outside the view: no other event, quote or source
    assert hidden and not [e.title for e in hidden if e.title in text]
    assert not [e.title for e in hidden if escape_commonmark(e.title) in markdown]
    words = [item.text for section in doc.sections for group in section.groups
             for event in group.items for item in (event, *event.items)
             if item.kind == "quote"]
    assert sorted(words) == sorted(f"“{q.text}”" if q.kind == "direct"
                                   else f"Paraphrase: {q.text}" for q in view_quotes)
    other_quotes = [q.text for q in ds.quotes if q.id not in set(quotes) and len(q.text) > 40]
    assert other_quotes and not [t for t in other_quotes if t in text]
    others = [s for s in ds.sources if s.id not in sources]
    assert others and not [s.url for s in others if s.url and s.url in text + markdown]
    assert not [s.title for s in others if s.title in text]


def test_the_events_come_day_by_day_in_the_order_of_the_page(ds, page):
    events, _, _ = in_view(page, ALMATY)
    markdown = build(ds, page, ALMATY).to_markdown()
    places = [markdown.index(escape_commonmark(page.events_by_id[i].title)) for i in events]
    assert places == sorted(places)
    days = re.findall(r"^### (.+)$", markdown.split("## Figures")[0], re.MULTILINE)
    assert days == [escape_commonmark(ENGLISH.date(d))
                    for d in dict.fromkeys(page.events_by_id[i].date for i in events)]


def test_every_footnote_reference_has_its_footnote_in_order_of_first_citation(ds, page):
    markdown = build(ds, page, ALMATY).to_markdown()
    definitions = [int(n) for n in re.findall(r"^\[\^(\d+)\]: ", markdown, re.MULTILINE)]
    body = re.sub(r"^\[\^\d+\]: ", "", markdown, flags=re.MULTILINE)
    references = [int(n) for n in re.findall(r"(?<!\\)\[\^(\d+)\]", body)]
    assert definitions == list(range(1, len(definitions) + 1))
    assert set(references) == set(definitions)
    assert list(dict.fromkeys(references)) == definitions  # numbered as first cited

    parsed = Parsed(build(ds, page, ALMATY).to_html())
    ids = [value for _, attrs in parsed.elements for name, value in attrs if name == "id"]
    targets = {h.removeprefix("#") for h in parsed.hrefs() if h.startswith("#")}
    assert targets == set(ids) == {f"source-{n}" for n in definitions}


def test_claims_are_listed_with_their_claimant_date_status_and_sources(ds, page):
    f = Filters(sources=(ds.claims[0].sources[0].source,))
    _, _, claims = in_view(page, f)
    doc = build(ds, page, f)
    text = Parsed(doc.to_html()).words
    for c in (page.claims_by_id[i] for i in claims):
        row = page.claim_rows.loc[c.id]
        assert row["value_text"] in text and c.claimed_by in text
        assert row["reported_text"] in text and row["status_text"] in text
    figures = next(s for s in doc.sections if s.heading == "Figures")
    assert sum(len(g.items) for g in figures.groups) == len(claims)
    assert all(item.notes for g in figures.groups for item in g.items)


def test_quotes_whose_event_is_out_of_view_have_a_section_of_their_own(ds, page):
    q = ds.quotes[0]
    event = page.events_by_id[q.event]
    doc = document.build(ds, page, [], [q.id], [], Filters(), LINK, ENGLISH)
    assert [s.heading for s in doc.sections] == [
        "Chronology", "Quotes whose event is not in this view"]
    text = Parsed(doc.to_html()).words
    assert q.text in text and "No events match these filters" in text
    assert event.title not in text  # the event is out of view
    assert [n.number for n in doc.footnotes] == list(range(1, len(cited([q])) + 1))


def test_the_filters_in_words(ds, page):
    days = f"Dates: {ENGLISH.date(page.first_day)} – {ENGLISH.date(page.last_day)}"
    assert document.describe_filters(Filters(), page, ENGLISH) == [
        days, "Regions: all", "Categories: all", "Sources: all", "Kinds of source: all",
        "Speakers: all", "Search: all"]
    speaker = page.speakers[0]
    narrow = Filters(start=page.first_day, end=page.first_day, regions=("KZ-ALA", "KZ-MAN"),
                     categories=("protest",), sources=(ds.sources[0].id,),
                     kinds=("state-media",), speakers=(speaker,), q="  airport ")
    assert document.describe_filters(narrow, page, ENGLISH) == [
        f"Dates: {ENGLISH.date(page.first_day)} – {ENGLISH.date(page.first_day)}",
        f"Regions: {page.regions['KZ-ALA']}; {page.regions['KZ-MAN']}",
        "National and international events are included",
        "Categories: Protest", f"Sources: {page.source_names[ds.sources[0].id]}",
        "Kinds of source: State media", f"Speakers: {speaker}",
        "Search: “airport”"]
    assert "National and international events are left out" in document.describe_filters(
        ALMATY, page, ENGLISH)


def hostile(ds):
    """The dataset with hostile text in an event, a quote and a source, and
    an address that is not a web address."""
    quote = ds.quotes[0]
    event = next(e for e in ds.events if e.id == quote.event)
    source = next(s for s in ds.sources if s.id == event.sources[0].source)
    return ds.model_copy(update={
        "events": tuple(e.model_copy(update={"title": HOSTILE, "summary": "1. # - " + HOSTILE,
                                             "translations": {}})
                        if e is event else e for e in ds.events),
        "quotes": tuple(q.model_copy(update={"text": HOSTILE, "speaker": HOSTILE})
                        if q is quote else q for q in ds.quotes),
        "sources": tuple(s.model_copy(update={"title": HOSTILE, "publisher": HOSTILE,
                                              "url": "javascript:alert(1)"})
                         if s is source else s for s in ds.sources),
    })


def benign(text: str) -> str:
    return text.replace(HOSTILE, "plain words").replace("1. # - ", "")


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_hostile_text_stays_text_in_html(ds, lang):
    tr = translator(lang)
    bad = hostile(ds)
    f = Filters()
    doc = document.build(bad, page_data(bad, tr), *in_view(page_data(bad, tr), f), f,
                         "javascript:alert(1)", tr)
    parsed = Parsed(doc.to_html())
    assert HOSTILE in parsed.words and "javascript:alert(1)" in parsed.words
    # the same elements as the document of harmless text: none came from the data
    plain = ds.model_copy(update={
        "events": tuple(e.model_copy(update={"title": benign(e.title),
                                             "summary": benign(e.summary)})
                        for e in bad.events),
        "quotes": tuple(q.model_copy(update={"text": benign(q.text),
                                             "speaker": benign(q.speaker)})
                        for q in bad.quotes),
        "sources": tuple(s.model_copy(update={"title": benign(s.title),
                                              "publisher": benign(s.publisher)})
                         for s in bad.sources),
    })
    twin = document.build(plain, page_data(plain, tr), *in_view(page_data(plain, tr), f), f,
                          "javascript:alert(1)", tr)
    assert parsed.elements == Parsed(twin.to_html()).elements
    assert "script" not in {tag for tag, _ in parsed.elements}
    assert all(h.startswith(("#", "https://", "http://")) for h in parsed.hrefs())


def test_hostile_text_stays_text_in_markdown(ds):
    bad = hostile(ds)
    page = page_data(bad)
    markdown = document.build(bad, page, *in_view(page, Filters()), Filters(q=HOSTILE),
                              "javascript:alert(1)", ENGLISH).to_markdown()
    assert escape_commonmark(HOSTILE) in markdown
    assert "\n" + escape_commonmark("1. # - " + HOSTILE) + "\n" in markdown
    # read as a CommonMark reader reads it: no HTML, no emphasis, no link
    # but to a web address
    from markdown_it import MarkdownIt
    tokens = MarkdownIt("commonmark").enable(["table", "strikethrough"]).parse(markdown)
    inline = [c for t in tokens for c in (t.children or [])]
    kinds = {t.type for t in tokens} | {c.type for c in inline}
    assert not kinds & {"html_block", "html_inline", "em_open", "strong_open", "image",
                        "s_open", "code_inline", "table_open"}
    assert all(c.attrs["href"].startswith(("http://", "https://", "#"))
               for c in inline if c.type == "link_open")


def test_only_web_addresses_are_links():
    assert docformat.linkable("https://example.org/a?b=c") and docformat.linkable("http://x.kz")
    for address in ("javascript:alert(1)", "data:text/html,x", "//example.org",
                    "https://x.org/\"onclick=", "https://x.org/<b>", "", None):
        assert not docformat.linkable(address)


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_the_document_is_in_the_readers_language(ds, lang):
    tr = translator(lang)
    page = page_data(ds, tr)
    doc = build(ds, page, ALMATY, tr)
    markdown, page_html = doc.to_markdown(), doc.to_html()
    assert doc.sections[0].heading == tr.gettext("Chronology") != "Chronology"
    first = page.events_by_id[in_view(page, ALMATY)[0][0]]
    assert doc.sections[0].groups[0].heading == tr.date(first.date)
    assert escape_commonmark(tr.date(first.date)) in markdown
    assert page.event_rows.loc[first.id, "title"] in Parsed(page_html).words
    assert f'<html lang="{lang}">' in page_html
    assert document.describe_filters(ALMATY, page, tr)[1] == (
        f"{tr.gettext('Regions')}: {page.regions['KZ-ALA']}")


def test_the_same_view_writes_the_same_bytes(ds, page):
    one, two = build(ds, page, ALMATY), build(ds, page, ALMATY)
    assert one.to_markdown() == two.to_markdown() and one.to_html() == two.to_html()


def test_the_html_is_one_printable_file(ds, page):
    page_html = build(ds, page, ALMATY).to_html()
    parsed = Parsed(page_html)
    tags = {tag for tag, _ in parsed.elements}
    assert not tags & {"script", "img", "link", "iframe", "object", "embed"}
    assert "@media print" in page_html and "default-src 'none'" in page_html
    assert not [v for _, attrs in parsed.elements for name, v in attrs if name == "src"]


def test_the_mini_dataset_writes_a_document(mini):
    page = page_data(mini)
    doc = document.build(mini, page, list(page.events["id"]), list(page.quotes["id"]),
                         list(page.claims["id"]), Filters(), LINK, ENGLISH)
    markdown = doc.to_markdown()
    assert escape_commonmark("about 09:30 · March in the capital") in markdown
    # not the source's own day: the date with its precision
    assert escape_commonmark("Date: 6 January 2022 (inferred)") in markdown
    assert escape_commonmark("Figure · regions affected: 11 regions (per Test Agency)") in markdown
    assert "\nMini test dataset\n" in markdown  # the dataset's own name
    assert escape_commonmark("Dataset version: 2026-12-01.") in markdown
