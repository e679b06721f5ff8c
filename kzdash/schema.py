"""JSON Schema of every dataset file, generated from :mod:`kzdash.models`.

Editors that read a ``# yaml-language-server: $schema=...`` first line (VS Code's
YAML extension and others) use these files to complete and check fields while a
dataset is typed. The schema covers each file on its own (types, patterns,
allowed values, unknown fields); cross-references, archives and the rules that
tie two fields together are checked only by ``python -m kzdash validate``.

``python -m kzdash schema`` rewrites the committed copies in ``schema/``; a test
fails when they no longer match the models.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from kzdash.models import FILES, OPTIONAL_FILES

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schema"


def schema_name(data_file: str) -> str:
    """``events.yaml`` -> ``events.schema.json``."""
    return f"{Path(data_file).stem}.schema.json"


def modeline(schema_path: str) -> str:
    """The first line that points an editor at ``schema_path`` (relative to the file)."""
    return f"# yaml-language-server: $schema={schema_path}"


def schemas() -> dict[str, dict[str, Any]]:
    """The JSON Schema of each data file, keyed by the data file's name."""
    return {name: model.model_json_schema() for name, model in {**FILES, **OPTIONAL_FILES}.items()}


def render(schema: dict[str, Any]) -> str:
    """One schema as text, byte-for-byte the same on every run."""
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def write_schemas(out: Path = SCHEMA_DIR) -> list[Path]:
    """Write one ``<name>.schema.json`` per data file into ``out``; return the paths."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in schemas().items():
        path = out / schema_name(name)
        path.write_text(render(schema), encoding="utf-8", newline="\n")
        written.append(path)
    return written


def register(commands: argparse._SubParsersAction) -> None:
    """Add ``schema [--out DIR]``."""
    parser = commands.add_parser(
        "schema", help="write the JSON Schema of every dataset file (for editors)"
    )
    parser.add_argument(
        "--out", help=f"folder to write into (default: {SCHEMA_DIR.name}/ beside the code)"
    )
    parser.set_defaults(func=schema_command)


def schema_command(args: argparse.Namespace) -> int:
    """Write the schema files and list them."""
    for path in write_schemas(Path(args.out) if args.out else SCHEMA_DIR):
        print(f"wrote {path}")
    return 0
