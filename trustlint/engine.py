"""lint(Document) -> findings: runs the rules, maps spans to lines, applies config, sorts.

The one place where rule hits become Findings: severity comes from config (never from the
rule at run time), lines and columns from the draft's offset maps.
"""
from __future__ import annotations

from typing import Any

from .config import Config
from .context import CampaignContext
from .findings import Finding, Hit, Signal
from .nlp import Document
from .rules import all_rules
from .rules import signals as signal_detectors
from .rules.base import RuleContext

EXCERPT_MAX = 120


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
    signals: dict[tuple[str, int, int], Signal] = {}
    for kind, hit in signal_detectors.detect(doc):
        start, end = _span(doc, hit)
        signals.setdefault((kind.kind, start, end), Signal(
            kind.kind, kind.component, hit.field, start, end, draft.location(start, end),
            kind.message, excerpt(draft.source, start, end)))
    return (sorted(findings.values(), key=lambda f: f.sort_key),
            sorted(signals.values(), key=lambda s: (s.location.line, s.location.column, s.kind)))
