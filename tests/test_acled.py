from __future__ import annotations

import datetime as dt
import io
import sys
from pathlib import Path

import pytest
import yaml

from kzdash.acled import (
    ACLED_COLUMNS,
    CATEGORY_BY_EVENT_TYPE,
    CATEGORY_BY_SUB_EVENT_TYPE,
    DEFAULT_REGIONS,
    import_acled,
    parse_date,
    progress_bar,
    show,
    to_yaml,
)
from kzdash.cli import main
from kzdash.load import DatasetError, Limits, load_dataset
from kzdash.models import CATEGORIES, Figure

FIXTURES = Path(__file__).parent / "fixtures" / "acled"
GOOD = FIXTURES / "good.csv"
BAD = FIXTURES / "bad.csv"
REGIONS = FIXTURES / "regions.yaml"
HEADER = ",".join(ACLED_COLUMNS)


def _row(**values: str) -> str:
    """One CSV line in ACLED's layout: a good fictional row, with ``values`` changed."""
    row = {name: "" for name in ACLED_COLUMNS} | {
        "event_id_cnty": "TST9001",
        "event_date": "2022-01-05",
        "time_precision": "1",
        "event_type": "Protests",
        "sub_event_type": "Peaceful protest",
        "admin1": "Almaty",
        "location": "Almaty",
        "notes": "Fictional test row.",
        "fatalities": "0",
    }
    row |= values
    return ",".join(row[name] for name in ACLED_COLUMNS)


@pytest.fixture
def imported(tmp_path):
    out = tmp_path / "out"
    assert [show(p) for p in import_acled(GOOD, out, REGIONS)] == []
    return out, load_dataset(out)


def test_good_file_imports_into_a_valid_dataset(imported):
    out, ds = imported
    assert sorted(p.name for p in out.iterdir()) == [
        "archive", "events.yaml", "quotes.yaml", "regions.yaml", "sources.yaml"]
    assert (out / "quotes.yaml").read_text() == "quotes: []\n"
    events = {e.id: e for e in ds.events}
    assert list(events) == [f"acled-tst000{i}" for i in range(1, 7)]
    first = events["acled-tst0001"]
    assert first.title == "Peaceful protest in Zhanaozen"
    assert first.summary.startswith("Fictional test row: on 2 January")
    assert (first.category, first.scope, first.places) == ("protest", "local", ["Zhanaozen"])
    assert first.actors == ["Protesters (Testland)"]
    assert events["acled-tst0002"].actors == ["Rioters (Testland)", "Police Forces of Testland"]


def test_precisions_and_notes(imported):
    _, ds = imported
    events = {e.id: e for e in ds.events}
    assert [e.date_precision for e in ds.events] == ["day", "approximate", "approximate",
                                                     "day", "day", "day"]
    assert events["acled-tst0001"].date_note is None
    week = events["acled-tst0002"].date_note
    month = events["acled-tst0003"].date_note
    assert "time_precision 2" in week and "week" in week and "range of days" in week
    assert "time_precision 3" in month and "only the month" in month


def test_regions_matched_exactly_ignoring_case_and_spaces(imported):
    _, ds = imported
    assert [e.regions for e in ds.events] == [
        ["KZ-MAN"], ["KZ-ALA"], ["KZ-AST"], ["KZ-ALA"], ["KZ-SHY"], ["KZ-AST"]]
    assert {r.id for r in ds.regions} == {"KZ-MAN", "KZ-AST", "KZ-ALA", "KZ-SHY"}


def test_categories(imported):
    _, ds = imported
    assert [e.category for e in ds.events] == [
        "protest", "unrest", "security-operation", "unrest", "unrest", "government"]


def test_fatalities_are_a_figure_only_when_above_zero(imported):
    _, ds = imported
    figures = {e.id: e.figures for e in ds.events}
    assert figures["acled-tst0001"] == []  # 0: no fatalities reported, not a claim of none
    assert figures["acled-tst0003"] == []  # empty cell
    assert figures["acled-tst0002"] == [
        Figure(label="fatalities", value=3, unit="people", claimed_by="ACLED")]
    assert figures["acled-tst0004"][0].value == 2


def test_one_source_the_export_and_the_outlets_in_a_note(imported):
    _, ds = imported
    (export,) = ds.sources
    assert (export.id, export.publisher, export.kind, export.archive) == (
        "acled-export", "ACLED", "ngo", "archive/acled-notes.txt")
    assert "good.csv" in export.title
    events = {e.id: e for e in ds.events}
    excerpt, named = events["acled-tst0002"].sources
    assert excerpt.checked
    assert named.note == ("ACLED names as its sources: Example Steppe Gazette; Imaginary "
                          "Radio Tundra")
    assert [c.note for c in events["acled-tst0006"].sources] == [None]  # no outlet named
    assert any("Вымышленная газета" in (c.note or "") for e in ds.events for c in e.sources)
    for event in ds.events:  # the notes, then which evidence decided the unit
        assert {c.source for c in event.sources} == {"acled-export"}
        (excerpt,) = [c.excerpt for c in event.sources if c.checked]
        assert event.summary.startswith(excerpt + "\n\nUnit on import: KZ-")


def test_excerpts_are_checked_against_the_written_notes(imported):
    out, _ = imported
    archive = out / "archive" / "acled-notes.txt"
    assert "an invented attack.\nThe note runs over two lines." in archive.read_text()
    archive.write_text(archive.read_text().replace("invented attack", "real attack"))
    with pytest.raises(DatasetError) as err:
        load_dataset(out)
    assert "excerpt not found verbatim" in str(err.value)


def test_bad_rows_are_all_listed_and_nothing_is_written(tmp_path):
    out = tmp_path / "out"
    problems = [show(p) for p in import_acled(BAD, out, REGIONS)]
    expected = [
        (4, "event_date '2022-13-45': month must be in 1..12"),
        (5, "time_precision '4': expected 1, 2 or 3"),
        (6, "admin1 'Atlantis Oblast' is not a name or alias of any region"),
        (7, "notes is empty"),
        (8, "duplicate event id 'acled-tst0101' (first at line 2)"),
        (9, "event_type 'Parades' is not one of ACLED's"),
    ]
    assert len(problems) == len(expected), problems
    for problem, (line, message) in zip(problems, expected, strict=True):
        assert problem.startswith(f"{BAD}:{line}: {message}")
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []


def test_unmatched_admin1_is_named_never_guessed(tmp_path):
    csv_file = tmp_path / "export.csv"
    csv_file.write_text(f"{HEADER}\n{_row(admin1='Mangistaw')}\n", encoding="utf-8")
    problems = [show(p) for p in import_acled(csv_file, tmp_path / "out", REGIONS)]
    assert len(problems) == 1
    assert problems[0].startswith(f"{csv_file}:2: admin1 'Mangistaw' is not a name or alias")
    assert str(REGIONS) in problems[0]
    assert "(closest: 'Mangistau', KZ-MAN); add it to the aliases" in problems[0]


def test_ambiguous_admin1_is_reported(tmp_path):
    regions = tmp_path / "regions.yaml"
    regions.write_text(REGIONS.read_text().replace("      - Chimkent", "      - Almaty"))
    csv_file = tmp_path / "export.csv"
    csv_file.write_text(f"{HEADER}\n{_row(admin1=' ALMATY ')}\n", encoding="utf-8")
    problems = [show(p) for p in import_acled(csv_file, tmp_path / "out", regions)]
    assert len(problems) == 1
    assert "several regions (KZ-ALA, KZ-SHY)" in problems[0]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("05 January 2022", dt.date(2022, 1, 5)),
        ("5 january 2022", dt.date(2022, 1, 5)),
        ("13 JANUARY 2022", dt.date(2022, 1, 13)),
        ("2022-01-05", dt.date(2022, 1, 5)),
        (" 2022-01-31 ", dt.date(2022, 1, 31)),
    ],
)
def test_parse_date_accepts_acled_and_iso_forms(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "text", ["", "05 Janvier 2022", "31 February 2022", "2022-1-5", "05/01/2022", "January 2022"]
)
def test_parse_date_rejects_others(text):
    with pytest.raises(ValueError, match="expected a date like"):
        parse_date(text)


def test_acled_date_form_imports(tmp_path):
    csv_file = tmp_path / "export.csv"
    csv_file.write_text(f"{HEADER}\n{_row(event_date='07 January 2022')}\n", encoding="utf-8")
    out = tmp_path / "out"
    assert import_acled(csv_file, out, REGIONS) == []
    assert load_dataset(out).events[0].date == dt.date(2022, 1, 7)


def test_missing_columns_are_named(tmp_path):
    csv_file = tmp_path / "export.csv"
    header = HEADER.replace("notes,", "").replace(",timestamp", "")
    csv_file.write_text(header + "\n", encoding="utf-8")
    problems = [show(p) for p in import_acled(csv_file, tmp_path / "out", REGIONS)]
    assert problems == [f"{csv_file}:1: header lacks ACLED's column(s) notes, timestamp: is "
                        "this an ACLED export with its header row?"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", ":1: empty file: expected a header row"),
        (HEADER.encode() + b"\n", ":1: no rows after the header"),
        (HEADER.encode() + b"\n" + _row(notes="Caf\xe9").encode("latin-1") + b"\n",
         ":2: not UTF-8 text"),
    ],
)
def test_unreadable_files_get_a_clear_message(tmp_path, content, message):
    csv_file = tmp_path / "export.csv"
    csv_file.write_bytes(content)
    problems = [show(p) for p in import_acled(csv_file, tmp_path / "out", REGIONS)]
    assert len(problems) == 1 and problems[0].startswith(f"{csv_file}{message}")
    assert not (tmp_path / "out").exists()


def test_never_overwrites_a_dataset(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "events.yaml").write_text("keep me\n")
    problems = import_acled(GOOD, out, REGIONS)
    assert "not an empty folder" in show(problems[0])
    assert (out / "events.yaml").read_text() == "keep me\n"


def test_default_regions_come_from_the_package(tmp_path, monkeypatch):
    root = Path(__file__).resolve().parent.parent
    assert root / "data" / "regions.yaml" == DEFAULT_REGIONS
    monkeypatch.chdir(tmp_path)
    csv_file = tmp_path / "export.csv"
    csv_file.write_text(f"{HEADER}\n{_row(admin1='Shymkent', location='Shymkent')}\n",
                        encoding="utf-8")
    assert import_acled(csv_file, "out") == []
    ds = load_dataset(tmp_path / "out")
    assert ds.events[0].regions == ["KZ-SHY"]
    assert len(ds.regions) == 17


@pytest.mark.parametrize(
    ("admin1", "expected"),
    [
        ("Mangystau", ["KZ-MAN"]),  # "Mangystau Region" without the generic word
        ("Aktobe", ["KZ-AKT"]),
        ("Almaty", None),  # the city, and the stem of Almaty Region
        ("Akmola", None),  # Akmola Region, and an old name of the capital
    ],
)
def test_region_words_are_matched_and_ambiguity_is_reported(tmp_path, admin1, expected):
    csv_file = tmp_path / "export.csv"
    csv_file.write_text(f"{HEADER}\n{_row(admin1=admin1, location='')}\n", encoding="utf-8")
    problems = [show(p) for p in import_acled(csv_file, tmp_path / "out")]
    if expected is None:
        assert len(problems) == 1 and "several regions" in problems[0], problems
        assert not (tmp_path / "out").exists()
    else:
        assert problems == []
        assert load_dataset(tmp_path / "out").events[0].regions == expected


def test_category_table_uses_kzdash_categories():
    assert set(CATEGORY_BY_EVENT_TYPE.values()) | set(CATEGORY_BY_SUB_EVENT_TYPE.values()) <= set(
        CATEGORIES)


def test_cli_returns_0_on_a_good_file_and_1_on_a_bad_one(tmp_path, capsys):
    good_out, bad_out = tmp_path / "good", tmp_path / "bad"
    assert main(["import-acled", str(GOOD), "--out", str(good_out),
                 "--regions", str(REGIONS)]) == 0
    assert capsys.readouterr().out == f"OK: 6 events, 1 source, 4 regions written to {good_out}\n"
    assert main(["validate", str(good_out)]) == 0
    capsys.readouterr()
    assert main(["import-acled", str(BAD), "--out", str(bad_out),
                 "--regions", str(REGIONS)]) == 1
    captured = capsys.readouterr()
    assert captured.out.splitlines()[0].startswith(f"{BAD}:4: event_date")
    assert len(captured.out.splitlines()) == 6
    assert "6 problem(s)" in captured.err and "nothing written" in captured.err
    assert not bad_out.exists()


UNITS = FIXTURES / "units.csv"
UNITS_BAD = FIXTURES / "units_bad.csv"


def test_an_export_with_almaty_city_and_region_imports_whole(tmp_path):
    out = tmp_path / "out"
    assert [show(p) for p in import_acled(UNITS, out)] == []
    events = load_dataset(out).events
    assert [(e.regions[0], e.summary.split("\n\nUnit on import: ")[1]) for e in events] == [
        ("KZ-ALA", "KZ-ALA (Almaty), because admin1 'Almaty' names KZ-ALA and KZ-ALM; "
                   "location 'Almaty' names the city."),
        ("KZ-ALA", "KZ-ALA (Almaty), because admin1 'Almaty' names KZ-ALA and KZ-ALM; "
                   "admin2 'Almaty' names the city."),
        ("KZ-ALA", "KZ-ALA (Almaty), because admin1 'Almaty' names KZ-ALA and KZ-ALM; "
                   "latitude/longitude 43.2400, 76.9000 (geo_precision 1) lie 1.7 km from the "
                   "centre of Almaty, within the 14.7 km circle of its 683 km²."),
        ("KZ-ALA", "KZ-ALA (Almaty), because admin1 'Almaty City' names KZ-ALA and no other "
                   "unit."),
        ("KZ-ALM", "KZ-ALM (Almaty Region), because admin1 'Almaty' names KZ-ALA and KZ-ALM; "
                   "latitude/longitude 43.3569, 77.4528 (geo_precision 1) lie in the KZ-ALM "
                   "shape of kz-regions-2022.geojson and far from every city."),
        ("KZ-ALM", "KZ-ALM (Almaty Region), because admin1 'Almaty Region' names KZ-ALM and no "
                   "other unit."),
        ("KZ-ALM", "KZ-ALM (Almaty Region), because admin1 'Almaty Oblast' names KZ-ALM and no "
                   "other unit; the coordinates agree."),
        ("KZ-AKM", "KZ-AKM (Akmola Region), because admin1 'Akmola' names KZ-AKM and KZ-AST; "
                   "latitude/longitude 53.2841, 69.3936 (geo_precision 1) lie in the KZ-AKM "
                   "shape of kz-regions-2022.geojson and far from every city."),
        ("KZ-AST", "KZ-AST (Nur-Sultan), because admin1 'Astana' names KZ-AST; location "
                   "'Nur-Sultan' names the city."),
        ("KZ-SHY", "KZ-SHY (Shymkent), because admin1 'Shymkent City' names KZ-SHY; location "
                   "'Shymkent' names the city."),
        ("KZ-YUZ", "KZ-YUZ (Turkistan Region), because admin1 'Turkestan' names KZ-YUZ and no "
                   "other unit; the coordinates agree."),
        ("KZ-MAN", "KZ-MAN (Mangystau Region), because admin1 'Mangistau Oblast' names KZ-MAN "
                   "and no other unit; the coordinates agree."),
        ("KZ-KAR", "KZ-KAR (Karaganda Region), because admin1 'Qaraghandy' names KZ-KAR and no "
                   "other unit; the coordinates agree."),
        ("KZ-AKT", "KZ-AKT (Aktobe Region), because admin1 'Aqtobe' names KZ-AKT and no other "
                   "unit."),
        ("KZ-ZHA", "KZ-ZHA (Jambyl Region), because admin1 'Jambyl' names KZ-ZHA and no other "
                   "unit; the coordinates agree."),
    ]
    for event in events:  # the excerpt stays ACLED's notes, verbatim
        assert event.summary.startswith(event.sources[0].excerpt + "\n\n")


def test_contradictions_and_ambiguities_are_reported_with_their_lines(tmp_path):
    out = tmp_path / "out"
    problems = [show(p) for p in import_acled(UNITS_BAD, out)]
    expected = [
        (3, "admin1 'Almaty' is a name or alias of several regions (KZ-ALA, KZ-ALM)",
         "lie 24.3 km from the centre of Almaty, beyond the 14.7 km circle"),
        (4, "admin1 'Almaty' is a name or alias of several regions (KZ-ALA, KZ-ALM)",
         "(geo_precision 3) are too weak"),
        (5, "admin1 'Almaty' is a name or alias of several regions (KZ-ALA, KZ-ALM)",
         "write admin1 as 'Almaty City' or 'Almaty Region', or name the city"),
        (6, "latitude/longitude 43.2567, 76.9286 (geo_precision 1) lie 1.5 km from the centre "
            "of Almaty", "but admin1 'Mangystau' names KZ-MAN: correct the coordinates"),
        (7, "location 'Almaty' names the city KZ-ALA, but admin1 'Almaty Region' names KZ-ALM",
         "correct one of them"),
        (8, "location 'Almaty' names the city KZ-ALA, but latitude/longitude 43.3412, 52.8619",
         "KZ-MAN shape"),
        (9, "location 'Almaty' and admin2 'Shymkent' name different cities", "KZ-ALA, KZ-SHY"),
        (10, "latitude/longitude 'north', '51.9': expected two numbers", "both empty"),
        (11, "admin1 'Akmola' is a name or alias of several regions (KZ-AKM, KZ-AST)",
         "write admin1 as 'Akmola Region' or 'Nur-Sultan'"),
    ]
    assert len(problems) == len(expected), problems
    for problem, (line, start, later) in zip(problems, expected, strict=True):
        assert problem.startswith(f"{UNITS_BAD}:{line}: {start}"), problem
        assert later in problem, problem
    assert not out.exists()


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_progress_bar_only_on_a_terminal(tmp_path, capsys, monkeypatch):
    args = ["import-acled", str(UNITS), "--out"]
    assert main([*args, str(tmp_path / "piped")]) == 0
    assert capsys.readouterr().err == ""
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert main([*args, str(tmp_path / "watched")]) == 0
    full = "#" * 30
    assert terminal.getvalue() == (
        f"\rrows     [{full}] 15/15\n\rwriting  [{full}] 15/15\n"
        f"\rchecking [{'.' * 30}] 0/1\rchecking [{full}] 1/1\n")


def test_progress_is_drawn_as_rows_go(tmp_path):
    terminal = _Terminal()
    draw = progress_bar(terminal, width=10)
    for done in (0, 2500, 10_000):
        draw("rows", done, 10_000)
    assert terminal.getvalue() == (
        f"\rrows     [{'.' * 10}] 0/10,000\rrows     [##{'.' * 8}] 2,500/10,000"
        f"\rrows     [{'#' * 10}] 10,000/10,000\n")


def test_events_are_written_in_chunks_as_if_at_once(imported):
    out, ds = imported
    text = (out / "events.yaml").read_text(encoding="utf-8")
    listed = [{"id": e.id, **e.model_dump(exclude={"id"}, exclude_none=True,
                                          exclude_defaults=True)} for e in ds.events]
    assert text == yaml.safe_dump({"events": listed}, allow_unicode=True, sort_keys=False,
                                  width=100)  # PyYAML's pure-Python dumper, all at once
    assert to_yaml("events", ds.events, chunk=4) == to_yaml("events", ds.events, chunk=1) == text
    assert to_yaml("quotes", []) == "quotes: []\n"


def test_a_dataset_over_the_file_limit_is_written_and_the_limit_named(tmp_path, capsys,
                                                                      monkeypatch):
    monkeypatch.setattr(Limits, "max_file_bytes", 8 * 1024)
    out = tmp_path / "out"
    assert main(["import-acled", str(UNITS), "--out", str(out)]) == 0
    captured = capsys.readouterr()
    assert captured.out == f"OK: 15 events, 1 source, 17 regions written to {out}\n"
    assert "events.yaml is 1 MB, over the 0.0078125 MB a dataset file may have" in captured.err
    assert "load it with --max-file-mb 1 or KZDASH_MAX_FILE_MB=1" in captured.err
