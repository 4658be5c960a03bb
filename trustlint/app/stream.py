"""Streaming reports: results are written file by file and then dropped, so memory stays flat
however many drafts a run has.

A streaming reporter module has `stream(results, write, **options)`: `results` yields
FileReport and FileError in input order, `write(str)` takes the text as it is produced. Its
output is byte for byte what its `render(report)` gives for the same results (tested). The
CLI keeps only a `Tally` (counts, read errors, failing files) for statistics and exit codes.
"""
from __future__ import annotations

from collections import Counter
from importlib import import_module
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from ..findings import Severity
from ..report import FileError, FileReport
from ..reporters import FORMATS
from ..safeio import atomic_writer

STREAM_FORMATS = frozenset({"json", "json-lines", "sarif", "junit", "terminal"})


class Tally:
    """What the CLI needs after a streamed report: no FileReport is kept."""

    def __init__(self) -> None:
        self.files = 0
        self.findings = 0
        self.code_counts: Counter[str] = Counter()
        self.names: dict[str, tuple[str, str]] = {}
        self.by_severity: Counter[Severity] = Counter()
        self.errors: list[FileError] = []
        self.failures: list[tuple[str, list[str]]] = []  # (path, reasons) of failing drafts

    def add(self, result: FileReport | FileError) -> None:
        if isinstance(result, FileError):
            self.errors.append(result)
            return
        self.files += 1
        self.findings += len(result.findings)
        for f in result.findings:
            self.code_counts[f.code] += 1
            self.by_severity[f.severity] += 1
            self.names[f.code] = (f.name, f.severity.letter)  # the last one, as statistics.render
        reasons = result.failures()
        if reasons:
            self.failures.append((result.path, reasons))

    def counts(self) -> Counter[str]:
        return self.code_counts

    def summary(self) -> dict[str, int]:
        return {"files": self.files, "findings": self.findings, "errors": len(self.errors)}

    def failed(self) -> bool:
        return bool(self.failures)


def tallied(results: Iterable[FileReport | FileError], tally: Tally) -> Iterator[FileReport | FileError]:
    for r in results:
        tally.add(r)
        yield r


def stream_to(fmt: str, results: Iterable[FileReport | FileError], output: Path | None,
              write_stdout: Callable[[str], None], **options: Any) -> Tally:
    """Stream a report in format `fmt` to `output` (written to a temporary file beside it and
    moved into place at the end) or to stdout; returns the tally."""
    module = import_module(FORMATS[fmt])
    tally = Tally()
    if output is None:
        module.stream(tallied(results, tally), write_stdout, **options)
        return tally
    with atomic_writer(output) as write:
        module.stream(tallied(results, tally), write, **options)
    return tally
