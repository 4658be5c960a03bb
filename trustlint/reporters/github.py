"""GitHub Actions workflow commands: one `::error|warning|notice file=...::message` line per
finding, which GitHub shows as an annotation on the pull request's changed lines."""
from __future__ import annotations

from typing import Any

from ..escape import github_data as _data, github_property as _prop
from ..findings import Severity
from ..report import Report
from .paths import rel_posix

COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def render(report: Report, **_: Any) -> str:
    lines = []
    for fr in report.files:
        path = _prop(rel_posix(fr.path))
        for f in fr.findings:
            loc = f.location
            props = (f"file={path},line={loc.line},col={loc.column},endLine={loc.end_line},"
                     f"endColumn={max(loc.end_column, loc.column)},title={_prop(f'{f.code} {f.name}')}")
            lines.append(f"::{COMMAND[f.severity]} {props}::{_data(f'{f.message}. Instead: {f.suggestion}')}")
    for e in report.errors:
        lines.append(f"::error file={_prop(rel_posix(e.path))},title=trustlint::{_data(e.message)}")
    return "".join(line + "\n" for line in lines)
