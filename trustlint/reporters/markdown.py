"""A compact Markdown summary for a pull-request comment: totals, T per draft, top findings.

GitHub-flavoured Markdown renders some raw HTML, so every piece of draft-derived text is escaped:
HTML special characters become entities and Markdown punctuation is backslash-escaped.
"""
from __future__ import annotations

from typing import Any

from ..escape import markdown as markdown_escape
from ..findings import Severity
from ..report import FileReport, Report

TOP_FINDINGS = 3
MAX_ROWS = 50  # drafts in the table (weakest first); GitHub comments stop at 65,536 characters
MAX_DETAILS = 15  # drafts whose top findings are listed
ICON = {Severity.ERROR: "🔴 error", Severity.WARNING: "🟠 warning", Severity.INFO: "🔵 info"}


escape = markdown_escape  # inert inline Markdown: no HTML, links, autolinks, emphasis, code, table breaks; one line


def _counts(fr: FileReport) -> str:
    parts = [f"{sum(1 for f in fr.findings if f.severity is sev)} {sev.label}" for sev in Severity if
             any(f.severity is sev for f in fr.findings)]
    return ", ".join(reversed(parts)) or "none"


def render(report: Report, top: int = TOP_FINDINGS, max_rows: int = MAX_ROWS, max_details: int = MAX_DETAILS,
           **_: Any) -> str:
    findings = report.findings
    by_sev = {sev: sum(1 for f in findings if f.severity is sev) for sev in Severity}
    n = len(report.files)
    lines = [f"### trustlint: {n} draft{'s' if n != 1 else ''}, {len(findings)} finding{'s' if len(findings) != 1 else ''}",
             "",
             f"**{by_sev[Severity.ERROR]}** error · **{by_sev[Severity.WARNING]}** warning · "
             f"**{by_sev[Severity.INFO]}** info · **{len(report.errors)}** unreadable"]
    if report.files:
        trusts = sorted(fr.score.trust for fr in report.files)
        lines[-1] += f" · lowest T **{trusts[0]:.2f}**"
        lines += ["", "| Draft | T | C | R | I | S | Findings |", "| --- | ---: | ---: | ---: | ---: | ---: | --- |"]
        order = sorted(report.files, key=lambda fr: (fr.score.trust, fr.path))
        for fr in order[:max_rows]:
            s = fr.score
            lines.append(f"| {escape(fr.path)} | **{s.trust:.2f}** | {s.credibility:.1f} | {s.reliability:.1f} | "
                         f"{s.intimacy:.1f} | {s.self_orientation:.1f} | {_counts(fr)} |")
        if len(order) > max_rows:
            rest = order[max_rows:]
            lines.append(f"| … {len(rest)} more, T {rest[0].score.trust:.2f} to {rest[-1].score.trust:.2f} | | | | | | |")
        flagged = [fr for fr in order if fr.findings]
        if flagged:
            lines += ["", "<details><summary>Top findings per draft</summary>", ""]
            for fr in flagged[:max_details]:
                worst = sorted(fr.findings, key=lambda f: (-f.severity, f.sort_key))[:top]
                lines.append(f"**{escape(fr.path)}** (T {fr.score.trust:.2f})")
                lines.append("")
                for f in worst:
                    lines.append(f"- {ICON[f.severity]} **{f.code}** {escape(f.name)}, line {f.location.line}: "
                                 f"{escape(f.message).rstrip('.')}. *Instead:* {escape(f.suggestion)}")
                if len(fr.findings) > top:
                    lines.append(f"- … and {len(fr.findings) - top} more")
                lines.append("")
            if len(flagged) > max_details:
                lines += [f"… and {len(flagged) - max_details} more drafts with findings: see the HTML or JSON report.", ""]
            lines.append("</details>")
    if report.errors:
        lines += ["", "**Could not read:**", ""]
        lines += [f"- {escape(e.path)}: {escape(e.message)}" for e in report.errors[:max_rows]]
        if len(report.errors) > max_rows:
            lines.append(f"- … and {len(report.errors) - max_rows} more")
    counts = report.counts()
    if counts:
        lines += ["", "Most frequent: " + ", ".join(f"{code} ×{k}" for code, k in counts.most_common(5))]
    return "\n".join(lines).rstrip() + "\n"
