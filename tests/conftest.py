from __future__ import annotations

from pathlib import Path

import pytest

from trustlint.config import Config
from trustlint.runner import lint_text

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
