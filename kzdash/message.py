"""Messages made ahead of time, in English, that a page can show in its own language.

A :class:`Message` is the English text itself (the command line and
``str(problem)`` print it as it is) and also knows how it was made: an
:func:`N_`-marked template with ``{named}`` places, and the values that fill
them. The page translates the template and fills it again. This module stays
free of Babel and pandas, so that validating a dataset does not load them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kzdash.i18n import Translator


def N_(message: str) -> str:  # noqa: N802 (the gettext convention)
    """Mark a message for extraction where it is defined; translate it where
    it is shown."""
    return message


class Message(str):
    """English text, plus the ``template`` and ``values`` it was made from.

    Values are data (ids, field names, what was found) and are never
    translated, except that a value which is itself a Message is shown in the
    language too, and a whole number is written the language's way
    (``20,971,520`` / ``20 971 520``). A position such as a line number goes
    in as text, so that it is not grouped."""

    __slots__ = ("template", "values")
    template: str
    values: Mapping[str, object]

    def __new__(cls, template: str, /, **values: object) -> Message:
        self = super().__new__(cls, _fill(template, values, None))
        self.template = template
        self.values = values
        return self

    def __reduce__(self) -> tuple[object, tuple[str, dict[str, object]]]:
        # pickled with what it was made from (the cache stores warnings)
        return _message, (self.template, dict(self.values))

    def __repr__(self) -> str:
        return f"Message({self.template!r}, **{dict(self.values)!r})"

    def translate(self, tr: Translator) -> str:
        """The message in ``tr``'s language; English where its catalog has
        no translation."""
        return _fill(tr.gettext(self.template), self.values, tr)


def _message(template: str, values: dict[str, object]) -> Message:
    return Message(template, **values)


def _fill(template: str, values: Mapping[str, object], tr: Translator | None) -> str:
    shown: dict[str, object] = {}
    for key, value in values.items():
        if isinstance(value, Message):
            shown[key] = value.translate(tr) if tr is not None else str(value)
        elif isinstance(value, int) and not isinstance(value, bool):
            shown[key] = tr.number(value) if tr is not None else f"{value:,}"
        else:
            shown[key] = value
    return template.format(**shown)
