"""Quote cards: the words, then who, role, date, event and sources."""

from __future__ import annotations

import pytest

from kzdash.cards import quote_card
from kzdash.i18n import translator


def row(mini_quotes, **changes):
    return mini_quotes.iloc[0].copy().rename(None).to_frame().T.assign(**changes).iloc[0]


def card(mini_quotes, tr=None, **changes):
    return quote_card(next(row(mini_quotes, **changes).to_frame().T.itertuples()),
                      tr or translator("en"))


def test_direct_words_are_in_quotation_marks_and_a_paraphrase_is_not(mini_quotes):
    direct = card(mini_quotes, kind="direct", text="We will restore order")
    assert direct.words == "“We will restore order”"
    told = card(mini_quotes, kind="paraphrase", text="He promised to restore order")
    assert told.words == "Paraphrase: He promised to restore order"
    assert "“" not in told.words and "”" not in told.words


@pytest.mark.parametrize(("speaker", "role", "affiliation", "who"), [
    ("Kassym-Jomart Tokayev", "President of Kazakhstan", "Kazakhstan",
     "Kassym-Jomart Tokayev, President of Kazakhstan"),
    ("Kassym-Jomart Tokayev", "President", "Kazakhstan",
     "Kassym-Jomart Tokayev, President (Kazakhstan)"),
    # a speaker known only by a role: the role is not said twice
    ("Defence Minister of Russia", "Defence Minister of Russia", "Russia",
     "Defence Minister of Russia"),
    ("Defence Minister of Russia", "Defence Minister of Russia (unnamed)", "Russia",
     "Defence Minister of Russia (unnamed)"),
    ("Stanislav Zas", "Secretary General", "CSTO", "Stanislav Zas, Secretary General (CSTO)"),
])
def test_who_says_each_thing_once(mini_quotes, speaker, role, affiliation, who):
    details = card(mini_quotes, speaker_name=speaker, role=role, affiliation=affiliation).details
    assert details.splitlines()[0] == f"Who: {who}"


def test_a_card_reads_in_order_with_labelled_lines(mini_quotes):
    details = card(mini_quotes, note="A note.", date_note="A date note.").details
    labels = [line.split(":")[0] for line in details.splitlines() if ":" in line]
    order = ["Who", "Date", "Date note", "Event", "Note", "Sources (1)"]
    assert [x for x in labels if x in order] == order


def test_english_notes_are_marked_on_a_russian_card(mini_quotes):
    details = card(mini_quotes, translator("ru"), note="A note.").details
    assert "A note. [оригинал на английском]" in details
    assert details.startswith("Кто: ")


def test_citations_in_another_language_are_marked_as_originals(mini_quotes):
    quote = next(mini_quotes.itertuples())
    details = quote_card(quote, translator("ru"), {s: "en" for s in quote.sources}).details
    cited = details.split("\n")[-len(quote.sources):]
    assert all(line.endswith("[оригинал на английском]") for line in cited)
    same = quote_card(quote, translator("ru"), {s: "ru" for s in quote.sources}).details
    assert "оригинал" not in same.split("\n")[-1]


def test_a_card_reads_as_one_text_its_parts_apart(mini_quotes):
    plain = card(mini_quotes)
    assert plain.text == f"{plain.words}\n\n{plain.details}"
    translated = card(mini_quotes, translation="Мы наведём порядок", translated_by="kzdash project")
    assert translated.text.split("\n\n")[:2] == [translated.words, translated.translation]
    assert translated.text.endswith(translated.details)
