"""The README says what is true: its link examples work on the embedded
dataset, and its example link is the view of its screenshot."""

from __future__ import annotations

import re
import sys
import urllib.parse
from pathlib import Path

import pytest

from kzdash.filters import Filters
from kzdash.frames import claims_frame, day_range, events_frame, metrics, region_names
from kzdash.links import Vocabulary, parse
from kzdash.load import load_dataset
from kzdash.models import CATEGORIES, SOURCE_KINDS

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def vocabulary() -> Vocabulary:
    ds = load_dataset()
    first, last = day_range(events_frame(ds))
    return Vocabulary(first, last, regions=region_names(ds), categories=CATEGORIES,
                      speakers={q.speaker for q in ds.quotes}, events={e.id for e in ds.events},
                      sources={s.id for s in ds.sources}, kinds=SOURCE_KINDS,
                      metrics=metrics(claims_frame(ds)),
                      languages=("en", "ru", "kk"))


def table_examples() -> list[str]:
    """The example column of the README's table of link parameters."""
    rows = re.findall(r"^\| `(\w+)` \|.*\| `([^`]+)` \|$", README, flags=re.MULTILINE)
    assert len(rows) >= 10, "the link table was not found"
    return [example for _, example in rows]


@pytest.mark.parametrize("example", table_examples())
def test_every_example_of_the_link_table_is_taken_without_a_warning(example):
    params = urllib.parse.parse_qs(example, keep_blank_values=True)
    view, warnings = parse(params, vocabulary())
    assert warnings == []
    assert view != parse({}, vocabulary())[0], "an example that changes nothing"


def test_the_example_link_is_the_screenshots_view():
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        from screenshot import LINK
    finally:
        sys.path.pop(0)
    (example,) = re.findall(r"^Example[^\n]*\]\(http://localhost:8501(/\?[^)]+)\)", README,
                            flags=re.MULTILINE)
    assert example == LINK
    view, warnings = parse(urllib.parse.parse_qs(example[2:]), vocabulary())
    assert warnings == [] and view.filters != Filters()


def test_the_dataset_counts_in_the_readme_are_the_datasets():
    ds = load_dataset()
    said = re.search(r"has (\d+) events, (\d+) quotes and (\d+) claims from (\d+) sources", README)
    assert said, "the README's sentence of counts was not found"
    assert tuple(map(int, said.groups())) == (len(ds.events), len(ds.quotes), len(ds.claims),
                                              len(ds.sources))
    cited = re.search(r"\((\d+) of (\d+), (\d+) of (\d+), (\d+) of (\d+)\)", README)
    assert cited, "the README's counts of cited items were not found"
    assert tuple(map(int, cited.groups()))[1::2] == (len(ds.events), len(ds.quotes),
                                                     len(ds.claims))
    corrections = re.search(r"(\d+) entries in `data/corrections.yaml`", README)
    assert corrections and int(corrections.group(1)) == len(ds.corrections)
