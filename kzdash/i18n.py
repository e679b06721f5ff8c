"""The interface's languages: gettext catalogs and Babel's date and number formats.

Messages live in ``kzdash/locales/<lang>/LC_MESSAGES/messages.po``, the standard
gettext format that Poedit, Weblate and every PO tool read; ``make messages``
extracts them from the code with Babel and updates each catalog. The ``.po``
file is read directly (compiled in memory), so a fresh clone or a hosted copy
needs no build step. Adding a language is one new catalog plus the names in the
data (see the README).

Code marks a message with ``tr.gettext("...")`` (or ``_ = tr.gettext``) where
it is shown, and with :func:`N_` where it is defined ahead of time; values go
in with ``str.format`` after translation, never into the message itself.

A message made before anyone knows the reader's language (a problem in a
dataset, say) is a :class:`~kzdash.message.Message`: English text that also
carries its template and values, shown in a language with ``message.translate(tr)``.
"""

from __future__ import annotations

import datetime as dt
import gettext
import io
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import pandas as pd
from babel import Locale, dates, numbers
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from kzdash.message import N_ as N_  # defined beside Message, which load.py uses

LOCALES_DIR = Path(__file__).resolve().parent / "locales"
DOMAIN = "messages"
SOURCE_LANGUAGE = "en"
# Babel locale per interface language: British English writes "5 January 2022".
BABEL_LOCALES = {"en": "en_GB", "ru": "ru_RU", "kk": "kk_KZ"}


def languages() -> tuple[str, ...]:
    """English first, then every language with a catalog, in code order."""
    found = sorted(p.parent.parent.name for p in LOCALES_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))
    return (SOURCE_LANGUAGE, *(lang for lang in found if lang != SOURCE_LANGUAGE))


def language_name(lang: str) -> str:
    """A language's name in itself: English, Русский, Қазақ тілі."""
    name = Locale.parse(BABEL_LOCALES.get(lang, lang)).language_name or lang
    return name[:1].upper() + name[1:]


def negotiate(browser_locale: str | None) -> str:
    """The interface language for a browser's locale (``ru-RU``): the first
    part when a catalog exists for it, English otherwise."""
    if not browser_locale:
        return SOURCE_LANGUAGE
    wanted = browser_locale.replace("_", "-").split("-")[0].strip().lower()
    return wanted if wanted in languages() else SOURCE_LANGUAGE


# Marks of dataset text left as written (see Translator.original).
ORIGINAL_MARKS = {"en": N_("original in English"), "ru": N_("original in Russian"),
                  "kk": N_("original in Kazakh"), "und": N_("original language")}


@dataclass(frozen=True)
class Translator:
    """Messages, dates and numbers in one language."""

    lang: str
    catalog: gettext.NullTranslations

    @property
    def locale(self) -> str:
        return BABEL_LOCALES.get(self.lang, self.lang)

    def gettext(self, message: str) -> str:
        return self.catalog.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.catalog.ngettext(singular, plural, n)

    def date(self, value: dt.date | pd.Timestamp, precision: str = "day") -> str:
        """``5 January 2022`` / ``5 января 2022 г.``, marked when the date
        is not the source's own."""
        text = _format_day(_day(value), "long", self.locale)
        if precision == "inferred":
            return self.gettext("{date} (inferred)").format(date=text)
        if precision == "approximate":
            return self.gettext("{date} (approximate)").format(date=text)
        return text

    def short_date(self, value: dt.date | pd.Timestamp) -> str:
        """``5 Jan 2022``, for axes and compact lists."""
        return _format_day(_day(value), "medium", self.locale)

    def number(self, value: float) -> str:
        """``2,030`` / ``2 030``."""
        return _format_number(value, self.locale)

    def original(self, text_lang: str = SOURCE_LANGUAGE) -> str:
        """The mark for dataset text shown as written in ``text_lang`` (a
        note, a source's title, an excerpt): `` [original in English]`` on
        a Russian page, nothing when the text is in the page's language."""
        base = text_lang.split("-")[0].lower()
        if base == self.lang:
            return ""
        mark = ORIGINAL_MARKS.get(base, ORIGINAL_MARKS["und"])
        return " [" + self.gettext(mark) + "]"

    def name(self, names: Mapping[str, str], original: str) -> str:
        """A name in this language when the data gives one, else as written."""
        return names.get(self.lang, original) if self.lang != SOURCE_LANGUAGE else original

    def d3_locale(self) -> dict:
        """Vega's time-format locale (month and day names) for chart axes."""
        loc = Locale.parse(self.locale)
        months = loc.months["stand-alone"]
        days = loc.days["stand-alone"]
        order = [6, 0, 1, 2, 3, 4, 5]  # d3 weeks start on Sunday, CLDR's on Monday
        return {
            "dateTime": "%x %X",
            "date": "%d.%m.%Y" if self.lang != "en" else "%d/%m/%Y",
            "time": "%H:%M:%S",
            "periods": ["AM", "PM"],
            "days": [days["wide"][i] for i in order],
            "shortDays": [days["abbreviated"][i] for i in order],
            "months": [months["wide"][i] for i in range(1, 13)],
            "shortMonths": [months["abbreviated"][i] for i in range(1, 13)],
        }


def _day(value: dt.date | pd.Timestamp) -> dt.date:
    return value.date() if isinstance(value, pd.Timestamp) else value


@cache
def _format_day(day: dt.date, width: str, locale: str) -> str:
    # a dataset has few distinct days and Babel takes microseconds per call:
    # 100,000 events format in a few hundred distinct calls
    return dates.format_date(day, width, locale=locale)


@lru_cache(maxsize=4096, typed=True)
def _format_number(value: float, locale: str) -> str:
    # the same counts are written on every rerun (a page's numbers, its
    # pager), and Babel takes tens of microseconds a call
    return numbers.format_decimal(value, locale=locale)


def catalog_path(lang: str) -> Path:
    return LOCALES_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def translator(lang: str = SOURCE_LANGUAGE) -> Translator:
    """The translator for ``lang``; English (the messages themselves) when
    there is no catalog. Fuzzy entries are left out: an unchecked guess shows
    the English message instead."""
    path = catalog_path(lang)
    if lang == SOURCE_LANGUAGE or not path.is_file():
        return Translator(lang if lang == SOURCE_LANGUAGE else SOURCE_LANGUAGE,
                          gettext.NullTranslations())
    with path.open("rb") as f:
        catalog = read_po(f, locale=BABEL_LOCALES.get(lang, lang))
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return Translator(lang, gettext.GNUTranslations(buffer))


ENGLISH = translator(SOURCE_LANGUAGE)
