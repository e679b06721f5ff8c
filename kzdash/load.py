"""Load a dataset directory into a validated :class:`~kzdash.models.Dataset`.

Validation happens once, here, at the edge. Every problem found is collected
and raised together as one :class:`DatasetError`, each problem pointing at the
file and line of the offending YAML node, so a person fixing a dataset sees the
whole list in one run.

Reading is fast for the block-style YAML that datasets are written in (see
:func:`_read_plain_yaml`); anything else, and any file with a problem, goes
through PyYAML's node tree, which knows the line of every node.
"""

from __future__ import annotations

import difflib
import gc
import os
import re
import types
import typing
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError
from yaml.nodes import ScalarNode

from kzdash.message import N_, Message
from kzdash.models import FILES, OPTIONAL_FILES, Dataset, Model

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a dataset, where it is, and what to do about it.

    ``line`` and ``column`` are 1-based; 0 means the problem concerns the
    whole file (a missing file, say). ``message`` is English text; the page
    shows it in its reader's language when it is a
    :class:`~kzdash.message.Message`, as every message made here is."""

    path: str
    line: int
    message: str
    column: int = 0

    def __str__(self) -> str:
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


# libyaml's parser when PyYAML was built with it (about 4x faster on large
# files); the pure-Python one otherwise. Both give nodes with line marks.
_SafeLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_SafeLoader):  # type: ignore[misc,valid-type]
    """``safe_load`` semantics, except that an impossible timestamp (2022-02-30)
    stays a string so that validation reports it with its line instead of
    PyYAML raising a bare ValueError."""


def _timestamp_or_text(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:
        return loader.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_or_text)


@dataclass(frozen=True)
class _Parsed:
    """A file that was read: where it is, and what gives the line of a node.

    That is the file's node tree when the slow path built one. A file that
    _read_plain_yaml read has only its ``text``: a problem's line comes from
    composing just the top-level item the problem is in (``events[57385]``),
    so that one mistake among 100,000 events does not cost a node for each."""

    path: str
    tree: yaml.Node | None = None
    text: str | None = None

    def _node_of(self, loc: Loc) -> tuple[yaml.Node | None, int, Loc]:
        """A node to walk the rest of ``loc`` from: (node, its file's line
        offset, rest of loc)."""
        if self.tree is None and self.text is not None and len(loc) >= 2:
            item = self._item(loc[0], loc[1])
            if item is not None:
                return item[0], item[1], loc[2:]
        return self._whole, 0, loc

    @cached_property
    def _whole(self) -> yaml.Node | None:
        if self.tree is not None or self.text is None:
            return self.tree
        with _gc_paused():
            return yaml.compose(self.text, Loader=_Loader)

    @cached_property
    def _lines(self) -> list[str]:
        return (self.text or "").split("\n")

    @cached_property
    def _items(self) -> dict[str, list[int]]:
        """For each top-level key whose value is a list: the 0-based line of
        each item's first line, then the line after the list. Only for text
        that _read_plain_yaml read: block style, one value a line."""
        out: dict[str, list[int]] = {}
        root = key = item_indent = None
        for number, line in enumerate(self._lines):
            s = line.lstrip(" ")
            if not s or s[0] == "#":
                continue
            n = len(line) - len(s)
            item = s[0] == "-" and (len(s) == 1 or s[1] == " ")
            if root is None:
                root = n
            if key is not None:
                if item_indent is None and item:
                    item_indent = n
                    out[key] = [number]
                    continue
                if item_indent is not None and (n > item_indent or n == item_indent and item):
                    if n == item_indent:
                        out[key].append(number)
                    continue
                if item_indent is not None:
                    out[key].append(number)
                key = None
            if n == root and not item:
                name, _, rest = s.partition(":")
                if not rest.strip(" ") or rest.lstrip(" ").startswith("#"):
                    key, item_indent = name, None
        if key is not None and item_indent is not None:
            out[key].append(len(self._lines))
        return out

    @cached_property
    def _composed(self) -> dict[tuple[str, int], tuple[yaml.Node, int] | None]:
        return {}

    def _item(self, key: str | int, index: str | int) -> tuple[yaml.Node, int] | None:
        """Item ``index`` of the top-level list ``key``, composed alone, and
        the line it starts on; None if there is no such item."""
        starts = self._items.get(key) if isinstance(key, str) else None
        if not isinstance(index, int) or not starts or not 0 <= index < len(starts) - 1:
            return None
        if (key, index) not in self._composed:
            first, after = starts[index], starts[index + 1]
            # the item's own lines, indent kept: a one-item list, same columns
            text = "\n".join(self._lines[first:after])
            try:
                node = yaml.compose(text, Loader=_Loader)
                self._composed[key, index] = (node.value[0], first)
            except (yaml.YAMLError, AttributeError, IndexError):  # never expected
                self._composed[key, index] = None
        return self._composed[key, index]

    def mark(self, loc: Loc) -> tuple[int, int]:
        """The 1-based line and column of the node at ``loc`` (or of its
        nearest parent)."""
        node, offset, rest = self._node_of(loc)
        if node is None:
            return 1, 1
        for part in rest:
            child = _child(node, part)
            if child is None:
                break
            node = child
        return offset + node.start_mark.line + 1, node.start_mark.column + 1

    def line(self, loc: Loc) -> int:
        return self.mark(loc)[0]

    def key_mark(self, loc: Loc) -> tuple[int, int]:
        """Where a mapping key itself is (for unknown or duplicate keys)."""
        node, offset, rest = self._node_of(loc[:-1])
        for part in rest:
            node = _child(node, part) if node is not None else None
        if isinstance(node, yaml.MappingNode):
            for key, _ in node.value:
                if key.value == loc[-1]:
                    return offset + key.start_mark.line + 1, key.start_mark.column + 1
        return self.mark(loc[:-1])

    def problem(self, loc: Loc, message: str, *, key: bool = False) -> Problem:
        line, column = self.key_mark(loc) if key else self.mark(loc)
        return Problem(self.path, line, message, column)


def _child(node: yaml.Node, part: str | int) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if key.value == part:
                return value
    elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and (
        0 <= part < len(node.value)
    ):
        return node.value[part]
    return None


def _duplicate_keys(node: yaml.Node | None, path: str) -> Iterable[Problem]:
    if isinstance(node, yaml.MappingNode):
        seen: dict[Any, int] = {}
        for key, value in node.value:
            line = key.start_mark.line + 1
            if key.value in seen:
                yield Problem(
                    path,
                    line,
                    Message(N_("duplicate key {key} (first at line {line})"),
                            key=repr(key.value), line=str(seen[key.value])),
                    key.start_mark.column + 1,
                )
            seen.setdefault(key.value, line)
            yield from _duplicate_keys(value, path)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _duplicate_keys(item, path)


def _alias_nodes(root: yaml.Node) -> int | None:
    """How many nodes the aliases under ``root`` would add if expanded, or
    None when an alias refers to a node that contains it (a cycle)."""
    sizes: dict[int, int] = {}
    open_: set[int] = set()
    added = 0

    def size(node: yaml.Node) -> int | None:
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in open_:
            return None
        open_.add(key)
        total = 1
        children: list[yaml.Node] = []
        if isinstance(node, yaml.SequenceNode):
            children = list(node.value)
        elif isinstance(node, yaml.MappingNode):
            children = [n for pair in node.value for n in pair]
        for child in children:
            n = size(child)
            if n is None:
                return None
            total += n
        open_.discard(key)
        sizes[key] = total
        return total

    # A node reached a second time is an alias: everything under it is added.
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            n = size(node)
            if n is None:
                return None
            added += n
            continue
        seen.add(id(node))
        if isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            stack.extend(n for pair in node.value for n in pair)
    # A cycle is an alias to an ancestor: the walk meets it as a second visit,
    # and size() finds the ancestor still open.
    return added


class _NotPlain(Exception):
    """The text is not in the subset of YAML that _read_plain_yaml reads."""


_YAML = "tag:yaml.org,2002:"
_RESOLVED_TAGS = frozenset(_YAML + t for t in ("null", "bool", "int", "float", "timestamp"))
# what YAML reads as something other than text on one line: tabs, CR, the
# other line breaks of YAML 1.1 (NEL, LS, PS), a BOM, anything not printable
_NOT_PLAIN_CHAR = re.compile(
    "[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
)
_KEY = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_-]*\Z")
_DOUBLE_QUOTED = re.compile(r'"((?:[^"\\]|\\[\\"nt])*)"(?: *| +#.*)\Z')
_SINGLE_QUOTED = re.compile(r"'((?:[^']|'')*)'(?: *| +#.*)\Z")
_AFTER_QUOTE = re.compile(r"(?: *| +#.*)\Z")
_FLOW_LIST = re.compile(r"\[([^\[\]{}#\"':]*)\](?: *| +#.*)\Z")
_ESCAPE = re.compile(r"\\(.)")
_ESCAPED = {"\\": "\\", '"': '"', "n": "\n", "t": "\t"}
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
_MAX_DEPTH = 64
# first characters of a plain scalar that is not just its text: an indicator,
# or the start of something PyYAML resolves (a number, a date, yes, null...)
_NOT_TEXT_START = _INDICATORS | set(_Loader.yaml_implicit_resolvers) | {"."}
_ITEM = object()  # stands for "the list's next item" where a mapping key would be


class _Scalars:
    """Scalars as ``safe_load`` reads them: plain ones through PyYAML's own
    resolver and constructors (so ``2022-01-04`` is a date and ``yes`` is
    True), memoized, since datasets repeat them (keys, dates, categories)."""

    def __init__(self) -> None:
        self.loader = _Loader("")
        self.resolvers = self.loader.yaml_implicit_resolvers
        self.resolved: dict[str, Any] = {}
        self.keys: dict[str, Any] = {}

    def plain(self, s: str) -> Any:
        first = s[0]
        if first in _INDICATORS and not (first == "-" and s[1:2] not in ("", " ", "-")):
            raise _NotPlain
        if ": " in s or s[-1] == ":" or s.startswith(".."):
            raise _NotPlain
        if first not in self.resolvers:
            return s
        if s in self.resolved:
            return self.resolved[s]
        loader = self.loader
        tag = loader.resolve(ScalarNode, s, (True, False))
        if tag == _YAML + "str":
            value: Any = s
        elif tag in _RESOLVED_TAGS:
            try:
                value = loader.yaml_constructors[tag](loader, ScalarNode(tag, s))
            except (ValueError, yaml.YAMLError):
                raise _NotPlain from None
        else:
            raise _NotPlain
        self.resolved[s] = value
        return value

    def key(self, k: str) -> Any:
        if k not in self.keys:
            if not _KEY.match(k):
                raise _NotPlain
            self.keys[k] = self.plain(k)
        return self.keys[k]

    def value(self, s: str, more: Iterator[str], indent: int) -> tuple[Any, str | None]:
        """The value that ``s`` starts, after ``key:`` or ``-``; and, if it is
        a plain scalar that later lines may go on with, its text. A quoted
        one that the line does not close goes on in ``more``, on lines
        indented past ``indent``."""
        first = s[0]
        if first == '"' or first == "'":
            return self.quoted(s, more, indent), None
        if first == "[":
            match = _FLOW_LIST.match(s)
            if match is None:
                raise _NotPlain
            inner = match.group(1).strip(" ")
            items = [item.strip(" ") for item in inner.split(",")] if inner else []
            if not all(items):
                raise _NotPlain
            return [self.plain(item) for item in items], None
        if first == "{":
            if s.rstrip(" ") == "{}":
                return {}, None
            raise _NotPlain
        comment = s.find(" #")
        if comment >= 0:  # a comment ends a plain scalar
            return self.plain(s[:comment].rstrip(" ")), None
        s = s.rstrip(" ")
        return self.plain(s), s

    def quoted(self, s: str, more: Iterator[str], indent: int) -> str:
        quote = s[0]
        match = (_DOUBLE_QUOTED if quote == '"' else _SINGLE_QUOTED).match(s)
        if match is not None:
            text = match.group(1)
            if quote == "'":
                return text.replace("''", "'")
            return _ESCAPE.sub(lambda m: _ESCAPED[m.group(1)], text) if "\\" in text else text
        if _closing(s, 1, quote) >= 0 or (quote == '"' and "\\" in s):
            raise _NotPlain  # something after the closing quote, or escapes
        # Lines fold as in YAML: a line break is a space, unless blank lines
        # follow it (then each of those is a newline); the spaces around a
        # break go.
        parts = [s[1:].rstrip(" ")]
        blank = 0
        for line in more:
            s = line.lstrip(" ")
            if not s:
                blank += 1
                continue
            if len(line) - len(s) <= indent or (quote == '"' and "\\" in s):
                raise _NotPlain
            parts.append("\n" * blank if blank else " ")
            blank = 0
            end = _closing(s, 0, quote)
            if end < 0:
                parts.append(s.rstrip(" "))
                continue
            if not _AFTER_QUOTE.match(s, end + 1):
                raise _NotPlain
            parts.append(s[:end])
            text = "".join(parts)
            return text.replace("''", "'") if quote == "'" else text
        raise _NotPlain  # the file ends inside the quotes


def _closing(s: str, start: int, quote: str) -> int:
    """Where the quote that ends a quoted scalar is in ``s``, or -1 ('' in a
    single-quoted one is a quote, not its end)."""
    end = s.find(quote, start)
    while quote == "'" and end >= 0 and s[end + 1 : end + 2] == "'":
        end = s.find(quote, end + 2)
    return end


def _read_plain_yaml(text: str) -> Any:
    """``yaml.safe_load(text)`` for block-style YAML: nested mappings and
    lists of plain or quoted scalars (over several lines too, as
    ``yaml.safe_dump`` writes long ones), ``[a, b]``, ``[]``, ``{}`` and
    comments. About ten times faster than PyYAML's C loader, which builds a
    node per value first, and it holds no node tree.

    Raises :class:`_NotPlain` on anything else (block scalars, anchors and
    aliases, tags, flow mappings, escapes in a quoted scalar over several
    lines, a duplicate key, a syntax error...): the caller then reads the
    file with PyYAML, so what this reads is only ever what PyYAML reads.
    Anchors being refused here, no alias is ever expanded on this path."""
    if not text.replace("\n", " ").isprintable() and _NOT_PLAIN_CHAR.search(text):
        raise _NotPlain
    scalars = _Scalars()
    try:
        return _read_plain_lines(text.split("\n"), scalars)
    finally:
        scalars.loader.dispose()


def _read_plain_lines(lines: list[str], scalars: _Scalars) -> Any:
    keys, key_of, value_of, plain = scalars.keys, scalars.key, scalars.value, scalars.plain
    root: Any = None
    # the blocks open around the current one: (indent, container, is_mapping,
    # is_compact), a compact list being one at its mapping's indent ("k:\n- a")
    stack: list[tuple[int, Any, bool, bool]] = []
    indent, container, is_map, compact = -1, None, False, False
    # a line that ended in "key:" or "-": its value starts on a later line, and
    # goes under pending_key of container (_ITEM: it is the list's next item)
    pending, pending_key, pending_indent = True, _ITEM, -1
    # the text of a plain scalar that the next lines may go on, where it is
    # (last_key of container), and the blank lines since
    last, last_key, blank = None, _ITEM, 0
    more = iter(lines)
    for line in more:
        s = line.lstrip(" ")
        if not s:
            blank += 1
            continue
        if s[0] == "#":
            last = None  # a comment ends a plain scalar
            continue
        n = len(line) - len(s)
        if last is not None:
            if n > indent:  # the plain scalar goes on: lines fold as in quotes
                if " #" in s:
                    raise _NotPlain
                last = last + ("\n" * blank if blank else " ") + s.rstrip(" ")
                blank = 0
                if last_key is _ITEM:
                    container[-1] = plain(last)
                else:
                    container[last_key] = plain(last)
                continue
            last = None
        if pending:
            pending = False
            item = s[0] == "-" and (len(s) == 1 or s[1] == " ")
            if n > pending_indent or (n == pending_indent and item and pending_key is not _ITEM):
                # a nested block starts on this line
                value: Any = [] if item else {}
                if not item and ": " not in s and s[-1] != ":":
                    raise _NotPlain  # a value continued on this line
                if pending_key is not _ITEM:
                    container[pending_key] = value
                elif container is None:
                    root = value
                else:
                    container.append(value)
                if len(stack) >= _MAX_DEPTH:
                    raise _NotPlain
                stack.append((indent, container, is_map, compact))
                indent, container, is_map, compact = n, value, not item, n == pending_indent
            elif pending_key is not _ITEM:
                container[pending_key] = None
            else:
                container.append(None)
        if n != indent or compact:
            item = s[0] == "-" and (len(s) == 1 or s[1] == " ")
            while n < indent or (compact and n == indent and not item):
                if not stack:
                    raise _NotPlain
                indent, container, is_map, compact = stack.pop()
            if n != indent:
                raise _NotPlain
        if not is_map:
            if s[0] != "-" or (len(s) > 1 and s[1] != " "):
                raise _NotPlain
            rest = s[1:].lstrip(" ")
            if not rest or rest[0] == "#":
                pending, pending_key, pending_indent = True, _ITEM, n
                continue
            first = rest[0]
            if (first == '"' or first == "'") and rest[-1] == first and rest.count(first) == 2 and (
                first == "'" or "\\" not in rest
            ):  # the usual cases, "text" and 'text', spelled out for speed
                container.append(rest[1:-1])
                continue
            if first not in _NOT_TEXT_START and rest[-1] not in ": " and ": " not in rest and (
                " #" not in rest
            ):  # and plain text that stays text
                container.append(rest)
                last, last_key, blank = rest, _ITEM, 0
                continue
            if first in "\"'[{" or (": " not in rest and rest[-1] != ":"):
                if first == "-" and (len(rest) == 1 or rest[1] == " "):
                    raise _NotPlain  # "- - a": a list in a list, written compactly
                value, last = value_of(rest, more, n)
                container.append(value)
                last_key, blank = _ITEM, 0
                continue
            # "- key: ..." opens a mapping at the column of its key
            value = {}
            container.append(value)
            if len(stack) >= _MAX_DEPTH:
                raise _NotPlain
            stack.append((indent, container, is_map, compact))
            n += len(s) - len(rest)
            indent, container, is_map, compact = n, value, True, False
            s = rest
        # a mapping entry: "key: value", or "key:" with the value on later lines
        k, sep, rest = s.partition(": ")
        if not sep:
            if s[-1] != ":":
                raise _NotPlain
            k = s[:-1]
        key = keys.get(k, _ITEM)
        if key is _ITEM:
            key = key_of(k)
        if key in container:
            raise _NotPlain  # a duplicate key: the slow path says where
        if rest and rest[0] == " ":
            rest = rest.lstrip(" ")
        if not rest or rest[0] == "#":
            pending, pending_key, pending_indent = True, key, n
            continue
        first = rest[0]
        if (first == '"' or first == "'") and rest[-1] == first and rest.count(first) == 2 and (
            first == "'" or "\\" not in rest
        ):
            container[key] = rest[1:-1]
        elif first not in _NOT_TEXT_START and rest[-1] not in ": " and ": " not in rest and (
            " #" not in rest
        ):
            container[key] = last = rest
            last_key, blank = key, 0
        else:
            container[key], last = value_of(rest, more, n)
            last_key, blank = key, 0
    if pending and pending_key is not _ITEM:
        container[pending_key] = None
    elif pending and container is not None:
        container.append(None)
    return root


_TOO_DEEP = N_("YAML nested too deeply to read")


def _parse(
    path: Path, shown: str, limits: Limits
) -> tuple[_Parsed | None, Any, list[Problem]]:
    """The file read, the data in it, and what is wrong with it."""
    if not path.is_file():
        return None, None, [
            Problem(shown, 0, Message(N_("missing file: expected {file} in the dataset"),
                                      file=path.name))
        ]
    try:
        size = path.stat().st_size
        if size > limits.max_file_bytes:
            return None, None, [Problem(shown, 0, Message(
                N_("file too large: {size} bytes, the limit is {limit} (raise it with "
                   "--max-file-mb or KZDASH_MAX_FILE_MB if the file is meant to be this big)"),
                size=size, limit=limits.max_file_bytes,
            ))]
        raw = path.read_bytes()
    except OSError as exc:
        # the reason is the operating system's own words
        return None, None, [Problem(shown, 0, Message(N_("cannot read file: {reason}"),
                                                      reason=exc.strerror or str(exc)))]
    if b"\x00" in raw:
        return None, None, [Problem(shown, 1, Message(N_("binary file: expected YAML text")))]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, None, [
            Problem(shown, line, Message(N_("not UTF-8 text: save the file as UTF-8")))
        ]
    try:
        return _Parsed(shown, text=text), _read_plain_yaml(text), []
    except _NotPlain:
        pass  # read it the slow way, which also says what is wrong with it
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is not None:
            added = _alias_nodes(node)
            if added is None:
                return None, None, [Problem(shown, 1, Message(N_(
                    "YAML alias refers to a node that contains it: recursive data cannot be "
                    "a dataset")))]
            if added > limits.max_alias_nodes:
                return None, None, [Problem(shown, 1, Message(
                    N_("YAML aliases would expand to {added} nodes, more than the limit of "
                       "{limit}: write the values out instead of aliasing them"),
                    added=added, limit=limits.max_alias_nodes,
                ))]
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = " ".join(filter(None, [exc.context, exc.problem]))
        if "nesting depth" in what:  # libyaml's own limit
            return None, None, [Problem(shown, line, Message(_TOO_DEEP), column)]
        # the detail is PyYAML's own words ("found character '\t' that cannot start...")
        return None, None, [
            Problem(shown, line, Message(N_("YAML syntax error: {detail}"), detail=what), column)
        ]
    except yaml.YAMLError as exc:
        return None, None, [Problem(shown, 1, Message(N_("YAML error: {detail}"), detail=str(exc)))]
    except RecursionError:
        return None, None, [Problem(shown, 1, Message(_TOO_DEEP))]
    finally:
        loader.dispose()
    return _Parsed(shown, node), data, list(_duplicate_keys(node, shown))


def _fields_at(model: type[BaseModel], loc: Loc) -> list[str]:
    """Field names of the model found by following ``loc`` from ``model``."""
    current: Any = model
    for part in loc:
        current = _unwrap(current)
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return []
        field = current.model_fields.get(part)
        if field is None:
            return []
        current = field.annotation
    current = _unwrap(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _unwrap(tp: Any) -> Any:
    """list[X] -> X, X | None -> X, Annotated[X, ...] -> X."""
    while True:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated or origin in (list, tuple):
            tp = typing.get_args(tp)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(tp) if a is not type(None)]
            if len(args) != 1:
                return tp
            tp = args[0]
        else:
            return tp


def _where(loc: Loc) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _describe(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _pydantic_problems(
    parsed: _Parsed, model: type[Model], exc: ValidationError
) -> list[Problem]:
    problems = []
    for err in exc.errors(include_url=False):
        loc: Loc = tuple(err["loc"])
        kind = err["type"]
        where: str = _where(loc) or Message(N_("top level"))
        if kind == "extra_forbidden":
            name = str(loc[-1])
            known = _fields_at(model, loc[:-1])
            close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
            if close:
                message = Message(N_("{where}: unknown field {name}; did you mean {close}?"),
                                  where=where, name=repr(name), close=repr(close[0]))
            elif known:
                message = Message(N_("{where}: unknown field {name} (known fields: {known})"),
                                  where=where, name=repr(name), known=", ".join(known))
            else:
                message = Message(N_("{where}: unknown field {name}"),
                                  where=where, name=repr(name))
            problems.append(parsed.problem(loc, message, key=True))
            continue
        if kind != "missing" and "input" in err and not isinstance(err["input"], dict):
            message = Message(N_("{where}: {problem} (found {value})"), where=where,
                              problem=_pydantic_message(err), value=_describe(err["input"]))
        else:
            message = Message(N_("{where}: {problem}"), where=where,
                              problem=_pydantic_message(err))
        problems.append(parsed.problem(loc, message, key=kind == "missing"))
    return problems


# pydantic's messages for the errors that the models can produce, as templates
# filled from the error's ctx: each gives exactly pydantic's own English text
_PYDANTIC = {
    "missing": N_("Field required"),
    "string_type": N_("Input should be a valid string"),
    "string_pattern_mismatch": N_("String should match pattern '{pattern}'"),
    "string_too_long": N_("String should have at most {max_length} characters"),
    "float_type": N_("Input should be a valid number"),
    "float_parsing": N_("Input should be a valid number, unable to parse string as a number"),
    "greater_than_equal": N_("Input should be greater than or equal to {ge}"),
    "less_than_equal": N_("Input should be less than or equal to {le}"),
    "bool_type": N_("Input should be a valid boolean"),
    "bool_parsing": N_("Input should be a valid boolean, unable to interpret input"),
    "date_type": N_("Input should be a valid date"),
    "date_parsing": N_("Input should be a valid date in the format YYYY-MM-DD, {error}"),
    "date_from_datetime_parsing": N_("Input should be a valid date or datetime, {error}"),
    "date_from_datetime_inexact": N_(
        "Datetimes provided to dates should have zero time - e.g. be exact dates"),
    "dict_type": N_("Input should be a valid dictionary"),
    "list_type": N_("Input should be a valid list"),
    "literal_error": N_("Input should be {expected}"),
    "model_type": N_("Input should be a valid dictionary or instance of {class_name}"),
}
# pydantic's counted messages, for the one count the models use
_PYDANTIC_COUNTED = {
    ("string_too_short", 1): N_("String should have at least 1 character"),
    ("too_short", 1): N_("List should have at least 1 item after validation, not 0"),
}
# why a text is not a date, in speedate's words (pydantic's date parser)
_DATE_ERRORS = frozenset({
    N_("input is too short"),
    N_("day value is outside expected range"),
    N_("month value is outside expected range of 1-12"),
    N_("invalid date separator, expected `-`"),
    N_("invalid character in year"),
    N_("invalid character in month"),
    N_("invalid character in day"),
    N_("invalid datetime separator, expected `T`, `t`, `_` or space"),
    N_("year 0 is out of range"),
})


def _pydantic_message(err: Any) -> str:
    """pydantic's message for ``err``, as a Message when it is one the
    models can produce (else pydantic's English text as it is)."""
    kind, ctx = err["type"], err.get("ctx", {})
    english = err["msg"].removeprefix("Value error, ")
    message: Message | None = None
    if kind == "value_error":
        reason = getattr(ctx.get("error"), "args", None) or (None,)
        if isinstance(reason[0], Message):  # what the models' validators raise
            message = reason[0]
    elif kind in _PYDANTIC:
        values: dict[str, object] = {key: _shown(value) for key, value in ctx.items()}
        if kind == "literal_error" and " or " in str(ctx.get("expected")):
            # pydantic joins the choices: 'region' or 'city'; the "or" is a word
            choices, _, last = str(ctx["expected"]).rpartition(" or ")
            values["expected"] = Message(N_("{choices} or {last}"), choices=choices, last=last)
        if values.get("error") in _DATE_ERRORS:
            values["error"] = Message(str(values["error"]))
        message = Message(_PYDANTIC[kind], **values)
    elif (kind, ctx.get("min_length")) in _PYDANTIC_COUNTED:
        message = Message(_PYDANTIC_COUNTED[kind, ctx["min_length"]])
    # pydantic's English stays the English text, should a newer pydantic word it otherwise
    return message if message == english else english


def _shown(value: Any) -> str:
    """A ctx value as pydantic writes it in its message: ``-90``, not ``-90.0``."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _normalize(text: str) -> str:
    return " ".join(text.split())


# an unknown reference, and one with a likely meant id, by what it refers to
_UNKNOWN_ID = {
    "sources": (N_("{where}: unknown source id {value}"),
                N_("{where}: unknown source id {value}; did you mean {close}?")),
    "regions": (N_("{where}: unknown region id {value}"),
                N_("{where}: unknown region id {value}; did you mean {close}?")),
    "events": (N_("{where}: unknown event id {value}"),
               N_("{where}: unknown event id {value}; did you mean {close}?")),
}


def _cross_problems(
    data: dict[str, Model], parsed: dict[str, _Parsed], root: Path, limits: Limits
) -> list[Problem]:
    problems: list[Problem] = []

    def at(file: str, loc: Loc, message: str) -> None:
        problems.append(parsed[file].problem(loc, message))

    ids: dict[str, dict[str, int]] = {}
    for file, key in [
        ("sources.yaml", "sources"),
        ("regions.yaml", "regions"),
        ("events.yaml", "events"),
        ("quotes.yaml", "quotes"),
        ("claims.yaml", "claims"),
    ]:
        seen: dict[str, int] = {}
        for i, item in enumerate(getattr(data.get(file), key, ()) or ()):
            if item.id in seen:
                first = parsed[file].line((key, seen[item.id]))
                at(file, (key, i, "id"), Message(N_("duplicate id {id} (first at line {line})"),
                                                 id=repr(item.id), line=str(first)))
            seen.setdefault(item.id, i)
        ids[key] = seen

    def unknown_ref(file: str, loc: Loc, value: str, kind: str) -> None:
        # callers test ``value in ids[kind]`` themselves: building a loc for
        # each of the dataset's references would cost time for nothing
        close = difflib.get_close_matches(value, list(ids.get(kind, {})), n=1, cutoff=0.6)
        unknown, unknown_close = _UNKNOWN_ID[kind]
        if close:
            at(file, loc, Message(unknown_close, where=_where(loc), value=repr(value),
                                  close=repr(close[0])))
        else:
            at(file, loc, Message(unknown, where=_where(loc), value=repr(value)))

    archives = _archives(data, parsed, root, problems, limits)

    source_ids = ids["sources"] if "sources.yaml" in data else None
    region_ids = ids["regions"] if "regions.yaml" in data else None
    event_ids = ids["events"]

    # sources with no archived copy: an excerpt of theirs could not be checked
    unarchived = {s.id for s in getattr(data.get("sources.yaml"), "sources", ())
                  if s.archive is None}

    def check_citations(file: str, key: str, i: int, item: Any) -> None:
        for j, cite in enumerate(item.sources):
            if source_ids is not None and cite.source not in source_ids:
                unknown_ref(file, (key, i, "sources", j, "source"), cite.source, "sources")
            if cite.excerpt is None:
                continue
            loc = (key, i, "sources", j, "excerpt")
            if cite.source in unarchived:
                at(file, loc, Message(
                    N_("{where}: an excerpt needs an archived copy to be checked against, and "
                       "source {source} has no archive: cite it with a note (your own words of "
                       "what it supports and where) instead"),
                    where=_where(loc), source=repr(cite.source),
                ))
                continue
            archive = archives.get(cite.source)
            if archive is not None and _normalize(cite.excerpt) not in archive:
                at(file, loc, Message(
                    N_("{where}: excerpt not found verbatim in the archived text of source "
                       "{source}"),
                    where=_where(loc), source=repr(cite.source),
                ))

    for i, event in enumerate(getattr(data.get("events.yaml"), "events", ())):
        for j, region in enumerate(event.regions):
            if region_ids is not None and region not in region_ids:
                unknown_ref("events.yaml", ("events", i, "regions", j), region, "regions")
        for j, other in enumerate(event.related):
            loc = ("events", i, "related", j)
            if other not in event_ids:
                unknown_ref("events.yaml", loc, other, "events")
            if other == event.id:
                at("events.yaml", loc, Message(
                    N_("{where}: an event cannot be related to itself"), where=_where(loc)))
        check_citations("events.yaml", "events", i, event)
    for i, quote in enumerate(getattr(data.get("quotes.yaml"), "quotes", ())):
        if "events.yaml" in data and quote.event not in event_ids:
            unknown_ref("quotes.yaml", ("quotes", i, "event"), quote.event, "events")
        check_citations("quotes.yaml", "quotes", i, quote)
        if quote.kind == "direct":
            texts = [archives[c.source] for c in quote.sources if c.source in archives]
            if texts and not any(_normalize(quote.text) in t for t in texts):
                at("quotes.yaml", ("quotes", i, "text"), Message(
                    N_("{where}: direct quote not found verbatim in the archived text of its "
                       "sources"),
                    where=_where(("quotes", i, "text")),
                ))
    for i, claim in enumerate(getattr(data.get("claims.yaml"), "claims", ())):
        if claim.event is not None and "events.yaml" in data and claim.event not in event_ids:
            unknown_ref("claims.yaml", ("claims", i, "event"), claim.event, "events")
        if claim.region is not None and region_ids is not None and claim.region not in region_ids:
            unknown_ref("claims.yaml", ("claims", i, "region"), claim.region, "regions")
        if claim.as_of and claim.reported and claim.as_of > claim.reported:
            at("claims.yaml", ("claims", i, "as_of"), Message(
                N_("{where}: as_of {as_of} is after reported {reported}: a figure cannot "
                   "describe a day after it was published"),
                where=_where(("claims", i, "as_of")), as_of=str(claim.as_of),
                reported=str(claim.reported),
            ))
        check_citations("claims.yaml", "claims", i, claim)
    for i, correction in enumerate(getattr(data.get("corrections.yaml"), "corrections", ())):
        kind, target = correction.kind, correction.target
        key, file = f"{kind}s", f"{kind}s.yaml"
        if correction.change == "removed" or target in ids[key]:
            continue
        if file not in data and (file in FILES or (root / file).exists()):
            continue  # that file has problems of its own: its ids are not known
        loc = ("corrections", i, "item")
        close = difflib.get_close_matches(target, list(ids[key]), n=1, cutoff=0.6)
        if close:
            at("corrections.yaml", loc, Message(
                N_("{where}: {item} is not in the dataset; did you mean {close}? A correction "
                   "names an item that exists, unless its change is 'removed'"),
                where=_where(loc), item=repr(correction.item), close=repr(f"{kind}:{close[0]}"),
            ))
        else:
            at("corrections.yaml", loc, Message(
                N_("{where}: {item} is not in the dataset: a correction names an item that "
                   "exists, unless its change is 'removed'"),
                where=_where(loc), item=repr(correction.item),
            ))
    return problems


class _ArchiveText:
    """An archive's whitespace-normalized text, for ``excerpt in archive``.

    Excerpts tend to be checked in the order their text runs in the archive
    (a chronology follows its article, an import writes its notes in event
    order), so each search starts where the last one matched: checking every
    excerpt is then one pass over the archive instead of one pass per
    excerpt. An excerpt out of order is still found: the search wraps round."""

    def __init__(self, text: str):
        self.text = text
        self.at = 0

    def __contains__(self, excerpt: str) -> bool:
        found = self.text.find(excerpt, self.at)
        if found < 0:
            found = self.text.find(excerpt, 0, self.at + len(excerpt))
        if found < 0:
            return False
        self.at = found
        return True


def _archives(
    data: dict[str, Model],
    parsed: dict[str, _Parsed],
    root: Path,
    problems: list[Problem],
    limits: Limits,
) -> dict[str, _ArchiveText]:
    """Archived source texts, keyed by source id."""
    texts: dict[Path, _ArchiveText] = {}  # several sources may share one archive
    out: dict[str, _ArchiveText] = {}
    for i, source in enumerate(getattr(data.get("sources.yaml"), "sources", ())):
        if source.archive is None:
            continue
        loc: Loc = ("sources", i, "archive")
        path = (root / source.archive).resolve()
        if not path.is_relative_to(root.resolve()):
            problems.append(
                parsed["sources.yaml"].problem(loc, Message(
                    N_("{where}: archive must be a path inside the dataset directory"),
                    where=_where(loc),
                ))
            )
            continue
        try:
            if path not in texts:
                if path.stat().st_size > limits.max_file_bytes:
                    problems.append(parsed["sources.yaml"].problem(loc, Message(
                        N_("{where}: archive {archive} is larger than the limit of {limit} "
                           "bytes"),
                        where=_where(loc), archive=repr(source.archive),
                        limit=limits.max_file_bytes,
                    )))
                    continue
                texts[path] = _ArchiveText(_normalize(path.read_text(encoding="utf-8")))
            out[source.id] = texts[path]
        except (OSError, UnicodeDecodeError) as exc:
            # an OSError's reason is the operating system's own words
            reason = (exc.strerror if isinstance(exc, OSError) and exc.strerror
                      else Message(N_("not UTF-8 text")))
            problems.append(parsed["sources.yaml"].problem(loc, Message(
                N_("{where}: cannot read archive {archive}: {reason}"),
                where=_where(loc), archive=repr(source.archive), reason=reason,
            )))
    return out


def load_dataset(
    directory: str | os.PathLike[str] = DATA_DIR, limits: Limits = Limits()
) -> Dataset:
    """Parse and validate the dataset in ``directory``.

    Raises :class:`DatasetError` listing every problem found, each with the
    file, line and column it concerns.
    """
    return load_checked(directory, limits)[0]


def load_checked(
    directory: str | os.PathLike[str] = DATA_DIR, limits: Limits = Limits()
) -> tuple[Dataset, list[Problem]]:
    """Like :func:`load_dataset`, and also return the warnings: things that
    do not stop the dataset from loading but that its author likely wants to
    know (a source nothing cites, excerpts that cannot be checked)."""
    with _gc_paused():
        return _load_checked(Path(directory), limits)


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Loading makes millions of objects and frees few: Python's cycle
    collector would walk them over and over for nothing (a third of the load
    time at 100,000 events)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _load_checked(root: Path, limits: Limits) -> tuple[Dataset, list[Problem]]:
    if not root.is_dir():
        raise DatasetError([
            Problem(str(root), 0, Message(N_("not a directory: expected a dataset folder")))
        ])
    problems: list[Problem] = []
    parsed: dict[str, _Parsed] = {}
    models: dict[str, Model] = {}
    present = {n: m for n, m in OPTIONAL_FILES.items() if (root / n).exists()}
    for name, model in {**FILES, **present}.items():
        shown = str(root / name)
        result, data, found = _parse(root / name, shown, limits)
        problems += found
        if result is None:
            continue
        parsed[name] = result
        if data is None:
            key = next(iter(model.model_fields))
            problems.append(Problem(shown, 1, Message(
                N_("empty file: expected a mapping with {key}:"), key=key)))
            continue
        try:
            models[name] = model.model_validate(data)
        except ValidationError as exc:
            problems += _pydantic_problems(result, model, exc)
        del data  # the models hold what is needed; this file's raw data can go
    problems += _cross_problems(models, parsed, root, limits)
    if problems or len(models) != len(FILES) + len(present):
        raise DatasetError(problems)
    ds = Dataset(
        sources=tuple(models["sources.yaml"].sources),  # type: ignore[attr-defined]
        regions=tuple(models["regions.yaml"].regions),  # type: ignore[attr-defined]
        events=tuple(models["events.yaml"].events),  # type: ignore[attr-defined]
        quotes=tuple(models["quotes.yaml"].quotes),  # type: ignore[attr-defined]
        claims=tuple(getattr(models.get("claims.yaml"), "claims", ())),
        names=tuple(getattr(models.get("names.yaml"), "names", ())),
        corrections=tuple(getattr(models.get("corrections.yaml"), "corrections", ())),
        version=getattr(models.get("dataset.yaml"), "version", None),
        title=getattr(models.get("dataset.yaml"), "title", None),
    )
    return ds, sorted(_warnings(ds, parsed), key=Problem.sort_key)


def _warnings(ds: Dataset, parsed: dict[str, _Parsed]) -> Iterable[Problem]:
    sources = parsed["sources.yaml"]
    cited = {c.source for item in (*ds.events, *ds.quotes, *ds.claims) for c in item.sources}
    for i, source in enumerate(ds.sources):
        if source.id not in cited:
            yield sources.problem(("sources", i, "id"), Message(
                N_("source {id} is cited by no event, quote or claim"), id=repr(source.id)))
    present = {
        "event": {e.id for e in ds.events}, "quote": {q.id for q in ds.quotes},
        "claim": {c.id for c in ds.claims}, "source": {s.id for s in ds.sources},
    }
    for i, correction in enumerate(ds.corrections):
        if correction.change == "removed" and correction.target in present[correction.kind]:
            yield parsed["corrections.yaml"].problem(("corrections", i, "item"), Message(
                N_("{where}: {item} is recorded as removed but is still in the dataset"),
                where=_where(("corrections", i, "item")), item=repr(correction.item)))
    events = {e.id: e for e in ds.events}
    for i, quote in enumerate(ds.quotes):
        event = events[quote.event]
        # an event whose date is approximate or inferred (condolences sent over several
        # days, say) may well have quotes from before the day it is placed on
        if quote.date < event.date and event.date_precision == "day":
            yield parsed["quotes.yaml"].problem(("quotes", i, "date"), Message(
                N_("{where}: {date} is before its event {event} ({event_date}): is the date "
                   "or the event right?"),
                where=_where(("quotes", i, "date")), date=str(quote.date),
                event=repr(event.id), event_date=str(event.date),
            ))


def dataset_stamp(directory: str | os.PathLike[str] = DATA_DIR) -> tuple[tuple[str, int], ...]:
    """Modification times of the files a dataset is read from: a cache key that
    changes when any of them is edited."""
    root = Path(directory)
    stamp = []
    names = [*FILES, *OPTIONAL_FILES]
    for path in sorted([*(root / name for name in names), *root.glob("archive/*")]):
        try:
            stamp.append((path.name, path.stat().st_mtime_ns))
        except OSError:
            stamp.append((path.name, -1))
    return tuple(stamp)

