"""SARIF 2.1.0 for code-scanning tools (GitHub code scanning, Azure DevOps, VS Code viewers).

One run; tool.driver.rules holds the metadata of every rule a result refers to (Report.rules,
filled from the registry by the app, so custom lexicon rules and TL001 are described too);
columns are Unicode code points, as trustlint counts them. Validated against the OASIS schema in tests/.
"""
from __future__ import annotations

import json
from typing import Any, Mapping

from .. import __version__
from ..escape import terminal as one_line
from ..findings import Finding, RuleInfo, Severity
from ..report import Report
from .paths import rel_posix, uri
from .streaming import Spool, dump, split

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFO_URI = "https://pypi.org/project/trustlint/"
LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def _rule_descriptor(f: Finding, rule: RuleInfo | None) -> dict[str, Any]:
    summary = rule.summary if rule is not None else f.message
    why = rule.why if rule is not None else ""
    suggestion = rule.suggestion if rule is not None else f.suggestion
    default = rule.severity if rule is not None else f.severity
    out: dict[str, Any] = {
        "id": f.code, "name": f.name,
        "shortDescription": {"text": summary},
        "fullDescription": {"text": " ".join(x for x in (summary, why) if x)},
        "help": {"text": f"{why}\nInstead: {suggestion}".strip(),
                 "markdown": f"{why}\n\n**Instead:** {suggestion}".strip()},
        "defaultConfiguration": {"level": LEVEL[default]},
        "properties": {"component": f.component.value, "tags": ["trust", f.component.value]},
    }
    return out


def _result(f: Finding, path: str, index: int) -> dict[str, Any]:
    loc = f.location
    region = {"startLine": loc.line, "startColumn": loc.column,
              "endLine": loc.end_line, "endColumn": max(loc.end_column, loc.column)}
    if f.excerpt:
        region["snippet"] = {"text": f.excerpt}
    return {
        "ruleId": f.code, "ruleIndex": index, "level": LEVEL[f.severity],
        "message": {"text": one_line(f"{f.message}. Instead: {f.suggestion}" if f.suggestion else f.message)},
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri(path)}, "region": region}}],
        "partialFingerprints": {"trustlint/v1": f"{f.code}:{' '.join(f.excerpt.lower().split())}"},
        "properties": {"component": f.component.value, "field": f.field},
    }


def as_dict(report: Report) -> dict[str, Any]:
    rules: list[dict[str, Any]] = []
    index: dict[str, int] = {}
    results = []
    for fr in report.files:
        for f in fr.findings:
            if f.code not in index:
                index[f.code] = len(rules)
                rules.append(_rule_descriptor(f, report.rules.get(f.code)))
            results.append(_result(f, fr.path, index[f.code]))
    artifacts = [{"location": {"uri": uri(fr.path)},
                  "properties": {"trust": fr.score.as_dict()}} for fr in report.files]
    notifications = [{"level": "error", "message": {"text": one_line(f"{rel_posix(e.path)}: {e.message}")}}
                     for e in report.errors]
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "trustlint", "version": __version__, "semanticVersion": __version__,
                                "informationUri": INFO_URI, "rules": rules}},
            "invocations": [{"executionSuccessful": not report.errors,
                             "toolExecutionNotifications": notifications}],
            "artifacts": artifacts,
            "results": results,
            "columnKind": "unicodeCodePoints",
        }],
    }


def render(report: Report, **_: Any) -> str:
    return json.dumps(as_dict(report), indent=2, ensure_ascii=False) + "\n"


def stream(results: Any, write: Any, rules: Mapping[str, RuleInfo] | None = None, **_: Any) -> None:
    """render(), written file by file (trustlint.app.stream): per-file results and artifacts go
    to spools (temporary files past a few MB) until the rule list is known; the same text.
    `rules` is the rule metadata a Report would carry (trustlint.app.catalog)."""
    catalog = rules if rules is not None else {}
    described: list[dict[str, Any]] = []
    index: dict[str, int] = {}
    errors: list[Any] = []
    artifacts, found = Spool(), Spool()
    for fr in split(results, errors):
        for f in fr.findings:
            if f.code not in index:
                index[f.code] = len(described)
                described.append(_rule_descriptor(f, catalog.get(f.code)))
            found.write((",\n        " if not found.empty else "[\n        ") + dump(_result(f, fr.path, index[f.code]), 4))
        artifacts.write((",\n        " if not artifacts.empty else "[\n        ")
                        + dump({"location": {"uri": uri(fr.path)}, "properties": {"trust": fr.score.as_dict()}}, 4))
    notifications = [{"level": "error", "message": {"text": one_line(f"{rel_posix(e.path)}: {e.message}")}}
                     for e in errors]
    tool = {"driver": {"name": "trustlint", "version": __version__, "semanticVersion": __version__,
                       "informationUri": INFO_URI, "rules": described}}
    invocations = [{"executionSuccessful": not errors, "toolExecutionNotifications": notifications}]
    write("{\n  \"$schema\": " + json.dumps(SCHEMA) + ",\n  \"version\": \"2.1.0\",\n  \"runs\": [\n    {\n"
          f"      \"tool\": {dump(tool, 3)},\n      \"invocations\": {dump(invocations, 3)},\n      \"artifacts\": ")
    for spool in (artifacts, found):
        if spool.empty:
            write("[]")
        else:
            spool.copy_to(write)
            write("\n      ]")
        write(",\n      \"results\": " if spool is artifacts else "")
    write(",\n      \"columnKind\": \"unicodeCodePoints\"\n    }\n  ]\n}\n")
