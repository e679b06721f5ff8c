"""A cache of loaded datasets, so that a restart does not read the YAML again.

:func:`load_cached` keeps one entry per dataset directory: the loaded
:class:`~kzdash.models.Dataset` and its warnings, pickled, with what they were
loaded from. The entry is used only while all of that is unchanged:

- the SHA-256 of every file the load read (the YAML or Parquet files, and the archives
  that ``sources.yaml`` names), and which optional files are there;
- the directory as given (warnings name their files through it) and the
  :class:`~kzdash.load.Limits` it was read under;
- the code that decides what a valid dataset is: kzdash's version, the source
  of the ``kzdash.models`` and ``kzdash.dataset`` packages and this module, and the versions
  of Python, pydantic and PyYAML.

Anything else is a miss: the dataset is loaded again and the entry replaced.
A cache that cannot be read or written (a read-only disk, a corrupt entry, an
entry from another version) is never an error: the dataset is loaded as if
there were no cache. A dataset with problems is never cached.

Security: reading a pickle can run code, so whoever can write to the cache
directory could run code as the dashboard. The directory is created with mode
0o700, and entries are read only from a directory that belongs to the current
user and that nobody else may write to. Point ``KZDASH_CACHE_DIR`` at no
shared folder.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import stat
import sys
import tempfile
from collections.abc import Mapping
from dataclasses import astuple
from functools import cache
from pathlib import Path
from typing import Any

import pydantic
import yaml

import kzdash
from kzdash import dataset, models
from kzdash.dataset.load import dataset_files, gc_paused
from kzdash.load import Limits, Problem, load_checked
from kzdash.models import Dataset

FORMAT = 1  # bump when what an entry holds changes
KEEP = 8  # entries kept, most recently used first: one per dataset directory


def default_cache_dir(env: Mapping[str, str] = os.environ) -> Path:
    """``$KZDASH_CACHE_DIR``, else ``$XDG_CACHE_HOME/kzdash``, else
    ``~/.cache/kzdash``."""
    if env.get("KZDASH_CACHE_DIR"):
        return Path(env["KZDASH_CACHE_DIR"])
    if env.get("XDG_CACHE_HOME"):
        return Path(env["XDG_CACHE_HOME"]) / "kzdash"
    return Path.home() / ".cache" / "kzdash"


def load_cached(
    directory: str | os.PathLike[str],
    limits: Limits,
    cache_dir: str | os.PathLike[str] | None = None,
) -> tuple[Dataset, list[Problem]]:
    """Like :func:`~kzdash.load.load_checked` (and raising the same
    :class:`~kzdash.load.DatasetError`), from the cache when the dataset's
    files and kzdash's code are unchanged since it was stored there."""
    root = Path(directory)
    if _code() is None:  # kzdash's own source cannot be read: nothing to key on
        return load_checked(root, limits)
    folder = Path(cache_dir) if cache_dir is not None else default_cache_dir()
    entry = folder / (hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:32] + ".pickle")
    key = _key(root, limits)
    with gc_paused(keep=True):  # unpickling makes as many objects as loading does
        hit = _read(entry, key, root)
    if hit is not None:
        return hit
    ds, warnings = load_checked(root, limits)
    archives = _archive_hashes(root, ds)
    # a file edited while it was being read: the next load reads it again
    if archives is not None and _key(root, limits) == key:
        _write(entry, {**key, "archives": archives}, (ds, warnings))
    return ds, warnings


@cache
def _code() -> str | None:
    """A fingerprint of the code a cached dataset was checked by."""
    digest = hashlib.sha256()
    for part in (FORMAT, kzdash.__version__, sys.version, pydantic.VERSION, yaml.__version__):
        digest.update(f"{part}\n".encode())
    try:
        sources = [path for package in (models, dataset)
                   for path in sorted(Path(package.__file__ or "").parent.glob("*.py"))]
        for path in [*sources, Path(__file__)]:
            digest.update(path.read_bytes())
    except OSError:
        return None
    return digest.hexdigest()


def _key(root: Path, limits: Limits) -> dict[str, Any]:
    files = {path.name: _sha256(path) for path in dataset_files(root)}
    return {"code": _code(), "directory": str(root), "limits": astuple(limits), "files": files}


def _sha256(path: Path) -> str | None:
    try:
        with path.open("rb") as f:
            return hashlib.file_digest(f, "sha256").hexdigest()
    except OSError:
        return None


def _archive_hashes(root: Path, ds: Dataset) -> dict[str, str] | None:
    hashes = {}
    for archive in sorted({s.archive for s in ds.sources if s.archive is not None}):
        digest = _sha256(root / archive)
        if digest is None:
            return None
        hashes[archive] = digest
    return hashes


def _private(folder: Path) -> bool:
    """Whether only this user can put files in ``folder``."""
    try:
        info = folder.stat()
    except OSError:
        return False
    mine = not hasattr(os, "getuid") or info.st_uid == os.getuid()
    return mine and stat.S_ISDIR(info.st_mode) and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _read(entry: Path, key: dict[str, Any], root: Path) -> tuple[Dataset, list[Problem]] | None:
    """The cached dataset if ``entry`` holds one for ``key``, else None."""
    if not _private(entry.parent):
        return None
    try:
        with entry.open("rb") as f:
            header = pickle.load(f)
            if not isinstance(header, dict) or any(header.get(k) != v for k, v in key.items()):
                return None
            archives = header["archives"]
            if any(_sha256(root / name) != digest for name, digest in archives.items()):
                return None
            ds, warnings = pickle.load(f)
        if not isinstance(ds, Dataset) or not all(isinstance(w, Problem) for w in warnings):
            return None
    except Exception:  # a corrupt or foreign entry is a miss, and gets replaced
        return None
    with contextlib.suppress(OSError):
        os.utime(entry)  # recently used: pruned last
    return ds, list(warnings)


def _write(entry: Path, header: dict[str, Any], payload: tuple[Dataset, list[Problem]]) -> None:
    """Store ``payload`` at ``entry``, atomically; give up quietly if the
    cache cannot be written."""
    folder = entry.parent
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _private(folder):
            return
        fd, temp = tempfile.mkstemp(dir=folder, prefix=".", suffix=".tmp")
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as f, gc_paused():
            pickle.dump(header, f, protocol=pickle.HIGHEST_PROTOCOL)
            pickle.dump(payload, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temp, entry)
    except Exception:  # a full disk, a dataset that cannot be pickled...
        Path(temp).unlink(missing_ok=True)
        return
    _prune(folder)


def _prune(folder: Path) -> None:
    """Keep the :data:`KEEP` most recently used entries."""
    with contextlib.suppress(OSError):
        entries = sorted(folder.glob("*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in entries[KEEP:]:
            old.unlink(missing_ok=True)
