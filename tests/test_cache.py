"""The dataset cache: a hit skips loading, any change misses, a broken cache
is the same as no cache."""

from __future__ import annotations

import shutil
import stat
from pathlib import Path

import pytest

from kzdash import cache
from kzdash.cache import default_cache_dir, load_cached
from kzdash.load import DatasetError, Limits, load_checked

MINI = Path(__file__).parent / "fixtures" / "mini"


@pytest.fixture
def dataset(tmp_path) -> Path:
    target = tmp_path / "ds"
    shutil.copytree(MINI, target)
    return target


@pytest.fixture
def loads(monkeypatch) -> list[Path]:
    """Each directory that load_cached had to load itself (a miss)."""
    seen: list[Path] = []

    def counting(directory, limits):
        seen.append(Path(directory))
        return load_checked(directory, limits)

    monkeypatch.setattr(cache, "load_checked", counting)
    return seen


def entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.pickle"))


def test_a_hit_returns_the_same_dataset_without_loading(dataset, tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    first = load_cached(dataset, Limits(), folder)
    assert first == load_checked(dataset, Limits()) and len(entries(folder)) == 1

    def no_loading(directory, limits):
        raise AssertionError("a hit must not load the dataset")

    monkeypatch.setattr(cache, "load_checked", no_loading)
    second = load_cached(dataset, Limits(), folder)
    assert second == first
    assert second[0] is not first[0]  # read back from the entry, not kept in memory


@pytest.mark.parametrize(
    "file",
    ["events.yaml", "quotes.yaml", "sources.yaml", "regions.yaml", "claims.yaml", "names.yaml",
     "archive/article.txt"],
)
def test_a_changed_byte_in_any_file_misses(dataset, tmp_path, loads, file):
    folder = tmp_path / "cache"
    before = load_cached(dataset, Limits(), folder)
    path = dataset / file
    assert path.is_file(), f"the mini dataset has no {file}"
    text = path.read_bytes()
    # one byte more, in a comment or in prose: the dataset stays valid
    path.write_bytes(text + (b" " if file.endswith(".txt") else b"\n#"))
    after = load_cached(dataset, Limits(), folder)
    assert loads == [dataset, dataset]
    assert after == before  # nothing that the models hold has changed
    assert load_cached(dataset, Limits(), folder) == after and len(loads) == 2  # cached again
    assert len(entries(folder)) == 1  # replaced, not added


def test_an_optional_file_removed_misses(dataset, tmp_path, loads):
    folder = tmp_path / "cache"
    assert load_cached(dataset, Limits(), folder)[0].claims
    (dataset / "claims.yaml").unlink()
    assert load_cached(dataset, Limits(), folder)[0].claims == ()
    assert len(loads) == 2


def test_other_limits_or_other_code_miss(dataset, tmp_path, loads, monkeypatch):
    folder = tmp_path / "cache"
    load_cached(dataset, Limits(), folder)
    load_cached(dataset, Limits(max_file_bytes=10_000_000), folder)
    assert len(loads) == 2
    monkeypatch.setattr(cache, "_code", lambda: "another version")
    load_cached(dataset, Limits(max_file_bytes=10_000_000), folder)
    assert len(loads) == 3


def test_the_same_files_elsewhere_miss(dataset, tmp_path, loads):
    """Warnings name their files through the directory: another one misses."""
    folder = tmp_path / "cache"
    load_cached(dataset, Limits(), folder)
    copy = tmp_path / "copy"
    shutil.copytree(dataset, copy)
    load_cached(copy, Limits(), folder)
    assert loads == [dataset, copy] and len(entries(folder)) == 2


def test_a_corrupt_entry_is_loaded_around_and_replaced(dataset, tmp_path, loads):
    folder = tmp_path / "cache"
    expected = load_cached(dataset, Limits(), folder)
    (entry,) = entries(folder)
    entry.write_bytes(entry.read_bytes()[:200])  # cut short
    assert load_cached(dataset, Limits(), folder) == expected
    entry.write_bytes(b"not a pickle")
    assert load_cached(dataset, Limits(), folder) == expected
    assert len(loads) == 3
    assert load_cached(dataset, Limits(), folder) == expected and len(loads) == 3  # rewritten


def test_an_unwritable_cache_still_loads(dataset, tmp_path, loads):
    blocker = tmp_path / "a-file"
    blocker.write_text("a file where the cache folder would go\n")
    folder = blocker / "cache"
    expected = load_checked(dataset, Limits())
    assert load_cached(dataset, Limits(), folder) == expected
    assert load_cached(dataset, Limits(), folder) == expected
    assert len(loads) == 2 and not folder.exists()


def test_a_failing_dataset_raises_and_writes_nothing(dataset, tmp_path):
    folder = tmp_path / "cache"
    events = dataset / "events.yaml"
    events.write_text(events.read_text().replace("category: protest", "category: politics"))
    with pytest.raises(DatasetError) as info:
        load_cached(dataset, Limits(), folder)
    assert any("category" in str(p) for p in info.value.problems)
    assert entries(folder) == []


def test_the_folder_is_private_and_a_shared_one_is_not_used(dataset, tmp_path, loads):
    folder = tmp_path / "cache"
    load_cached(dataset, Limits(), folder)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    folder.chmod(0o777)  # anyone could have planted the entry: not read
    load_cached(dataset, Limits(), folder)
    assert len(loads) == 2


def test_the_default_folder_follows_the_environment(tmp_path):
    assert default_cache_dir({"KZDASH_CACHE_DIR": "/x/y", "XDG_CACHE_HOME": "/z"}) == Path("/x/y")
    assert default_cache_dir({"XDG_CACHE_HOME": "/z"}) == Path("/z/kzdash")
    assert default_cache_dir({}) == Path.home() / ".cache" / "kzdash"


def test_only_the_most_recently_used_entries_are_kept(tmp_path, monkeypatch):
    monkeypatch.setattr(cache, "KEEP", 2)
    folder = tmp_path / "cache"
    copies = []
    for name in "abc":
        copies.append(tmp_path / name)
        shutil.copytree(MINI, copies[-1])
        load_cached(copies[-1], Limits(), folder)
    assert len(entries(folder)) == 2
