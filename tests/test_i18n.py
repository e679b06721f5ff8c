"""The interface's catalogs and formats: every message the code shows has a
translation in every catalog, and no catalog keeps a message the code dropped."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from kzdash import i18n

ROOT = Path(__file__).resolve().parent.parent
PLACEHOLDER = re.compile(r"\{[a-z_]*\}")
OTHER_LANGUAGES = [lang for lang in i18n.languages() if lang != i18n.SOURCE_LANGUAGE]


def code_messages() -> set[str]:
    """Every msgid the code marks, read the way ``make messages`` reads it."""
    method_map = [("dashboard.py", "python"), ("kzdash/**.py", "python")]
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map, keywords={"_": None, "gettext": None, "N_": None,
                                         "ngettext": (1, 2)}
    ):
        found.add(message if isinstance(message, str) else message[0])
    return found


def catalog(lang: str):
    with i18n.catalog_path(lang).open("rb") as f:
        return read_po(f, locale=i18n.BABEL_LOCALES[lang])


def test_russian_and_kazakh_catalogs_exist():
    assert {"ru", "kk"} <= set(OTHER_LANGUAGES)


def test_the_code_marks_its_messages():
    messages = code_messages()
    assert {"Timeline", "Reset filters", "Deaths", "Security operation",
            "Ignored unknown {name}: {values}."} <= messages
    assert len(messages) > 100


@pytest.mark.parametrize("lang", OTHER_LANGUAGES)
def test_every_message_is_translated(lang):
    entries = {m.id if isinstance(m.id, str) else m.id[0]: m for m in catalog(lang) if m.id}
    missing = sorted(code_messages() - set(entries))
    assert not missing, f"{lang}: no entry for {missing[:5]} (run `make messages`)"
    untranslated = sorted(
        key for key, m in entries.items()
        if m.fuzzy or not all(m.string if isinstance(m.string, tuple) else [m.string])
    )
    assert not untranslated, f"{lang}: empty or fuzzy: {untranslated[:5]}"


@pytest.mark.parametrize("lang", OTHER_LANGUAGES)
def test_no_catalog_keeps_a_message_the_code_dropped(lang):
    ids = {m.id if isinstance(m.id, str) else m.id[0] for m in catalog(lang) if m.id}
    stale = sorted(ids - code_messages())
    assert not stale, f"{lang}: messages no longer in the code: {stale[:5]}"


@pytest.mark.parametrize("lang", OTHER_LANGUAGES)
def test_translations_keep_every_placeholder(lang):
    wrong = []
    for m in catalog(lang):
        if not m.id:
            continue
        ids = [m.id] if isinstance(m.id, str) else list(m.id)
        strings = [m.string] if isinstance(m.string, str) else list(m.string)
        wanted = sorted(set(PLACEHOLDER.findall(ids[-1])))
        wrong += [(ids[0], s) for s in strings if sorted(set(PLACEHOLDER.findall(s))) != wanted]
    assert not wrong, f"{lang}: placeholders differ: {wrong[:3]}"


def test_the_template_matches_the_code():
    with (i18n.LOCALES_DIR / "messages.pot").open("rb") as f:
        template = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(f) if m.id}
    assert template == code_messages(), "run `make messages`"


@pytest.mark.parametrize(
    ("lang", "date", "number"),
    [
        ("en", "5 January 2022", "2,030"),
        ("ru", "5 января 2022\N{NARROW NO-BREAK SPACE}г.", "2\N{NO-BREAK SPACE}030"),
        ("kk", "2022\N{NARROW NO-BREAK SPACE}ж. 5 қаңтар", "2\N{NO-BREAK SPACE}030"),
    ],
)
def test_dates_and_numbers_follow_the_language(lang, date, number):
    tr = i18n.translator(lang)
    assert tr.date(dt.date(2022, 1, 5)) == date
    assert tr.number(2030) == number


def test_a_date_not_the_sources_own_is_marked_in_the_language():
    assert i18n.translator("en").date(dt.date(2022, 1, 5), "inferred") == (
        "5 January 2022 (inferred)")
    ru = i18n.translator("ru").date(dt.date(2022, 1, 5), "approximate")
    assert ru.startswith("5 января 2022") and ru != i18n.translator("ru").date(dt.date(2022, 1, 5))


@pytest.mark.parametrize(
    ("browser", "lang"),
    [("ru-RU", "ru"), ("ru", "ru"), ("kk-KZ", "kk"), ("kk_KZ", "kk"), ("en-US", "en"),
     ("de-DE", "en"), ("", "en"), (None, "en")],
)
def test_the_browser_language_chooses_a_catalog_or_english(browser, lang):
    assert i18n.negotiate(browser) == lang


def test_a_language_without_a_catalog_falls_back_to_english():
    tr = i18n.translator("fr")
    assert tr.lang == "en" and tr.gettext("Timeline") == "Timeline"


def test_plural_forms_follow_the_language():
    ru = i18n.translator("ru")
    one, few, many = (ru.ngettext("The dataset loaded with {n} warning",
                                  "The dataset loaded with {n} warnings", n) for n in (1, 3, 5))
    assert len({one, few, many}) == 3, "Russian has three plural forms"


def test_language_names_are_endonyms():
    assert [i18n.language_name(lang) for lang in ("en", "ru", "kk")] == [
        "English", "Русский", "Қазақ тілі"]


def test_chart_locale_has_the_months_of_the_language():
    months = i18n.translator("ru").d3_locale()["months"]
    assert months[0] == "январь" and len(months) == 12
