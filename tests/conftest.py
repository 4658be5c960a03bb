from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from trustlint.config import Config
from trustlint.app.runner import lint_text

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"


def codes(text: str, config: Config | None = None) -> list[str]:
    """The rule codes a draft produces (library entry point, default config)."""
    report = lint_text(text, config or Config())
    assert not report.errors, report.errors
    return [f.code for f in report.findings]


@pytest.fixture
def lint():
    return codes


@pytest.fixture
def cli(monkeypatch):
    """Run the real CLI in-process from a working directory: cli(cwd, *args) -> Result
    (exit_code, stdout, stderr)."""
    from typer.testing import CliRunner

    from trustlint.cli import app

    def run(cwd: Path, *args: str, input: str | None = None):
        monkeypatch.chdir(cwd)
        return CliRunner().invoke(app, list(args), input=input, catch_exceptions=False)

    return run


def write(root: Path, files: dict[str, str]) -> Path:
    """Create files under root (folders as needed); returns root."""
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


@pytest.fixture(autouse=True)
def _private_cache(tmp_path_factory, monkeypatch):
    """Each test gets an empty result/lexicon cache folder (never the user's)."""
    monkeypatch.setenv("TRUSTLINT_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


def _checkout_files() -> list[Path]:
    """The checkout's own files: git's tracked files, else every file outside dot folders."""
    try:
        listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, text=True,
                                check=True, timeout=60).stdout
        files = [ROOT / f for f in listed.split("\0") if f]
        if files:
            return files
    except (OSError, subprocess.SubprocessError):
        pass
    return [p for p in ROOT.rglob("*") if p.is_file() and not any(
        part.startswith(".") or part == "__pycache__" for part in p.relative_to(ROOT).parts)]


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns


_FILES: list[Path] = []
_STAMPS: dict[Path, tuple[int, int] | None] = {}


@pytest.fixture(scope="module", autouse=True)
def _checkout_untouched(request):
    """Tests never write into, delete from or rename in the checkout (inputs are never modified;
    outputs go to tmp_path). Checked after every test module, so the module that did it is named
    in the error instead of later, unrelated tests failing on a missing file."""
    if any(os.environ.get(v) for v in ("TRUSTLINT_UPDATE_GOLDEN", "UPDATE_GOLDEN", "TRUSTLINT_UPDATE_SCREENSHOT")):
        yield  # asked to rewrite goldens or the screenshot in the checkout
        return
    if not _FILES:
        _FILES.extend(_checkout_files())
        _STAMPS.update((f, _stamp(f)) for f in _FILES)
    yield
    changed = []
    for f in _FILES:
        now = _stamp(f)
        if now != _STAMPS[f]:
            changed.append(f"{f.relative_to(ROOT)}: {'removed' if now is None else 'modified'}")
            _STAMPS[f] = now  # report each change once
    if changed:
        pytest.fail(f"{request.node.nodeid} changed the checkout: " + "; ".join(changed[:20])
                    + (f" (+{len(changed) - 20} more)" if len(changed) > 20 else ""), pytrace=False)
