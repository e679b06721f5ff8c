from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from kzdash.cli import data_dir, main

MINI = Path(__file__).parent / "fixtures" / "mini"
ROOT = Path(__file__).parent.parent


def test_validate_ok(capsys):
    assert main(["validate", str(MINI)]) == 0
    out = capsys.readouterr().out.splitlines()
    # the fixture's wire report has no archived text: it is cited with notes, no warning
    assert out == ["OK: 4 events, 3 quotes, 2 claims, 3 regions, 2 sources"]


def test_validate_lists_problems_and_fails(tmp_path, capsys):
    (tmp_path / "events.yaml").write_text("events:\n  - id: Bad Id\n")
    assert main(["validate", str(tmp_path)]) == 1
    out = capsys.readouterr().out.splitlines()
    expected = f"{tmp_path / 'events.yaml'}:2:9: events[0].id: String should match pattern"
    assert expected in "\n".join(out)
    assert any("sources.yaml:0:0: missing file" in line for line in out)
    assert all(":" in line for line in out)


def test_module_entry_point_on_the_embedded_dataset():
    result = subprocess.run([sys.executable, "-m", "kzdash", "validate"], cwd=ROOT / "tests",
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("OK: ")
    assert "Traceback" not in result.stderr


def test_bad_data_never_shows_a_traceback(tmp_path):
    (tmp_path / "events.yaml").write_bytes(b"\x00\x01binary")
    result = subprocess.run([sys.executable, "-m", "kzdash", "validate", str(tmp_path)],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert "binary file" in result.stdout


def test_data_dir_precedence(tmp_path):
    default = tmp_path / "default"
    assert data_dir([], {}, default) == default
    assert data_dir([], {"KZDASH_DATA": "/x"}, default) == Path("/x")
    assert data_dir(["--data", "/y"], {"KZDASH_DATA": "/x"}, default) == Path("/y")
