"""Typed, immutable models of a kzdash dataset.

A dataset is four YAML files, each a mapping with one list: ``events.yaml``
(``events:``), ``quotes.yaml`` (``quotes:``), ``regions.yaml`` (``regions:``)
and ``sources.yaml`` (``sources:``), plus two optional ones: ``claims.yaml``
(``claims:``), for figures that changed over time, ``names.yaml``
(``names:``), for how places, people and roles are written in other languages,
``corrections.yaml`` (``corrections:``), the changes made to published items, and
``dataset.yaml`` (``version:``), the dataset's version. These models are the
contract: field names are what other people's datasets and shared links
depend on.

The package: :mod:`~kzdash.models.types` holds the field types and vocabularies,
:mod:`~kzdash.models.items` the item models (events, quotes, claims, sources, ...) and
:mod:`~kzdash.models.files` the data files and the whole dataset. Every name is importable
from ``kzdash.models``.
"""

from kzdash.models.files import (
    FILES,
    OPTIONAL_FILES,
    ClaimsFile,
    CorrectionsFile,
    Dataset,
    DatasetFile,
    EventsFile,
    NamesFile,
    QuotesFile,
    RegionsFile,
    SourcesFile,
)
from kzdash.models.items import (
    Citation,
    Claim,
    Correction,
    Dated,
    Event,
    EventTranslation,
    Figure,
    Model,
    Name,
    Quote,
    QuoteTranslation,
    Region,
    Source,
    Translation,
)
from kzdash.models.types import (
    CATEGORIES,
    CHANGES,
    ITEM_KINDS,
    SOURCE_KINDS,
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

__all__ = [
    "Slug",
    "RegionId",
    "Text",
    "Note",
    "DatePrecision",
    "Category",
    "CATEGORIES",
    "Scope",
    "Qualifier",
    "SourceKind",
    "SOURCE_KINDS",
    "TimePrecision",
    "Change",
    "CHANGES",
    "ITEM_KINDS",
    "ItemRef",
    "LangCode",
    "Model",
    "Citation",
    "Figure",
    "Translation",
    "EventTranslation",
    "QuoteTranslation",
    "Dated",
    "Event",
    "Quote",
    "Region",
    "Source",
    "Claim",
    "Name",
    "Correction",
    "EventsFile",
    "QuotesFile",
    "RegionsFile",
    "SourcesFile",
    "ClaimsFile",
    "NamesFile",
    "CorrectionsFile",
    "DatasetFile",
    "FILES",
    "OPTIONAL_FILES",
    "Dataset",
]
