"""The text of the page's cards: what a quote card says, in which order.

A card is plain text (dataset text is never markdown): the words first, then
labelled lines that say who said them, in what role, when, at which event,
and where the words come from.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

from kzdash.i18n import ENGLISH, Translator
from kzdash.labels import format_date

QUOTES_PER_PAGE = 10  # cards shown at a time, as the chronology shows 20 events


class QuoteCard(NamedTuple):
    words: str  # in quotation marks only when they are the speaker's own
    translation: str  # the words in the page's language, or ""
    details: str  # labelled lines: who, date, event, notes, sources

    @property
    def text(self) -> str:
        """The card as the page shows it, one text: the words, the
        translation, the details, a blank line between them."""
        return "\n\n".join(part for part in self if part)


def who(speaker: str, role: str, affiliation: str) -> str:
    """``Kassym-Jomart Tokayev, President of Kazakhstan``: the speaker, the
    role, the affiliation, each left out when a part before says it (a
    speaker known only by a role, a country in the role's own name)."""
    if role and speaker in role:  # the role says all the name says, and more
        who = role
    elif role and role not in speaker:
        who = f"{speaker}, {role}"
    else:
        who = speaker
    if affiliation and affiliation not in who:
        who += f" ({affiliation})"
    return who


def quote_card(row, tr: Translator = ENGLISH,
               languages: Mapping[str, str] | None = None) -> QuoteCard:
    """The card of one row of the quotes frame (see ``frames.quotes_frame``).
    ``languages`` gives each source's language, so that a citation left as
    written is marked as the original on a page in another language."""
    _ = tr.gettext
    if row.kind == "direct":
        words = f"“{row.text}”"
    else:  # a reporter's wording of what was said: no quotation marks
        words = _("Paraphrase: {text}").format(text=row.text)
    translation = ""
    if row.translation:
        translation = _("Translation by {by}: {text}").format(by=row.translated_by,
                                                              text=row.translation)
    lines = [
        _("Who: {who}").format(who=who(row.speaker_name, row.role, row.affiliation)),
        _("Date: {date}").format(date=format_date(row.date, row.date_precision, tr)),
    ]
    if row.date_note:
        lines.append(_("Date note: {note}").format(note=row.date_note) + tr.original())
    lines.append(_("Event: {title}").format(title=row.event_title))
    if row.note:
        lines.append(_("Note: {note}").format(note=row.note) + tr.original())
    if getattr(row, "corrections", ""):  # what changed since the item was published
        lines.append(row.corrections)
    citations = row.citations.split("\n")
    if languages is not None and len(citations) == len(row.sources):  # a line per source
        citations = [c + tr.original(languages.get(source, "und"))
                     for c, source in zip(citations, row.sources, strict=True)]
    lines.append(_("Sources ({n}):").format(n=len(row.sources)) + "\n" + "\n".join(citations))
    return QuoteCard(words, translation, "\n".join(lines))
