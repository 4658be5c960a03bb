"""Issue 15: hostile and unlucky inputs. Each test makes its hostile file itself (tmp_path) and
checks the one-line error or the correct output, and that the other files of the same run are
still reported."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from trustlint.runner import lint_paths

TRUSTLINT = [sys.executable, "-m", "trustlint"]
GOOD = "Subject: RE: our call\n\nHi Sam,\n\nAs we discussed, here is the proposal.\n"


def run(*args: str, cwd: Path | None = None, timeout: float = 120, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([*TRUSTLINT, *args], capture_output=True, text=True, timeout=timeout, cwd=cwd, **kw)


def good(folder: Path, name: str = "good.txt") -> Path:
    p = folder / name
    p.write_text(GOOD, encoding="utf-8")
    return p


def names(paths) -> list[str]:
    return [Path(p).name for p in paths]


# --- 1. alias bombs in front matter and sidecars ------------------------------------------------

def _alias_bomb(levels: int = 10, width: int = 10) -> str:
    lines = ["a0: &a0 [" + ", ".join(["x"] * width) + "]"]
    for i in range(1, levels):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * width) + "]")
    lines.append(f"first_contact: *a{levels - 1}")
    return "\n".join(lines)


def test_front_matter_alias_bomb_is_a_one_line_error_in_bounded_memory(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.md"
    bomb.write_text("---\n" + _alias_bomb() + "\n---\nHello there.\n", encoding="utf-8")
    assert len(bomb.read_bytes()) < 1000
    ok = good(tmp_path)
    report = lint_paths([str(bomb), str(ok)])
    assert names(f.path for f in report.files) == ["good.txt"]
    (err,) = report.errors
    assert err.path == str(bomb) and "\n" not in err.message and len(err.message) < 200
    assert "aliases" in err.message


def test_sidecar_alias_bomb_is_refused(tmp_path: Path) -> None:
    draft = tmp_path / "d.txt"
    draft.write_text("Hello there.\n", encoding="utf-8")
    (tmp_path / "d.context.yml").write_text(_alias_bomb(), encoding="utf-8")
    report = lint_paths([str(draft), str(good(tmp_path))])
    assert [e.path for e in report.errors] == [str(draft)] and "aliases" in report.errors[0].message
    assert names(f.path for f in report.files) == ["good.txt"]


def test_bad_context_value_is_named_and_its_echo_is_capped(tmp_path: Path) -> None:
    draft = tmp_path / "d.md"
    big = "[" + ", ".join([f"[{', '.join(['y'] * 50)}]"] * 50) + "]"
    draft.write_text(f"---\nfirst_contact: {big}\n---\nHello there.\n", encoding="utf-8")
    (err,) = lint_paths([str(draft)]).errors
    assert "'first_contact' must be true or false" in err.message and len(err.message) < 200
