"""JSON: the contract CI, editors and benchmarks use. Fields may be added, never renamed."""
from __future__ import annotations

from typing import Any

from .. import __version__
from ..findings import Finding, Signal
from ..report import FileReport, Report
from .streaming import dump, split


def finding_dict(f: Finding) -> dict[str, Any]:
    loc = f.location
    return {"code": f.code, "name": f.name, "severity": f.severity.label, "component": f.component.value,
            "line": loc.line, "column": loc.column, "end_line": loc.end_line, "end_column": loc.end_column,
            "message": f.message, "suggestion": f.suggestion, "excerpt": f.excerpt,
            "field": f.field, "offset": f.start, "end_offset": f.end}


def signal_dict(s: Signal) -> dict[str, Any]:
    loc = s.location
    return {"kind": s.kind, "component": s.component.value, "line": loc.line, "column": loc.column,
            "end_line": loc.end_line, "end_column": loc.end_column, "message": s.message, "excerpt": s.excerpt,
            "field": s.field}


def file_dict(fr: FileReport) -> dict[str, Any]:
    return {
        "path": fr.path,
        "score": fr.score.as_dict(),
        "findings": [finding_dict(f) for f in fr.findings],
        "signals": [signal_dict(s) for s in fr.signals],
        "contributions": [{"component": c.component.value, "source": c.source, "delta": c.delta,
                           "reason": c.reason} for c in fr.score.contributions],
        "stats": fr.stats.as_dict() if fr.stats else {},
        "platforms": list(fr.platforms),
        "warnings": list(fr.warnings),
    }


def as_dict(report: Report) -> dict[str, Any]:
    return {
        "tool": {"name": "trustlint", "version": __version__},
        "files": [file_dict(fr) for fr in report.files],
        "errors": [{"path": e.path, "message": e.message} for e in report.errors],
        "summary": report.summary(),
    }


def render(report: Report, **_: Any) -> str:
    """The same text as json.dumps(as_dict(report), indent=2), built one file at a time so a
    large campaign never holds a dict tree of every finding at once."""

    head = dump({"name": "trustlint", "version": __version__}, 1)
    files = ",\n".join("    " + dump(file_dict(fr), 2) for fr in report.files)
    errors = dump([{"path": e.path, "message": e.message} for e in report.errors], 1)
    out = ['{\n  "tool": ', head, ',\n  "files": ', "[\n" + files + "\n  ]" if files else "[]",
           ',\n  "errors": ', errors, ',\n  "summary": ', dump(report.summary(), 1), "\n}\n"]
    return "".join(out)


def stream(results: Any, write: Any, **_: Any) -> None:
    """render(), written file by file (trustlint.app.stream): the same text."""
    errors: list[Any] = []
    counts = {"files": 0, "findings": 0}
    write('{\n  "tool": ' + dump({"name": "trustlint", "version": __version__}, 1) + ',\n  "files": ')
    for fr in split(results, errors):
        write(("[\n    " if not counts["files"] else ",\n    ") + dump(file_dict(fr), 2))
        counts["files"] += 1
        counts["findings"] += len(fr.findings)
    write("\n  ]" if counts["files"] else "[]")
    summary = {"files": counts["files"], "findings": counts["findings"], "errors": len(errors)}
    write(',\n  "errors": ' + dump([{"path": e.path, "message": e.message} for e in errors], 1)
          + ',\n  "summary": ' + dump(summary, 1) + "\n}\n")
