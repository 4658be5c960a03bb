"""The terminal report (rich): findings grouped by file, a score panel per draft, a summary.

The only module with colour. Severity is shown as a word and a letter as well as a colour.
"""
from __future__ import annotations

import io
from collections import Counter
from typing import Any

from rich.console import Console
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ..escape import terminal as esc
from ..findings import Severity
from ..report import FileReport, Report
from .streaming import split

STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def _score_panel(fr: FileReport) -> Panel:
    s = fr.score
    table = Table.grid(padding=(0, 2))
    for _ in range(5):
        table.add_column(justify="right")
    table.add_row("Credibility", "Reliability", "Intimacy", "Self-orientation", "Trust")
    trust_style = "bold green" if s.trust >= 5 else "bold yellow" if s.trust >= 3 else "bold red"
    table.add_row(f"{s.credibility:.1f}", f"{s.reliability:.1f}", f"{s.intimacy:.1f}",
                  f"{s.self_orientation:.1f}", Text(f"{s.trust:.2f}", style=trust_style))
    return Panel(table, title="T = (C + R + I) / S", title_align="left", expand=False)


def _file(fr: FileReport, console: Console) -> None:
    console.print(Text(esc(fr.path), style="bold underline"), soft_wrap=True)
    for w in fr.warnings:
        console.print(Text(f"  warning: {esc(w)}", style="yellow"))
    if fr.findings:
        grid = Table.grid(padding=(0, 1))
        grid.add_column(style="dim", no_wrap=True)
        grid.add_column(no_wrap=True)
        grid.add_column(ratio=1)
        for f in fr.findings:
            head = Text(f"{f.code} {f.severity.label}", style=STYLE[f.severity])
            body = Text(esc(f.message))
            body.append(f"  [{f.name}]", style="dim")
            body.append(f"\n→ {esc(f.suggestion)}", style="green")
            grid.add_row(f"  {f.location.line}:{f.location.column}", head, body)
        console.print(grid)
    if fr.signals:
        kinds = sorted({s.kind for s in fr.signals})
        console.print(Text(f"  + works: {', '.join(kinds)}", style="green"))
    cues = [c for c in (fr.score.contributions if fr.score else ()) if c.source.startswith("cue-")]
    if cues:  # surface cues of spam and phishing: score contributions that are not findings
        console.print(Text("  - cues: " + "; ".join(f"{c.reason} ({c.component.letter} {c.delta:+.2f})" for c in cues),
                           style="yellow"))
    console.print(_score_panel(fr))


def _summary(console: Console, files: int, counts: Counter[str], by_sev: Counter[Severity], errors: int) -> None:
    console.print(Text(f"{files} file(s) checked, {sum(counts.values())} finding(s) "
                       f"({by_sev[Severity.ERROR]} error, {by_sev[Severity.WARNING]} warning, "
                       f"{by_sev[Severity.INFO]} info), {errors} file error(s)", style="bold"))
    if counts:
        console.print(Text("most frequent: " + ", ".join(f"{c} ×{n}" for c, n in counts.most_common(5)), style="dim"))


def render(report: Report, color: bool = False, width: int | None = None, **_: Any) -> str:
    buf = io.StringIO()
    console = Console(file=buf, force_terminal=color, no_color=not color, width=width or 100,
                      highlight=False, soft_wrap=False)
    for fr in report.files:
        _file(fr, console)
        console.print()
    for e in report.errors:
        console.print(Text(f"{esc(e.path)}: error: {esc(e.message)}", style="bold red"), soft_wrap=True)
    by_sev = Counter(f.severity for f in report.findings)
    _summary(console, len(report.files), report.counts(), by_sev, len(report.errors))
    return "\n".join(line.rstrip() for line in buf.getvalue().splitlines()) + "\n"


def stream(results: Any, write: Any, color: bool = False, width: int | None = None, **_: Any) -> None:
    """render(), written file by file (trustlint.app.stream): the same text."""
    buf = io.StringIO()
    console = Console(file=buf, force_terminal=color, no_color=not color, width=width or 100,
                      highlight=False, soft_wrap=False)

    def flush() -> None:
        text = buf.getvalue()
        buf.seek(0)
        buf.truncate(0)
        lines = text.splitlines()
        if lines:
            write("\n".join(line.rstrip() for line in lines) + "\n")

    errors: list[Any] = []
    counts: Counter[str] = Counter()
    by_sev: Counter[Severity] = Counter()
    files = 0
    for fr in split(results, errors):
        _file(fr, console)
        console.print()
        files += 1
        for f in fr.findings:
            counts[f.code] += 1
            by_sev[f.severity] += 1
        flush()
    for e in errors:
        console.print(Text(f"{esc(e.path)}: error: {esc(e.message)}", style="bold red"), soft_wrap=True)
    _summary(console, files, counts, by_sev, len(errors))
    flush()
