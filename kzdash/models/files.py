"""What each data file holds, which files a dataset has (:data:`FILES`, and
:data:`OPTIONAL_FILES` that it may leave out), and the whole :class:`Dataset`."""

from __future__ import annotations

import datetime as dt

from pydantic import Field

from kzdash.models.items import (
    Claim,
    Correction,
    Event,
    Model,
    Name,
    Quote,
    Region,
    Source,
)
from kzdash.models.types import Note


class EventsFile(Model):
    events: list[Event] = Field(min_length=1)


class QuotesFile(Model):
    quotes: list[Quote]


class RegionsFile(Model):
    regions: list[Region]


class SourcesFile(Model):
    sources: list[Source]


class ClaimsFile(Model):
    claims: list[Claim]


class NamesFile(Model):
    names: list[Name]


class CorrectionsFile(Model):
    corrections: list[Correction]


class DatasetFile(Model):
    """What the dataset as a whole says about itself."""

    version: dt.date = Field(description="The dataset's version: the date of its last "
                             "change. Shown on the page and written into every download.")
    title: Note | None = Field(default=None, description="A name for the dataset.")


FILES: dict[str, type[Model]] = {
    "sources.yaml": SourcesFile,
    "regions.yaml": RegionsFile,
    "events.yaml": EventsFile,
    "quotes.yaml": QuotesFile,
}
# Files a dataset may leave out; a missing one counts as an empty list.
OPTIONAL_FILES: dict[str, type[Model]] = {
    "claims.yaml": ClaimsFile,
    "names.yaml": NamesFile,
    "corrections.yaml": CorrectionsFile,
    "dataset.yaml": DatasetFile,
}


class Dataset(Model):
    """A whole validated dataset: every cross-reference holds."""

    sources: tuple[Source, ...]
    regions: tuple[Region, ...]
    events: tuple[Event, ...]
    quotes: tuple[Quote, ...]
    claims: tuple[Claim, ...] = ()
    names: tuple[Name, ...] = ()
    corrections: tuple[Correction, ...] = ()
    version: dt.date | None = None
    title: Note | None = None
