from __future__ import annotations

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
