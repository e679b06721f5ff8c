"""Loading and validation: every class of problem, each with its line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import yaml
from babel.messages.extract import extract_from_file
from pydantic import ValidationError
from test_i18n import catalog

from kzdash.dataset.checks import ArchiveText
from kzdash.dataset.messages import PYDANTIC, PYDANTIC_COUNTED, pydantic_message
from kzdash.dataset.parquetfile import write_parquet
from kzdash.i18n import translator
from kzdash.load import (
    DatasetError,
    Limits,
    Problem,
    dataset_stamp,
    load_checked,
    load_dataset,
)
from kzdash.message import Message
from kzdash.models import EventsFile, Region, RegionsFile, Source, Translation

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


LOCATED = [
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
    # a source says who is speaking, and when it was published, with its offset
    ("sources.yaml", "    kind: state-media\n", "", "id: article",
     "sources[0].kind: Field required"),
    ("sources.yaml", "kind: international-agency", "kind: blog", "kind: blog",
     "sources[1].kind: Input should be 'state-body', 'state-media'"),
    ("sources.yaml", 'published_time: "18:30+06:00"', 'published_time: "18:30"',
     'published_time: "18:30"', "sources[1].published_time: String should match pattern"),
    # a citation is an excerpt or a note, never both, never neither
    ("events.yaml", "      - source: article\n        excerpt: On January 2,",
     "      - source: article  # both\n        note: A rally; first line\n"
     "        excerpt: On January 2,", "# both",
     "events[0].sources[0]: give exactly one of excerpt"),
    ("events.yaml", "      - source: article\n        excerpt: On January 4, the government "
     "announced a new price.", "      - source: article  # neither", "# neither",
     "events[1].sources[0]: give exactly one of excerpt"),
    ("claims.yaml", "      - source: article\n        excerpt: Officials said",
     "      - source: article  # both\n        note: Officials' words\n        excerpt: "
     "Officials said", "# both", "claims[1].sources[0]: give exactly one of excerpt"),
    # an excerpt only where an archived copy can check it
    ("events.yaml", "note: \"Wire's account of unrest in Almaty; undated paragraph after its 5 "
     "January one\"", "excerpt: Unrest in Almaty.", "excerpt: Unrest in Almaty.",
     "events[3].sources[0].excerpt: an excerpt needs an archived copy"),
    ("quotes.yaml", "note: \"The analyst's words, in quotation marks; last paragraph\"",
     "excerpt: Almaty is calm now.", "excerpt: Almaty is calm now.",
     "quotes[2].sources[0].excerpt: an excerpt needs an archived copy"),
    # times of day: HH:MM, and a note when approximate, and only with a time
    ("events.yaml", 'time: "10:00"', 'time: "25:00"', '"25:00"',
     "events[1].time: String should match pattern"),
    ("events.yaml", 'time: "10:00"', "time: 10h", "time: 10h",
     "events[1].time: String should match pattern"),
    ("events.yaml", "    time_note: The article says the march began in the morning, about half "
     "past nine.\n", "", "id: 2022-01-04-march",
     "time_precision is 'approximate' but time_note is missing"),
    ("events.yaml", '    time: "10:00"\n', "    time_precision: approximate\n"
     "    time_note: Morning.\n", "id: 2022-01-04-price",
     "time_precision or time_note is given but time is missing"),
    ("events.yaml", "time_precision: approximate", "time_precision: roughly", "roughly",
     "events[2].time_precision: Input should be 'exact' or 'approximate'"),
    # corrections: of an item that exists (unless removed), in the vocabulary
    ("corrections.yaml", "item: event:2022-01-06-almaty", "item: event:2022-01-06-almat",
     "event:2022-01-06-almat", "corrections[0].item: 'event:2022-01-06-almat' is not in the "
     "dataset; did you mean 'event:2022-01-06-almaty'?"),
    ("corrections.yaml", "item: event:2022-01-06-almaty", "item: claim:zzzz", "claim:zzzz",
     "corrections[0].item: 'claim:zzzz' is not in the dataset: a correction names"),
    ("corrections.yaml", "item: quote:mayor-thanks", "item: speech:mayor-thanks",
     "speech:mayor-thanks", "corrections[1].item: String should match pattern"),
    ("corrections.yaml", "change: re-dated", "change: redated", "redated",
     "corrections[0].change: Input should be 're-dated', 're-timed'"),
    ("corrections.yaml", "    reason: No report gives these words.\n", "",
     "item: quote:mayor-thanks", "corrections[1].reason: Field required"),
    ("corrections.yaml", "date: 2026-12-01\n    reason: The wire", "date: soon\n    reason: "
     "The wire", "date: soon", "corrections[0].date: Input should be a valid date"),
    # the dataset's version is a date
    ("dataset.yaml", "version: 2026-12-01", "version: latest", "version: latest",
     "version: Input should be a valid date"),
    ("dataset.yaml", "title: Mini", "titel: Mini", "titel",
     "titel: unknown field 'titel'; did you mean 'title'?"),
]


@pytest.mark.parametrize(("file", "old", "new", "needle", "message"), LOCATED)
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


UNREADABLE = [
    ("events:\n  - id: [unclosed\n", "YAML syntax error"),
    ("", "empty file"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
    (b"events:\n  - title: caf\xe9\n", "not UTF-8"),
    ("- just\n- a list\n", "top level: Input should be a valid dictionary"),
    ("events: 12\n", "events: Input should be a valid list"),
    ("events: []\n", "events: List should have at least 1 item"),
    ("events:\n  - *undefined\n", "YAML syntax error"),
    ("events: " + "[" * 20000 + "]" * 20000 + "\n", "nested too deeply"),
]


@pytest.mark.parametrize(("content", "message"), UNREADABLE)
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
        + "  - id: unused\n    title: Never cited\n    publisher: Nobody\n    kind: ngo\n"
          "    published: 2022-01-07\n    language: en\n", encoding="utf-8")
    quotes = directory / "quotes.yaml"
    quotes.write_text(quotes.read_text().replace("  - id: mayor-listen\n    date: 2022-01-02",
                                                 "  - id: mayor-listen\n    date: 2022-01-01"))
    ds, warnings = load_checked(directory)
    assert len(ds.sources) == 3
    text = [str(w) for w in warnings]
    assert any("sources.yaml" in w and "source 'unused' is cited by no event" in w for w in text)
    assert not any("has no archive" in w for w in text)  # a note needs no archive
    assert any("quotes.yaml" in w and "quotes[0].date: 2022-01-01 is before its event" in w
               for w in text)


# ---------------------------------------------------------------------------
# Problems in the reader's language: every message is a Message whose words
# come from the catalogs; only data and a few outside words stay as they are.

# Edits beyond LOCATED and UNREADABLE, for the other ways a value can be wrong.
MORE_BROKEN = [
    ("sources.yaml", "language: en\n    archive", "language: [en]\n    archive"),
    ("events.yaml", "        reviewed: true", "        reviewed: maybe"),
    ("events.yaml", "        reviewed: true", "        reviewed: [true]"),
    ("regions.yaml", "lat: 43.2525", "lat: 143.2525"),
    ("regions.yaml", "lat: 43.2525", "lat: [43]"),
    ("events.yaml", "date: 2022-01-04\n    title: Government",
     "date: 2022-01-04 10:00:00\n    title: Government"),
    ("events.yaml", "date: 2022-01-04\n    title: Government",
     "date: 2022/01/04\n    title: Government"),
    ("events.yaml", "date: 2022-01-04\n    title: Government",
     "date: [2022]\n    title: Government"),
    ("events.yaml", "title: Rally in Testville", "title: ' '"),
    ("events.yaml", "id: 2022-01-04-price", "id: " + "a" * 130),
    ("events.yaml", "    summary: A rally", "    zzzzzz: 1\n    summary: A rally"),
    ("names.yaml", "names: {ru: Тествилль}", "names: [ru]"),
    ("quotes.yaml", None, "quotes:\n  - just text\n"),
    ("sources.yaml", "archive: archive/article.txt", "archive: archive/nowhere.txt"),
    ("sources.yaml", "archive: archive/article.txt", "archive: ../../../etc/passwd"),
    ("archive/article.txt", None, b"caf\xe9"),
    ("claims.yaml", None, "# nothing here\n"),
    # references with no likely meant id, an event related to itself
    ("events.yaml", "regions: [KZ-MAN]", "regions: [XX-QQQ]"),
    ("quotes.yaml", "event: 2022-01-06-almaty", "event: zzzz"),
    ("events.yaml", "- source: wire", "- source: zzzz"),
    ("events.yaml", "regions: [KZ-AST]", "regions: [KZ-AST]\n    related: [2022-01-04-march]"),
    # an unknown field where the known ones cannot be listed
    ("events.yaml", "        by: kzdash project\n      kk:",
     "        by: kzdash project\n        zzzzzz: 1\n      kk:"),
    ("sources.yaml", "    published: 2022-01-06\n",
     "    published: 2022-01-06\n    published_precision: approximate\n"),
    # warnings: a source nothing cites, a quote dated before its event
    ("sources.yaml", "sources:\n", "sources:\n  - id: unused\n    title: Never cited\n"
     "    publisher: Nobody\n    kind: ngo\n    published: 2022-01-07\n    language: en\n"),
    # a warning: an item recorded as removed that is still there
    ("corrections.yaml", "item: quote:mayor-thanks", "item: quote:mayor-listen"),
    ("quotes.yaml", "  - id: mayor-listen\n    date: 2022-01-02",
     "  - id: mayor-listen\n    date: 2022-01-01"),
    # texts that are not dates, each for its own reason
    *(("events.yaml", "date: 2022-01-04\n    title: Government",
       f"date: {text}\n    title: Government")
      for text in ("2022-13-01", "20x2-01-01", "2022-0x-01", "2022-01-0x", "2022-01-04x",
                   "Jan 4", "0000-01-04")),
]
# Values that are data (ids, field names, what was found, numbers): shown as
# they are in every language.
DATA = {"where", "name", "close", "known", "value", "id", "key", "line", "file", "size",
        "limit", "added", "source", "archive", "as_of", "reported", "date", "event",
        "event_date", "precision", "pattern", "max_length", "ge", "le", "class_name",
        "expected", "choices", "last", "item", "yaml", "parquet"}
# Words from outside kzdash, deliberately left as they are: the message
# around them is translated.
OUTSIDE_WORDS = {
    "detail": "PyYAML's description of what is wrong in the YAML ('did not find expected "
              "',' or ']''), or pyarrow's or json's of a Parquet file or JSON cell; they "
              "have no catalog, and their terms help a search for the fix",
    "reason": "the operating system's reason a file cannot be read ('Permission denied', "
              "'No such file or directory')",
}


# Problems that the broken datasets cannot make, and why.
UNREACHED = {
    "cannot read file: {reason}": "an unreadable file needs permissions the test's user (often "
                                  "root in CI) ignores",
    "YAML error: {detail}": "PyYAML's errors all carry a line (a syntax error); this is for "
                            "one that does not",
}


def problem_templates() -> set[str]:
    """Every message the loader and the models mark: the problems they can make."""
    root = Path(__file__).resolve().parent.parent / "kzdash"
    files = [*sorted((root / "models").glob("*.py")), *sorted((root / "dataset").glob("*.py"))]
    return {message for path in files
            for _, message, _, _ in extract_from_file("python", path, {"N_": None})}


def every_problem(tmp_path: Path) -> list[Problem]:
    """The problems and warnings of many broken copies of the mini dataset:
    one for each kind of problem the tests above make, and then some."""
    edits = [(file, old, new) for file, old, new, *_ in LOCATED]
    edits += [("events.yaml", None, content) for content, _ in UNREADABLE]
    edits += [("events.yaml", None, text) for text in (BILLION_LAUGHS, "events: &e [*e]\n")]
    edits += MORE_BROKEN
    runs = [(broken(tmp_path / str(n), *edit), Limits()) for n, edit in enumerate(edits)]
    runs += [(broken(tmp_path / "big", "events.yaml", "Testville", "Testville"),
              Limits(max_file_bytes=200)),
             (broken(tmp_path / "big-archive", "archive/article.txt", None, "x" * 5000),
              Limits(max_file_bytes=4000)),
             (tmp_path / "nowhere", Limits()), (MINI, Limits())]
    gone = broken(tmp_path / "gone", "events.yaml", "Testville", "Testville")
    (gone / "quotes.yaml").unlink()
    runs.append((gone, Limits()))
    runs += [(d, Limits()) for d in parquet_problems(tmp_path / "parquet")]
    found: list[Problem] = []
    for directory, limits in runs:
        try:
            found += load_checked(directory, limits)[1]  # warnings
        except DatasetError as exc:
            found += exc.problems
    return found


def parquet_problems(tmp_path: Path) -> list[Path]:
    """Copies of the mini dataset with its quotes as Parquet, broken: both
    formats, not Parquet, a cell that is not JSON, a required column missing,
    an id twice."""
    quotes = yaml.safe_load((MINI / "quotes.yaml").read_text(encoding="utf-8"))["quotes"]
    both = broken(tmp_path / "both", "quotes.yaml", None, (MINI / "quotes.yaml").read_text())
    write_parquet(both / "quotes.parquet", quotes)
    garbage = broken(tmp_path / "garbage", "quotes.yaml", None, "")
    (garbage / "quotes.yaml").unlink()
    (garbage / "quotes.parquet").write_text("quotes: []\n", encoding="utf-8")
    not_json = broken(tmp_path / "not-json", "quotes.yaml", None, "")
    (not_json / "quotes.yaml").unlink()
    write_parquet(not_json / "quotes.parquet", [{**quotes[0], "sources": "{"}, *quotes[1:]])
    table = pq.read_table(not_json / "quotes.parquet")
    cells = table.column("sources").to_pylist()
    at = table.column_names.index("sources")
    cells[0] = "[not json"
    pq.write_table(table.set_column(at, "sources", pa.array(cells)), not_json / "quotes.parquet")
    no_column = broken(tmp_path / "no-column", "quotes.yaml", None, "")
    (no_column / "quotes.yaml").unlink()
    write_parquet(no_column / "quotes.parquet",
                  [{k: v for k, v in q.items() if k != "speaker"} for q in quotes])
    twice = broken(tmp_path / "twice", "quotes.yaml", None, "")
    (twice / "quotes.yaml").unlink()
    write_parquet(twice / "quotes.parquet", [*quotes, quotes[0]])
    return [both, garbage, not_json, no_column, twice]


def templates(found: list[Problem]) -> set[str]:
    out = set()
    messages = [p.message for p in found]
    while messages:
        message = messages.pop()
        if isinstance(message, Message):
            out.add(message.template)
            messages += message.values.values()
    return out


def untranslated(message: object, translated: set[str], where: str = "message") -> list[str]:
    """What of ``message`` a page in another language would show in English."""
    if not isinstance(message, Message):
        return [f"{where} is not a Message: {message!r}"]
    out = [] if message.template in translated else [f"{where}: {message.template!r}"]
    for key, value in message.values.items():
        if isinstance(value, Message):
            out += untranslated(value, translated, f"{where}.{key}")
        elif key not in DATA and key not in OUTSIDE_WORDS:
            out.append(f"{where}.{key} is text, not a Message: {value!r}")
    return out


def test_every_problem_reads_in_russian_and_kazakh(tmp_path):
    found = every_problem(tmp_path)
    made = problem_templates()
    assert made - templates(found) == set(UNREACHED), "a kind of problem no case above makes"
    for lang in ("ru", "kk"):
        translated = {m.id for m in catalog(lang) if m.id and m.string and not m.fuzzy}
        wrong = sorted({text for p in found for text in untranslated(p.message, translated)})
        assert not wrong, f"{lang}: {wrong[:5]}"
        tr = translator(lang)
        same = [str(p) for p in found if p.message.translate(tr) == p.message]
        assert not same, f"{lang}: left in English: {same[:3]}"


REGION = {"id": "KZ-ALA", "name": "Almaty", "kind": "city", "lat": 43.25, "lon": 76.95}
SOURCE = {"id": "wire", "title": "Wire", "publisher": "Wire", "kind": "international-agency",
          "published": "2022-01-06", "language": "en"}


@pytest.mark.parametrize(("model", "data", "kind"), [
    (Region, {**REGION, "name": None}, "string_type"),
    (Region, {k: v for k, v in REGION.items() if k != "name"}, "missing"),
    (Region, {**REGION, "id": "almaty"}, "string_pattern_mismatch"),
    (Source, {**SOURCE, "id": "a" * 130}, "string_too_long"),
    (Region, {**REGION, "name": "  "}, "string_too_short"),
    (Region, {**REGION, "lat": []}, "float_type"),
    (Region, {**REGION, "lat": "north"}, "float_parsing"),
    (Region, {**REGION, "lat": -100}, "greater_than_equal"),
    (Region, {**REGION, "lon": 200}, "less_than_equal"),
    (Translation, {"by": "x", "reviewed": []}, "bool_type"),
    (Translation, {"by": "x", "reviewed": "maybe"}, "bool_parsing"),
    (Source, {**SOURCE, "published": []}, "date_type"),
    (Source, {**SOURCE, "published": "0000-01-01"}, "date_parsing"),
    (Source, {**SOURCE, "published": "2022-02-30"}, "date_from_datetime_parsing"),
    (Source, {**SOURCE, "published": "2022-01-06 10:00"}, "date_from_datetime_inexact"),
    (Region, {**REGION, "names": []}, "dict_type"),
    (Region, {**REGION, "aliases": "Alma-Ata"}, "list_type"),
    (Region, {**REGION, "kind": "town"}, "literal_error"),
    (RegionsFile, {"regions": ["Almaty"]}, "model_type"),
    (EventsFile, {"events": []}, "too_short"),
    (Source, {**SOURCE, "published": None}, "value_error"),
])
def test_translatable_pydantic_messages_keep_pydantics_english(model, data, kind):
    with pytest.raises(ValidationError) as info:
        model.model_validate(data)
    (err,) = [e for e in info.value.errors(include_url=False) if e["type"] == kind]
    message = pydantic_message(err)
    assert isinstance(message, Message), f"{kind} falls back to pydantic's English"
    assert message == err["msg"].removeprefix("Value error, ")


def test_every_pydantic_template_is_tested():
    tested = {kind for *_, kind in
              test_translatable_pydantic_messages_keep_pydantics_english.pytestmark[0].args[1]}
    assert {*PYDANTIC, *(kind for kind, _ in PYDANTIC_COUNTED), "value_error"} <= tested


def test_pydantic_words_that_kzdash_does_not_know_stay_pydantics():
    # a count the models never use: pydantic's own English, not a template
    err = {"type": "too_short", "msg": "List should have at least 2 items after validation, "
           "not 1", "ctx": {"field_type": "List", "min_length": 2, "actual_length": 1}}
    assert pydantic_message(err) == err["msg"] and not isinstance(pydantic_message(err),
                                                                   Message)
    # a template whose English pydantic has since reworded: pydantic's words win
    err = {"type": "list_type", "msg": "Input should be a list", "ctx": {}}
    assert not isinstance(pydantic_message(err), Message)


def test_warnings_keep_their_messages_through_the_cache(tmp_path, monkeypatch):
    from kzdash import cache

    _, stored = cache.load_cached(MINI, Limits(), tmp_path / "cache")
    monkeypatch.setattr(cache, "load_checked", lambda *args: pytest.fail("not a cache hit"))
    _, read = cache.load_cached(MINI, Limits(), tmp_path / "cache")
    assert read == stored and [str(w) for w in read] == [str(w) for w in stored]
    assert all(isinstance(w.message, Message) for w in read)
    assert [(w.message.template, w.message.values) for w in read] == [
        (w.message.template, w.message.values) for w in stored]
    ru = translator("ru")
    assert [w.message.translate(ru) for w in read] == [w.message.translate(ru) for w in stored]


# ---------------------------------------------------------------------------
# YAML read through libyaml's node tree


def test_a_duplicate_key_in_a_list_item_is_reported(tmp_path):
    directory = broken(tmp_path, "events.yaml", "    category: protest\n",
                       "    category: protest\n    category: unrest  # again\n")
    line = line_of(directory, "events.yaml", "# again")
    assert any(p.startswith(f"{directory / 'events.yaml'}:{line}:5: duplicate key 'category'")
               for p in problems(directory))


def test_a_block_style_alias_bomb_is_refused(tmp_path):
    lines = ["a: &a\n  - lol\n  - lol\n  - lol\n  - lol\n  - lol\n  - lol\n  - lol\n  - lol\n"]
    for name, prev in zip("bcdefgh", "abcdefg", strict=True):
        lines.append(f"{name}: &{name}\n" + f"  - *{prev}\n" * 9)
    lines.append("events:\n" + "  - *h\n" * 9)
    directory = broken(tmp_path, "events.yaml", None, "".join(lines))
    assert any("YAML aliases would expand to" in p for p in problems(directory))


def test_archives_are_searched_in_and_out_of_order():
    archive = ArchiveText("one two three four one")
    assert [x in archive for x in ["three", "one", "four", "two", "five", "four one"]] == [
        True, True, True, True, False, True]
    # spacing does not count, in the archive or in the excerpt
    spaced = ArchiveText("one  two\nthree\tfour")
    assert "two three" in spaced and "three   four" in spaced and "two  four" not in spaced
    # many at once: found in and out of order, or not all of them
    assert archive.all_found(["four", "one two", "three four one"])
    assert not archive.all_found(["one", "six", "two"])
    assert archive.all_found([])


# ---------------------------------------------------------------------------
# Citations, times and corrections


def test_a_citation_is_checked_or_noted():
    ds = load_dataset(MINI)
    rally, almaty = ds.events[0], ds.events[3]
    assert rally.sources[0].checked and rally.sources[0].note is None
    assert not almaty.sources[0].checked and almaty.sources[0].excerpt is None
    assert "undated paragraph" in almaty.sources[0].note


def test_a_note_needs_no_archive_and_an_archived_source_takes_notes_too(tmp_path):
    directory = broken(tmp_path, "claims.yaml", "excerpt: Officials said the rally was peaceful.",
                       "note: The officials' description; second paragraph")
    claim = load_dataset(directory).claims[1]
    assert claim.sources[0].note == "The officials' description; second paragraph"


def test_times_and_their_precision():
    events = {e.id: e for e in load_dataset(MINI).events}
    assert (events["2022-01-04-price"].time, events["2022-01-04-price"].time_precision) == (
        "10:00", "exact")
    march = events["2022-01-04-march"]
    assert (march.time, march.time_precision) == ("09:30", "approximate")
    assert events["2022-01-02-rally"].time is None


def test_corrections_and_the_version_are_read():
    ds = load_dataset(MINI)
    assert ds.version is not None and ds.version.isoformat() == "2026-12-01"
    assert ds.title == "Mini test dataset"
    redated, removed = ds.corrections
    assert (redated.kind, redated.target, redated.change) == ("event", "2022-01-06-almaty",
                                                             "re-dated")
    assert redated.before == "2022-01-05"  # an unquoted date stays the text it was
    assert (removed.item, removed.change, removed.before) == ("quote:mayor-thanks", "removed",
                                                             None)


def test_corrections_and_dataset_files_are_optional(tmp_path):
    directory = broken(tmp_path, "events.yaml", "Testville", "Testville")
    (directory / "corrections.yaml").unlink()
    (directory / "dataset.yaml").unlink()
    ds = load_dataset(directory)
    assert ds.corrections == () and ds.version is None and ds.title is None


def test_a_removed_item_still_present_is_a_warning(tmp_path):
    directory = broken(tmp_path, "corrections.yaml", "item: quote:mayor-thanks",
                       "item: quote:mayor-listen")
    _, warnings = load_checked(directory)
    (warning,) = [str(w) for w in warnings if "removed" in str(w)]
    line = line_of(directory, "corrections.yaml", "quote:mayor-listen")
    assert warning.startswith(f"{directory / 'corrections.yaml'}:{line}:")
    assert "corrections[1].item: 'quote:mayor-listen' is recorded as removed" in warning


def test_a_correction_of_a_file_with_problems_is_not_reported_twice(tmp_path):
    directory = broken(tmp_path, "events.yaml", "category: government", "category: politics")
    found = problems(directory)
    assert not [p for p in found if "corrections.yaml" in p], found


def test_a_quote_before_an_event_of_uncertain_date_is_no_warning(tmp_path):
    """An event placed approximately (messages sent over several days, say) may well have
    quotes from before the day it is placed on."""
    directory = broken(tmp_path, "quotes.yaml", "  - id: wire-almaty\n    date: 2022-01-06",
                       "  - id: wire-almaty\n    date: 2022-01-05")
    _, warnings = load_checked(directory)
    assert not [w for w in warnings if "is before its event" in str(w)]  # the event: inferred


def test_ids_are_not_stripped_but_text_and_notes_are():
    # a stray space in an id is a mistake worth saying (a quoted YAML value can
    # carry one); text and notes are stripped, as a reader sees them
    with pytest.raises(ValidationError, match="String should match pattern"):
        Region.model_validate({**REGION, "id": "KZ-ALA "})
    region = Region.model_validate({**REGION, "name": " Almaty ", "centre": " Almaty city "})
    assert (region.name, region.centre) == ("Almaty", "Almaty city")
