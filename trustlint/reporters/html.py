"""The review-board HTML report: one self-contained page for a whole campaign.

All numbers and geometry are computed here (view data); the Jinja2 templates in templates/ only
lay them out, with autoescape on, so draft text is always inert. No external resources.
"""
from __future__ import annotations

import base64
import hashlib
import os
import statistics
from dataclasses import dataclass, field
from datetime import datetime, timezone
from importlib import resources
from typing import Any

from .. import __version__
from ..findings import Component, Finding, Severity
from ..report import FileReport, Report
from ..scoring.trust import ceiling, default_weights, levers

SEVERITY_ORDER = (Severity.ERROR, Severity.WARNING, Severity.INFO)
COMPONENTS = (
    (Component.CREDIBILITY, "credibility", "Credibility", "Is it true and believable?"),
    (Component.RELIABILITY, "reliability", "Reliability", "Does it keep its small promises?"),
    (Component.INTIMACY, "intimacy", "Intimacy", "Does it respect the relationship?"),
    (Component.SELF_ORIENTATION, "self_orientation", "Self-orientation", "Is it about the sender? (lower is better)"),
)
BANDS = ((5.0, "high", "Higher trust"), (3.0, "moderate", "Moderate trust"), (0.0, "low", "Low trust"))
FIELD_LABELS = {"subject": "Subject", "preheader": "Preheader", "body": "Body"}
HIST_BINS = 10  # T in [0,1), [1,2) ... [9, inf)


def band(trust: float) -> dict[str, str]:
    for floor, key, label in BANDS:
        if trust >= floor:
            return {"key": key, "label": label}
    return {"key": "low", "label": "Low trust"}


def _worst(findings: tuple[Finding, ...]) -> Severity | None:
    return max((f.severity for f in findings), default=None)


def _sev(sev: Severity | None) -> dict[str, str]:
    if sev is None:
        return {"key": "none", "label": "none"}
    return {"key": sev.label, "label": sev.label}


# --- the draft text with findings and signals at their exact spans --------------------------


@dataclass
class _Span:
    kind: str  # "finding" or "signal"
    n: int  # 1-based number shown in the margin
    start: int
    end: int
    severity: Severity | None = None
    title: str = ""


@dataclass
class _Piece:
    text: str
    classes: list[str] = field(default_factory=list)
    title: str = ""
    refs: str = ""  # "f1 f3 s2": the findings and signals covering this piece
    markers: list[dict[str, Any]] = field(default_factory=list)


def _spans(fr: FileReport) -> list[_Span]:
    n = len(fr.source)
    spans = [_Span("finding", i, max(0, min(f.start, n)), max(0, min(f.end, n)), f.severity,
                   f"{f.code} {f.name} ({f.severity.label}): {f.message}")
             for i, f in enumerate(fr.findings, 1)]
    spans += [_Span("signal", i, max(0, min(s.start, n)), max(0, min(s.end, n)), None,
                    f"+ {s.kind}: {s.message}") for i, s in enumerate(fr.signals, 1)]
    return spans


def source_lines(fr: FileReport, anchor: str) -> list[list[dict[str, Any]]]:
    """Split the source into lines of pieces; each piece knows which spans cover it.

    Overlapping spans are handled by cutting the text at every span boundary: a piece covered by
    several findings takes the class of the most severe and an `overlap` class, and every
    finding's numbered marker sits at its own start offset. Zero-width spans get a marker only.
    """
    text = fr.source
    spans = _spans(fr)
    field_spans = sorted((s, e, name) for name, (s, e) in fr.fields.items())
    cuts = {0, len(text)}
    for sp in spans:
        cuts.update((sp.start, sp.end))
    for s, e, _ in field_spans:
        cuts.update((max(0, s), min(len(text), e)))
    cuts.update(i + 1 for i, ch in enumerate(text) if ch == "\n")
    points = sorted(c for c in cuts if 0 <= c <= len(text))
    starts: dict[int, list[_Span]] = {}
    for sp in spans:
        starts.setdefault(sp.start, []).append(sp)
    lines: list[list[dict[str, Any]]] = [[]]
    for a, b in zip(points, points[1:] + [None]):
        markers = [{"n": sp.n, "kind": sp.kind, "sev": _sev(sp.severity),
                    "href": f"#{anchor}-{'f' if sp.kind == 'finding' else 's'}{sp.n}", "title": sp.title}
                   for sp in sorted(starts.get(a, ()), key=lambda s: (s.kind != "finding", s.n))]
        if b is None:  # end of text: only markers of zero-width spans at the very end remain
            if markers:
                lines[-1].append(_Piece("", markers=markers).__dict__)
            break
        chunk = text[a:b]
        covering = [sp for sp in spans if sp.start <= a and sp.end >= b and sp.end > sp.start]
        found = [sp for sp in covering if sp.kind == "finding"]
        signals = [sp for sp in covering if sp.kind == "signal"]
        classes: list[str] = []
        if not any(s <= a and e >= b for s, e, _ in field_spans):
            classes.append("meta")
        if found:
            worst = max(sp.severity for sp in found if sp.severity is not None)
            classes += ["hit", f"sev-{worst.label}"]
            if len(found) > 1:
                classes.append("overlap")
        if signals:
            classes.append("sig")
        title = "\n".join(sp.title for sp in found + signals)
        body = chunk[:-1] if chunk.endswith("\n") else chunk
        body = body.replace("\r", "")
        if body or markers:
            refs = " ".join([f"f{sp.n}" for sp in found] + [f"s{sp.n}" for sp in signals])
            lines[-1].append(_Piece(body, classes, title, refs, markers).__dict__)
        if chunk.endswith("\n"):
            lines.append([])
    if len(lines) > 1 and not lines[-1]:
        lines.pop()
    return lines


# --- score visuals --------------------------------------------------------------------------


def component_bars(fr: FileReport) -> list[dict[str, Any]]:
    base = default_weights()["baseline"]
    values = fr.score.as_dict()
    bars = []
    for comp, key, label, hint in COMPONENTS:
        value = float(values[key])
        baseline = float(base[comp.value])
        shown, base_shown = round(value, 1), round(baseline, 1)  # compare what the reader sees
        lower_is_better = comp is Component.SELF_ORIENTATION
        if shown == base_shown:
            direction = "same"
        else:
            direction = "better" if (shown < base_shown) == lower_is_better else "worse"
        bars.append({"letter": comp.letter, "label": label, "hint": hint, "value": value,
                     "pct": round((value - 1) / 9 * 100, 1), "base_pct": round((baseline - 1) / 9 * 100, 1),
                     "baseline": baseline, "direction": direction,
                     "delta": round(value - baseline, 2)})
    return bars


def histogram(trusts: list[float]) -> dict[str, Any]:
    counts = [0] * HIST_BINS
    for t in trusts:
        counts[min(HIST_BINS - 1, max(0, int(t)))] += 1
    top = max(counts) or 1
    height = 120
    bins = []
    for i, c in enumerate(counts):
        h = round(c / top * height, 1)
        label = f"{i}–{i + 1}" if i < HIST_BINS - 1 else f"{i}+"
        bins.append({"label": label, "count": c, "x": 30 + i * 32, "y": 20 + height - h, "h": h,
                     "band": band(float(i))["key"]})
    return {"bins": bins, "height": height, "max": top,
            "summary": ", ".join(f"{b['count']} with T {b['label']}" for b in bins if b["count"])}


# --- per draft ------------------------------------------------------------------------------


def _readability(fr: FileReport) -> list[dict[str, Any]]:
    r = fr.readability
    out = []
    if "flesch_kincaid_grade" in r:
        g = r["flesch_kincaid_grade"]
        out.append({"label": "Grade level", "value": f"{g:.1f}", "note": "Flesch–Kincaid; 6–8 suits most email"})
    if "flesch_reading_ease" in r:
        e = r["flesch_reading_ease"]
        ease = "very easy" if e >= 80 else "easy" if e >= 60 else "fairly hard" if e >= 50 else "hard"
        out.append({"label": "Reading ease", "value": f"{e:.0f}", "note": f"Flesch, 0–100: {ease}"})
    if "avg_sentence_length" in r:
        out.append({"label": "Sentence length", "value": f"{r['avg_sentence_length']:.1f}",
                    "note": "average words per sentence"})
    if "gunning_fog" in r:
        out.append({"label": "Fog index", "value": f"{r['gunning_fog']:.1f}", "note": "Gunning fog"})
    return out


def _finding(f: Finding, n: int, anchor: str, gain: float, source: str) -> dict[str, Any]:
    loc = f.location
    return {"n": n, "id": f"{anchor}-f{n}", "code": f.code, "name": f.name, "sev": _sev(f.severity),
            "component": f.component.letter, "component_name": f.component.value.replace("_", "-"),
            "field": FIELD_LABELS.get(f.field, f.field), "line": loc.line, "column": loc.column,
            "message": f.message, "suggestion": f.suggestion, "excerpt": source[f.start:f.end] or f.excerpt,
            "gain": gain}


def draft_view(fr: FileReport, index: int) -> dict[str, Any]:
    anchor = f"d{index}"
    per_finding = levers(fr.findings, fr.signals, fr.stats, by="finding")
    gain_of = {id(lv.findings[0]): lv.gain for lv in per_finding}
    by_code = levers(fr.findings, fr.signals, fr.stats, by="code")
    top_gain = max((lv.gain for lv in by_code), default=0.0) or 1.0
    lever_rows = []
    for lv in by_code:
        f0 = lv.findings[0]
        lever_rows.append({"code": lv.key, "name": f0.name, "count": len(lv.findings), "sev": _sev(_worst(lv.findings)),
                           "trust": lv.trust, "gain": lv.gain, "pct": round(lv.gain / top_gain * 100, 1),
                           "first": f"#{anchor}-f{fr.findings.index(f0) + 1}" if f0 in fr.findings else ""})
    counts = {sev.label: sum(1 for f in fr.findings if f.severity is sev) for sev in SEVERITY_ORDER}
    return {
        "id": anchor, "path": fr.path, "score": fr.score.as_dict(), "band": band(fr.score.trust),
        "bars": component_bars(fr), "levers": lever_rows,
        "all_fixed": ceiling(fr.signals, fr.stats),
        "findings": [_finding(f, i, anchor, gain_of.get(id(f), 0.0), fr.source) for i, f in enumerate(fr.findings, 1)],
        "signals": [{"n": i, "id": f"{anchor}-s{i}", "kind": s.kind, "message": s.message,
                     "component": s.component.letter, "line": s.location.line, "column": s.location.column,
                     "excerpt": fr.source[s.start:s.end] or s.excerpt} for i, s in enumerate(fr.signals, 1)],
        "counts": counts, "worst": _sev(_worst(fr.findings)),
        "lines": source_lines(fr, anchor),
        "readability": _readability(fr),
        "stats": fr.stats.as_dict() if fr.stats else {}, "platforms": list(fr.platforms), "warnings": list(fr.warnings),
    }




# --- the campaign ---------------------------------------------------------------------------


def top_rules(report: Report, limit: int = 10) -> list[dict[str, Any]]:
    rows: dict[str, dict[str, Any]] = {}
    for fr in report.files:
        for f in fr.findings:
            row = rows.setdefault(f.code, {"code": f.code, "name": f.name, "sev": _sev(f.severity),
                                           "component": f.component.letter, "count": 0, "drafts": set()})
            row["count"] += 1
            row["drafts"].add(fr.path)
    ranked = sorted(rows.values(), key=lambda r: (-r["count"], r["code"]))[:limit]
    top = max((r["count"] for r in ranked), default=1)
    for r in ranked:
        r["drafts"] = len(r["drafts"])
        r["pct"] = round(r["count"] / top * 100, 1)
    return ranked


def view(report: Report, generated: str | None = None) -> dict[str, Any]:
    order = sorted(range(len(report.files)), key=lambda i: (report.files[i].score.trust, report.files[i].path))
    drafts = [draft_view(report.files[i], rank) for rank, i in enumerate(order, 1)]
    trusts = [fr.score.trust for fr in report.files]
    findings = report.findings
    by_sev = [{"sev": _sev(sev), "count": sum(1 for f in findings if f.severity is sev)} for sev in SEVERITY_ORDER]
    bands = [{"key": key, "label": label, "count": sum(1 for t in trusts if band(t)["key"] == key)}
             for _, key, label in BANDS]
    return {
        "version": __version__,
        "generated": generated if generated is not None else _now(),
        "totals": {"drafts": len(report.files), "findings": len(findings), "errors": len(report.errors),
                   "signals": sum(len(fr.signals) for fr in report.files),
                   "clean": sum(1 for fr in report.files if not fr.findings),
                   "mean": round(statistics.fmean(trusts), 2) if trusts else None,
                   "median": round(statistics.median(trusts), 2) if trusts else None},
        "by_sev": by_sev, "bands": bands,
        "histogram": histogram(trusts),
        "top_rules": top_rules(report),
        "drafts": drafts,
        "errors": [{"path": e.path, "message": e.message} for e in report.errors],
        "baseline": default_weights()["baseline"],
    }


def _now() -> str:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")  # reproducible builds convention
    moment = datetime.fromtimestamp(int(epoch), timezone.utc) if epoch and epoch.isdigit() else datetime.now(timezone.utc)
    return moment.strftime("%Y-%m-%d %H:%M UTC")


def environment():
    from jinja2 import Environment, PackageLoader, StrictUndefined

    env = Environment(loader=PackageLoader("trustlint.reporters", "templates"), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["num"] = lambda x, d=1: f"{x:.{d}f}"
    return env


def _script() -> tuple[str, str]:
    """The optional filter script and its CSP hash: only this exact script may run."""
    text = resources.files("trustlint.reporters").joinpath("templates/filter.js").read_text(encoding="utf-8")
    digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")
    return text, f"sha256-{digest}"


def render(report: Report, generated: str | None = None, **_: Any) -> str:
    v = view(report, generated)
    v["script"], v["script_hash"] = _script()
    return environment().get_template("report.html.j2").render(v=v)
