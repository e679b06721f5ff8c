"""Synthetic datasets: valid, the size asked for, and the same for a seed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from kzdash.cli import main
from kzdash.load import DATA_DIR, load_dataset
from kzdash.models import CATEGORIES
from kzdash.synth import Sizes, emit, generate

FILES = ("events.yaml", "quotes.yaml", "claims.yaml", "sources.yaml", "regions.yaml")


def snapshot(directory: Path) -> dict[str, bytes]:
    return {str(p.relative_to(directory)): p.read_bytes()
            for p in sorted(directory.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("synth") / "small"
    assert main(["synth", "--events", "50", "--quotes", "20", "--out", str(out),
                 "--seed", "7"]) == 0
    return out


def test_the_command_writes_a_valid_dataset_of_that_size(small, capsys):
    ds = load_dataset(small)
    assert (len(ds.events), len(ds.quotes)) == (50, 20)
    assert len(ds.claims) >= 1 and len({c.metric for c in ds.claims}) >= 2
    assert main(["validate", str(small)]) == 0
    assert capsys.readouterr().out.startswith("OK: 50 events, 20 quotes, ")


def test_it_looks_like_the_real_thing(small):
    ds = load_dataset(small)
    real = load_dataset(DATA_DIR)
    assert [r.id for r in ds.regions] == [r.id for r in real.regions]
    assert {e.category for e in ds.events} == set(CATEGORIES)
    scopes = [e.scope for e in ds.events]
    assert scopes.count("local") > len(scopes) / 2
    assert all(1 <= len(e.regions) <= 2 for e in ds.events if e.scope == "local")
    assert all(dt.date(2022, 1, 1) <= e.date <= dt.date(2022, 1, 13) for e in ds.events)
    assert all(s.url and s.url.startswith("https://example.org/") for s in ds.sources)
    assert all(s.archive for s in ds.sources)
    event_ids = {e.id for e in ds.events}
    assert all(q.event in event_ids for q in ds.quotes)
    assert len({q.speaker for q in ds.quotes}) == 12


def test_excerpts_must_really_be_in_the_archives(small, tmp_path):
    """The verbatim check passes because the archives hold every excerpt,
    not because it is skipped: emptying one archive breaks the dataset."""
    broken = tmp_path / "broken"
    broken.mkdir()
    for name, data in snapshot(small).items():
        (broken / name).parent.mkdir(parents=True, exist_ok=True)
        (broken / name).write_bytes(data)
    (broken / "archive" / "synthetic-wire-a.txt").write_text("nothing here\n")
    assert main(["validate", str(broken)]) == 1


def test_same_seed_same_files_other_seed_other_files(tmp_path):
    sizes = Sizes(events=50, quotes=20, claims=8)
    generate(tmp_path / "a", sizes, seed=1)
    generate(tmp_path / "b", sizes, seed=1)
    generate(tmp_path / "c", sizes, seed=2)
    a, b, c = (snapshot(tmp_path / n) for n in "abc")
    assert set(a) >= {*FILES, "archive/synthetic-wire-a.txt"}
    assert a == b
    # the content differs, not only the header comment that names the seed
    for name in ("events.yaml", "quotes.yaml", "claims.yaml"):
        assert yaml.safe_load(a[name]) != yaml.safe_load(c[name])


def test_span_options_move_the_dates(tmp_path):
    assert main(["synth", "--events", "30", "--quotes", "5", "--out", str(tmp_path),
                 "--start", "2022-02-10", "--days", "3"]) == 0
    dates = {e.date for e in load_dataset(tmp_path).events}
    assert dates <= {dt.date(2022, 2, 10), dt.date(2022, 2, 11), dt.date(2022, 2, 12)}


def test_bad_sizes_are_refused(tmp_path, capsys):
    assert main(["synth", "--events", "0", "--quotes", "5", "--out", str(tmp_path)]) == 2
    assert "at least one event" in capsys.readouterr().out


@pytest.mark.parametrize("value", ["plain", 'quote " and \\ slash', "colon: hash # x", "- dash",
                                   "yes", "2022-01-01", "Алматы", "", "  spaced  "])
def test_emitted_yaml_reads_back_as_written(value):
    items = [{"id": "x", "text": value, "n": 3, "f": 1.5, "d": dt.date(2022, 1, 2),
              "tags": [value, "b"], "empty": [], "skip": None,
              "cites": [{"source": "s", "excerpt": value}]}]
    text = "".join(emit("items", items))
    expected = {k: v for k, v in items[0].items() if v is not None}
    assert yaml.safe_load(text) == {"items": [expected]}
