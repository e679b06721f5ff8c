"""The types that the models' fields are declared with: ids (slugs, region codes, language
codes), non-empty text, and the closed vocabularies (categories, source kinds, date
precisions, changes) with their tuples of values."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import StringConstraints

Slug = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=120),
]
RegionId = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}-[A-Z0-9]{1,3}$")]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
# free text that may be blank (a note): stripped, as Text is. Ids are not
# stripped: their patterns refuse a space, and a stray one is worth saying
Note = Annotated[str, StringConstraints(strip_whitespace=True)]

DatePrecision = Literal["day", "approximate", "inferred"]
Category = Literal[
    "protest",
    "unrest",
    "security-operation",
    "government",
    "international",
    "casualties",
    "commemoration",
]
CATEGORIES: tuple[str, ...] = Category.__args__  # type: ignore[attr-defined]
Scope = Literal["local", "national", "international"]
Qualifier = Literal["exactly", "about", "more than", "at least", "almost", "up to"]
SourceKind = Literal[
    "state-body",
    "state-media",
    "independent-media",
    "international-agency",
    "foreign-government",
    "international-organisation",
    "ngo",
]
SOURCE_KINDS: tuple[str, ...] = SourceKind.__args__  # type: ignore[attr-defined]
TimePrecision = Literal["exact", "approximate"]
Change = Literal["re-dated", "re-timed", "re-attributed", "re-sourced", "re-worded", "removed"]
CHANGES: tuple[str, ...] = Change.__args__  # type: ignore[attr-defined]
# what a correction may name: "event:<id>", "quote:<id>", "claim:<id>", "source:<id>"
ITEM_KINDS = ("event", "quote", "claim", "source")
ItemRef = Annotated[
    str,
    StringConstraints(pattern=r"^(event|quote|claim|source):[a-z0-9]+(?:-[a-z0-9]+)*$"),
]
LangCode = Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}$")]
