"""Streaming reporters write byte for byte what render() writes, file by file."""
from __future__ import annotations

import io
from pathlib import Path

import pytest

from trustlint.config import Config
from trustlint.report import FileError, Report
from trustlint.reporters import get
from trustlint.app.runner import iter_results, lint_paths
from trustlint.app.stream import STREAM_FORMATS, Tally, stream_to

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


@pytest.fixture(scope="module")
def reports() -> list[Report]:
    full = lint_paths([str(SAMPLES)], Config())
    one = Report(full.files[:1])
    with_errors = Report(full.files[:3], (FileError("missing.txt", "no such file"), FileError("b\x1b.md", "bad <x> & \"y\"")))
    only_errors = Report((), (FileError("gone.txt", "no such file"),))
    return [full, one, with_errors, only_errors, Report()]


@pytest.mark.parametrize("fmt", sorted(STREAM_FORMATS))
def test_stream_equals_render(fmt: str, reports: list[Report]) -> None:
    import importlib

    from trustlint.reporters import FORMATS

    module = importlib.import_module(FORMATS[fmt])
    for report in reports:
        buf = io.StringIO()
        module.stream(iter([*report.files, *report.errors]), buf.write, rules=report.rules)  # the metadata a Report carries
        assert buf.getvalue() == get(fmt)(report), (fmt, len(report.files), len(report.errors))


def test_stream_to_file_and_tally(tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    results = list(iter_results([str(SAMPLES), str(tmp_path / "missing.txt")], Config()))
    tally = stream_to("json", iter(results), out, lambda s: None)
    report = Report(tuple(r for r in results if not isinstance(r, FileError)),
                    tuple(r for r in results if isinstance(r, FileError)))
    assert out.read_text(encoding="utf-8") == get("json")(report)
    assert tally.summary() == report.summary() and tally.counts() == report.counts()
    assert tally.failed() == report.failed() and [e.path for e in tally.errors] == [str(tmp_path / "missing.txt")]
    assert not list(tmp_path.glob(".*.tmp"))


def test_tally_matches_statistics() -> None:
    from trustlint.reporters.statistics import render

    report = lint_paths([str(SAMPLES)], Config())
    tally = Tally()
    for fr in report.files:
        tally.add(fr)
    assert render(tally) == render(report)
