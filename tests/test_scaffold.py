"""``python -m kzdash new``: a valid example dataset that the dashboard opens."""

from __future__ import annotations

import re
import typing
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel
from streamlit.testing.v1 import AppTest

from kzdash.cli import main
from kzdash.load import load_checked, load_dataset
from kzdash.models import FILES, OPTIONAL_FILES
from kzdash.scaffold import TEMPLATES
from kzdash.schema import modeline, render, schema_name, schemas

ROOT = Path(__file__).parent.parent


@pytest.fixture(scope="module")
def scaffolded(tmp_path_factory) -> Path:
    directory = tmp_path_factory.mktemp("scaffold") / "my-dataset"
    assert main(["new", str(directory)]) == 0
    return directory


def test_scaffold_is_a_valid_dataset(scaffolded):
    ds = load_dataset(scaffolded)
    assert (len(ds.sources), len(ds.regions), len(ds.events), len(ds.quotes)) == (1, 1, 1, 1)
    assert len(ds.claims) == 1
    assert load_checked(scaffolded)[1] == [], "the example should not raise warnings"
    assert main(["validate", str(scaffolded)]) == 0


def test_scaffold_excerpts_are_checked_against_its_archive(scaffolded):
    assert load_dataset(scaffolded).sources[0].archive == "archive/example-report.txt"
    assert (scaffolded / "archive" / "example-report.txt").is_file()


def test_scaffold_files_point_at_their_own_schemas(scaffolded):
    for name in TEMPLATES:
        first = (scaffolded / name).read_text(encoding="utf-8").splitlines()[0]
        assert first == modeline(f"schema/{schema_name(name)}")
        schema = scaffolded / "schema" / schema_name(name)
        assert schema.read_text(encoding="utf-8") == render(schemas()[name])


def test_scaffold_is_example_content(scaffolded):
    ds = load_dataset(scaffolded)
    assert all(s.publisher == "Example Agency" for s in ds.sources)
    assert all((s.url or "").startswith("https://example.org/") for s in ds.sources)
    assert all(e.title.startswith("Example") for e in ds.events)


def _fields(model: type[BaseModel]) -> set[str]:
    """Field names of ``model`` and of every model nested in it."""
    names = set(model.model_fields)
    for field in model.model_fields.values():
        stack: list[Any] = [field.annotation]
        while stack:
            tp = stack.pop()
            if isinstance(tp, type) and issubclass(tp, BaseModel):
                names |= _fields(tp)
            else:
                stack.extend(typing.get_args(tp))
    return names


@pytest.mark.parametrize("name", sorted(TEMPLATES))
def test_scaffold_shows_every_field(scaffolded, name):
    """Each field appears, set or commented out, so the file doubles as a template."""
    text = (scaffolded / name).read_text(encoding="utf-8")
    model = {**FILES, **OPTIONAL_FILES}[name]
    missing = sorted(f for f in _fields(model) if not re.search(rf"\b{f}:", text))
    assert not missing, f"{name} of the scaffold does not show {missing}"
    keys = [line for line in text.splitlines() if re.match(r"\s*(- )?\w+:", line)]
    bare = [line for line in keys if "#" not in line]
    assert len(bare) <= len(keys) // 3, f"explain the fields of {name}: {bare}"


@pytest.mark.parametrize("existing", ["non-empty folder", "file"])
def test_new_refuses_to_overwrite(tmp_path, capsys, existing):
    target = tmp_path / "taken"
    if existing == "file":
        target.write_text("mine\n")
    else:
        target.mkdir()
        (target / "notes.txt").write_text("mine\n")
    assert main(["new", str(target)]) == 2
    err = capsys.readouterr().err
    assert str(target) in err and "nothing written" in err
    if existing == "file":
        assert target.read_text() == "mine\n"
    else:
        assert [p.name for p in target.iterdir()] == ["notes.txt"]


def test_new_accepts_an_empty_folder(tmp_path):
    assert main(["new", str(tmp_path)]) == 0
    load_dataset(tmp_path)


@pytest.mark.app
def test_dashboard_opens_the_scaffold(scaffolded, monkeypatch):
    monkeypatch.setenv("KZDASH_DATA", str(scaffolded))
    event = load_dataset(scaffolded).events[0]
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.query_params["event"] = event.id
    at.run()
    assert not at.exception
    assert event.title in [t.value for t in at.text]
