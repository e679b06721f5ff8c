"""The kinds of field a view is made of, for :mod:`kzdash.links`: how each reads the values
of its link parameter (dropping what cannot be used, with a warning), writes a value back
(nothing for the default), and holds it in its widget. :class:`Vocabulary` is what the
values may name."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass

from kzdash.i18n import ENGLISH, Translator

MAX_Q = 200
MAX_VALUES = 100


@dataclass(frozen=True)
class Vocabulary:
    """What values a URL may name, taken from the loaded dataset."""

    first_day: dt.date
    last_day: dt.date
    regions: Collection[str] = ()
    categories: Collection[str] = ()
    speakers: Collection[str] = ()
    events: Collection[str] = ()
    sources: Collection[str] = ()
    kinds: Collection[str] = ()
    metrics: Sequence[str] = ()  # the first is the default
    languages: Collection[str] = ("en",)


def short(value: str) -> str:
    """``value``, cut to 40 characters for a warning."""
    return value if len(value) <= 40 else value[:37] + "..."


def _parse_day(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        return None


def _dates(
    values: Sequence[str], vocab: Vocabulary, warn: list[str], tr: Translator
) -> tuple[dt.date, dt.date]:
    _ = tr.gettext
    full = (vocab.first_day, vocab.last_day)
    if len(values) != 2:
        warn.append(_(
            "Ignored dates: expected two values (dates=YYYY-MM-DD&dates=YYYY-MM-DD), got {n}."
        ).format(n=len(values)))
        return full
    days = [_parse_day(v) for v in values]
    bad = [short(v) for v, d in zip(values, days, strict=True) if d is None]
    if bad:
        warn.append(_("Ignored dates: {values} is not a date (YYYY-MM-DD).").format(
            values=", ".join(repr(b) for b in bad)))
        return full
    start, end = days[0], days[1]
    assert start is not None and end is not None
    if start > end:
        warn.append(_("Ignored dates: the range {start} to {end} is reversed.").format(
            start=start, end=end))
        return full
    if end < vocab.first_day or start > vocab.last_day:
        warn.append(_(
            "Ignored dates: {start} to {end} is outside the dataset ({first} to {last})."
        ).format(start=start, end=end, first=vocab.first_day, last=vocab.last_day))
        return full
    clamped = (max(start, vocab.first_day), min(end, vocab.last_day))
    if clamped != (start, end):
        warn.append(_(
            "Dates narrowed to the dataset's days: {first} to {last} (the link asked for "
            "{start} to {end})."
        ).format(first=clamped[0], last=clamped[1], start=start, end=end))
    return clamped


def members(
    name: str, values: Sequence[str], known: Collection[str], warn: list[str],
    tr: Translator = ENGLISH, any_case: bool = False,
) -> tuple[str, ...]:
    """The values that name a known member, in the link's order, each once.
    With ``any_case``, ``Map`` or ``KZ-ala`` finds ``map`` or ``KZ-ALA``
    (for ids people may type by hand; speakers' names keep their case)."""
    _ = tr.gettext
    if len(values) > MAX_VALUES:
        warn.append(_("Ignored {name}: more than {n} values.").format(name=name, n=MAX_VALUES))
        return ()
    folded = {k.casefold(): k for k in known} if any_case else {}
    kept: list[str] = []
    unknown: list[str] = []
    for value in values:
        value = value if value in known else folded.get(value.strip().casefold(), value)
        if value in known:
            if value not in kept:
                kept.append(value)
        elif value.strip():
            unknown.append(value)
    if unknown:
        listed = ", ".join(repr(short(u)) for u in unknown[:5])
        if len(unknown) > 5:
            warn.append(_("Ignored unknown {name}: {values} and {n} more.").format(
                name=name, values=listed, n=len(unknown) - 5))
        else:
            warn.append(_("Ignored unknown {name}: {values}.").format(name=name, values=listed))
    return tuple(kept)


def _last(name: str, values: Sequence[str], warn: list[str], tr: Translator) -> list[str]:
    """The last of a parameter's values, in a list (empty when there are
    none); several values are resolved the same way for every parameter
    that takes one, with a warning."""
    values = list(values)
    if len(values) > 1:
        warn.append(tr.gettext("Several {name} values: using the last one.").format(name=name))
    return values[-1:]


Warn = list[str]


class Dates:
    def read(self, key: str, values: Sequence[str], vocab: Vocabulary, warn: Warn,
             tr: Translator) -> tuple[dt.date, dt.date]:
        return _dates(list(values), vocab, warn, tr)

    def default(self, vocab: Vocabulary) -> tuple[dt.date, dt.date]:
        return (vocab.first_day, vocab.last_day)

    def write(self, value: tuple[dt.date | None, dt.date | None], vocab: Vocabulary) -> list[str]:
        start, end = value[0] or vocab.first_day, value[1] or vocab.last_day
        if (start, end) == self.default(vocab):
            return []
        return [start.isoformat(), end.isoformat()]

    def widget(self, value: tuple, vocab: Vocabulary) -> tuple[dt.date, dt.date]:
        return (value[0] or vocab.first_day, value[1] or vocab.last_day)

    def from_widget(self, value: Sequence[dt.date], vocab: Vocabulary) -> tuple[dt.date, ...]:
        return tuple(value)


@dataclass(frozen=True)
class Many:
    """Members of a closed list, in the link's order, each once."""

    known: Callable[[Vocabulary], Collection[str]]
    any_case: bool = True  # ids people may type by hand; speakers' names keep their case

    def read(self, key: str, values: Sequence[str], vocab: Vocabulary, warn: Warn,
             tr: Translator) -> tuple[str, ...]:
        return members(key, list(values), self.known(vocab), warn, tr, any_case=self.any_case)

    def default(self, vocab: Vocabulary) -> tuple[str, ...]:
        return ()

    def write(self, value: Sequence[str], vocab: Vocabulary) -> list[str]:
        return list(value)

    def widget(self, value: Sequence[str], vocab: Vocabulary) -> list[str]:
        return list(value)

    def from_widget(self, value: Sequence[str], vocab: Vocabulary) -> tuple[str, ...]:
        return tuple(value)


@dataclass(frozen=True)
class One:
    """One member of a closed list; with ``first_is_default`` the list's
    first member is the default, left out of the link and of the view."""

    known: Callable[[Vocabulary], Sequence[str] | Collection[str]]
    first_is_default: bool = False

    def _first(self, vocab: Vocabulary) -> str | None:
        known = list(self.known(vocab)) if self.first_is_default else []
        return known[0] if known else None

    def read(self, key: str, values: Sequence[str], vocab: Vocabulary, warn: Warn,
             tr: Translator) -> str | None:
        found = members(key, _last(key, values, warn, tr), self.known(vocab), warn, tr,
                        any_case=True)
        return self.normal(found[0] if found else None, vocab)

    def default(self, vocab: Vocabulary) -> None:
        return None

    def normal(self, value: str | None, vocab: Vocabulary) -> str | None:
        return None if value is not None and value == self._first(vocab) else value

    def write(self, value: str | None, vocab: Vocabulary) -> list[str]:
        value = self.normal(value, vocab)
        return [value] if value else []

    def widget(self, value: str | None, vocab: Vocabulary) -> str | None:
        return value if value is not None else self._first(vocab)

    def from_widget(self, value: str | None, vocab: Vocabulary) -> str | None:
        return self.normal(value, vocab)


class Text:
    def read(self, key: str, values: Sequence[str], vocab: Vocabulary, warn: Warn,
             tr: Translator) -> str:
        if not values:
            return ""
        text = _last(key, values, warn, tr)[0]
        if len(text) > MAX_Q:
            warn.append(tr.gettext("Search text cut to {n} characters.").format(n=MAX_Q))
            text = text[:MAX_Q]
        return text

    def default(self, vocab: Vocabulary) -> str:
        return ""

    def write(self, value: str, vocab: Vocabulary) -> list[str]:
        return [value] if value.strip() else []

    def widget(self, value: str, vocab: Vocabulary) -> str:
        return value

    def from_widget(self, value: str, vocab: Vocabulary) -> str:
        return value


class Flag:
    """On unless the link says 0 (or false, no): ``national``."""

    def read(self, key: str, values: Sequence[str], vocab: Vocabulary, warn: Warn,
             tr: Translator) -> bool:
        value = ([v.strip().lower() for v in _last(key, values, warn, tr)] or [""])[0]
        if value in ("0", "false", "no"):
            return False
        if value not in ("1", "true", "yes"):
            warn.append(tr.gettext("Ignored national={value}: expected 0 or 1.").format(
                value=repr(short(value))))
        return True

    def default(self, vocab: Vocabulary) -> bool:
        return True

    def write(self, value: bool, vocab: Vocabulary) -> list[str]:
        return [] if value else ["0"]

    def widget(self, value: bool, vocab: Vocabulary) -> bool:
        return value

    def from_widget(self, value: bool, vocab: Vocabulary) -> bool:
        return bool(value)


