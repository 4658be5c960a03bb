"""JSON Lines: one JSON object per line, for grep, jq and log pipelines.

Each finding is `{"type": "finding", "path": ..., <the json reporter's finding fields>}`; each
draft's score is `{"type": "score", "path": ..., "trust": ...}`; read errors are
`{"type": "error", "path": ..., "message": ...}`.
"""
from __future__ import annotations

import json
from typing import Any

from ..report import Report
from .json import finding_dict
from .streaming import split


def render(report: Report, **_: Any) -> str:
    rows: list[dict[str, Any]] = []
    for fr in report.files:
        rows.extend({"type": "finding", "path": fr.path, **finding_dict(f)} for f in fr.findings)
        rows.append({"type": "score", "path": fr.path, **fr.score.as_dict()})
    rows.extend({"type": "error", "path": e.path, "message": e.message} for e in report.errors)
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)


def stream(results: Any, write: Any, **_: Any) -> None:
    """render(), written file by file (trustlint.app.stream): the same text."""
    errors: list[Any] = []
    for fr in split(results, errors):
        rows = [{"type": "finding", "path": fr.path, **finding_dict(f)} for f in fr.findings]
        rows.append({"type": "score", "path": fr.path, **fr.score.as_dict()})
        write("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
    write("".join(json.dumps({"type": "error", "path": e.path, "message": e.message}, ensure_ascii=False) + "\n"
                  for e in errors))
