"""Bad input never hangs or crashes, errors name the file, inputs are never modified, output is
deterministic, and --jobs changes nothing but speed."""
from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from trustlint.nlp import document as nlp
from trustlint.config import Config
from trustlint.nlp.lexicon import load_lexicons
from trustlint.reporters import render
from trustlint.app.runner import lint_paths
from trustlint.source.reading import decode, read_path
from trustlint.source.draft import SourceError

TRUSTLINT = [sys.executable, "-m", "trustlint"]

GOOD = "Subject: RE: our call\n\nHi Sam,\n\nAs we discussed, here is the proposal.\n"
BAD_TEXT = {
    "control.txt": "Hi\x01\x02\x1b[31m there\u200b\u200d\ufeff,\x7f as we discussed\u202e gnorw\u202c.\n",
    "rtl_emoji.txt": "Subject: \u202eמבצע\u202c 🎉\n\nمرحبا بكم 👨‍👩‍👧‍👦 שלום 🎉🎉🎉 — as we discussed!!!\n",
    "unbalanced.txt": "Hi {{ first_name, *|FNAME, %%[ set @x = 1, {% if x %}, {# never closed, [[NAME OR \"x\n"
                      + "{{" * 20000 + "%%=" * 20000 + "{%" * 20000 + "[" + " " * 50000 + "\n",
    "front_bad.md": "---\nsubject: [unclosed\n---\nHello there\n",
    "front_open.md": "---\nsubject: hi\nHello there\n",
    "front_list.md": "---\n- a\n- b\n---\nHello\n",
    "page.html": "<html><body><p>Dear valued customer,</p><script>if (a < b) {{x}}</script></body></html>\n",
    "mime.txt": ("MIME-Version: 1.0\nContent-Type: multipart/alternative; boundary=XYZ\n\n--XYZ\n"
                 "Content-Type: text/plain; charset=utf-8\n\nHi there, as we discussed.\n--XYZ--\n"),
    "empty.txt": "",
    "blank.txt": "  \n\t\n",
    "crlf.txt": "Subject: hi\r\nPreheader: x\r\n\r\nHello,\r\nas we discussed\r\n",
    # a 2 MB single line: symbols, template openers and words (the tokenizer's worst cases)
    "long_line.txt": ("😀{{$(['" * 60000 + "x" * 400000 + " as we discussed " * 20000 + "🎉" * 100000)[:2_000_000],
}
BAD_BYTES = {
    "binary.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8,
    "latin1.txt": "Subject: Café\n\nCher client, découvrez notre café. As we discussed.\n".encode("latin-1"),
    "utf16.txt": "Subject: hello\n\nHi Sam, as we discussed, here it is.\n".encode("utf-16"),
}


def _snapshot(folder: Path) -> dict[str, tuple[str, int]]:
    return {p.name: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
            for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def bad_dir(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("bad")
    (d / "good.txt").write_text(GOOD, encoding="utf-8")
    for name, text in BAD_TEXT.items():
        (d / name).write_bytes(text.encode("utf-8"))
    for name, data in BAD_BYTES.items():
        (d / name).write_bytes(data)
    with open(d / "huge.txt", "wb") as fh:  # 20 MB, over the default 5 MB limit
        fh.write((b"hello world " * 100 + b"\n") * 17000)
    return d


def test_cli_survives_bad_input_reports_every_file_and_modifies_nothing(bad_dir: Path) -> None:
    before = _snapshot(bad_dir)
    started = time.monotonic()
    out = subprocess.run([*TRUSTLINT, "check", "--format", "json", "--jobs", "1", str(bad_dir), str(bad_dir / "huge.txt")],
                         capture_output=True, text=True, timeout=600)
    elapsed = time.monotonic() - started
    assert _snapshot(bad_dir) == before, "an input file was modified"
    assert "Traceback" not in out.stderr
    assert out.returncode == 2, out.stderr  # unreadable files -> 2, the others still reported
    report = json.loads(out.stdout)
    linted = {Path(f["path"]).name for f in report["files"]}
    errors = {Path(e["path"]).name: e["message"] for e in report["errors"]}
    assert "good.txt" in linted and any(f["code"] == "TL302" for fr in report["files"]
                                        if fr["path"].endswith("good.txt") for f in fr["findings"])
    for name in ["control.txt", "rtl_emoji.txt", "unbalanced.txt", "page.html", "mime.txt", "crlf.txt",
                 "long_line.txt", "latin1.txt", "utf16.txt"]:
        if name.endswith(".html"):
            continue  # not a draft suffix: directories only yield drafts
        assert name in linted, (name, errors.get(name))
    assert "binary" in errors["binary.txt"]
    assert "limit" in errors["huge.txt"] and "max-file-size" in errors["huge.txt"]
    assert "front matter" in errors["front_bad.md"] and "never ends" in errors["front_open.md"]
    assert errors["empty.txt"] == errors["blank.txt"] == "file is empty"
    assert not any("internal error" in m for m in errors.values()), errors
    # every error is printed on stderr with its file
    for line in out.stderr.strip().splitlines():
        assert re.match(r"trustlint: error: .+: .+", line), line
        assert any(name in line for name in errors), line
    warnings = {Path(f["path"]).name: f["warnings"] for f in report["files"]}
    assert any("not UTF-8" in w for w in warnings["latin1.txt"])
    assert any("utf-16" in w for w in warnings["utf16.txt"])
    assert elapsed < 300, f"bad-input run took {elapsed:.0f} s"


def test_locations_stay_inside_pathological_files(bad_dir: Path) -> None:
    report = lint_paths([str(bad_dir / n) for n in ("control.txt", "rtl_emoji.txt", "unbalanced.txt", "crlf.txt")])
    assert not report.errors
    for fr in report.files:
        lines = fr.source.split("\n")
        for f in fr.findings:
            loc = f.location
            assert 0 <= f.start <= f.end <= len(fr.source)
            assert 1 <= loc.line <= loc.end_line <= len(lines)
            assert 1 <= loc.column <= len(lines[loc.line - 1]) + 1


def test_json_output_is_byte_identical_across_runs_and_jobs(tmp_path: Path) -> None:
    from trustlint.app.parallel import MIN_PARALLEL

    openers = ["Hi {{ first_name }},", "Dear valued customer,", "Hello *|FNAME|*,", "Hi Sam,"]
    bodies = ["As we discussed on our call, the proposal is attached.",
              "We are the leading provider and our team is the best.",
              "You can cancel at any time from the billing page.",
              "Great to meet you at the conference last week!"]
    for i in range(MIN_PARALLEL + 4):
        text = f"Subject: Update {i}\n\n{openers[i % 4]}\n\n{bodies[i % 4]} {bodies[(i * 7) % 4]}\n"
        (tmp_path / f"d{i:03d}.txt").write_text(text, encoding="utf-8")
    (tmp_path / "zz_binary.txt").write_bytes(b"\x00\x01\x02")
    before = _snapshot(tmp_path)
    serial = render("json", lint_paths([str(tmp_path)], Config(), jobs=1))
    assert render("json", lint_paths([str(tmp_path)], Config(), jobs=1)) == serial
    assert render("json", lint_paths([str(tmp_path)], Config(), jobs=2)) == serial
    assert render("terminal", lint_paths([str(tmp_path)], Config(), jobs=2)) == \
        render("terminal", lint_paths([str(tmp_path)], Config(), jobs=1))
    data = json.loads(serial)
    assert len(data["files"]) == MIN_PARALLEL + 4 and len(data["errors"]) == 1
    assert [f["path"] for f in data["files"]] == sorted(f["path"] for f in data["files"])
    assert _snapshot(tmp_path) == before


def test_cli_jobs_option_gives_identical_output(tmp_path: Path) -> None:
    for i in range(60):
        (tmp_path / f"d{i:02d}.md").write_text(f"Hi {{{{ first_name }}}},\n\nAs we discussed, offer {i} ends tonight.\n",
                                                encoding="utf-8")
    runs = [subprocess.run([*TRUSTLINT, "check", "-f", "json", "--jobs", j, str(tmp_path)], capture_output=True,
                           timeout=300) for j in ("1", "0")]
    assert runs[0].returncode == 1 and runs[0].stdout
    assert runs[1].stdout == runs[0].stdout


def test_decode_detects_encodings_and_binary() -> None:
    text, warnings = decode("Olá, café e pão. Até já, obrigado!".encode("cp1252"), "x")
    assert "caf" in text and warnings and "not UTF-8" in warnings[0]
    assert decode("Hi".encode("utf-8-sig"), "x") == ("Hi", ())
    # UTF-16 without a byte-order mark is recognised by its NUL in every other byte (issue 15)
    assert decode("Hi there".encode("utf-16-be"), "x") == ("Hi there", ("not UTF-8: decoded as utf-16-be (no byte-order mark)",))
    assert decode("\ufeffHi there".encode("utf-16-be"), "x")[0] == "Hi there"
    with pytest.raises(SourceError, match="binary"):
        decode(b"GIF89a\x00\x01", "x")


def test_size_limit_is_configurable_and_named(tmp_path: Path) -> None:
    p = tmp_path / "big.txt"
    p.write_text("hello there " * 2000, encoding="utf-8")
    with pytest.raises(SourceError, match=r"over the 0\.0 MB limit \(raise max-file-size"):
        read_path(p, max_bytes=1000)
    report = lint_paths([str(p)], Config(max_file_size=1000))
    assert report.errors[0].path == str(p) and "max-file-size" in report.errors[0].message
    assert not lint_paths([str(p)], Config(max_file_size=10**6)).errors


def test_tokenizer_worst_cases_are_linear() -> None:
    pipeline = nlp.pipeline()
    for text in ["{" * 200_000, "😀" * 200_000, "$(" * 100_000, "x" * 500_000, "a😀" * 100_000]:
        started = time.monotonic()
        doc = nlp.make_doc(pipeline, text)
        assert doc.text == text
        assert time.monotonic() - started < 10, text[:10]
    normal = "Hi there, this is (fine). See https://example.com/a?b=c&d=e - ok!!! 🎉🎉"
    assert [t.text for t in nlp.make_doc(pipeline, normal)] == [t.text for t in pipeline.make_doc(normal)]


def _all_regexes() -> list[re.Pattern[str]]:
    from trustlint.source.templates import _tables

    found = [r for lex in load_lexicons() for e in lex.entries for r in e.regex]
    return found + [p.regex for p in _tables()[0]]


ADVERSARIAL_HEADS = ["[", "[[A OR \"", "{{", "{{{", "{%", "{% comment %}", "{#", "{{!", "{{#", "%%[", "%%=", "%%A",
                     "*|", "*|IF:", "<<a", "{", "{ A", "dear", "hi ", "insert", "xx", "$", "remember me", "%A",
                     "to whom", "|default:'", "as a busy", "best", ". ", "we ", "a.b"]
FILLERS = [" ", "a", "\n", "'", "{"]


def _worst_case(regex: re.Pattern[str], n: int = 2500) -> tuple[float, str]:
    worst, worst_text = 0.0, ""
    for head in ADVERSARIAL_HEADS:
        texts = [head * (n // max(1, len(head))) + "!"]
        texts += [text for filler in FILLERS for text in (head + filler * n, (head + filler) * (n // 4))]
        for text in texts:
            started = time.perf_counter()
            for _ in regex.finditer(text):
                pass
            elapsed = time.perf_counter() - started
            if elapsed > worst:
                worst, worst_text = elapsed, text[:24]
    return worst, worst_text


def test_lexicon_and_template_regexes_do_not_backtrack_catastrophically() -> None:
    """Every lexicon and merge-token regex over long runs after likely openers. Linear patterns
    take a few ms on the worst of these; the quadratic ones found so far took 0.3-3 s."""
    slow = []
    for regex in dict.fromkeys(_all_regexes()):
        worst, text = _worst_case(regex)
        if worst > 0.1 and _worst_case(regex)[0] > 0.1:  # measured twice: the machine is shared
            slow.append(f"{regex.pattern!r} took {worst:.2f} s on {text!r}...")
    assert not slow, "\n".join(slow)


def test_every_input_error_names_its_file(tmp_path: Path) -> None:
    missing = tmp_path / "nope.txt"
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    good = tmp_path / "ok.txt"
    good.write_text("Hi Sam,\n\nThe invoice is attached.\n")
    out = subprocess.run([*TRUSTLINT, "check", "-f", "json", str(missing), str(empty), str(good)],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 2
    report = json.loads(out.stdout)
    assert [Path(f["path"]).name for f in report["files"]] == ["ok.txt"]
    assert {Path(e["path"]).name for e in report["errors"]} == {"nope.txt", "empty.txt"}
    assert f"{missing}:" in out.stderr and f"{empty}:" in out.stderr


def test_internal_errors_become_file_errors(monkeypatch, tmp_path: Path) -> None:
    from trustlint.app import runner

    good = tmp_path / "ok.txt"
    good.write_text("Hi Sam,\n\nThe invoice is attached.\n")
    other = tmp_path / "other.txt"
    other.write_text("Hi Ann,\n\nThe invoice is attached.\n")
    real = runner.lint_draft

    def flaky(draft, config, readability=False):
        if draft.path.endswith("ok.txt"):
            raise KeyError("boom")
        return real(draft, config, readability)

    monkeypatch.setattr(runner, "lint_draft", flaky)
    report = lint_paths([str(good), str(other)], jobs=1)
    assert [e.path for e in report.errors] == [str(good)] and "internal error" in report.errors[0].message
    assert [f.path for f in report.files] == [str(other)]


def test_reading_never_writes(tmp_path: Path) -> None:
    p = tmp_path / "d.md"
    p.write_text("---\nsubject: Hi\n---\nAs we discussed.\n", encoding="utf-8")
    os.chmod(p, 0o444)
    before = _snapshot(tmp_path)
    assert not lint_paths([str(p)]).errors
    assert _snapshot(tmp_path) == before


_SHARE = """
import sys
from pathlib import Path
from trustlint.app import parallel, runner
from trustlint.app.parallel import MIN_PARALLEL
from trustlint.config import Config
from trustlint.reporters import render

root = Path(sys.argv[1])
assert parallel.start_method() == "fork", parallel.start_method()  # a plain process: warm forks
serial = render("json", runner.lint_paths([str(root)], Config(), jobs=1))
here = []
real = runner.lint_one_path
runner.lint_one_path = lambda path, *a, **k: here.append(path) or real(path, *a, **k)
for jobs in (2, 3):
    here.clear()
    assert render("json", runner.lint_paths([str(root)], Config(), jobs=jobs)) == serial, jobs
    assert 0 < len(here) < MIN_PARALLEL + 29, len(here)  # some in this process, the rest in workers
print("ok")
"""


def _drafts_for_jobs(root: Path) -> None:
    from trustlint.app.parallel import MIN_PARALLEL

    for i in range(MIN_PARALLEL + 29):
        text = f"Subject: Note {i}\n\nHi Sam{i},\n\nAs we discussed, our platform is the best. Act now!\n" * (1 + i % 3)
        (root / f"d{i:03}.txt").write_text(text, encoding="utf-8")


def _jobs_script(script: str, root: Path, timeout: int, what: str) -> tuple[subprocess.Popen, str, str]:
    """Run `script` on `root` in a fresh process (this one has other tests' threads, so it would
    not fork). On a hang every process of the run prints its stacks, then the test fails."""
    import signal

    env = {**os.environ, "TRUSTLINT_CACHE_DIR": str(root / "cache"), "PYTHONFAULTHANDLER": "1"}
    proc = subprocess.Popen([sys.executable, "-c", script, str(root)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env, start_new_session=True)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGABRT)
        out, err = proc.communicate()
        pytest.fail(f"{what}; stacks of the parent and its workers:\n" + err[-12000:])
    return proc, out, err


def test_jobs_this_process_lints_its_share_and_order_holds(tmp_path: Path) -> None:
    """With --jobs N the parent lints every Nth chunk itself (no idle warm process) beside
    N - 1 forked workers; the report is the serial one whatever the split (uneven file count).
    Run in a fresh process: this one has other tests' threads, so it would not fork."""
    _drafts_for_jobs(tmp_path)
    proc, out, err = _jobs_script(_SHARE, tmp_path, 240, "--jobs run hung")
    assert proc.returncode == 0 and out.strip() == "ok", err[-2000:]


_WORKER_FAILS = """
import os
import sys
from trustlint import cli
from trustlint.app import runner
from trustlint.nlp.lexicon import LexiconError

parent = os.getpid()
real = runner.warm


def warm(configs):
    if os.getpid() != parent:  # the lexicons load in the parent and fail in every worker
        raise LexiconError("lexicons/pressure.yml: entry 3: bad pattern (in the worker)")
    real(configs)


runner.warm = warm
sys.argv = ["trustlint", "check", "--jobs", "3", "--no-cache", "--format", "json", sys.argv[1]]
cli.main()
"""


def test_jobs_worker_that_cannot_load_lexicons_stops_the_run_with_one_line(tmp_path: Path) -> None:
    """A worker whose lexicons fail to load (changed on disk since the parent loaded them) used
    to end in its initializer, and the pool started another for ever: the run never ended. Now
    the worker's first task reports the error and the run stops: one line, exit 2, no report."""
    _drafts_for_jobs(tmp_path)
    proc, out, err = _jobs_script(_WORKER_FAILS, tmp_path, 120, "a worker that cannot start made the run spin")
    lines = [line for line in err.splitlines() if line.strip()]
    assert proc.returncode == 2, err[-2000:]
    assert lines == ["trustlint: error: a worker process could not start: "
                     "lexicons/pressure.yml: entry 3: bad pattern (in the worker)"], err[-2000:]
    assert "Traceback" not in err


def test_jobs_with_other_threads_running_do_not_fork(tmp_path: Path, monkeypatch) -> None:
    """A caller with threads (a server, a Dask worker) gets workers from a fork server: a fork
    would copy a lock another thread holds into a child that then waits on it forever. Proved
    by a thread that holds a lock the workers' start would need under fork."""
    import threading

    from trustlint.app import parallel

    _drafts_for_jobs(tmp_path)
    serial = render("json", lint_paths([str(tmp_path)], Config(), jobs=1))
    used = []
    real = parallel.multiprocessing.get_context
    monkeypatch.setattr(parallel.multiprocessing, "get_context", lambda m=None: used.append(m) or real(m))
    stop = threading.Event()
    holder = threading.Thread(target=stop.wait, daemon=True)
    holder.start()
    try:
        assert parallel.start_method() in ("forkserver", "spawn")
        assert render("json", lint_paths([str(tmp_path)], Config(), jobs=2)) == serial
    finally:
        stop.set()
        holder.join()
    assert used and used[-1] in ("forkserver", "spawn")
