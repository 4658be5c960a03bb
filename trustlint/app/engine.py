"""lint(Document) -> findings: runs the rules, maps spans to lines, applies config, sorts.

The one place where rule hits become Findings: severity comes from config (never from the
rule at run time), lines and columns from the draft's offset maps.
"""
from __future__ import annotations

import heapq
from itertools import islice
from typing import Any, Iterable

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
# At most this many findings per rule and draft; past it, one more finding says how many
# hits were left out (a 5 MB draft of unclosed blocks has 400,000; ~1 KB of memory each).
MAX_PER_RULE = 1000
LOOK_AT = 4 * MAX_PER_RULE  # hits sorted per rule, of which overlapping ones are dropped
BATCH = 8192  # a rule with more hits than this has their spans mapped in batches (first_spans)


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


def _key(span_hit: tuple[tuple[int, int], Hit]) -> tuple[int, int]:
    (start, end), _ = span_hit
    return start, -end


def first_spans(doc: Document, hits: Iterable[Hit], look_at: int = LOOK_AT) -> tuple[int, list[tuple[tuple[int, int], Hit]]]:
    """(how many hits, the first `look_at` of them in source order as ((start, end), hit)):
    what `heapq.nsmallest(look_at, ((_span(doc, h), h) for h in hits), key=_key)` gives (stable:
    hits with the same span keep their order). One rule firing on each of 400,000 template
    blocks must not make 400,000 findings, nor map 400,000 spans one at a time: past BATCH
    hits, spans are mapped a batch at a time (TextMap.to_source_many) and only the hits of a
    batch that come before the last one kept are looked at."""
    it = iter(hits)
    batch = list(islice(it, BATCH))
    if len(batch) < BATCH:  # nearly every rule on every draft: a handful of hits
        return len(batch), heapq.nsmallest(look_at, ((_span(doc, h), h) for h in batch), key=_key)
    kept: list[tuple[tuple[int, int], Hit]] = []
    total = 0
    while batch:
        total += len(batch)
        kept = _merge(doc, kept, batch, look_at)
        batch = list(islice(it, BATCH))
    return total, kept


def _merge(doc: Document, kept: list[tuple[tuple[int, int], Hit]], batch: list[Hit],
           look_at: int) -> list[tuple[tuple[int, int], Hit]]:
    import numpy as np

    starts = np.empty(len(batch), dtype=np.int64)
    ends = np.empty(len(batch), dtype=np.int64)
    by_field: dict[str, list[int]] = {}
    for k, hit in enumerate(batch):
        by_field.setdefault(hit.field, []).append(k)
    for name, ks in by_field.items():
        pf = doc.field(name)
        if pf is None:
            raise ValueError(f"rule hit names unknown field {name!r}")
        idx = np.array(ks, dtype=np.int64)
        n = len(pf.text)
        lo = np.clip(np.fromiter((batch[k].start for k in ks), dtype=np.int64, count=len(ks)), 0, n)
        hi = np.maximum(lo, np.minimum(np.fromiter((batch[k].end for k in ks), dtype=np.int64, count=len(ks)), n))
        starts[idx], ends[idx] = pf.field.map.to_source_many(lo, hi)
    if len(kept) >= look_at:  # only a hit before the last one kept can be among the first
        (t0, t1), _ = kept[-1]
        chosen = np.flatnonzero((starts < t0) | ((starts == t0) & (ends > t1))).tolist()
    else:
        chosen = range(len(batch))
    new = [((int(starts[k]), int(ends[k])), batch[k]) for k in chosen]
    if not new:
        return kept
    return heapq.nsmallest(look_at, kept + new, key=_key)


def excerpt(source: str, start: int, end: int) -> str:
    text = " ".join(source[start:end].split())
    return text if len(text) <= EXCERPT_MAX else text[: EXCERPT_MAX - 1] + "…"


def lint(doc: Document, config: Config, context: CampaignContext) -> tuple[list[Finding], list[Signal]]:
    draft = doc.draft
    findings: dict[tuple[str, int, int], Finding] = {}
    for rule in active_rules(config):
        ctx = RuleContext(campaign=context, options=config.options_for(rule.code))
        total, spans = first_spans(doc, rule.check(doc, ctx))
        last_end, listed = -1, 0
        for n, ((start, end), hit) in enumerate(spans):
            if start < last_end:  # overlaps a hit of the same rule already kept
                continue
            if listed == MAX_PER_RULE:
                findings[(rule.code, start, end)] = Finding(
                    code=rule.code, name=rule.name, severity=config.severity_for(rule.code, rule.severity),
                    component=rule.component, field=hit.field, start=start, end=end,
                    location=draft.location(start, end),
                    message=f"{rule.code} fired {total - n:,} more times from here on; only the first "
                            f"{MAX_PER_RULE:,} are listed",
                    suggestion=hit.suggestion or rule.suggestion, excerpt=excerpt(draft.source, start, end))
                break
            listed += 1
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
    covering = _ScopeIndex(scopes)
    used: set[int] = set()
    kept = []
    for f in findings:
        if not covering.mark(f.code, f.location.line, used):
            kept.append(f)
    meta = UnusedSuppression()
    if not config.enabled(meta.code, meta.name):
        return kept
    active = [r.code for r in active_rules(config)]
    could_fire: dict[str, bool] = {}
    unused = 0
    for i, s in enumerate(scopes):
        # a code that is not enabled for this file could not have fired: not reported as unused
        if s.code not in could_fire:
            could_fire[s.code] = any(code.startswith(s.code) for code in active)
        if i in used or not could_fire[s.code]:
            continue
        d = s.directive
        code = s.code or "any code"
        unused += 1
        if unused > MAX_PER_RULE + 1:
            continue  # counted in the note below
        kept.append(Finding(
            code=meta.code, name=meta.name, severity=config.severity_for(meta.code, meta.severity),
            component=meta.component, field="body", start=d.start, end=d.end,
            location=draft.location(d.start, d.end), message=meta.message.format(code=code),
            suggestion=meta.suggestion, excerpt=excerpt(draft.source, d.start, d.end)))
    if unused > MAX_PER_RULE:  # as for a rule: the first ones listed, then how many more
        last = kept[-1]
        kept[-1] = Finding(
            code=last.code, name=last.name, severity=last.severity, component=last.component, field=last.field,
            start=last.start, end=last.end, location=last.location,
            message=f"{meta.code} fired {unused - MAX_PER_RULE:,} more times from here on; only the first "
                    f"{MAX_PER_RULE:,} are listed", suggestion=last.suggestion, excerpt=last.excerpt)
    return kept


class _ScopeIndex:
    """Which scopes cover a (code, line): what `[i for i, s in enumerate(scopes) if
    s.covers(code, line)]` finds, without trying every scope for every finding (20,000 inline
    suppressions and their 20,000 findings were 400 million tries).

    A scope covers a code when its code is '' or a prefix of the code (upper-cased), so only
    the prefixes of a finding's code are looked up: short scopes by (line, code), long ones
    (a disable ... enable pair) by bisect over their first lines, per code."""

    SHORT = 32  # lines

    def __init__(self, scopes: list) -> None:
        from bisect import bisect_right

        self._bisect = bisect_right
        self.short: dict[tuple[int, str], list[int]] = {}
        long_: dict[str, list[tuple[int, int, int]]] = {}
        for i, s in enumerate(scopes):
            if s.last - s.first <= self.SHORT:
                for line in range(s.first, s.last + 1):
                    self.short.setdefault((line, s.code), []).append(i)
            else:
                long_.setdefault(s.code, []).append((s.first, s.last, i))
        self.long: dict[str, tuple[list[tuple[int, int, int]], list[int], list[int]]] = {}
        for code, spans in long_.items():
            spans.sort()
            most, reach = 0, []
            for _, last, _ in spans:
                most = max(most, last)
                reach.append(most)  # the furthest line any of spans[:j + 1] reaches
            self.long[code] = (spans, [first for first, _, _ in spans], reach)
        self._marked: set[tuple[int, str]] = set()

    def mark(self, code: str, line: int, used: set[int]) -> bool:
        """Add the scopes covering (code, line) to `used`; whether there was any."""
        upper, found = code.upper(), False
        for k in range(len(upper) + 1):
            prefix = upper[:k]
            key = (line, prefix)
            hits = self.short.get(key)
            if hits:
                found = True
                if key not in self._marked:  # the same scopes for every finding on this line
                    used.update(hits)
                    self._marked.add(key)
            entry = self.long.get(prefix)
            if entry:
                spans, firsts, reach = entry
                j = self._bisect(firsts, line) - 1
                while j >= 0 and reach[j] >= line:
                    if spans[j][1] >= line:
                        used.add(spans[j][2])
                        found = True
                    j -= 1
        return found
