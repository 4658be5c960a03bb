"""`--statistics`: how many findings of each code, most frequent first (like ruff and flake8)."""
from __future__ import annotations

from ..report import Report


def render(report: Report) -> str:
    """From a Report, or a trustlint.app.stream.Tally (a streamed run keeps no findings)."""
    tally = getattr(report, "names", None)
    names = tally if tally is not None else {f.code: (f.name, f.severity.letter) for f in report.findings}
    counts = report.counts()
    rows = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    width = max((len(str(n)) for n in counts.values()), default=1)
    lines = [f"{n:>{width}}  {code:<8} {names[code][1]}  {names[code][0]}" for code, n in rows]
    lines.append(f"{sum(counts.values()):>{width}}  total in {report.files if tally is not None else len(report.files)} file(s)")
    return "\n".join(lines) + "\n"
