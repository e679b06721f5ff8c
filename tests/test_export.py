from __future__ import annotations

import csv
import io
import json

from kzdash.export import to_csv, to_json
from kzdash.filters import Filters, filter_events


def test_csv_has_the_filtered_rows_as_text(mini_events):
    shown = filter_events(mini_events, Filters(regions=("KZ-MAN",), include_national=False))
    data = to_csv(shown)
    assert data.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert [r["id"] for r in rows] == ["2022-01-02-rally"]
    assert rows[0]["date"] == "2022-01-02"
    assert rows[0]["regions"] == "KZ-MAN"
    assert "search" not in rows[0]


def test_json_keeps_lists_as_arrays(mini_quotes):
    records = json.loads(to_json(mini_quotes))
    assert [r["id"] for r in records] == list(mini_quotes["id"])
    assert records[0]["sources"] == ["article"]
    assert records[0]["date"] == "2022-01-02"
    assert "search" not in records[0]


def test_claims_export_keeps_unknown_dates_empty(mini_claims):
    undated = mini_claims.assign(reported=mini_claims["reported"].where(
        mini_claims["id"] != "detained-article"))
    records = {r["id"]: r for r in json.loads(to_json(undated))}
    assert records["deaths-wire-first"]["reported"] == "2022-01-06"
    assert records["detained-article"]["reported"] is None  # null, never NaN
    assert records["detained-article"]["as_of"] is None
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(to_csv(undated).decode("utf-8-sig")))}
    assert rows["detained-article"]["reported"] == ""
    assert rows["deaths-wire-first"]["status"] == "retracted"


def test_csv_cells_cannot_become_spreadsheet_formulas(mini_events):
    hostile = mini_events.assign(
        title=['=HYPERLINK("http://evil.example","x")', "+1+1", "@SUM(A1)", "Plain title"],
        summary=["-2+3", "\tTabbed", "fine", "=1"],
    )
    rows = list(csv.DictReader(io.StringIO(to_csv(hostile).decode("utf-8-sig"))))
    assert [r["title"] for r in rows] == ["'=HYPERLINK(\"http://evil.example\",\"x\")", "'+1+1",
                                          "'@SUM(A1)", "Plain title"]
    assert [r["summary"] for r in rows] == ["'-2+3", "'\tTabbed", "fine", "'=1"]
    # JSON keeps the text exactly: it is data, not a spreadsheet
    assert json.loads(to_json(hostile))[0]["title"].startswith("=HYPERLINK")


def test_csv_numbers_stay_numbers(mini_claims):
    negative = mini_claims.assign(value=[-1.5, 300.0])
    rows = list(csv.DictReader(io.StringIO(to_csv(negative).decode("utf-8-sig"))))
    assert [r["value"] for r in rows] == ["-1.5", "300.0"]


def test_whole_counts_export_without_a_fraction(mini_claims):
    counts = mini_claims.assign(value=[3811.0, 225.0])
    rows = list(csv.DictReader(io.StringIO(to_csv(counts).decode("utf-8-sig"))))
    assert [r["value"] for r in rows] == ["3811", "225"]
    assert [r["value"] for r in json.loads(to_json(counts))] == [3811, 225]


def test_every_download_says_which_version_of_the_dataset_it_is(mini, mini_events, mini_claims):
    version = mini.version.isoformat()
    rows = list(csv.DictReader(io.StringIO(to_csv(mini_events, version).decode("utf-8-sig"))))
    assert list(rows[0])[0] == "dataset_version"
    assert {r["dataset_version"] for r in rows} == {"2026-12-01"}
    records = json.loads(to_json(mini_claims, version))
    assert {r["dataset_version"] for r in records} == {"2026-12-01"}
    # without a version (a dataset with no dataset.yaml), no such column
    assert "dataset_version" not in json.loads(to_json(mini_claims))[0]


def test_downloads_carry_times_kinds_citations_and_corrections(mini_events):
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(
        to_csv(mini_events, "2026-12-01").decode("utf-8-sig")))}
    march = rows["2022-01-04-march"]
    assert (march["time"], march["time_precision"], march["time_text"]) == (
        "09:30", "approximate", "about 09:30")
    assert "half past nine" in march["time_note"]
    assert march["source_kinds"] == "state-media"
    assert march["citations"].endswith("(checked against an archived copy)")
    almaty = rows["2022-01-06-almaty"]
    assert almaty["citations"].endswith("(cited with a note)")
    assert almaty["corrections"].startswith("Corrected on 1 December 2026 (re-dated)")
    assert rows["2022-01-02-rally"]["time"] == ""
