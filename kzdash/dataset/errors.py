"""What a problem with a dataset is, and what reading one may cost."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from kzdash.message import N_, Message

# where a value is in a file's data: ("events", 3, "sources", 0, "excerpt")
Loc = tuple[str | int, ...]


def where(loc: Loc) -> str:
    """A place in a file's data as a person reads it: ``events[3].sources[0].excerpt``."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a dataset, where it is, and what to do about it.

    ``line`` and ``column`` are 1-based; 0 means the problem concerns the
    whole file (a missing file, say). In a Parquet file ``line`` is the
    1-based row (``row`` is True) and there is no column. ``message`` is
    English text; the page shows it in its reader's language when it is a
    :class:`~kzdash.message.Message`, as every message made here is."""

    path: str
    line: int
    message: str
    column: int = 0
    row: bool = False

    def __str__(self) -> str:
        if self.row:  # a Parquet file: row 0 is the whole file
            if self.line == 0:
                return f"{self.path}: {self.message}"
            return f"{self.path}:row {self.line}: {self.message}"
        return f"{self.path}:{self.line}:{self.column}: {self.message}"

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.line, self.column, self.message)


class DatasetError(Exception):
    """A dataset could not be loaded; ``problems`` lists every reason."""

    def __init__(self, problems: Sequence[Problem]):
        self.problems = sorted(problems, key=Problem.sort_key)
        super().__init__("\n".join(str(p) for p in self.problems))


@dataclass(frozen=True)
class Limits:
    """What a dataset may cost to read. Data is untrusted input: a huge file
    or an alias bomb gets a clear problem, not a hang."""

    max_file_bytes: int = 20 * 1024 * 1024
    # nodes that YAML aliases (*name) would add when expanded: a few are
    # handy, billions ("billion laughs") would exhaust memory downstream
    max_alias_nodes: int = 10_000


def read_limited(path: Path, shown: str, limits: Limits) -> tuple[bytes | None, list[Problem]]:
    """The bytes of a dataset file, or why they cannot be read (missing,
    over the size limit, unreadable)."""
    if not path.is_file():
        return None, [
            Problem(shown, 0, Message(N_("missing file: expected {file} in the dataset"),
                                      file=path.name))
        ]
    try:
        size = path.stat().st_size
        if size > limits.max_file_bytes:
            return None, [Problem(shown, 0, Message(
                N_("file too large: {size} bytes, the limit is {limit} (raise it with "
                   "--max-file-mb or KZDASH_MAX_FILE_MB if the file is meant to be this big)"),
                size=size, limit=limits.max_file_bytes,
            ))]
        return path.read_bytes(), []
    except OSError as exc:
        # the reason is the operating system's own words
        return None, [Problem(shown, 0, Message(N_("cannot read file: {reason}"),
                                                reason=exc.strerror or str(exc)))]


class Located(Protocol):
    """A file that was read, which can say where a value in its data is."""

    path: str
    by_row: bool  # a place is a row (Parquet), not a line and column (YAML)
    absent: frozenset[str]  # required fields with no column: said once, not each row

    def line(self, loc: Loc) -> int: ...

    def where(self, loc: Loc) -> str:
        """The place of ``loc`` as a message names it."""
        ...

    def problem(self, loc: Loc, message: str, *, key: bool = False) -> Problem: ...
