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

from trustlint.app.runner import lint_paths

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


# --- 2. one error path -------------------------------------------------------------------------

def test_file_name_too_long_is_a_per_file_error(tmp_path: Path) -> None:
    ok = good(tmp_path)
    long_name = str(tmp_path / ("a" * 300 + ".txt"))
    out = run("check", "-f", "json", long_name, str(ok))
    assert out.returncode == 2 and "Traceback" not in out.stderr
    data = json.loads(out.stdout)
    assert names(f["path"] for f in data["files"]) == ["good.txt"]
    assert data["errors"] == [{"path": long_name, "message": "file name too long"}]
    assert f"trustlint: error: {long_name}: file name too long\n" in out.stderr


def test_unreadable_folder_is_an_error_and_the_rest_is_reported(tmp_path: Path, monkeypatch) -> None:
    from trustlint.source import walk

    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "x.txt").write_text(GOOD)
    good(tmp_path)
    real = os.scandir

    def scandir(path):
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(walk.os, "scandir", scandir)
    report = lint_paths([str(tmp_path)])
    assert names(f.path for f in report.files) == ["good.txt"]
    assert [(Path(e.path).name, e.message) for e in report.errors] == [("locked", "cannot read folder: permission denied")]


def test_explicit_path_below_a_folder_we_may_not_enter(tmp_path: Path, monkeypatch) -> None:
    from trustlint.source import walk

    ok = good(tmp_path)
    hidden = str(tmp_path / "locked" / "x.txt")

    def lstat(path, real=os.lstat):
        if str(path) == hidden:
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(walk.os, "lstat", lstat)
    report = lint_paths([hidden, str(ok)])
    assert [(e.path, e.message) for e in report.errors] == [(hidden, "permission denied")]
    assert names(f.path for f in report.files) == ["good.txt"]


def test_deeply_nested_pyproject_is_a_config_error(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.trustlint]\nx = " + "[" * 100_000 + "]" * 100_000 + "\n")
    good(tmp_path)
    out = run("check", "good.txt", cwd=tmp_path)
    assert out.returncode == 2 and "Traceback" not in out.stderr
    assert out.stderr.strip().splitlines() == [f"trustlint: error: {tmp_path / 'pyproject.toml'}: invalid TOML: nested too deeply"] \
        or "nested too deeply" in out.stderr and len(out.stderr.strip().splitlines()) == 1


def test_lint_text_eml_with_an_unparsable_address_header() -> None:
    from trustlint import lint_text

    assert not lint_text("From::; ", fmt="eml").errors
    report = lint_text("From::; \nSubject: hello\n\nAs we discussed, here is the deck.\n", fmt="eml")
    assert not report.errors and "TL302" in {f.code for f in report.findings}


def test_lint_text_turns_any_exception_into_an_error(monkeypatch) -> None:
    from trustlint import lint_text
    from trustlint.app import runner

    def boom(*a, **k):
        raise KeyError("x")

    monkeypatch.setattr(runner, "lint_draft", boom)
    (err,) = lint_text("Hello there.").errors
    assert err.path == "<text>" and err.message.startswith("internal error while linting (KeyError")


def test_rich_markup_in_a_file_name_is_shown_not_parsed(tmp_path: Path) -> None:
    (tmp_path / "x[").mkdir()
    bad = tmp_path / "x[" / "b] [red]x.txt"  # the path reads "x[/b] [red]x.txt"
    bad.write_text("Dear valued customer,\n\nBUY NOW!!!\n")
    ok = good(tmp_path)
    out = run("check", "--color", str(bad), str(ok))
    assert out.returncode == 1 and "Traceback" not in out.stderr
    assert "x[/b] [red]x.txt" in out.stdout and "good.txt" in out.stdout


# --- 3. workflow-command and terminal injection ----------------------------------------------

HOSTILE_NAME = "x\n::error file=a,line=1::owned\n::stop-commands::tok\n\x1b[2J\u202e.txt"


@pytest.mark.parametrize("fmt", ["terminal", "sarif", "github", "json", "markdown", "junit", "json-lines"])
def test_hostile_file_names_cannot_start_a_workflow_command(tmp_path: Path, fmt: str) -> None:
    bad = tmp_path / HOSTILE_NAME
    bad.write_text("Dear valued customer,\n\nAs we discussed, BUY NOW!!!\n")
    empty = tmp_path / ("e\n::stop-commands::t\n.txt")
    empty.write_text("")  # an error line on stderr too
    ok = good(tmp_path)
    out = run("check", "-f", fmt, str(bad), str(empty), str(ok))
    assert out.returncode == 2 and "Traceback" not in out.stderr
    for stream in (out.stdout, out.stderr):
        for line in stream.splitlines():
            if fmt in ("terminal", "github", "markdown", "sarif") or stream is out.stderr:  # for people
                assert "\x1b" not in line and "\u202e" not in line
            if fmt == "github" and stream is out.stdout:
                assert line.startswith(("::error ", "::warning ", "::notice ")) and "::stop-commands::" not in line
            else:
                assert not line.lstrip().startswith("::"), line
    assert "good.txt" in out.stdout
    if fmt == "sarif":
        data = json.loads(out.stdout)
        assert len(data["runs"][0]["artifacts"]) == 2
    if fmt == "terminal":
        assert "x\\n:\u200b:error file=a" in out.stdout and "\\x1b[2J" in out.stdout


def test_escaping_helpers() -> None:
    from trustlint import escape

    assert escape.terminal("a\nb\r\tc\x1b[31m\u202ed\x7f") == "a\\nb\\r\\tc\\x1b[31m\\u202ed\\x7f"
    assert escape.terminal("Café 🎉 שלום") == "Café 🎉 שלום"
    assert escape.terminal("a::stop-commands::b ##[x") == "a:\u200b:stop-commands:\u200b:b #\u200b#[x"
    assert escape.github_property("a,b:c\n%") == "a%2Cb%3Ac%0A%25"
    assert escape.github_data("a,b:c\r\n%") == "a,b:c%0D%0A%25"
    assert escape.markup("[/b]") == "\\[/b]"
    md = escape.markdown("see https://x.io www.y.io #12 org/repo#3 GH-4 @bob [x](y) <b>")
    assert "https://" not in md and "www." not in md and "#1" not in md and "#3" not in md
    assert "GH-4" not in md and "@bob" not in md and "<b>" not in md and "\\[x\\]" in md


# --- 5. bounded reads, FIFOs, devices, signals -------------------------------------------------

def test_devices_and_fifos_are_refused_up_front(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    ok = good(tmp_path)
    out = run("check", "-f", "json", "/dev/zero", str(fifo), str(ok), timeout=60)
    data = json.loads(out.stdout)
    assert out.returncode == 2
    assert {e["path"]: e["message"] for e in data["errors"]} == {
        "/dev/zero": "a character device, not a regular file",
        str(fifo): "a FIFO (named pipe), not a regular file"}
    assert names(f["path"] for f in data["files"]) == ["good.txt"]


def test_fifo_in_a_folder_is_skipped_with_a_notice(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.txt")
    good(tmp_path)
    out = run("check", "-f", "json", str(tmp_path), timeout=60)
    assert out.returncode == 1
    assert names(f["path"] for f in json.loads(out.stdout)["files"]) == ["good.txt"]
    assert f"trustlint: skipped {tmp_path / 'pipe.txt'}: a FIFO (named pipe), not a regular file" in out.stderr


def test_file_swapped_for_a_fifo_after_stat_is_an_error_not_a_hang(tmp_path: Path, monkeypatch) -> None:
    from trustlint import safeio

    fifo = tmp_path / "swapped.txt"
    os.mkfifo(fifo)
    regular = os.stat(good(tmp_path))
    real_stat = os.stat
    monkeypatch.setattr(safeio.os, "stat", lambda p, *a, **k: regular if str(p) == str(fifo) else real_stat(p, *a, **k))
    with pytest.raises(safeio.ReadError, match="FIFO .*changed while trustlint ran"):
        safeio.read_bounded(fifo, 1000)


def test_stdin_stops_reading_at_the_limit() -> None:
    proc = subprocess.Popen(["yes"], stdout=subprocess.PIPE)
    try:
        out = subprocess.run([*TRUSTLINT, "check", "-f", "json", "-"], stdin=proc.stdout, capture_output=True,
                             text=True, timeout=60)
    finally:
        proc.kill()
        proc.wait()
    assert out.returncode == 2
    assert json.loads(out.stdout)["errors"] == [
        {"path": "<stdin>", "message": "input is over the 5.0 MB limit (raise max-file-size in config)"}]


def test_read_bounded_streams_at_most_the_limit(tmp_path: Path) -> None:
    from trustlint import safeio

    p = tmp_path / "big.txt"
    p.write_bytes(b"x" * 5000)
    assert safeio.read_bounded(p, 5000) == b"x" * 5000
    with pytest.raises(safeio.ReadError, match="over the"):
        safeio.read_bounded(p, 4999)
    import io

    with pytest.raises(safeio.ReadError, match="input is over"):
        safeio.read_stream(io.BytesIO(b"y" * 10), 9)


def _children(pid: int) -> set[int]:
    out = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            out.update(int(c) for c in (task / "children").read_text().split())
        except OSError:
            pass
    return out


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
    except OSError:
        return False


@pytest.mark.parametrize("sig", ["SIGTERM", "SIGINT"])
def test_signals_to_the_parent_end_the_workers(tmp_path: Path, sig: str) -> None:
    import signal
    import time

    if not Path("/proc/self/task").is_dir():
        pytest.skip("needs /proc")
    for i in range(120):
        (tmp_path / f"d{i:03}.txt").write_text("Hi Sam,\n\n" + "As we discussed, here is the plan. " * 3000)
    # --jobs 3: this process and two forked workers (trustlint.app.parallel), so both are checked
    proc = subprocess.Popen([*TRUSTLINT, "check", "--jobs", "3", "-f", "json", str(tmp_path)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    workers: set[int] = set()
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and len(workers) < 2 and proc.poll() is None:
        workers = _children(proc.pid)
        time.sleep(0.1)
    assert len(workers) >= 2, "workers never started"
    time.sleep(1.0)
    proc.send_signal(getattr(signal, sig))
    _, err = proc.communicate(timeout=60)
    time.sleep(0.5)
    assert not [w for w in workers if _alive(w)], "workers outlived the parent"
    assert "Traceback" not in err
    assert proc.returncode in (130, 143, -15, -2, 2)


# --- 8. the walker ----------------------------------------------------------------------------

def test_symlinks_out_of_the_tree_are_not_followed(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / ".git" / "config").write_text("[http]\n\textraheader = AUTHORIZATION: basic c2VjcmV0\n")
    emails = repo / "emails"
    emails.mkdir()
    good(emails)
    (emails / "notes.txt").symlink_to("../.git/config")
    (emails / "passwd.txt").symlink_to("/etc/passwd")
    (emails / "dangling.txt").symlink_to("nowhere.txt")
    (emails / "loop").symlink_to("../emails")
    (emails / "inner").mkdir()
    (emails / "inner" / "real.md").write_text("Hello there, the deck is attached.\n")
    (emails / "alias.md").symlink_to("inner/real.md")  # inside the tree: followed
    (emails / "hidden").symlink_to("../.git")  # a hidden folder reached through a link
    out = run("check", "-f", "html", "-o", str(tmp_path / "r.html"), "emails", cwd=repo)
    assert out.returncode == 1
    html = (tmp_path / "r.html").read_text()
    assert "c2VjcmV0" not in html and "root:" not in html
    assert "good.txt" in html and "alias.md" in html and "real.md" in html
    notes = {line for line in out.stderr.splitlines() if line.startswith("trustlint: skipped")}
    assert notes == {
        "trustlint: skipped emails/dangling.txt: dangling symbolic link (its target does not exist)",
        "trustlint: skipped emails/hidden: symbolic link to outside the given paths",
        "trustlint: skipped emails/loop: symbolic link loop (folder already walked)",
        "trustlint: skipped emails/notes.txt: symbolic link to outside the given paths",
        "trustlint: skipped emails/passwd.txt: symbolic link to outside the given paths",
    }


def test_hidden_folder_reached_through_a_link_inside_the_root_stays_skipped(tmp_path: Path) -> None:
    (tmp_path / ".drafts").mkdir()
    (tmp_path / ".drafts" / "secret.txt").write_text(GOOD)
    (tmp_path / "visible").symlink_to(".drafts")
    good(tmp_path)
    skipped = []
    report = lint_paths([str(tmp_path)]) if False else None
    from trustlint.source.reading import iter_paths

    found = [p for p, problem in iter_paths([str(tmp_path)], on_skip=lambda p, why: skipped.append((p, why)))]
    assert names(found) == ["good.txt"]
    assert [(Path(p).name, why) for p, why in skipped] == [("visible", "symbolic link into a hidden folder")]
    assert report is None


def test_explicit_link_to_outside_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "emails").mkdir()
    link = tmp_path / "emails" / "notes.txt"
    link.symlink_to("/etc/hostname")
    ok = good(tmp_path / "emails")
    report = lint_paths([str(link), str(ok)])
    assert [(e.path, e.message) for e in report.errors] == [(str(link), "symbolic link to outside the given paths")]
    assert names(f.path for f in report.files) == ["good.txt"]


# --- 9. pre-commit argument injection ----------------------------------------------------------

def test_double_dash_ends_options(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("keep me\n")
    (tmp_path / "--output=README.md").write_text("Dear valued customer,\n\nAs we discussed.\n")
    out = run("check", "-f", "json", "--", "--output=README.md", cwd=tmp_path)
    assert (tmp_path / "README.md").read_text() == "keep me\n"
    assert out.returncode == 1
    assert [f["path"] for f in json.loads(out.stdout)["files"]] == ["--output=README.md"]


def test_precommit_hook_entry_ends_options() -> None:
    import yaml

    root = Path(__file__).resolve().parent.parent
    (hook,) = yaml.safe_load((root / ".pre-commit-hooks.yaml").read_text())
    assert hook["entry"] == "trustlint check --"


# --- 10. atomic writes -------------------------------------------------------------------------

def test_failed_output_write_leaves_the_old_report_whole(tmp_path: Path, cli, monkeypatch) -> None:
    from trustlint import safeio

    good(tmp_path)
    report = tmp_path / "report.json"
    report.write_text("the good old report\n")

    def full_disk(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(safeio.os, "fsync", full_disk)
    result = cli(tmp_path, "check", "-f", "json", "-o", "report.json", "good.txt")
    assert result.exit_code == 2 and "No space left on device" in result.stderr
    assert report.read_text() == "the good old report\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["good.txt", "report.json"]  # no temp file left
    result = cli(tmp_path, "check", "--write-baseline", "report.json", "good.txt")
    assert result.exit_code == 2 and report.read_text() == "the good old report\n"
    monkeypatch.undo()
    result = cli(tmp_path, "check", "-f", "json", "-o", "report.json", "good.txt")
    assert result.exit_code == 1 and json.loads(report.read_text())["summary"]["files"] == 1


def test_atomic_write_keeps_the_mode_of_an_existing_file(tmp_path: Path) -> None:
    from trustlint.safeio import atomic_write

    p = tmp_path / "out.txt"
    p.write_text("old")
    os.chmod(p, 0o640)
    atomic_write(p, "new")
    assert p.read_text() == "new" and (os.stat(p).st_mode & 0o777) == 0o640


# --- 2 and 7. --recipients: bad CSVs, markup, every format, baselines ---------------------------

RECIPIENT_DRAFT = "Hi {{ first_name }},\n\nYour {{ product }} order has shipped.\n"


def _recipients(tmp_path: Path, rows: list[str] | bytes) -> tuple[str, str]:
    d = tmp_path / "welcome.txt"
    d.write_text(RECIPIENT_DRAFT)
    c = tmp_path / "contacts.csv"
    if isinstance(rows, bytes):
        c.write_bytes(rows)
    else:
        c.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return str(d), str(c)


def test_csv_field_over_128_kb_is_read(tmp_path: Path) -> None:
    d, c = _recipients(tmp_path, ["email,first_name,product", "a@x.com,," + "b" * 200_000, "b@x.com,Bo,beans"])
    out = run("check", d, "--recipients", c, "-f", "json")
    assert out.returncode == 1 and "Traceback" not in out.stderr, out.stderr
    assert json.loads(out.stdout)["recipients"]["rows"] == 2


def test_rich_markup_in_csv_values_and_names_is_shown(tmp_path: Path) -> None:
    d, c = _recipients(tmp_path, ["email,first_name,product", "[/b]@x.com,,[/red] beans", "b@x.com,Bo,beans"])
    out = run("check", d, "--recipients", c)
    assert out.returncode == 1 and "Traceback" not in out.stderr, out.stderr
    assert "row 2 [/b]@x.com" in out.stdout


@pytest.mark.parametrize("fmt", ["sarif", "github", "junit", "markdown", "json-lines", "html"])
def test_recipients_honours_every_format(tmp_path: Path, fmt: str) -> None:
    d, c = _recipients(tmp_path, ["email,first_name,product", "a@x.com,,beans", "b@x.com,Bo,beans"])
    out = run("check", d, "--recipients", c, "-f", fmt)
    assert out.returncode == 1, out.stderr
    assert "TL507" in out.stdout and "1 of 2 recipient(s)" in out.stdout.replace("\\\\", "")
    assert "distinct variant(s) linted" not in out.stdout  # not the terminal table
    if fmt == "sarif":
        assert json.loads(out.stdout)["runs"][0]["results"]


def test_recipients_baselines(tmp_path: Path) -> None:
    d, c = _recipients(tmp_path, ["email,first_name,product", "a@x.com,,beans", "b@x.com,Bo,beans"])
    missing = run("check", d, "--recipients", c, "--baseline", str(tmp_path / "none.json"))
    assert missing.returncode == 2 and "baseline file not found" in missing.stderr
    base = tmp_path / "base.json"
    wrote = run("check", d, "--recipients", c, "--write-baseline", str(base))
    assert wrote.returncode == 0 and base.is_file() and "recorded" in wrote.stderr
    again = run("check", d, "--recipients", c, "--baseline", str(base), "-f", "json")
    assert again.returncode == 0, again.stdout
    data = json.loads(again.stdout)
    assert data["files"][0]["findings"] == [] and data["recipients"]["rules"] == []


def test_bad_recipient_csvs_warn(tmp_path: Path) -> None:
    d, c = _recipients(tmp_path, ["email,first_name,product", "a@x.com", "b@x.com,Bo,beans,extra", "c@x.com,Cy,beans"])
    out = run("check", d, "--recipients", c, "-f", "json")
    warnings = json.loads(out.stdout)["recipients"]["warnings"]
    assert any("1 row(s) have fewer fields" in w for w in warnings)
    assert any("1 row(s) have more fields" in w for w in warnings)
    d, c = _recipients(tmp_path, ["email,first_name,product", "a@x.com,Bo,beans", '"b@x.com,Cy,beans', "c@x.com,Di,beans"])
    out = run("check", d, "--recipients", c, "-f", "json")
    assert any("a quoted field is never closed (from line 3)" in w for w in json.loads(out.stdout)["recipients"]["warnings"])
    latin = "email,first_name,product\na@x.com,Ren\xe9,beans\n".encode("latin-1")
    d, c = _recipients(tmp_path, latin)
    out = run("check", d, "--recipients", c, "-f", "json")
    assert any("not valid UTF-8" in w for w in json.loads(out.stdout)["recipients"]["warnings"])
    d, c = _recipients(tmp_path, "email,first_name,product\na@x.com,Bo,beans\n".encode("utf-16"))
    out = run("check", d, "--recipients", c, "-f", "json")
    data = json.loads(out.stdout)["recipients"]
    assert data["rows"] == 1 and any("UTF-16" in w for w in data["warnings"])


# --- 6. user regexes run in linear time ---------------------------------------------------------

def _custom_rule(root: Path, regex: str) -> None:
    (root / "rules").mkdir()
    (root / "rules" / "r.yml").write_text(
        "name: acme_slow\nrule:\n  code: ACME900\n  name: slow-regex\n  severity: error\n"
        "  component: credibility\n  message: \"'{match}' matched\"\n  suggestion: Rewrite it.\n"
        f"entries:\n  - id: slow\n    regex: ['{regex}']\n", encoding="utf-8")
    (root / ".trustlint.toml").write_text('lexicons = ["rules"]\n', encoding="utf-8")


def test_catastrophic_user_regex_finishes(tmp_path: Path) -> None:
    import time

    _custom_rule(tmp_path, "(a+)+!")  # Python's re needs ~2**30 steps on the 30 a's below
    (tmp_path / "d.txt").write_text("Hello " + "a" * 30 + " there.\nIt is aaaa!\n", encoding="utf-8")
    good(tmp_path)
    started = time.monotonic()
    out = run("check", "-f", "json", "d.txt", "good.txt", cwd=tmp_path, timeout=120)
    assert time.monotonic() - started < 60
    data = json.loads(out.stdout)
    assert names(f["path"] for f in data["files"]) == ["d.txt", "good.txt"]
    (d,) = [f for f in data["files"] if f["path"] == "d.txt"]
    assert [f["excerpt"] for f in d["findings"] if f["code"] == "ACME900"] == ["aaaa!"]


def test_user_regex_with_lookbehind_is_a_lexicon_error(tmp_path: Path) -> None:
    _custom_rule(tmp_path, "(?<=a)b")
    good(tmp_path)
    out = run("check", "good.txt", cwd=tmp_path)
    assert out.returncode == 2 and "bad regex" in out.stderr and "RE2" in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1 and "re2.cc" not in out.stderr


# --- lower: line ends, encodings, NULs, baseline schema, reproducible HTML -----------------------

def test_lone_cr_file_has_lines(tmp_path: Path) -> None:
    p = tmp_path / "mac.txt"
    p.write_bytes(b"Subject: Quick question\r\rAs we discussed, here is the deck.\r")
    report = lint_paths([str(p), str(good(tmp_path))])
    fr = next(f for f in report.files if f.path == str(p))
    (tl302,) = [f for f in fr.findings if f.code == "TL302"]
    assert tl302.field == "body" and tl302.location.line == 3 and tl302.location.column == 1
    assert len(report.files) == 2


def test_utf16_without_bom_is_decoded(tmp_path: Path) -> None:
    for enc in ("utf-16-le", "utf-16-be"):
        p = tmp_path / f"{enc}.txt"
        p.write_bytes("Subject: hello\n\nHi Sam, as we discussed, here it is.\n".encode(enc))
    report = lint_paths([str(tmp_path)])
    assert not report.errors and len(report.files) == 2
    for fr in report.files:
        assert "TL302" in {f.code for f in fr.findings}
        assert any("no byte-order mark" in w for w in fr.warnings)


def test_nul_bytes_after_8_kb_mean_binary(tmp_path: Path) -> None:
    p = tmp_path / "late.txt"
    p.write_bytes(b"Hello there. " * 1000 + b"\x00\x01\x02 binary tail")
    report = lint_paths([str(p), str(good(tmp_path))])
    assert [(e.path, e.message) for e in report.errors] == [(str(p), "binary file skipped (contains NUL bytes)")]
    assert len(report.files) == 1


@pytest.mark.parametrize("data", [
    {"tool": "trustlint", "version": True, "findings": []},
    {"tool": "trustlint", "version": 1.0, "findings": []},
    {"tool": "trustlint", "version": 1, "findings": [{"path": "a", "code": "TL302", "excerpt": "x", "count": -1}]},
    {"tool": "trustlint", "version": 1, "findings": [{"path": "a", "code": "TL302", "excerpt": "x", "count": True}]},
])
def test_baseline_schema_is_validated(tmp_path: Path, data: dict) -> None:
    from trustlint.app.baseline import BaselineError, load

    p = tmp_path / "b.json"
    p.write_text(json.dumps(data))
    with pytest.raises(BaselineError):
        load(p)


def test_html_report_honours_source_date_epoch(tmp_path: Path) -> None:
    good(tmp_path)
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
    first = run("check", "-f", "html", "good.txt", cwd=tmp_path, env=env)
    second = run("check", "-f", "html", "good.txt", cwd=tmp_path, env=env)
    assert "2023-11-14 22:13 UTC" in first.stdout and first.stdout == second.stdout
