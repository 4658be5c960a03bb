"""The shipped samples show off the rules: bad ones fire, honest ones stay clean."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from trustlint.findings import Severity
from trustlint.app.runner import lint_paths

from .conftest import SAMPLES

EXPECTED = yaml.safe_load((Path(__file__).parent / "samples_expected.yml").read_text())


def test_every_sample_has_expectations() -> None:
    shipped = {p.name for p in SAMPLES.iterdir() if p.suffix in (".txt", ".md")}
    assert shipped == set(EXPECTED)
    assert len(shipped) >= 8


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_sample(name: str) -> None:
    report = lint_paths([str(SAMPLES / name)])
    assert not report.errors
    fr = report.files[0]
    codes = {f.code for f in fr.findings}
    spec = EXPECTED[name]
    if spec.get("clean"):
        loud = [f"{f.code} {f.location.line}: {f.excerpt}" for f in fr.findings if f.severity >= Severity.WARNING]
        assert not loud, loud
    else:
        assert set(spec["fires"]) <= codes, f"missing {set(spec['fires']) - codes}"


def test_honest_samples_outscore_flagged_ones() -> None:
    report = lint_paths([str(SAMPLES)])
    trust = {Path(fr.path).name: fr.score.trust for fr in report.files}
    clean = {n: t for n, t in trust.items() if EXPECTED[n].get("clean")}
    flagged = {n: t for n, t in trust.items() if not EXPECTED[n].get("clean")}
    assert min(clean.values()) > max(flagged.values()), (clean, flagged)
