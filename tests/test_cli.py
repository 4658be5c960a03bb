"""The CLI end to end: real subprocesses for exit codes, stdin and import cost."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from .conftest import SAMPLES

BAD = "Subject: RE: hello\n\nAs we discussed, here is our deck.\n"
GOOD = "Subject: A question about your close\n\nHi Dana, you can now export your reports in one click.\n"


def run(*args: str, stdin: str | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "trustlint", *args], input=stdin, capture_output=True,
                          text=True, cwd=cwd, timeout=120)


def test_exit_1_on_findings_and_0_when_clean(tmp_path: Path) -> None:
    bad, good = tmp_path / "bad.txt", tmp_path / "good.txt"
    bad.write_text(BAD)
    good.write_text(GOOD)
    r = run("check", str(bad), "--no-color")
    assert r.returncode == 1, r.stderr
    assert "TL302" in r.stdout and "TL601" in r.stdout
    r = run("check", str(good), "--no-color")
    assert r.returncode == 0, r.stdout + r.stderr
    assert "0 finding(s)" in r.stdout


def test_fail_on_error_ignores_warnings(tmp_path: Path) -> None:
    draft = tmp_path / "warn.txt"
    draft.write_text("We know exactly what you need for your store.\n")  # TL301 is a warning
    assert run("check", str(draft)).returncode == 1
    assert run("check", str(draft), "--fail-on", "error").returncode == 0


def test_missing_path_is_exit_2_with_one_line(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(GOOD)
    r = run("check", str(good), str(tmp_path / "nope.txt"), "--format", "json")
    assert r.returncode == 2
    data = json.loads(r.stdout)
    assert data["summary"] == {"files": 1, "findings": 0, "errors": 1}
    assert data["errors"][0]["path"].endswith("nope.txt")
    assert r.stderr.strip().count("\n") == 0 and "nope.txt" in r.stderr
    assert "Traceback" not in r.stderr


def test_bad_files_are_reported_and_others_still_linted(tmp_path: Path) -> None:
    (tmp_path / "a-empty.txt").write_text("")
    (tmp_path / "b-binary.txt").write_bytes(b"\x00\x01\x02PNG")
    (tmp_path / "c-latin1.txt").write_bytes("Café special: as we discussed, 10% off.\n".encode("cp1252"))
    (tmp_path / "d-bad.txt").write_text(BAD)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    r = run("check", str(tmp_path), "--format", "json")
    assert r.returncode == 2
    data = json.loads(r.stdout)
    errors = {Path(e["path"]).name: e["message"] for e in data["errors"]}
    assert errors["a-empty.txt"] == "file is empty"
    assert "binary" in errors["b-binary.txt"]
    linted = {Path(f["path"]).name: f for f in data["files"]}
    assert {"c-latin1.txt", "d-bad.txt"} <= set(linted)
    assert any("decoded as" in w for w in linted["c-latin1.txt"]["warnings"])
    assert "TL302" in {x["code"] for x in linted["c-latin1.txt"]["findings"]}
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before  # never modified


def test_stdin() -> None:
    r = run("check", "-", "--format", "json", stdin=BAD)
    assert r.returncode == 1
    data = json.loads(r.stdout)
    assert data["files"][0]["path"] == "<stdin>"
    assert {f["code"] for f in data["files"][0]["findings"]} >= {"TL302", "TL601"}


def test_output_file_and_samples_dir(tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    r = run("check", str(SAMPLES), "--format", "json", "--output", str(out))
    assert r.returncode == 1
    assert r.stdout == ""
    data = json.loads(out.read_text())
    assert data["summary"]["files"] == len([p for p in SAMPLES.iterdir() if p.suffix in (".txt", ".md")])


def test_usage_errors_exit_2() -> None:
    assert run("check", "-", "--format", "nope", stdin=BAD).returncode == 2
    assert run("check", "-", "--fail-on", "sometimes", stdin=BAD).returncode == 2
    r = run("explain", "TL999")
    assert r.returncode == 2 and "unknown rule" in r.stderr


def test_rules_and_explain() -> None:
    r = run("rules", "--format", "json")
    assert r.returncode == 0
    rules = {x["code"]: x for x in json.loads(r.stdout)}
    assert rules["TL302"]["name"] == "false-familiarity"
    assert rules["TL302"]["severity"] == "error"
    r = run("explain", "TL302")
    assert r.returncode == 0
    for part in ("false-familiarity", "Why:", "Source:", "Fires on:", "Passes:", "Instead:",
                 "relationship_verified", "remember meeting you"):
        assert part in r.stdout
    assert run("explain", "false-familiarity").stdout == r.stdout


def test_help_rules_explain_do_not_import_spacy() -> None:
    code = ("import sys; from typer.testing import CliRunner; from trustlint.cli import app; "
            "r = CliRunner(); "
            "[r.invoke(app, a) for a in (['--help'], ['rules'], ['explain', 'TL302'], ['check', '--help'])]; "
            "print('spacy' in sys.modules, 'textstat' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "False False", out.stderr


def test_config_error_is_one_line_exit_2(tmp_path: Path) -> None:
    (tmp_path / ".trustlint.toml").write_text('fail-on = "warning"\nbogus = 1\n')
    (tmp_path / "d.txt").write_text(GOOD)
    r = run("check", "d.txt", cwd=tmp_path)
    assert r.returncode == 2
    assert "unknown key 'bogus'" in r.stderr and ".trustlint.toml" in r.stderr
    assert "Traceback" not in r.stderr


def test_version() -> None:
    from trustlint import __version__

    assert run("--version").stdout.strip() == f"trustlint {__version__}"
