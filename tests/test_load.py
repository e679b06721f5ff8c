"""Loading and validation: every class of problem, each with its line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kzdash.load import DatasetError, Limits, dataset_stamp, load_checked, load_dataset

MINI = Path(__file__).parent / "fixtures" / "mini"


def broken(tmp_path: Path, file: str, old: str | None, new: str | bytes) -> Path:
    """A copy of the mini dataset with one edit: ``old`` replaced by ``new`` in
    ``file`` (or the whole file replaced when ``old`` is None)."""
    target = tmp_path / "ds"
    shutil.copytree(MINI, target)
    path = target / file
    if isinstance(new, bytes):
        path.write_bytes(new)
    elif old is None:
        path.write_text(new, encoding="utf-8")
    else:
        text = path.read_text(encoding="utf-8")
        assert old in text, f"fixture edit does not apply: {old!r}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return target


def problems(directory: Path) -> list[str]:
    with pytest.raises(DatasetError) as info:
        load_dataset(directory)
    return [str(p) for p in info.value.problems]


def line_of(directory: Path, file: str, needle: str) -> int:
    """The line of the last occurrence of ``needle`` in ``file``."""
    hits = [
        n
        for n, line in enumerate((directory / file).read_text().splitlines(), start=1)
        if needle in line
    ]
    assert hits, f"{needle!r} not in {file}"
    return hits[-1]


def test_mini_dataset_loads():
    ds = load_dataset(MINI)
    assert [len(ds.events), len(ds.quotes), len(ds.regions), len(ds.sources)] == [4, 3, 3, 2]
    assert [c.status for c in ds.claims] == ["retracted", "reported"]
    assert ds.events[3].date_precision == "inferred"
    assert ds.events[0].date_precision == "day"  # the default


def test_embedded_dataset_loads():
    ds = load_dataset()
    assert len(ds.regions) == 17
    assert len(ds.events) >= 15 and len(ds.quotes) >= 8


def test_models_are_frozen():
    ds = load_dataset(MINI)
    with pytest.raises(Exception, match="frozen"):
        ds.events[0].title = "changed"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("file", "old", "new", "needle", "message"),
    [
        # unknown field, with a did-you-mean hint
        ("events.yaml", "    summary: A rally", "    sumary: A rally", "sumary:",
         "events[0].sumary: unknown field 'sumary'; did you mean 'summary'?"),
        # wrong type: what was expected and what was found
        ("regions.yaml", "lat: 43.2525", "lat: north", "lat: north",
         "regions[0].lat: Input should be a valid number"),
        # value outside the vocabulary
        ("events.yaml", "category: government", "category: politics", "category: politics",
         "events[1].category: Input should be"),
        # impossible date stays a located problem, not a crash
        ("events.yaml", "date: 2022-01-04\n    title: Government", "date: 2022-02-30\n"
         "    title: Government", "2022-02-30", "events[1].date: Input should be a valid date"),
        # missing required field points at its item
        ("quotes.yaml", "    kind: paraphrase\n", "", "id: officials-peaceful",
         "quotes[1].kind: Field required"),
        # inferred date without a note
        ("events.yaml", "    date_note: The wire gives no date; placed after its 5 January "
         "paragraph.\n", "", "id: 2022-01-06-almaty", "date_note is missing"),
        # local scope without regions
        ("events.yaml", "    regions: [KZ-AST]\n", "", "id: 2022-01-04-march",
         "scope is 'local' but regions is empty"),
        # unknown cross-references, each with a hint
        ("events.yaml", "regions: [KZ-MAN]", "regions: [KZ-MAM]", "KZ-MAM",
         "unknown region id 'KZ-MAM'; did you mean 'KZ-MAN'?"),
        ("quotes.yaml", "event: 2022-01-06-almaty", "event: 2022-01-07-almaty",
         "event: 2022-01-07-almaty", "unknown event id '2022-01-07-almaty'"),
        ("events.yaml", "- source: wire", "- source: wires", "source: wires",
         "unknown source id 'wires'"),
        # duplicate ids and duplicate keys
        ("events.yaml", "id: 2022-01-04-march", "id: 2022-01-04-price",
         "id: 2022-01-04-price", "duplicate id '2022-01-04-price' (first at line 15)"),
        ("regions.yaml", "    kind: city\n    aliases", "    kind: city\n    kind: city  # again\n"
         "    aliases", "# again", "duplicate key 'kind' (first at line 5)"),
        # excerpts and direct quotes are checked against the archived text
        ("events.yaml", "excerpt: On January 2, a rally took place in Testville.",
         "excerpt: On January 2, a riot took place in Testville.", "a riot took place",
         "excerpt not found verbatim"),
        ("quotes.yaml", "text: We will listen to everyone,", "text: We will hear everyone,",
         "We will hear everyone", "direct quote not found verbatim"),
        # claims: cross-references, excerpts, dates and vocabulary
        ("claims.yaml", "event: 2022-01-06-almaty", "event: 2022-01-06-almatyy",
         "almatyy", "claims[0].event: unknown event id '2022-01-06-almatyy'; did you mean"),
        ("claims.yaml", "region: KZ-ALA", "region: KZ-ALX", "KZ-ALX",
         "claims[1].region: unknown region id 'KZ-ALX'"),
        ("claims.yaml", "- source: article", "- source: articel", "articel",
         "claims[1].sources[0].source: unknown source id 'articel'; did you mean 'article'?"),
        ("claims.yaml", "excerpt: Officials said the rally was peaceful.",
         "excerpt: Officials said the rally was violent.", "was violent",
         "claims[1].sources[0].excerpt: excerpt not found verbatim"),
        ("claims.yaml", "status: retracted", "status: withdrawn", "withdrawn",
         "claims[0].status: Input should be 'reported', 'retracted' or 'disputed'"),
        ("claims.yaml", "value: 300", "value: -300", "-300",
         "claims[1].value: Input should be greater than or equal to 0"),
        ("claims.yaml", "    date_note: The article gives the month only.\n", "",
         "id: detained-article", "date_note is missing"),
        ("claims.yaml", "as_of: 2022-01-06", "as_of: 2022-01-09", "as_of: 2022-01-09",
         "claims[0].as_of: as_of 2022-01-09 is after reported 2022-01-06"),
        ("claims.yaml", "claimed_by: Wire", "claimed_bye: Wire", "claimed_bye",
         "claims[0].claimed_bye: unknown field 'claimed_bye'; did you mean 'claimed_by'?"),
        ("claims.yaml", "id: detained-article", "id: deaths-wire-first",
         "id: deaths-wire-first", "duplicate id 'deaths-wire-first' (first at line 3)"),
        # sources without a date must say why; related accounts must exist
        ("sources.yaml", "    published: 2022-01-06\n", "", "id: wire",
         "published is missing"),
        ("events.yaml", "    regions: [KZ-ALA]\n", "    regions: [KZ-ALA]\n    related: "
         "[2022-01-04-marhc]\n", "marhc", "events[3].related[0]: unknown event id "
         "'2022-01-04-marhc'; did you mean '2022-01-04-march'?"),
        # unsafe links are refused
        ("sources.yaml", "url: https://example.org/wire", "url: javascript:alert(1)",
         "javascript:", "sources[1].url: String should match pattern"),
    ],
)
def test_problem_is_reported_at_its_line(tmp_path, file, old, new, needle, message):
    directory = broken(tmp_path, file, old, new)
    found = problems(directory)
    line = line_of(directory, file, needle)
    # the problem names the file and the line of the offending node (for a
    # missing field or a rule across fields: the item's first line)
    expected_prefix = f"{directory / file}:"
    matching = [p for p in found if p.startswith(expected_prefix) and message in p]
    assert matching, f"no problem containing {message!r} in {found}"
    assert line in [int(p.split(":")[1]) for p in matching], (line, matching)


def test_missing_field_line_is_the_item_line(tmp_path):
    directory = broken(tmp_path, "quotes.yaml", "    kind: paraphrase\n", "")
    found = problems(directory)
    line = line_of(directory, "quotes.yaml", "- id: officials-peaceful")
    # line and column of the item's first key ("- id:" is indented by two, "id" at 5)
    assert f"{directory / 'quotes.yaml'}:{line}:5: quotes[1].kind: Field required" in found


def test_every_problem_is_reported_at_once(tmp_path):
    directory = broken(tmp_path, "events.yaml", "category: government", "category: politics")
    regions = directory / "regions.yaml"
    regions.write_text(regions.read_text().replace("lat: 43.2525", "lat: north"))
    (directory / "quotes.yaml").unlink()
    found = problems(directory)
    assert any("events.yaml" in p and "category" in p for p in found)
    assert any("regions.yaml" in p and "lat" in p for p in found)
    assert any("quotes.yaml" in p and "missing file" in p for p in found)
    assert found == sorted(found, key=lambda p: (p.split(":")[0], int(p.split(":")[1]), p))


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("events:\n  - id: [unclosed\n", "YAML syntax error"),
        ("", "empty file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        (b"events:\n  - title: caf\xe9\n", "not UTF-8"),
        ("- just\n- a list\n", "top level: Input should be a valid dictionary"),
        ("events: 12\n", "events: Input should be a valid list"),
        ("events: []\n", "events: List should have at least 1 item"),
        ("events:\n  - *undefined\n", "YAML syntax error"),
        ("events: " + "[" * 20000 + "]" * 20000 + "\n", "nested too deeply"),
    ],
)
def test_unreadable_files_are_problems_not_crashes(tmp_path, content, message):
    directory = broken(tmp_path, "events.yaml", None, content)
    found = problems(directory)
    assert any(f"{directory / 'events.yaml'}:" in p and message in p for p in found), found


def test_syntax_error_has_its_line(tmp_path):
    directory = broken(tmp_path, "events.yaml", None, "events:\n  - id: a\n    title: [x\n")
    (problem,) = problems(directory)
    assert problem.startswith(f"{directory / 'events.yaml'}:4:") or problem.startswith(
        f"{directory / 'events.yaml'}:3:"
    )


def test_missing_directory(tmp_path):
    found = problems(tmp_path / "nowhere")
    assert found == [f"{tmp_path / 'nowhere'}:0:0: not a directory: expected a dataset folder"]


def test_archive_must_stay_inside_the_dataset(tmp_path):
    directory = broken(tmp_path, "sources.yaml", "archive: archive/article.txt",
                       "archive: ../../../etc/passwd")
    assert any("archive must be a path inside the dataset directory" in p
               for p in problems(directory))


def test_stamp_changes_when_a_file_changes(tmp_path):
    directory = broken(tmp_path, "events.yaml", "Rally in Testville", "Rally in Testville")
    before = dataset_stamp(directory)
    path = directory / "events.yaml"
    import os

    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    assert dataset_stamp(directory) != before


def test_claims_file_is_optional(tmp_path):
    directory = broken(tmp_path, "claims.yaml", None, "")
    (directory / "claims.yaml").unlink()
    assert load_dataset(directory).claims == ()


def test_an_empty_claims_file_is_a_problem_not_an_empty_list(tmp_path):
    directory = broken(tmp_path, "claims.yaml", None, "# nothing here\n")
    assert any("claims.yaml:1:0: empty file" in p for p in problems(directory))


def test_problems_carry_the_column_of_their_node(tmp_path):
    directory = broken(tmp_path, "events.yaml", "    summary: A rally", "    sumary: A rally")
    (found,) = [p for p in problems(directory) if "sumary" in p]
    line = line_of(directory, "events.yaml", "sumary:")
    assert found.startswith(f"{directory / 'events.yaml'}:{line}:5: events[0].sumary")


def test_problems_are_sorted_by_file_line_and_column(tmp_path):
    directory = broken(tmp_path, "events.yaml", "category: government", "category: politics")
    (directory / "quotes.yaml").write_text("quotes:\n  - id: X\n", encoding="utf-8")
    with pytest.raises(DatasetError) as info:
        load_dataset(directory)
    keys = [(p.path, p.line, p.column) for p in info.value.problems]
    assert keys == sorted(keys) and len({k[0] for k in keys}) >= 2


def test_a_file_over_the_size_limit_is_refused_with_the_fix(tmp_path):
    directory = broken(tmp_path, "events.yaml", "Testville", "Testville")
    with pytest.raises(DatasetError) as info:
        load_dataset(directory, Limits(max_file_bytes=200))
    messages = [str(p) for p in info.value.problems]
    assert any(m.startswith(f"{directory / 'events.yaml'}:0:0: file too large") and
               "the limit is 200" in m and "--max-file-mb" in m for m in messages)


def test_an_archive_over_the_size_limit_is_refused(tmp_path):
    directory = broken(tmp_path, "archive/article.txt", None, "x" * 5000)
    with pytest.raises(DatasetError) as info:
        load_dataset(directory, Limits(max_file_bytes=4000))
    assert any("archive 'archive/article.txt' is larger than the limit of 4,000 bytes"
               in str(p) for p in info.value.problems)


BILLION_LAUGHS = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
events: [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""


def test_an_alias_bomb_is_refused_before_it_expands(tmp_path):
    directory = broken(tmp_path, "events.yaml", None, BILLION_LAUGHS)
    found = problems(directory)
    assert any("events.yaml:1:0: YAML aliases would expand to" in p and "limit of 10,000" in p
               for p in found), found


def test_a_recursive_alias_is_refused(tmp_path):
    directory = broken(tmp_path, "events.yaml", None, "events: &e [*e]\n")
    assert any("recursive" in p for p in problems(directory))


def test_a_few_aliases_are_fine(tmp_path):
    directory = broken(
        tmp_path, "events.yaml", "    sources:\n      - source: article\n        excerpt: On "
        "January 4, the government announced a new price.",
        "    sources: &price\n      - source: article\n        excerpt: On "
        "January 4, the government announced a new price.")
    events = directory / "events.yaml"
    text = events.read_text()
    start = text.index("  - id: 2022-01-04-march")
    block = text[start:]
    head, _, rest = block.partition("    sources:\n")
    rest = rest.split("\n", 2)[2]  # drop the march's own two citation lines
    events.write_text(text[:start] + head + "    sources: *price\n" + rest)
    ds = load_dataset(directory)
    march = next(e for e in ds.events if e.id == "2022-01-04-march")
    assert march.sources[0].excerpt.startswith("On January 4, the government")


def test_warnings_do_not_stop_loading(tmp_path):
    directory = broken(tmp_path, "sources.yaml", "id: wire", "id: wire")
    (directory / "sources.yaml").write_text(
        (directory / "sources.yaml").read_text()
        + "  - id: unused\n    title: Never cited\n    publisher: Nobody\n"
          "    published: 2022-01-07\n    language: en\n", encoding="utf-8")
    quotes = directory / "quotes.yaml"
    quotes.write_text(quotes.read_text().replace("  - id: mayor-listen\n    date: 2022-01-02",
                                                 "  - id: mayor-listen\n    date: 2022-01-01"))
    ds, warnings = load_checked(directory)
    assert len(ds.sources) == 3
    text = [str(w) for w in warnings]
    assert any("sources.yaml" in w and "source 'unused' is cited by no event" in w for w in text)
    assert any("source 'wire' has no archive" in w for w in text)
    assert any("quotes.yaml" in w and "quotes[0].date: 2022-01-01 is before its event" in w
               for w in text)
