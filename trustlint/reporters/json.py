"""JSON: the contract CI, editors and benchmarks use. Fields may be added, never renamed."""
from __future__ import annotations

import json
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


class _Items:
    """A list written item by item by _write_streamed: `convert` of each of `items`."""

    def __init__(self, items: Any, convert: Any) -> None:
        self.items, self.convert = items, convert


def file_dict(fr: FileReport, lazy: bool = False) -> dict[str, Any]:
    """One file's JSON object; with `lazy`, findings and signals are _Items, converted as
    _write_streamed writes them (never a dict per finding of a 5 MB draft at once)."""
    def items(values: Any, convert: Any) -> Any:
        return _Items(values, convert) if lazy else [convert(v) for v in values]

    return {
        "path": fr.path,
        "score": fr.score.as_dict(),
        "findings": items(fr.findings, finding_dict),
        "signals": items(fr.signals, signal_dict),
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
        write("[\n    " if not counts["files"] else ",\n    ")
        _write_streamed(file_dict(fr, lazy=True), 2, write)
        counts["files"] += 1
        counts["findings"] += len(fr.findings)
    write("\n  ]" if counts["files"] else "[]")
    summary = {"files": counts["files"], "findings": counts["findings"], "errors": len(errors)}
    write(',\n  "errors": ' + dump([{"path": e.path, "message": e.message} for e in errors], 1)
          + ',\n  "summary": ' + dump(summary, 1) + "\n}\n")


def _write_streamed(value: dict[str, Any], depth: int, write: Any) -> None:
    """write(dump(value, depth)) (json.dumps with indent=2, nested `depth` levels), the items
    of its _Items values dumped and written one at a time: the same text."""
    pad, inner = "  " * depth, "  " * (depth + 1)
    if not value:
        write("{}")
        return
    write("{\n")
    keys = list(value)
    for n, key in enumerate(keys):
        v = value[key]
        write(inner + json.dumps(key, ensure_ascii=False) + ": ")
        if isinstance(v, _Items):
            if not v.items:
                write("[]")
            else:
                write("[\n")
                last = len(v.items) - 1
                for i, item in enumerate(v.items):
                    write(inner + "  " + dump(v.convert(item), depth + 2) + (",\n" if i < last else "\n"))
                write(inner + "]")
        else:
            write(dump(v, depth + 1))
        write(",\n" if n < len(keys) - 1 else "\n")
    write(pad + "}")
