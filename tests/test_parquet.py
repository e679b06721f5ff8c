"""Datasets whose lists are Parquet files: read into the same models through
the same checks as YAML, each problem placed by its 1-based row."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from kzdash.dataset.parquetfile import read_parquet, write_parquet
from kzdash.load import DatasetError, Limits, Problem, load_checked, load_dataset
from kzdash.synth import Sizes, generate

SIZES = Sizes(events=60, quotes=12, claims=8)


@pytest.fixture(scope="module")
def synth_parquet(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("parquet")
    generate(out, SIZES, seed=7, file_format="parquet")
    return out


def copy(directory: Path, tmp_path: Path) -> Path:
    target = tmp_path / "ds"
    shutil.copytree(directory, target)
    return target


def rows(path: Path, key: str) -> list[dict]:
    located, data, problems = read_parquet(path, str(path), key, Limits())
    assert located is not None and not problems
    return data[key]


def problems(directory: Path) -> list[str]:
    with pytest.raises(DatasetError) as info:
        load_dataset(directory)
    return [str(p) for p in info.value.problems]


def test_parquet_loads_the_same_dataset_as_yaml(tmp_path, synth_parquet):
    generate(tmp_path / "yaml", SIZES, seed=7)
    from_yaml, yaml_warnings = load_checked(tmp_path / "yaml")
    from_parquet, parquet_warnings = load_checked(synth_parquet)
    assert not list(synth_parquet.glob("events.yaml"))
    assert len(from_parquet.events) == SIZES.events
    # nested fields (citations, figures, regions, related ids) come back whole
    assert any(e.figures for e in from_parquet.events)
    assert any(e.related for e in from_parquet.events)
    assert from_parquet == from_yaml
    assert [w.message for w in parquet_warnings] == [w.message for w in yaml_warnings]


def test_writing_one_format_replaces_the_other(tmp_path):
    generate(tmp_path, SIZES, seed=1)
    generate(tmp_path, SIZES, seed=1, file_format="parquet")
    assert {p.name for p in tmp_path.glob("events.*")} == {"events.parquet"}
    generate(tmp_path, SIZES, seed=1)
    assert {p.name for p in tmp_path.glob("events.*")} == {"events.yaml"}


def test_nested_values_and_left_out_fields_round_trip(tmp_path):
    items = [
        {"id": "a", "date": dt.date(2022, 1, 5), "names": {"ru": "А", "kk": "Ә"},
         "list": [{"x": 1}, {"y": [2, 3]}], "n": 1.5},
        {"id": "b", "list": []},  # date, names and n left out
    ]
    write_parquet(tmp_path / "x.parquet", items)
    assert rows(tmp_path / "x.parquet", "x") == items


def test_dates_and_nulls_hold_across_row_groups(tmp_path):
    # a file written in several row groups is read as a column of several
    # chunks: each chunk's days, and its nulls, stay in their rows
    import pyarrow as pa
    import pyarrow.parquet as pq

    days = [dt.date(2022, 1, 2), None, dt.date(2022, 1, 19), dt.date(2022, 1, 2), None]
    pq.write_table(pa.table({"id": list("abcde"), "date": pa.array(days, pa.date32())}),
                   tmp_path / "x.parquet", row_group_size=2)
    assert pq.ParquetFile(tmp_path / "x.parquet").num_row_groups == 3
    assert rows(tmp_path / "x.parquet", "x") == [
        {"id": i, "date": d} if d else {"id": i} for i, d in zip("abcde", days, strict=True)]


def test_reading_parquet_imports_neither_pandas_nor_pyarrow_compute(synth_parquet):
    # each costs a tenth of a second or more of a cold load; the page imports
    # pandas anyway, but a load for `kzdash validate` or the cache need not
    import subprocess
    import sys

    code = ("import sys; from kzdash.load import load_dataset; "
            f"load_dataset({str(synth_parquet)!r}); "
            "print(sorted(m for m in ('pandas', 'pyarrow.compute') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]"


def test_a_bad_row_is_reported_by_its_row_with_every_other(tmp_path, synth_parquet):
    directory = copy(synth_parquet, tmp_path)
    events = rows(directory / "events.parquet", "events")
    events = [{**e, "date": e["date"].isoformat()} for e in events]
    events[3]["date"] = "2022-02-30"
    events[59]["category"] = "party"
    write_parquet(directory / "events.parquet", events)
    found = problems(directory)
    path = directory / "events.parquet"
    assert any(p.startswith(f"{path}:row 4: date: Input should be a valid date")
               for p in found), found
    assert any(p.startswith(f"{path}:row 60: category: Input should be")
               for p in found), found
    assert len(found) == 2, found


def test_references_across_files_are_checked_by_row(tmp_path, synth_parquet):
    directory = copy(synth_parquet, tmp_path)
    events = rows(directory / "events.parquet", "events")
    events[41]["regions"] = ["KZ-XYZ"]
    events[7]["related"] = ["zzz-unknown"]
    write_parquet(directory / "events.parquet", events)
    quotes = rows(directory / "quotes.parquet", "quotes")
    quotes[2]["event"] = "zzz-other"
    write_parquet(directory / "quotes.parquet", quotes)
    path = directory / "events.parquet"
    assert problems(directory) == [
        f"{path}:row 8: related[0]: unknown event id 'zzz-unknown'",
        f"{path}:row 42: regions[0]: unknown region id 'KZ-XYZ'; did you mean 'KZ-YUZ'?",
        f"{directory / 'quotes.parquet'}:row 3: event: unknown event id "
        "'zzz-other'",
    ]


def test_a_missing_required_column_is_one_problem_and_other_rows_are_still_checked(
        tmp_path, synth_parquet):
    directory = copy(synth_parquet, tmp_path)
    quotes = [{k: v for k, v in q.items() if k != "speaker"}
              for q in rows(directory / "quotes.parquet", "quotes")]
    quotes[4]["kind"] = "rumour"
    write_parquet(directory / "quotes.parquet", quotes)
    found = problems(directory)
    path = directory / "quotes.parquet"
    assert found[0] == f"{path}: no column 'speaker': every row needs a value for it"
    assert [p for p in found[1:] if "speaker" in p] == []
    assert len(found) == 2 and found[1].startswith(f"{path}:row 5: kind: Input should be"), found


def test_a_duplicate_id_names_the_row_of_the_first(tmp_path, synth_parquet):
    directory = copy(synth_parquet, tmp_path)
    events = rows(directory / "events.parquet", "events")
    events[6]["id"] = events[1]["id"]
    write_parquet(directory / "events.parquet", events)
    assert problems(directory) == [
        f"{directory / 'events.parquet'}:row 7: duplicate id {events[1]['id']!r} "
        "(first at row 2)"]


def test_both_formats_of_one_list_is_a_clear_error(tmp_path, synth_parquet):
    directory = copy(synth_parquet, tmp_path)
    generate(tmp_path / "yaml", SIZES, seed=7)
    shutil.copy(tmp_path / "yaml" / "events.yaml", directory / "events.yaml")
    assert problems(directory) == [
        f"{directory / 'events.parquet'}: both events.yaml and events.parquet are in the "
        "dataset: keep one of them, a list is read from one file"]


def test_a_file_that_is_not_parquet_and_a_cell_that_is_not_json(tmp_path, synth_parquet):
    directory = copy(synth_parquet, tmp_path)
    (directory / "claims.parquet").write_text("claims: []\n", encoding="utf-8")
    events = rows(directory / "events.parquet", "events")
    write_parquet(directory / "events.parquet", events)
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pq.read_table(directory / "events.parquet")
    at = table.column_names.index("actors")
    actors = table.column("actors").to_pylist()
    actors[1] = "[not json"
    pq.write_table(table.set_column(at, "actors", pa.array(actors)),
                   directory / "events.parquet")
    # a bad cell after null ones is placed by its own row, not by its place
    # among the column's values
    related = table.column("related").to_pylist()
    nulls = [i for i, v in enumerate(related) if v is None]
    assert nulls[:3] == [0, 1, 2], "the test needs a column that starts with nulls"
    bad = next(i for i, v in enumerate(related) if v is None and i > 5)
    related[bad] = "{oops"
    table = pq.read_table(directory / "events.parquet")
    pq.write_table(table.set_column(table.column_names.index("related"), "related",
                                    pa.array(related)), directory / "events.parquet")
    found = problems(directory)
    assert any(p.startswith(f"{directory / 'events.parquet'}:row {bad + 1}: related: not JSON")
               for p in found), found
    assert any(p.startswith(f"{directory / 'claims.parquet'}: not a Parquet file that can "
                            "be read") for p in found), found
    assert any(p.startswith(f"{directory / 'events.parquet'}:row 2: actors: not JSON text")
               for p in found), found


def test_a_row_problem_reads_as_its_row():
    assert str(Problem("events.parquet", 7, "bad", row=True)) == "events.parquet:row 7: bad"
    assert str(Problem("events.yaml", 7, "bad", 3)) == "events.yaml:7:3: bad"


def test_an_acled_import_as_parquet_loads_as_the_yaml_one(tmp_path):
    from test_acled import GOOD, REGIONS

    from kzdash.acled import import_acled

    assert import_acled(GOOD, tmp_path / "yaml", REGIONS) == []
    assert import_acled(GOOD, tmp_path / "parquet", REGIONS, file_format="parquet") == []
    assert {p.name for p in (tmp_path / "parquet").glob("*.*")} == {
        "events.parquet", "sources.parquet", "quotes.parquet", "regions.yaml"}
    assert load_dataset(tmp_path / "parquet") == load_dataset(tmp_path / "yaml")
