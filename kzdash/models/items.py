"""The items of a dataset, one model each: events, quotes, claims, sources, regions, names and
corrections, with the parts they share (citations, figures, translations, dates) and the
rules that each one checks on its own."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from kzdash.message import N_, Message
from kzdash.models.types import (
    Category,
    Change,
    DatePrecision,
    ItemRef,
    LangCode,
    Note,
    Qualifier,
    RegionId,
    Scope,
    Slug,
    SourceKind,
    Text,
    TimePrecision,
)


class Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Citation(Model):
    """A source and what in it supports the item: either an ``excerpt``, its
    words verbatim (only for a source with an archived copy, which the excerpt
    is checked against), or a ``note``, the project's own words of what the
    text supports and where."""

    source: Slug
    excerpt: Text | None = Field(
        default=None,
        description="The supporting words, verbatim. Only for a source with an `archive`: "
        "the excerpt must appear in it.",
    )
    note: Text | None = Field(
        default=None,
        description="The project's own words: what the source supports and where in it "
        "(e.g. 'Interior Ministry figure: 3,811 detained; first paragraph').",
    )

    @model_validator(mode="after")
    def _excerpt_or_note(self) -> Citation:
        if (self.excerpt is None) == (self.note is None):
            raise ValueError(Message(N_(
                "give exactly one of excerpt (the source's words, verbatim, for a source with "
                "an archive) or note (your own words of what the source supports and where)")))
        return self

    @property
    def checked(self) -> bool:
        """Whether the citation is an excerpt checked against an archived copy."""
        return self.excerpt is not None


class Figure(Model):
    """A number an item reports, with whoever reported it."""

    label: Text
    value: float
    unit: Text
    qualifier: Qualifier = "exactly"
    claimed_by: Text


class Translation(Model):
    """Who made a translation, and whether a fluent reader has checked it."""

    by: Text = Field(description="Who translated: a person, an organisation, or 'kzdash project'.")
    reviewed: bool = Field(
        default=False,
        description="True once a fluent reader has checked it against the original.",
    )


class EventTranslation(Translation):
    title: Text
    summary: Text


class QuoteTranslation(Translation):
    text: Text = Field(description="The quote in another language. The verbatim original "
                       "always stays in `text` and is always shown.")


class Dated(Model):
    date: dt.date
    date_precision: DatePrecision = "day"
    date_note: Note | None = None

    @model_validator(mode="after")
    def _note_when_not_day(self) -> Dated:
        if self.date_precision != "day" and not (self.date_note or "").strip():
            raise ValueError(Message(
                N_("date_precision is {precision} but date_note is missing: say why the date "
                   "is not the source's own"),
                precision=repr(self.date_precision),
            ))
        return self


class Event(Dated):
    id: Slug
    time: Annotated[str, StringConstraints(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$")] | None = (
        Field(default=None, description="The local time of day at the place, HH:MM (24 h), "
              "when a source gives the time of the event (not of its report).")
    )
    time_precision: TimePrecision = Field(
        default="exact",
        description="'exact': the source gives this time. 'approximate': a rougher time "
        "('about 17:00', 'in the evening'); then time_note says why.",
    )
    time_note: Note | None = Field(
        default=None,
        description="Which source gives the time, and any conversion to local time. Required "
        "when time_precision is 'approximate'.",
    )
    title: Text
    summary: Text
    category: Category
    scope: Scope
    regions: list[RegionId] = Field(default_factory=list)
    places: list[Text] = Field(default_factory=list)
    actors: list[Text] = Field(default_factory=list)
    figures: list[Figure] = Field(default_factory=list)
    related: list[Slug] = Field(
        default_factory=list,
        description="Ids of events that give another account of the same happening (a "
        "different date or description from another source); shown side by side.",
    )
    sources: list[Citation] = Field(min_length=1)
    translations: dict[LangCode, EventTranslation] = Field(
        default_factory=dict,
        description="The title and summary in other languages, keyed by language code "
        "(ru, kk, ...). The English title and summary stay the original.",
    )

    @model_validator(mode="after")
    def _local_needs_region(self) -> Event:
        if self.scope == "local" and not self.regions:
            raise ValueError(Message(
                N_("scope is 'local' but regions is empty: name the region ids")))
        return self

    @model_validator(mode="after")
    def _time_rules(self) -> Event:
        if self.time is None and (self.time_precision != "exact" or self.time_note):
            raise ValueError(Message(N_(
                "time_precision or time_note is given but time is missing: give the time "
                "(HH:MM, local), or leave both out")))
        if self.time_precision != "exact" and not (self.time_note or "").strip():
            raise ValueError(Message(
                N_("time_precision is {precision} but time_note is missing: say which source "
                   "gives the time and why it is not exact"),
                precision=repr(self.time_precision),
            ))
        return self


class Quote(Dated):
    id: Slug
    speaker: Text
    role: Text
    affiliation: Text
    text: Text
    kind: Literal["direct", "paraphrase"]
    event: Slug
    note: Note | None = None
    sources: list[Citation] = Field(min_length=1)
    translations: dict[LangCode, QuoteTranslation] = Field(
        default_factory=dict,
        description="Translations of the quote, shown under the verbatim text and labelled "
        "with who made them.",
    )


class Region(Model):
    id: RegionId
    name: Text
    kind: Literal["region", "city"]
    centre: Note | None = None
    aliases: list[Text] = Field(default_factory=list)
    names: dict[LangCode, Text] = Field(
        default_factory=dict,
        description="The region's name in other languages, keyed by language code "
        "(ru, kk, ...); `name` is the English one. Ids stay the same in every language.",
    )
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)


class Source(Model):
    """An outlet's report. ``url`` and ``published`` may be unknown; then
    ``published_note`` says so, and the gap shows in the page."""

    id: Slug
    title: Text
    publisher: Text
    url: Annotated[str, StringConstraints(pattern=r"^https?://\S+$")] | None = None
    published: dt.date | None = None
    published_precision: DatePrecision = "day"
    published_note: Note | None = None
    published_time: Annotated[
        str, StringConstraints(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9][+-][0-9]{2}:[0-9]{2}$")
    ] | None = Field(
        default=None,
        description="The time of publication as the page gives it, with its UTC offset: "
        "'14:30+06:00'.",
    )
    kind: SourceKind = Field(
        description="Who is speaking: a state body, state media, independent media, an "
        "international agency, a foreign government, an international organisation or an NGO.",
    )
    language: Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]+)*$")]
    archive: Note | None = Field(
        default=None,
        description="Path, relative to the dataset directory, of a plain-text copy of the "
        "source's own text, that every excerpt citing this source must appear in verbatim.",
    )
    notes: Note | None = None

    @model_validator(mode="after")
    def _note_when_undated(self) -> Source:
        if self.published is None and not (self.published_note or "").strip():
            raise ValueError(Message(N_(
                "published is missing: give the date, or say in published_note why it is "
                "unknown")))
        if self.published is not None and self.published_precision != "day" and not (
            self.published_note or ""
        ).strip():
            raise ValueError(Message(
                N_("published_precision is {precision} but published_note is missing: say why "
                   "the date is not the source's own"),
                precision=repr(self.published_precision),
            ))
        return self


class Claim(Model):
    """One number as one claimant gave it at one time. Figures that changed
    (death tolls, detentions, troop numbers) are several claims, never one
    corrected value: the history is the data."""

    id: Slug
    metric: Slug = Field(description="What is counted: deaths, injured, detained, ...")
    subject: Note | None = Field(
        default=None,
        description="The part counted when not the whole: 'security personnel', 'Almaty', "
        "'Belarus contingent'.",
    )
    value: float = Field(ge=0)
    qualifier: Qualifier = "exactly"
    as_of: dt.date | None = Field(default=None, description="The date the figure refers to.")
    reported: dt.date | None = Field(default=None, description="The date it was published.")
    reported_precision: DatePrecision = "day"
    date_note: Note | None = None
    claimed_by: Text
    status: Literal["reported", "retracted", "disputed"] = "reported"
    event: Slug | None = None
    region: RegionId | None = None
    note: Note | None = None
    sources: list[Citation] = Field(min_length=1)

    @model_validator(mode="after")
    def _note_when_dates_unsure(self) -> Claim:
        unsure = self.reported is None or self.reported_precision != "day"
        if unsure and not (self.date_note or "").strip():
            raise ValueError(Message(N_(
                "reported is missing or not exact but date_note is missing: say what the "
                "sources give about when the figure was published")))
        return self


class Name(Model):
    """How a name or short label that the data uses (a place, a person, an
    organisation, a role) is written in other languages."""

    name: Text = Field(description="Exactly as the data writes it: an event's place or actor, "
                       "a quote's speaker, role or affiliation.")
    kind: Literal["place", "person", "organisation", "role"]
    names: dict[LangCode, Text] = Field(
        default_factory=dict, description="The name in other languages, keyed by language code."
    )
    aliases: list[Text] = Field(
        default_factory=list,
        description="Other spellings in any language (former names, transliterations); search "
        "finds them.",
    )


class Correction(Model):
    """A change made to a published item, recorded in the open: what changed,
    when, why, and what it was before."""

    item: ItemRef = Field(description="The item changed: 'event:<id>', 'quote:<id>', "
                          "'claim:<id>' or 'source:<id>'.")
    change: Change
    date: dt.date = Field(description="The day the correction was made.")
    reason: Text
    before: Note | None = Field(default=None, description="The value before the change.")

    @field_validator("before", mode="before")
    @classmethod
    def _before_as_text(cls, value: object) -> object:
        # YAML reads an unquoted 2022-01-04 as a date; the old value is text
        return value.isoformat() if isinstance(value, dt.date) else value

    @property
    def kind(self) -> str:
        """``event``, ``quote``, ``claim`` or ``source``."""
        return self.item.partition(":")[0]

    @property
    def target(self) -> str:
        """The id of the item changed."""
        return self.item.partition(":")[2]

