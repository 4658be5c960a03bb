"""A recipients run aggregated per rule (how many recipients get each finding, with example
rows and what they read), and the same run as an ordinary Report for every --format."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Callable

from ..config import Config
from ..findings import Component, Finding, Location, Severity
from ..report import Report
from ..source.draft import Draft
from ..source.render import Piece
from .catalog import RuleCatalog
from .variants import Compact

EXAMPLES = 3
LOCATIONS = 5


@dataclass
class RuleResult:
    code: str
    name: str
    severity: Severity
    recipients: int = 0
    examples: list[dict[str, Any]] = field(default_factory=list)
    locations: dict[tuple[int, int, str], int] = field(default_factory=dict)  # (line, col, message) -> rows
    spans: dict[tuple[int, int, str], tuple[str, int]] = field(default_factory=dict)  # -> (field, source offset)


@dataclass
class RecipientsReport:
    draft: str
    recipients_file: str
    rows: int = 0
    variants: int = 0  # distinct variants linted
    rules: dict[str, RuleResult] = field(default_factory=dict)
    template: Any = None  # FileReport of the template itself (token rules, copy rules)
    missing_columns: list[str] = field(default_factory=list)
    platforms: tuple[str, ...] = ()
    warnings: list[str] = field(default_factory=list)

    def max_severity(self) -> Severity | None:
        return max((r.severity for r in self.rules.values()), default=None)


def add(report: RecipientsReport, draft: Draft, found: Compact, number: int, ident: str,
         rendered: dict[str, list[Piece]]) -> None:
    seen: set[str] = set()
    for code, name, sev, line, col, message, fname, start in found:
        rule = report.rules.get(code)
        if rule is None:
            rule = report.rules[code] = RuleResult(code, name, Severity(sev))
        if code not in seen:
            seen.add(code)
            rule.recipients += 1
            if len(rule.examples) < EXAMPLES:
                rule.examples.append({"row": number, "id": ident, "line": line, "column": col,
                                      "message": message, "rendered": _snippet(draft, rendered, fname, start)})
        loc = (line, col, message)
        if loc in rule.locations or len(rule.locations) < LOCATIONS:
            rule.locations[loc] = rule.locations.get(loc, 0) + 1
            rule.spans.setdefault(loc, (fname, start))


def _snippet(draft: Draft, rendered: dict[str, list[Piece]], name: str, src: int) -> str:
    """What this recipient reads around the finding (rendered text, one line)."""
    f, pieces = draft.field(name), rendered.get(name, [])
    if f is None:
        return ""
    pos, at = 0, 0
    for shown, _, start, end, copied in pieces:
        a, b = f.map.to_source(start, end)
        if a <= src < max(b, a + 1):
            at = pos + (min(src - a, len(shown)) if copied else 0)
            break
        pos += len(shown)
    text = "".join(p[0] for p in pieces)
    lo = max(0, at - 30)
    window = " ".join(text[lo:at + 50].split())
    return ("…" if lo else "") + window + ("…" if at + 50 < len(text) else "")


def as_report(rr: RecipientsReport, config: Config) -> Any:
    """The recipients run as an ordinary Report, so every --format, --baseline and
    --write-baseline works on it: one file (the draft) whose findings are the template's own
    plus one per rule and location found in the rendered variants, its message ending with how
    many recipients get it."""
    fr = rr.template
    extra = []
    draft_location = _locator(fr)
    catalog = RuleCatalog(config.lexicons)
    for r in sorted(rr.rules.values(), key=lambda r: r.code):
        rule = catalog.get(r.code)
        for (line, col, message), n in r.locations.items():
            fname, start = r.spans.get((line, col, message), ("body", 0))
            share = f"{n} of {rr.rows} recipient(s)"
            extra.append(Finding(
                code=r.code, name=r.name, severity=r.severity,
                component=rule.component if rule is not None else _component(fr, r.code),
                field=fname, start=start, end=start, location=draft_location(start, line, col),
                message=f"{message} ({share})", suggestion=rule.suggestion if rule is not None else "",
                excerpt=message[:120]))
    findings = tuple(sorted(fr.findings + tuple(extra), key=lambda f: f.sort_key))
    return Report((replace(fr, findings=findings, warnings=tuple(rr.warnings)),), rules=catalog)


def _locator(fr: Any) -> Callable[[int, int, int], Any]:
    return lambda start, line, col: Location(line, col, line, col)


def _component(fr: Any, code: str) -> Any:
    return next((f.component for f in fr.findings if f.code == code), Component.RELIABILITY)


def replace_findings(fr: Any, findings: tuple[Any, ...]) -> Any:
    return replace(fr, findings=findings)
