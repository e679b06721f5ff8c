"""Reading a YAML dataset file with the line of every node.

YAML is read by libyaml (PyYAML's C loader) when PyYAML was built with it,
else by PyYAML itself; either way through the node tree, which knows the
line and column of every value, so that a problem names where it is. A
duplicate key, an alias bomb or a syntax error is a problem, not a crash.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

import yaml

from kzdash.dataset.errors import Limits, Loc, Problem, read_limited, where
from kzdash.message import N_, Message

# libyaml's parser when PyYAML was built with it (about 4x faster on large
# files); the pure-Python one otherwise. Both give nodes with line marks.
_SafeLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class Loader(_SafeLoader):  # type: ignore[misc,valid-type]
    """``safe_load`` semantics, except that an impossible timestamp (2022-02-30)
    stays a string so that validation reports it with its line instead of
    PyYAML raising a bare ValueError."""


def _timestamp_or_text(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:
        return loader.construct_scalar(node)


Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_or_text)


@dataclass(frozen=True)
class YamlFile:
    """A YAML file that was read: where it is, and its node tree, which gives
    the line of a node."""

    path: str
    tree: yaml.Node | None = None
    by_row: ClassVar[bool] = False
    absent: ClassVar[frozenset[str]] = frozenset()

    def mark(self, loc: Loc) -> tuple[int, int]:
        """The 1-based line and column of the node at ``loc`` (or of its
        nearest parent)."""
        node = self.tree
        if node is None:
            return 1, 1
        for part in loc:
            child = _child(node, part)
            if child is None:
                break
            node = child
        return node.start_mark.line + 1, node.start_mark.column + 1

    def line(self, loc: Loc) -> int:
        return self.mark(loc)[0]

    def where(self, loc: Loc) -> str:
        return where(loc)

    def key_mark(self, loc: Loc) -> tuple[int, int]:
        """Where a mapping key itself is (for unknown or duplicate keys)."""
        node = self.tree
        for part in loc[:-1]:
            node = _child(node, part) if node is not None else None
        if isinstance(node, yaml.MappingNode):
            for key, _ in node.value:
                if key.value == loc[-1]:
                    return key.start_mark.line + 1, key.start_mark.column + 1
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


def duplicate_keys(node: yaml.Node | None, path: str) -> Iterable[Problem]:
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
            yield from duplicate_keys(value, path)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from duplicate_keys(item, path)


def alias_nodes(root: yaml.Node) -> int | None:
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


_TOO_DEEP = N_("YAML nested too deeply to read")


def read_yaml(
    path: Path, shown: str, limits: Limits
) -> tuple[YamlFile | None, Any, list[Problem]]:
    """The file read, the data in it, and what is wrong with it."""
    raw, problems = read_limited(path, shown, limits)
    if raw is None:
        return None, None, problems
    if b"\x00" in raw:
        return None, None, [Problem(shown, 1, Message(N_("binary file: expected YAML text")))]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, None, [
            Problem(shown, line, Message(N_("not UTF-8 text: save the file as UTF-8")))
        ]
    loader = Loader(text)
    try:
        node = loader.get_single_node()
        if node is not None:
            added = alias_nodes(node)
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
    return YamlFile(shown, node), data, list(duplicate_keys(node, shown))
