"""Baselines: record today's findings, then fail only on new ones.

A finding is identified by file, code and normalised excerpt (not by line), with a count, so
edits above it do not make it "new"; a second copy of the same phrase in the same file is new.
Paths are stored relative to the baseline file's folder, so the baseline works from any
working directory and on any machine.
"""
from __future__ import annotations

import json
import os
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..report import Report
from ..safeio import atomic_write

VERSION = 1


class BaselineError(ValueError):
    """A baseline file that cannot be read; the message names the file."""


def _norm(text: str) -> str:
    return " ".join(text.lower().split())


def _rel(path: str, base: Path) -> str:
    if path.startswith("<"):
        return path
    try:
        return Path(os.path.relpath(Path(path).resolve(), base.resolve())).as_posix()
    except ValueError:  # another drive on Windows
        return Path(path).resolve().as_posix()


def keys(report: Report, base: Path) -> Counter[tuple[str, str, str]]:
    return Counter((_rel(fr.path, base), f.code, _norm(f.excerpt)) for fr in report.files for f in fr.findings)


def write(report: Report, path: Path) -> int:
    """Write the baseline of `report` to `path`; returns the number of findings recorded."""
    counts = keys(report, path.parent)
    entries = [{"path": p, "code": c, "excerpt": e, "count": n} for (p, c, e), n in sorted(counts.items())]
    data = {"tool": "trustlint", "version": VERSION, "findings": entries}
    atomic_write(path, json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    return sum(counts.values())


def load(path: Path) -> Counter[tuple[str, str, str]]:
    try:
        data: Any = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BaselineError(f"{path}: baseline file not found (create it with --write-baseline)") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BaselineError(f"{path}: not a trustlint baseline: {' '.join(str(exc).split())}") from None
    version = data.get("version") if isinstance(data, dict) else None
    if type(version) is not int or version != VERSION or not isinstance(data.get("findings"), list):
        raise BaselineError(f"{path}: not a trustlint baseline (version {VERSION} with a 'findings' list)")
    counts: Counter[tuple[str, str, str]] = Counter()
    for i, e in enumerate(data["findings"]):
        if not (isinstance(e, dict) and all(isinstance(e.get(k), str) for k in ("path", "code", "excerpt"))
                and type(e.get("count", 1)) is int and e.get("count", 1) >= 0):
            raise BaselineError(f"{path}: findings[{i}] needs path, code, excerpt (strings) and count "
                                "(a whole number, 0 or more)")
        counts[(e["path"], e["code"], _norm(e["excerpt"]))] += e.get("count", 1)
    return counts


def apply(report: Report, path: Path) -> tuple[Report, int]:
    """The report without the findings the baseline at `path` already records; and how many."""
    allowed = load(path)
    hidden = 0
    files = []
    for fr in report.files:
        kept = []
        for f in fr.findings:
            key = (_rel(fr.path, path.parent), f.code, _norm(f.excerpt))
            if allowed[key] > 0:
                allowed[key] -= 1
                hidden += 1
            else:
                kept.append(f)
        files.append(replace(fr, findings=tuple(kept)) if len(kept) != len(fr.findings) else fr)
    return replace(report, files=tuple(files)), hidden
