"""Renders a RecipientsReport (per-rule aggregation over rendered variants): the terminal table,
and the `recipients` block of the JSON report (whose top level is check's: tool, files, errors,
summary). Other formats render the same run as an ordinary Report (trustlint.app.recipients.as_report).
Every value from the draft or the CSV is escaped: rich markup like `[/b]` is shown, not parsed."""
from __future__ import annotations

import json
from io import StringIO
from typing import Any

from ..escape import markup as m
from .json import as_dict as check_dict

SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def as_dict(report: Any) -> dict[str, Any]:
    template = report.template
    return {
        "draft": report.draft,
        "recipients_file": report.recipients_file,
        "recipients": report.rows,
        "variants_linted": report.variants,
        "platforms": list(report.platforms),
        "missing_columns": report.missing_columns,
        "warnings": report.warnings,
        "template_findings": [
            {"code": f.code, "name": f.name, "severity": f.severity.label, "line": f.location.line,
             "column": f.location.column, "message": f.message} for f in (template.findings if template else ())
        ],
        "rules": [
            {"code": r.code, "name": r.name, "severity": r.severity.label, "recipients": r.recipients,
             "share": round(r.recipients / report.rows, 4) if report.rows else 0.0,
             "locations": [{"line": line, "column": col, "message": msg, "recipients": n}
                           for (line, col, msg), n in r.locations.items()],
             "examples": r.examples}
            for r in sorted(report.rules.values(), key=lambda r: (-int(r.severity), r.code))
        ],
    }


def as_json(report: Any, rr: Any) -> str:
    """check's JSON (tool, files, errors, summary) plus a `recipients` block: one contract."""
    data = check_dict(report)
    block = as_dict(rr)
    data["recipients"] = {"draft": block["draft"], "file": block["recipients_file"], "rows": block["recipients"],
                          "variants_linted": block["variants_linted"], "platforms": block["platforms"],
                          "missing_columns": block["missing_columns"], "warnings": block["warnings"],
                          "template_findings": block["template_findings"], "rules": block["rules"]}
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def render(report: Any, fmt: str = "terminal", color: bool = False) -> str:
    data = as_dict(report)
    if fmt == "json":
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    from rich.console import Console
    from rich.table import Table

    buf = StringIO()
    console = Console(file=buf, force_terminal=color, no_color=not color, width=120, highlight=False)
    platforms = m(", ".join(data["platforms"]) or "none detected")
    console.print(f"[bold]{m(data['draft'])}[/] rendered for {data['recipients']} recipient(s) from "
                  f"{m(data['recipients_file'])} ({data['variants_linted']} distinct variant(s) linted; "
                  f"merge tags: {platforms})")
    for col in data["missing_columns"]:
        console.print(f"  [yellow]no column for {m(col)}[/]: it is sent raw to every recipient")
    for w in data["warnings"]:
        console.print(f"  warning: {m(w)}")
    if data["template_findings"]:
        console.print(f"template: {len(data['template_findings'])} finding(s) before rendering "
                      "(run without --recipients for details): "
                      + ", ".join(sorted({f['code'] for f in data['template_findings']})))
    if not data["rules"]:
        console.print("No findings in any rendered variant.")
        return buf.getvalue()
    table = Table("code", "rule", "sev", "recipients", "where (line:col) and example rows", box=None,
                  pad_edge=False, show_lines=True)
    for r in data["rules"]:
        where = "\n".join(f"{loc['line']}:{loc['column']} {m(loc['message'])} ({loc['recipients']})"
                          for loc in r["locations"])
        examples = "\n".join(f"row {e['row']}{' ' + m(e['id']) if e['id'] else ''}: {m(e['rendered'])}"
                             for e in r["examples"])
        pct = f"{r['recipients']} ({r['share'] * 100:.1f}%)"
        table.add_row(m(r["code"]), m(r["name"]), f"[{SEVERITY_STYLE[r['severity']]}]{r['severity']}[/]", pct,
                      where + "\n" + examples)
    console.print(table)
    return buf.getvalue()
