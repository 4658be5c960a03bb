"""lint(Document) -> findings: runs the rules, maps spans to lines, applies config, sorts.

The one place where rule hits become Findings: severity comes from config (never from the
rule at run time), lines and columns from the draft's offset maps.
"""
from __future__ import annotations

from typing import Any

from ..source import suppressions
from ..config import Config
from ..context import CampaignContext
from ..findings import Finding, Hit, Signal
from ..nlp.document import Document
from ..rules import META_CODES, all_rules
from ..rules.meta import UnusedSuppression
from ..rules import signals as signal_detectors
from ..rules.base import RuleContext

EXCERPT_MAX = 120


def is_meta(code: str) -> bool:
    """Meta findings (TL001) are about directives, not the copy: they never enter the score."""
    return code in META_CODES


def active_rules(config: Config) -> list[Any]:
    return [r for r in all_rules(config.lexicons) if config.enabled(r.code, r.name)]


def _span(doc: Document, hit: Hit) -> tuple[int, int]:
    pf = doc.field(hit.field)
    if pf is None:
        raise ValueError(f"rule hit names unknown field {hit.field!r}")
    start = max(0, min(hit.start, len(pf.text)))
    end = max(start, min(hit.end, len(pf.text)))
    return pf.field.map.to_source(start, end)


def excerpt(source: str, start: int, end: int) -> str:
    text = " ".join(source[start:end].split())
    return text if len(text) <= EXCERPT_MAX else text[: EXCERPT_MAX - 1] + "…"


def lint(doc: Document, config: Config, context: CampaignContext) -> tuple[list[Finding], list[Signal]]:
    draft = doc.draft
    findings: dict[tuple[str, int, int], Finding] = {}
    for rule in active_rules(config):
        ctx = RuleContext(campaign=context, options=config.options_for(rule.code))
        spans = [(_span(doc, hit), hit) for hit in rule.check(doc, ctx)]
        last_end = -1
        for (start, end), hit in sorted(spans, key=lambda sh: (sh[0][0], -sh[0][1])):
            if start < last_end:  # overlaps a hit of the same rule already kept
                continue
            last_end = max(end, start + 1)
            key = (rule.code, start, end)
            findings[key] = Finding(
                code=rule.code, name=rule.name,
                severity=config.severity_for(rule.code, rule.severity),
                component=rule.component, field=hit.field, start=start, end=end,
                location=draft.location(start, end),
                message=hit.message or rule.message, suggestion=hit.suggestion or rule.suggestion,
                excerpt=excerpt(draft.source, start, end),
            )
    kept = apply_suppressions(doc, config, list(findings.values()))
    signals: dict[tuple[str, int, int], Signal] = {}
    for kind, hit in signal_detectors.detect(doc):
        start, end = _span(doc, hit)
        signals.setdefault((kind.kind, start, end), Signal(
            kind.kind, kind.component, hit.field, start, end, draft.location(start, end),
            kind.message, excerpt(draft.source, start, end)))
    return (sorted(kept, key=lambda f: f.sort_key),
            sorted(signals.values(), key=lambda s: (s.location.line, s.location.column, s.kind)))


def apply_suppressions(doc: Document, config: Config, findings: list[Finding]) -> list[Finding]:
    """Drop findings covered by inline directives; report directives that covered nothing."""
    draft = doc.draft
    if not draft.directives:
        return findings
    scopes = suppressions.scopes(list(draft.directives), draft.source)
    used: set[int] = set()
    kept = []
    for f in findings:
        covering = [i for i, s in enumerate(scopes) if s.covers(f.code, f.location.line)]
        used.update(covering)
        if not covering:
            kept.append(f)
    meta = UnusedSuppression()
    if not config.enabled(meta.code, meta.name):
        return kept
    active = [r.code for r in active_rules(config)]
    for i, s in enumerate(scopes):
        # a code that is not enabled for this file could not have fired: not reported as unused
        if i in used or not any(code.startswith(s.code) for code in active):
            continue
        d = s.directive
        code = s.code or "any code"
        kept.append(Finding(
            code=meta.code, name=meta.name, severity=config.severity_for(meta.code, meta.severity),
            component=meta.component, field="body", start=d.start, end=d.end,
            location=draft.location(d.start, d.end), message=meta.message.format(code=code),
            suggestion=meta.suggestion, excerpt=excerpt(draft.source, d.start, d.end)))
    return kept
