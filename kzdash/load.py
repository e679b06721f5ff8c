"""Load a dataset directory into a validated :class:`~kzdash.models.Dataset`.

Validation happens once, here, at the edge. Every problem found is collected
and raised together as one :class:`DatasetError`, each problem pointing at the
file and line of the offending YAML node, so a person fixing a dataset sees the
whole list in one run.
"""

from __future__ import annotations

import difflib
import os
import types
import typing
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from kzdash.models import FILES, OPTIONAL_FILES, Dataset, Model

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a dataset, where it is, and what to do about it.

    ``line`` and ``column`` are 1-based; 0 means the problem concerns the
    whole file (a missing file, say)."""

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
    path: str
    node: yaml.Node | None
    data: Any

    def mark(self, loc: Loc) -> tuple[int, int]:
        """The 1-based line and column of the node at ``loc`` (or of its
        nearest parent)."""
        node = self.node
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

    def key_mark(self, loc: Loc) -> tuple[int, int]:
        """Where a mapping key itself is (for unknown or duplicate keys)."""
        node = self.node
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


def _duplicate_keys(node: yaml.Node | None, path: str) -> Iterable[Problem]:
    if isinstance(node, yaml.MappingNode):
        seen: dict[Any, int] = {}
        for key, value in node.value:
            line = key.start_mark.line + 1
            if key.value in seen:
                yield Problem(
                    path,
                    line,
                    f"duplicate key {key.value!r} (first at line {seen[key.value]})",
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


def _parse(path: Path, shown: str, limits: Limits) -> tuple[_Parsed | None, list[Problem]]:
    if not path.is_file():
        return None, [Problem(shown, 0, f"missing file: expected {path.name} in the dataset")]
    try:
        size = path.stat().st_size
        if size > limits.max_file_bytes:
            return None, [Problem(
                shown, 0,
                f"file too large: {size:,} bytes, the limit is {limits.max_file_bytes:,} "
                "(raise it with --max-file-mb or KZDASH_MAX_FILE_MB if the file is meant to "
                "be this big)",
            )]
        raw = path.read_bytes()
    except OSError as exc:
        return None, [Problem(shown, 0, f"cannot read file: {exc.strerror or exc}")]
    if b"\x00" in raw:
        return None, [Problem(shown, 1, "binary file: expected YAML text")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [Problem(shown, line, "not UTF-8 text: save the file as UTF-8")]
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is not None:
            added = _alias_nodes(node)
            if added is None:
                return None, [Problem(shown, 1, "YAML alias refers to a node that contains "
                                                "it: recursive data cannot be a dataset")]
            if added > limits.max_alias_nodes:
                return None, [Problem(
                    shown, 1,
                    f"YAML aliases would expand to {added:,} nodes, more than the limit of "
                    f"{limits.max_alias_nodes:,}: write the values out instead of aliasing them",
                )]
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = " ".join(filter(None, [exc.context, exc.problem]))
        if "nesting depth" in what:  # libyaml's own limit
            return None, [Problem(shown, line, "YAML nested too deeply to read", column)]
        return None, [Problem(shown, line, f"YAML syntax error: {what}", column)]
    except yaml.YAMLError as exc:
        return None, [Problem(shown, 1, f"YAML error: {exc}")]
    except RecursionError:
        return None, [Problem(shown, 1, "YAML nested too deeply to read")]
    finally:
        loader.dispose()
    return _Parsed(shown, node, data), list(_duplicate_keys(node, shown))


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
        if kind == "extra_forbidden":
            name = str(loc[-1])
            known = _fields_at(model, loc[:-1])
            close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            expected = f" (known fields: {', '.join(known)})" if known and not close else ""
            problems.append(
                parsed.problem(
                    loc, f"{_where(loc)}: unknown field {name!r}{hint}{expected}", key=True
                )
            )
            continue
        msg = err["msg"].removeprefix("Value error, ")
        found = ""
        if kind not in ("missing",) and "input" in err and not isinstance(err["input"], dict):
            found = f" (found {_describe(err['input'])})"
        where = _where(loc) or "top level"
        problems.append(parsed.problem(loc, f"{where}: {msg}{found}", key=kind == "missing"))
    return problems


def _normalize(text: str) -> str:
    return " ".join(text.split())


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
                at(file, (key, i, "id"), f"duplicate id {item.id!r} (first at line {first})")
            seen.setdefault(item.id, i)
        ids[key] = seen

    def check_ref(file: str, loc: Loc, value: str, kind: str) -> None:
        if value in ids.get(kind, {}):
            return
        close = difflib.get_close_matches(value, list(ids.get(kind, {})), n=1, cutoff=0.6)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        singular = kind.rstrip("s")
        at(file, loc, f"{_where(loc)}: unknown {singular} id {value!r}{hint}")

    archives = _archives(data, parsed, root, problems, limits)

    def check_citations(file: str, key: str, i: int, item: Any) -> None:
        for j, cite in enumerate(item.sources):
            loc = (key, i, "sources", j)
            if "sources.yaml" in data:
                check_ref(file, (*loc, "source"), cite.source, "sources")
            archive = archives.get(cite.source)
            if archive is not None and _normalize(cite.excerpt) not in archive:
                at(
                    file,
                    (*loc, "excerpt"),
                    f"{_where((*loc, 'excerpt'))}: excerpt not found verbatim in the archived "
                    f"text of source {cite.source!r}",
                )

    for i, event in enumerate(getattr(data.get("events.yaml"), "events", ())):
        for j, region in enumerate(event.regions):
            if "regions.yaml" in data:
                check_ref("events.yaml", ("events", i, "regions", j), region, "regions")
        for j, other in enumerate(event.related):
            loc = ("events", i, "related", j)
            check_ref("events.yaml", loc, other, "events")
            if other == event.id:
                at("events.yaml", loc, f"{_where(loc)}: an event cannot be related to itself")
        check_citations("events.yaml", "events", i, event)
    for i, quote in enumerate(getattr(data.get("quotes.yaml"), "quotes", ())):
        if "events.yaml" in data:
            check_ref("quotes.yaml", ("quotes", i, "event"), quote.event, "events")
        check_citations("quotes.yaml", "quotes", i, quote)
        if quote.kind == "direct":
            texts = [archives[c.source] for c in quote.sources if c.source in archives]
            if texts and not any(_normalize(quote.text) in t for t in texts):
                at(
                    "quotes.yaml",
                    ("quotes", i, "text"),
                    f"{_where(('quotes', i, 'text'))}: direct quote not found verbatim in the "
                    "archived text of its sources",
                )
    for i, claim in enumerate(getattr(data.get("claims.yaml"), "claims", ())):
        if claim.event is not None and "events.yaml" in data:
            check_ref("claims.yaml", ("claims", i, "event"), claim.event, "events")
        if claim.region is not None and "regions.yaml" in data:
            check_ref("claims.yaml", ("claims", i, "region"), claim.region, "regions")
        if claim.as_of and claim.reported and claim.as_of > claim.reported:
            at(
                "claims.yaml",
                ("claims", i, "as_of"),
                f"{_where(('claims', i, 'as_of'))}: as_of {claim.as_of} is after reported "
                f"{claim.reported}: a figure cannot describe a day after it was published",
            )
        check_citations("claims.yaml", "claims", i, claim)
    return problems


def _archives(
    data: dict[str, Model],
    parsed: dict[str, _Parsed],
    root: Path,
    problems: list[Problem],
    limits: Limits,
) -> dict[str, str]:
    """Archived source texts, whitespace-normalized, keyed by source id."""
    texts: dict[Path, str] = {}  # several sources may share one archive
    out: dict[str, str] = {}
    for i, source in enumerate(getattr(data.get("sources.yaml"), "sources", ())):
        if source.archive is None:
            continue
        loc: Loc = ("sources", i, "archive")
        path = (root / source.archive).resolve()
        if not path.is_relative_to(root.resolve()):
            problems.append(
                parsed["sources.yaml"].problem(
                    loc, f"{_where(loc)}: archive must be a path inside the dataset directory"
                )
            )
            continue
        try:
            if path not in texts:
                if path.stat().st_size > limits.max_file_bytes:
                    problems.append(parsed["sources.yaml"].problem(
                        loc, f"{_where(loc)}: archive {source.archive!r} is larger than the "
                        f"limit of {limits.max_file_bytes:,} bytes",
                    ))
                    continue
                texts[path] = _normalize(path.read_text(encoding="utf-8"))
            out[source.id] = texts[path]
        except (OSError, UnicodeDecodeError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else "not UTF-8 text"
            problems.append(
                parsed["sources.yaml"].problem(
                    loc, f"{_where(loc)}: cannot read archive {source.archive!r}: {reason}"
                )
            )
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
    root = Path(directory)
    if not root.is_dir():
        raise DatasetError([Problem(str(root), 0, "not a directory: expected a dataset folder")])
    problems: list[Problem] = []
    parsed: dict[str, _Parsed] = {}
    models: dict[str, Model] = {}
    present = {n: m for n, m in OPTIONAL_FILES.items() if (root / n).exists()}
    for name, model in {**FILES, **present}.items():
        shown = str(root / name)
        result, found = _parse(root / name, shown, limits)
        problems += found
        if result is None:
            continue
        parsed[name] = result
        if result.data is None:
            key = next(iter(model.model_fields))
            problems.append(Problem(shown, 1, f"empty file: expected a mapping with {key}:"))
            continue
        try:
            models[name] = model.model_validate(result.data)
        except ValidationError as exc:
            problems += _pydantic_problems(result, model, exc)
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
    )
    return ds, sorted(_warnings(ds, parsed), key=Problem.sort_key)


def _warnings(ds: Dataset, parsed: dict[str, _Parsed]) -> Iterable[Problem]:
    sources = parsed["sources.yaml"]
    cited = {c.source for item in (*ds.events, *ds.quotes, *ds.claims) for c in item.sources}
    for i, source in enumerate(ds.sources):
        if source.id not in cited:
            yield sources.problem(("sources", i, "id"), f"source {source.id!r} is cited by "
                                                        "no event, quote or claim")
        elif source.archive is None:
            yield sources.problem(
                ("sources", i, "id"),
                f"source {source.id!r} has no archive: its excerpts cannot be checked "
                "against its text",
            )
    events = {e.id: e for e in ds.events}
    for i, quote in enumerate(ds.quotes):
        event = events[quote.event]
        if quote.date < event.date:
            yield parsed["quotes.yaml"].problem(
                ("quotes", i, "date"),
                f"quotes[{i}].date: {quote.date} is before its event {event.id!r} "
                f"({event.date}): is the date or the event right?",
            )


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

