"""The JSON Schema files, the editor hints in data/, and docs/dataset.md, against
the models they describe."""

from __future__ import annotations

import datetime as dt
import json
import re
import types
import typing
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import BaseModel

from kzdash.cli import main
from kzdash.load import DATA_DIR
from kzdash.models import FILES, OPTIONAL_FILES
from kzdash.schema import SCHEMA_DIR, modeline, schema_name

ROOT = Path(__file__).parent.parent
MINI = Path(__file__).parent / "fixtures" / "mini"
DOC = ROOT / "docs" / "dataset.md"
ALL_FILES = {**FILES, **OPTIONAL_FILES}
REGENERATE = "run `python -m kzdash schema` and commit schema/"


def test_schema_command_writes_one_file_per_data_file(tmp_path, capsys):
    assert main(["schema", "--out", str(tmp_path)]) == 0
    expected = sorted(schema_name(name) for name in ALL_FILES)
    assert sorted(p.name for p in tmp_path.iterdir()) == expected
    assert capsys.readouterr().out.count("wrote ") == len(expected)
    events = json.loads((tmp_path / "events.schema.json").read_text(encoding="utf-8"))
    assert events["required"] == ["events"]
    assert events["$defs"]["Event"]["additionalProperties"] is False


def test_schema_output_is_deterministic(tmp_path):
    main(["schema", "--out", str(tmp_path / "a")])
    main(["schema", "--out", str(tmp_path / "b")])
    for path in (tmp_path / "a").iterdir():
        text = path.read_bytes()
        assert text == (tmp_path / "b" / path.name).read_bytes()
        assert text.endswith(b"}\n") and b"\r" not in text


def test_committed_schemas_match_the_models(tmp_path):
    main(["schema", "--out", str(tmp_path)])
    generated = {p.name: p.read_text(encoding="utf-8") for p in tmp_path.iterdir()}
    committed = {p.name: p.read_text(encoding="utf-8") for p in SCHEMA_DIR.glob("*.json")}
    assert sorted(committed) == sorted(generated), f"schema/ has the wrong files: {REGENERATE}"
    stale = [name for name in generated if committed[name] != generated[name]]
    assert not stale, f"{', '.join(stale)} out of date with kzdash/models/: {REGENERATE}"


@pytest.mark.parametrize("name", [n for n in ALL_FILES if (DATA_DIR / n).exists()])
def test_data_files_name_their_schema_on_the_first_line(name):
    first = (DATA_DIR / name).read_text(encoding="utf-8").splitlines()[0]
    target = f"../schema/{schema_name(name)}"
    assert first == modeline(target), f"data/{name} must start with: {modeline(target)}"
    assert (DATA_DIR / target).resolve().is_file()


def _json_ready(value: Any) -> Any:
    """YAML as an editor's YAML 1.2 parser sees it: dates are strings."""
    if isinstance(value, dict):
        return {k: _json_ready(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_json_ready(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _validator(name: str) -> Any:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((SCHEMA_DIR / schema_name(name)).read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


@pytest.mark.parametrize("directory", [DATA_DIR, MINI], ids=["data", "mini"])
@pytest.mark.parametrize("name", sorted(ALL_FILES))
def test_valid_datasets_pass_their_schema(directory, name):
    """An editor must not flag a dataset that ``validate`` accepts."""
    path = directory / name
    if not path.exists():
        pytest.skip(f"no {name} in {directory.name}")
    data = _json_ready(yaml.safe_load(path.read_text(encoding="utf-8")))
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in _validator(name).iter_errors(data)]
    assert not errors, errors[:5]


def test_schema_flags_a_misspelt_field():
    event = {"id": "x", "date": "2022-01-02", "title": "t", "sumary": "s", "category": "unrest",
             "scope": "national", "sources": [{"source": "a", "excerpt": "e"}]}
    messages = [e.message for e in _validator("events.yaml").iter_errors({"events": [event]})]
    assert any("sumary" in m for m in messages)


def _models(model: type[BaseModel]) -> Iterator[type[BaseModel]]:
    """The models a field of ``model`` holds, directly or in a list or union."""
    for field in model.model_fields.values():
        stack: list[Any] = [field.annotation]
        while stack:
            tp = stack.pop()
            if isinstance(tp, type) and issubclass(tp, BaseModel):
                yield tp
            elif typing.get_origin(tp) in (list, tuple, typing.Union, types.UnionType,
                                           typing.Annotated):
                stack.extend(typing.get_args(tp))


def _documented_models() -> list[tuple[str, type[BaseModel]]]:
    """(heading to look for, model) for every model reachable from the data files:
    a file's model under the file's name, a nested model under its class name."""
    out: list[tuple[str, type[BaseModel]]] = []
    seen: set[type[BaseModel]] = set()
    todo: list[tuple[str, type[BaseModel]]] = list(ALL_FILES.items())
    while todo:
        heading, model = todo.pop(0)
        if model in seen:
            continue
        seen.add(model)
        out.append((heading, model))
        todo += [(inner.__name__, inner) for inner in _models(model)]
    return out


def _section(text: str, heading: str) -> str:
    """The text under the heading that names ``heading``, up to the next heading
    of the same or a higher level."""
    lines = text.splitlines()
    word = re.compile(rf"(?<![\w.]){re.escape(heading)}(?![\w.])")
    for i, line in enumerate(lines):
        match = re.match(r"(#+) ", line)
        if match and word.search(line):
            level = len(match.group(1))
            end = next((j for j in range(i + 1, len(lines))
                        if re.match(rf"#{{1,{level}}} ", lines[j])), len(lines))
            return "\n".join(lines[i:end])
    raise AssertionError(f"docs/dataset.md has no heading for {heading}")


def test_every_model_is_reached():
    names = {model.__name__ for _, model in _documented_models()}
    assert {"Source", "Region", "Event", "Figure", "Citation", "Quote", "Claim"} <= names


@pytest.mark.parametrize(("heading", "model"), _documented_models(),
                         ids=[h for h, _ in _documented_models()])
def test_doc_describes_every_field_in_its_section(heading, model):
    section = _section(DOC.read_text(encoding="utf-8"), heading)
    missing = [f for f in model.model_fields if f"`{f}`" not in section]
    assert not missing, f"docs/dataset.md, section {heading}: document {missing}"


def test_doc_yaml_examples_are_valid():
    """Each example snippet whose top-level key is a data file's validates as that file."""
    keys = {next(iter(model.model_fields)): model for model in ALL_FILES.values()}
    blocks = re.findall(r"```yaml\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    checked = set()
    for block in blocks:
        data = yaml.safe_load(block)
        if isinstance(data, dict) and len(data) == 1 and next(iter(data)) in keys:
            key = next(iter(data))
            keys[key].model_validate(data)
            checked.add(key)
    assert checked == set(keys), f"no example for {set(keys) - checked}"
