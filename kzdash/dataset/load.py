"""Load a dataset directory into a validated :class:`~kzdash.models.Dataset`.

Validation happens once, here, at the edge. Every problem found is collected
and raised together as one :class:`~kzdash.dataset.errors.DatasetError`, each
problem pointing at the file and line (or Parquet row) of the offending
value, so a person fixing a dataset sees the whole list in one run.
"""

from __future__ import annotations

import gc
import os
import typing
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from kzdash.dataset.checks import cross_problems, warnings
from kzdash.dataset.errors import DatasetError, Limits, Located, Problem
from kzdash.dataset.messages import pydantic_problems
from kzdash.dataset.parquetfile import PARQUET_FILES, read_parquet
from kzdash.dataset.yamlfile import read_yaml
from kzdash.message import N_, Message
from kzdash.models import FILES, OPTIONAL_FILES, Dataset, Model

_DEFAULT_LIMITS = Limits()
DATA_DIR = Path(__file__).resolve().parent.parent.parent / "data"


def load_dataset(
    directory: str | os.PathLike[str] = DATA_DIR, limits: Limits = _DEFAULT_LIMITS
) -> Dataset:
    """Parse and validate the dataset in ``directory``.

    Raises :class:`DatasetError` listing every problem found, each with the
    file, line and column (or Parquet row) it concerns.
    """
    return load_checked(directory, limits)[0]


def load_checked(
    directory: str | os.PathLike[str] = DATA_DIR, limits: Limits = _DEFAULT_LIMITS
) -> tuple[Dataset, list[Problem]]:
    """Like :func:`load_dataset`, and also return the warnings: things that
    do not stop the dataset from loading but that its author likely wants to
    know (a source nothing cites, excerpts that cannot be checked)."""
    with gc_paused(keep=True):
        return _load_checked(Path(directory), limits)


@contextmanager
def gc_paused(*, keep: bool = False) -> Iterator[None]:
    """Loading makes millions of objects and frees few: Python's cycle
    collector would walk them over and over for nothing (a third of the load
    time at 100,000 events).

    With ``keep``, what is alive when the block ends without an error is
    moved out of the collector's sight (``gc.freeze``): a loaded dataset
    lives as long as the cache that holds it, and the first collection after
    the load would otherwise walk all of its objects (0.4 s at 100,000
    events), as would every full collection after it, to free none of them.
    Frozen objects are still freed when nothing refers to them; only a
    reference cycle among them would outlive its use."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    except BaseException:
        if enabled:
            gc.enable()
        raise
    if keep:
        gc.freeze()
    if enabled:
        gc.enable()


def dataset_files(root: Path) -> list[Path]:
    """The files a dataset in ``root`` may be read from: each YAML file, and
    the Parquet file that may stand in for it."""
    names = [*FILES, *OPTIONAL_FILES]
    return [root / name for name in [*names, *(PARQUET_FILES[n] for n in names
                                               if n in PARQUET_FILES)]]


def _read(
    root: Path, name: str, model: type[Model], limits: Limits
) -> tuple[Located | None, Any, list[Problem]]:
    """One of the dataset's lists, from its YAML file or from the Parquet
    file in its place."""
    parquet = PARQUET_FILES.get(name)
    if parquet is not None and (root / parquet).exists():
        if (root / name).exists():
            return None, None, [Problem(str(root / parquet), 0, Message(
                N_("both {yaml} and {parquet} are in the dataset: keep one of them, a list is "
                   "read from one file"), yaml=name, parquet=parquet), row=True)]
        key, field = next(iter(model.model_fields.items()))
        item = typing.get_args(field.annotation)[0]  # events: list[Event] -> Event
        required = [n for n, f in item.model_fields.items() if f.is_required()]
        return read_parquet(root / parquet, str(root / parquet), key, limits, required)
    return read_yaml(root / name, str(root / name), limits)


def _load_checked(root: Path, limits: Limits) -> tuple[Dataset, list[Problem]]:
    if not root.is_dir():
        raise DatasetError([
            Problem(str(root), 0, Message(N_("not a directory: expected a dataset folder")))
        ])
    problems: list[Problem] = []
    parsed: dict[str, Located] = {}
    models: dict[str, Model] = {}
    present = {n: m for n, m in OPTIONAL_FILES.items() if (root / n).exists()
               or (n in PARQUET_FILES and (root / PARQUET_FILES[n]).exists())}
    for name, model in {**FILES, **present}.items():
        result, data, found = _read(root, name, model, limits)
        problems += found
        if result is None:
            continue
        parsed[name] = result
        if data is None:
            key = next(iter(model.model_fields))
            problems.append(Problem(result.path, 1, Message(
                N_("empty file: expected a mapping with {key}:"), key=key)))
            continue
        try:
            models[name] = model.model_validate(data)
        except ValidationError as exc:
            problems += pydantic_problems(result, model, exc)
        del data  # the models hold what is needed; this file's raw data can go
    problems += cross_problems(models, parsed, root, limits)
    if problems or len(models) != len(FILES) + len(present):
        raise DatasetError(problems)
    # every part is validated above: checking each item's type again costs a tenth
    # of a second at 100,000 events
    ds = Dataset.model_construct(
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
    return ds, sorted(warnings(ds, parsed), key=Problem.sort_key)


def dataset_stamp(directory: str | os.PathLike[str] = DATA_DIR) -> tuple[tuple[str, int], ...]:
    """Modification times of the files a dataset is read from: a cache key that
    changes when any of them is edited."""
    root = Path(directory)
    stamp = []
    for path in sorted([*dataset_files(root), *root.glob("archive/*")]):
        try:
            stamp.append((path.name, path.stat().st_mtime_ns))
        except OSError:
            stamp.append((path.name, -1))
    return tuple(stamp)
