"""``python -m kzdash new DIR``: a minimal valid dataset to start from.

Every file is made-up example content (Example Agency, example.org) with a
comment on each field, and starts with an editor hint pointing at the JSON
Schema files written beside it in ``DIR/schema/``, so completion works wherever
the folder is moved.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kzdash.schema import modeline, schema_name, write_schemas

SOURCES = """\
# Sources: the reports that events, quotes and claims cite. MADE-UP EXAMPLE: replace it.
sources:
  - id: example-report            # slug (a-z, 0-9, hyphens); citations name it in `source:`
    title: Example report         # the report's own title
    publisher: Example Agency     # the outlet or office that published it
    kind: international-agency    # who is speaking: state-body | state-media |
                                  # independent-media | international-agency |
                                  # foreign-government | international-organisation | ngo
    url: https://example.org/example-report  # http(s) address; leave out when unknown
    published: 2022-01-02         # YYYY-MM-DD; when unknown, leave out and say why below
    published_precision: day      # day | approximate | inferred (then published_note says why)
    # published_note: Why the date is missing or not the report's own.
    published_time: "09:15+06:00"  # optional: HH:MM and UTC offset, as the page gives it
    language: en                  # language code of the report: en, ru, kk, ...
    archive: archive/example-report.txt  # optional copy of the report's text in this folder:
                                  # every excerpt citing this source must appear in it
                                  # verbatim; without it, cite the source with a note
    notes: A made-up source that shows the format.  # optional, free text
"""

REGIONS = """\
# Regions and cities that events and claims refer to by id. KZ-ALA (Almaty) is a real
# ISO 3166-2 code the map knows; keep the regions your dataset needs.
regions:
  - id: KZ-ALA                    # ISO 3166-2 code: two letters, hyphen, 1-3 letters or digits
    name: Almaty                  # the name shown on the page
    kind: city                    # region | city
    # centre: Aktau               # a region's administrative centre (optional)
    aliases: [Alma-Ata]           # other spellings and names (optional)
    names: {ru: Алматы, kk: Алматы}  # the name in other languages (optional)
    lat: 43.2525                  # latitude of the centre, -90 to 90
    lon: 76.9115                  # longitude of the centre, -180 to 180
"""

EVENTS = """\
# Events: one entry per happening as one account gives it. MADE-UP EXAMPLE: replace it.
events:
  - id: 2022-01-02-example-event  # slug, by convention the date then a few words
    date: 2022-01-02              # YYYY-MM-DD
    date_precision: day           # day (the source's own) | approximate | inferred
    # date_note: Why the date is approximate or inferred (required unless day).
    time: "10:00"                 # optional local time of day, HH:MM, when a source gives it
    time_precision: exact         # exact | approximate (then time_note says why)
    # time_note: Which source gives the time, and any conversion to local time.
    title: Example event          # one line, shown on the timeline
    summary: A made-up event that shows the format; replace it with your own.
    category: government          # protest | unrest | security-operation | government |
                                  # international | casualties | commemoration
    scope: local                  # local (needs regions) | national | international
    regions: [KZ-ALA]             # region ids from regions.yaml
    places: [Example Square]      # places named by the source (free text)
    actors: [Example Agency]      # who acted (free text)
    figures:                      # numbers the account reports (optional)
      - label: participants       # what is counted
        value: 100
        unit: people
        qualifier: about          # exactly | about | more than | at least | almost | up to
        claimed_by: Example Agency  # who gave the number
    related: []                   # ids of other accounts of the same happening
    sources:                      # at least one citation
      - source: example-report    # a source id from sources.yaml
        excerpt: About 100 people met in Example Square on 2 January, the agency said.
        # exactly one of excerpt (verbatim, only for a source with an archive) or
        # note: your own words of what the source supports and where (first paragraph...)
    translations:                 # title and summary in other languages (optional)
      ru:                         # language code
        title: Пример события     # the title in that language
        summary: Вымышленное событие, показывающее формат; замените его своим.
        by: Example Translator    # who translated
        reviewed: false           # true once a fluent reader has checked it
"""

QUOTES = """\
# Statements: who said what, when, about which event. MADE-UP EXAMPLE: replace it.
quotes:
  - id: example-spokesperson-welcome  # slug
    date: 2022-01-02              # YYYY-MM-DD, when it was said
    date_precision: day           # day (the source's own) | approximate | inferred
    # date_note: Why the date is approximate or inferred (required unless day).
    speaker: Example Spokesperson  # who spoke
    role: Spokesperson            # their role at the time
    affiliation: Example Agency   # whom they spoke for
    text: Everyone is welcome to the example meeting  # the words, without quotation marks
    kind: direct                  # direct (verbatim, checked against the archive) | paraphrase
    event: 2022-01-02-example-event  # an event id from events.yaml
    # note: Context a reader needs (optional).
    sources:
      - source: example-report
        excerpt: '"Everyone is welcome to the example meeting," said the Example Spokesperson.'
    translations:                 # shown under the verbatim text, never instead of it (optional)
      ru:                         # language code
        text: Все приглашаются на примерную встречу  # the quote in that language
        by: Example Translator    # who translated
        reviewed: false           # true once a fluent reader has checked it
"""

CLAIMS = """\
# Claims (optional file): one number as one claimant gave it at one time. A figure that
# changed is several claims, never one corrected value. MADE-UP EXAMPLE: replace it.
claims:
  - id: example-participants-agency  # slug
    metric: participants          # slug of what is counted: deaths, injured, detained, ...
    # subject: Almaty             # the part counted when not the whole (optional)
    value: 100                    # zero or more
    qualifier: about              # exactly | about | more than | at least | almost | up to
    as_of: 2022-01-02             # the day the figure refers to (optional)
    reported: 2022-01-02          # the day it was published (optional)
    reported_precision: day       # day | approximate | inferred
    # date_note: Required when reported is missing or not day.
    claimed_by: Example Agency    # the office or organisation that gave the figure
    status: reported              # reported | retracted | disputed
    event: 2022-01-02-example-event  # optional event id
    region: KZ-ALA                # optional region id
    # note: Anything a reader should know (optional).
    sources:
      - source: example-report    # cited with a note: the project's own words, not the source's
        note: "Agency's count of about 100 participants; first sentence"
        # or excerpt: the source's words verbatim (only for a source with an archive)
"""

NAMES = """\
# Names (optional file): how places, people, organisations and roles the data names are
# written in other languages. MADE-UP EXAMPLE: replace it.
names:
  - name: Example Square          # exactly as events and quotes write it
    kind: place                   # place | person | organisation | role
    names: {ru: Примерная площадь, kk: Мысал алаңы}  # keyed by language code
    aliases: [Square of Examples]  # other spellings that search should find (optional)
"""

CORRECTIONS = """\
# Corrections (optional file): every change made to a published item, in the open.
# MADE-UP EXAMPLE: replace it, or leave the list empty (corrections: []).
corrections:
  - item: event:2022-01-02-example-event  # event:<id> | quote:<id> | claim:<id> | source:<id>
    change: re-dated              # re-dated | re-timed | re-attributed | re-sourced |
                                  # re-worded | removed (a removed item need not exist)
    date: 2022-01-03              # the day the correction was made
    reason: The agency's report gives 2 January, not 1 January.  # why
    before: 2022-01-01            # the value before the change (optional)
"""

DATASET = """\
# The dataset as a whole (optional file).
version: 2022-01-03               # the date of the last change: shown on the page and
                                  # written into every download
title: Example dataset            # a name for the dataset (optional)
"""

ARCHIVE = """\
Example report (made-up text for the kzdash dataset template; replace it)

About 100 people met in Example Square on 2 January, the agency said.
"Everyone is welcome to the example meeting," said the Example Spokesperson.
"""

TEMPLATES: dict[str, str] = {
    "sources.yaml": SOURCES,
    "regions.yaml": REGIONS,
    "events.yaml": EVENTS,
    "quotes.yaml": QUOTES,
    "claims.yaml": CLAIMS,
    "names.yaml": NAMES,
    "corrections.yaml": CORRECTIONS,
    "dataset.yaml": DATASET,
}


def scaffold(directory: Path) -> list[Path]:
    """Write the example dataset, its archive and its schema files into ``directory``.

    Raises :class:`FileExistsError` if ``directory`` exists and is not an empty folder,
    so that nobody's work is overwritten."""
    if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
        raise FileExistsError(directory)
    directory.mkdir(parents=True, exist_ok=True)
    written = write_schemas(directory / "schema")
    for name, body in TEMPLATES.items():
        path = directory / name
        hint = modeline(f"schema/{schema_name(name)}")
        path.write_text(f"{hint}\n{body}", encoding="utf-8", newline="\n")
        written.append(path)
    archive = directory / "archive" / "example-report.txt"
    archive.parent.mkdir()
    archive.write_text(ARCHIVE, encoding="utf-8", newline="\n")
    written.append(archive)
    return written


def register(commands: argparse._SubParsersAction) -> None:
    """Add ``new DIR``."""
    parser = commands.add_parser("new", help="start a dataset: write a small valid example")
    parser.add_argument("directory", help="folder to create (must not exist, or be empty)")
    parser.set_defaults(func=new_command)


def new_command(args: argparse.Namespace) -> int:
    """Scaffold, or refuse with exit code 2 when the folder is in use."""
    directory = Path(args.directory)
    try:
        written = scaffold(directory)
    except FileExistsError:
        what = "a file" if directory.is_file() else "a folder that is not empty"
        print(
            f"{directory} is {what}: nothing written. Choose a new folder name "
            "(or an empty folder).",
            file=sys.stderr,
        )
        return 2
    for path in written:
        print(f"wrote {path}")
    print(
        f"Next: edit the files, then run `python -m kzdash validate {directory}` and "
        f"`KZDASH_DATA={directory} streamlit run dashboard.py`."
    )
    return 0
