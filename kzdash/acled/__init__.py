"""Import an ACLED export (CSV, ACLED's published column layout) as a kzdash dataset.

``python -m kzdash import-acled FILE.csv --out DIR [--regions REGIONS.yaml]``

Every row becomes one event. Nothing is guessed: a row whose unit the evidence does not
decide, or whose evidence contradicts itself (:mod:`kzdash.units`), an ``event_type`` not in
:data:`CATEGORY_BY_EVENT_TYPE`, a date or ``time_precision`` that cannot be read, empty
notes and duplicate ids are all reported, one line each as ``file.csv:line: message``, and
then nothing is written. The import is all or nothing: DIR is written only when every row
is good and the result passes :func:`~kzdash.load.load_dataset`.

Decisions worth knowing:

- ``time_precision`` 1 is ``day``; 2 and 3 are ``approximate``, with a ``date_note`` that
  says what ACLED's code means (:data:`DATE_NOTES`).
- ``fatalities`` becomes a figure (label "fatalities", unit "people", claimed by ACLED)
  only when it is above 0. ACLED records 0 when no fatalities were reported, which is not
  a claim that nobody died, so no figure is made of it. An empty cell makes no figure either.
- The row's ``notes`` are the summary, followed by a line that says which evidence decided
  the unit ("Unit on import: ..."), and, verbatim, the excerpt citing the export's own
  source entry (kind ``ngo``: ACLED is a non-profit). They are written to
  ``archive/acled-notes.txt``, that entry's archive, so the validator checks each excerpt
  against it. The outlets named in ``source`` were not read, and their kind is not known,
  so they are not sources of their own: a second citation of the export, a note, names
  them ("ACLED names as its sources: ...").
- Categories come from :data:`CATEGORY_BY_EVENT_TYPE`, with the exceptions in
  :data:`CATEGORY_BY_SUB_EVENT_TYPE`.

The package, by job: :mod:`~kzdash.acled.csvrows` reads the CSV (columns, records, dates,
what each row's values mean), :mod:`~kzdash.acled.events` turns the rows into events and
sources, and :mod:`~kzdash.acled.command` writes and checks the dataset (the command line,
the progress bar). Every name below is importable from ``kzdash.acled``.
"""

from kzdash.acled.command import (
    import_acled,
    import_acled_checked,
    import_acled_command,
    progress_bar,
    register,
    show,
    to_yaml,
)
from kzdash.acled.csvrows import (
    ACLED_COLUMNS,
    CATEGORY_BY_EVENT_TYPE,
    CATEGORY_BY_SUB_EVENT_TYPE,
    DATE_NOTES,
    parse_date,
    slugify,
)
from kzdash.acled.events import (
    ARCHIVE,
    DEFAULT_REGIONS,
    EXPORT_SOURCE_ID,
    Imported,
    Progress,
    convert,
    read_regions,
)

__all__ = [
    "ACLED_COLUMNS",
    "ARCHIVE",
    "CATEGORY_BY_EVENT_TYPE",
    "CATEGORY_BY_SUB_EVENT_TYPE",
    "DATE_NOTES",
    "DEFAULT_REGIONS",
    "EXPORT_SOURCE_ID",
    "Imported",
    "Progress",
    "convert",
    "import_acled",
    "import_acled_checked",
    "import_acled_command",
    "parse_date",
    "progress_bar",
    "read_regions",
    "register",
    "show",
    "slugify",
    "to_yaml",
]
