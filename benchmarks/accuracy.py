"""Accuracy benchmark: per-rule precision/recall on the labelled dev corpus, Spearman of T
against human trust ratings, and recall / false-positive share on the ec-darkpattern dataset.

Run from a checkout (with the project installed: pip install -e .):

    python benchmarks/accuracy.py              # tables
    python benchmarks/accuracy.py --rule TL603 # the drafts (and ec rows) a rule gets wrong
    python benchmarks/accuracy.py --json       # machine output
    python benchmarks/accuracy.py --markdown   # tables for docs/accuracy.md

Scoring is draft-level: a code either fires on a draft (any finding, any severity) or not,
and is compared with the codes labelled in benchmarks/corpus/labels.yml.
"""
from __future__ import annotations

import argparse
import csv
import json
import math
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Sequence

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

DEFAULT_CORPUS = HERE / "corpus"
DEFAULT_EC = ROOT.parent / "shared" / "data" / "ec-darkpattern" / "dataset.tsv"
DRAFT_SUFFIXES = (".txt", ".md")
CODE_RE = re.compile(r"^TL\d{3}$")

TARGETS = {
    "precision": 0.90,  # per rule, dev corpus
    "spearman": 0.60,  # T vs trust rating
    "ec_fp_share": 0.03,  # share of "Not Dark Pattern" rows with any warning/error (at most)
    "ec_recall": {"Urgency": 0.70, "Scarcity": 0.70, "Social Proof": 0.60},
}
# ec-darkpattern category -> the rule that should catch it.
EC_CATEGORY_RULE = {"Urgency": "TL603", "Scarcity": "TL604", "Social Proof": "TL605"}
EC_BENIGN = "Not Dark Pattern"
# The dataset has no confirmshaming category; Mathur et al. (2019) file confirmshaming under
# Misdirection. We score TL606 on the Misdirection rows worded as a first-person decline.
EC_SHAMING_CATEGORY = "Misdirection"
EC_DECLINE = re.compile(r"^\W*(no\b|nah\b|i\b|i['\u2019])", re.I)
# Web-page fragments are neither bulk email nor a first contact: lint them as page copy.
EC_CONTEXT = {"bulk": False, "first_contact": False}


class LabelError(ValueError):
    """labels.yml is malformed or names a draft that does not exist."""


# --------------------------------------------------------------------------- corpus

@dataclass(frozen=True)
class Label:
    id: str
    path: Path
    genre: str
    expected: frozenset[str]
    trust: int


@dataclass(frozen=True)
class Prediction:
    id: str
    codes: frozenset[str]
    trust: float | None  # T, None when the draft could not be linted
    findings: tuple[tuple[str, int, str], ...] = ()  # (code, line, excerpt)
    error: str | None = None


def load_labels(corpus: Path) -> list[Label]:
    import yaml

    path = corpus / "labels.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    drafts = data.get("drafts") if isinstance(data, dict) else None
    if not isinstance(drafts, dict) or not drafts:
        raise LabelError(f"{path}: expected a 'drafts:' mapping of draft id -> label")
    # README.md documents a corpus; it is not a draft.
    files = {p.stem: p for p in corpus.iterdir() if p.suffix in DRAFT_SUFFIXES and p.stem.upper() != "README"}
    labels: list[Label] = []
    for draft_id, entry in drafts.items():
        where = f"{path}: {draft_id}"
        if not isinstance(entry, dict):
            raise LabelError(f"{where}: expected a mapping")
        if draft_id not in files:
            raise LabelError(f"{where}: no draft file {draft_id}.txt or .md")
        expected = entry.get("expect") or []
        if not isinstance(expected, list) or not all(isinstance(c, str) and CODE_RE.match(c) for c in expected):
            raise LabelError(f"{where}: 'expect' must be a list of codes like TL101")
        trust = entry.get("trust")
        if not isinstance(trust, int) or not 1 <= trust <= 5:
            raise LabelError(f"{where}: 'trust' must be an integer 1-5")
        genre = entry.get("genre")
        if not isinstance(genre, str) or not genre:
            raise LabelError(f"{where}: 'genre' is required")
        labels.append(Label(str(draft_id), files[draft_id], genre, frozenset(expected), trust))
    unlabelled = sorted(set(files) - {lab.id for lab in labels})
    if unlabelled:
        raise LabelError(f"{path}: drafts without a label: {', '.join(unlabelled)}")
    return labels


def run_corpus(labels: Sequence[Label], config: Any) -> dict[str, Prediction]:
    from trustlint.app.runner import lint_paths

    out: dict[str, Prediction] = {}
    for lab in labels:
        report = lint_paths([str(lab.path)], config)
        if report.errors or not report.files:
            msg = "; ".join(e.message for e in report.errors) or "no result"
            out[lab.id] = Prediction(lab.id, frozenset(), None, error=msg)
            continue
        fr = report.files[0]
        found = tuple((f.code, f.location.line, f.excerpt) for f in fr.findings)
        out[lab.id] = Prediction(lab.id, frozenset(f.code for f in fr.findings), fr.score.trust, found)
    return out


@dataclass
class RuleStats:
    code: str
    tp: list[str] = field(default_factory=list)
    fp: list[str] = field(default_factory=list)
    fn: list[str] = field(default_factory=list)

    @property
    def support(self) -> int:
        return len(self.tp) + len(self.fn)

    @property
    def predicted(self) -> int:
        return len(self.tp) + len(self.fp)

    @property
    def precision(self) -> float | None:
        return len(self.tp) / self.predicted if self.predicted else None

    @property
    def recall(self) -> float | None:
        return len(self.tp) / self.support if self.support else None

    def as_dict(self) -> dict[str, Any]:
        return {"tp": len(self.tp), "fp": len(self.fp), "fn": len(self.fn), "support": self.support,
                "precision": _round(self.precision), "recall": _round(self.recall),
                "fp_drafts": self.fp, "fn_drafts": self.fn}


def learned_families() -> dict[str, frozenset[str]]:
    """TL7xx code -> the catalog codes of its label (../shared/design/labels.md)."""
    if str(HERE) not in sys.path:
        sys.path.insert(0, str(HERE))
    from realcopy_data import LABEL_RULES
    from trustlint.learned import LABEL_CODES

    return {code: frozenset(LABEL_RULES[label]) for label, code in LABEL_CODES.items()}


def rule_metrics(labels: Sequence[Label], preds: dict[str, Prediction],
                 codes: Iterable[str] = ()) -> dict[str, RuleStats]:
    """Draft-level confusion counts per code (every labelled, predicted or listed code).

    A learned TL7xx finding is right when the draft is labelled with any rule of its label's
    family (TL705 pressure: TL603, TL604, TL605, TL403); the labels never name TL7xx codes, so
    they get no misses of their own (their label's recall is the family's)."""
    all_codes = set(codes)
    for lab in labels:
        all_codes |= lab.expected | preds[lab.id].codes
    families = learned_families()
    stats = {c: RuleStats(c) for c in sorted(all_codes)}
    for lab in labels:
        got = preds[lab.id].codes
        for code, st in stats.items():
            expected = code in lab.expected or bool(families.get(code, frozenset()) & lab.expected)
            if code in got and expected:
                st.tp.append(lab.id)
            elif code in got:
                st.fp.append(lab.id)
            elif expected and code not in families:
                st.fn.append(lab.id)
    return stats


def micro(stats: dict[str, RuleStats]) -> RuleStats:
    total = RuleStats("all (micro)")
    for st in stats.values():
        total.tp += st.tp
        total.fp += st.fp
        total.fn += st.fn
    return total


def rank(values: Sequence[float]) -> list[float]:
    """1-based ranks; ties get the average of the ranks they span."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    ranks = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return ranks


def spearman(x: Sequence[float], y: Sequence[float]) -> float | None:
    """Spearman's rho with ties: Pearson correlation of average ranks. None if undefined."""
    if len(x) != len(y):
        raise ValueError("spearman: sequences differ in length")
    if len(x) < 3:
        return None
    rx, ry = rank(x), rank(y)
    mx, my = sum(rx) / len(rx), sum(ry) / len(ry)
    cov = sum((a - mx) * (b - my) for a, b in zip(rx, ry))
    vx = sum((a - mx) ** 2 for a in rx)
    vy = sum((b - my) ** 2 for b in ry)
    if vx == 0 or vy == 0:
        return None
    return cov / math.sqrt(vx * vy)


# --------------------------------------------------------------------------- ec-darkpattern

@dataclass
class EcResult:
    rows: int = 0
    errors: int = 0
    recall: dict[str, dict[str, Any]] = field(default_factory=dict)  # category -> figures
    benign_rows: int = 0
    benign_flagged: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)  # (text, codes)
    benign_by_rule: dict[str, int] = field(default_factory=dict)
    misses: dict[str, list[str]] = field(default_factory=dict)  # rule -> texts it missed

    def fp_share(self) -> float | None:
        return len(self.benign_flagged) / self.benign_rows if self.benign_rows else None

    def as_dict(self) -> dict[str, Any]:
        return {"rows": self.rows, "errors": self.errors, "recall": self.recall,
                "benign_rows": self.benign_rows, "benign_flagged": len(self.benign_flagged),
                "fp_share": _round(self.fp_share()), "benign_by_rule": dict(sorted(self.benign_by_rule.items()))}


def read_ec(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return [r for r in csv.DictReader(fh, delimiter="\t") if (r.get("text") or "").strip()]


def run_ec(rows: Sequence[dict[str, str]], config: Any) -> EcResult:
    from trustlint.findings import Severity
    from trustlint.app.runner import lint_text

    res = EcResult()
    groups: dict[str, list[bool]] = {}
    for row in rows:
        text, cat = row["text"], (row.get("Pattern Category") or "").strip()
        report = lint_text(text, config, path=f"ec:{row.get('page_id', '?')}")
        res.rows += 1
        if report.errors:
            res.errors += 1
        fired = {f.code for f in report.findings}
        loud = tuple(sorted({f.code for f in report.findings if f.severity >= Severity.WARNING}))
        if cat == EC_BENIGN:
            res.benign_rows += 1
            if loud:
                res.benign_flagged.append((text, loud))
                for code in loud:
                    res.benign_by_rule[code] = res.benign_by_rule.get(code, 0) + 1
        targets: list[tuple[str, str]] = []
        if cat in EC_CATEGORY_RULE:
            targets.append((cat, EC_CATEGORY_RULE[cat]))
        if cat == EC_SHAMING_CATEGORY:
            targets.append((f"{cat} (all)", "TL606"))
            if EC_DECLINE.match(text):
                targets.append((f"{cat} (decline wording)", "TL606"))
        for group, code in targets:
            hit = code in fired
            groups.setdefault(group, []).append(hit)
            if not hit:
                res.misses.setdefault(code, []).append(text)
    order = [*EC_CATEGORY_RULE, f"{EC_SHAMING_CATEGORY} (decline wording)", f"{EC_SHAMING_CATEGORY} (all)"]
    for group, hits in sorted(groups.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else len(order)):
        code = EC_CATEGORY_RULE.get(group, "TL606")
        res.recall[group] = {"rule": code, "rows": len(hits), "hits": sum(hits),
                             "recall": _round(sum(hits) / len(hits) if hits else None),
                             "target": TARGETS["ec_recall"].get(group)}
    return res


# --------------------------------------------------------------------------- output

def _round(x: float | None) -> float | None:
    return None if x is None else round(x, 3)


def _fmt(x: float | None) -> str:
    return "-" if x is None else f"{x:.2f}"


def _status(value: float | None, target: float | None, at_most: bool = False) -> str:
    if value is None or target is None:
        return "n/a"
    ok = value <= target if at_most else value >= target
    return "ok" if ok else "BELOW" if not at_most else "ABOVE"


def table(headers: Sequence[str], rows: Sequence[Sequence[Any]], markdown: bool) -> str:
    cells = [[str(c) for c in r] for r in rows]
    if markdown:
        lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
        lines += ["| " + " | ".join(r) + " |" for r in cells]
        return "\n".join(lines)
    widths = [max(len(h), *(len(r[i]) for r in cells)) if cells else len(h) for i, h in enumerate(headers)]
    def line(r: Sequence[str]) -> str:
        return "  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip()
    return "\n".join([line(headers), line(["-" * w for w in widths]), *(line(r) for r in cells)])


def corpus_rows(stats: dict[str, RuleStats]) -> list[list[Any]]:
    rows = []
    for st in [*stats.values(), micro(stats)]:
        note = "no predictions" if st.predicted == 0 else _status(st.precision, TARGETS["precision"])
        rows.append([st.code, _fmt(st.precision), _fmt(st.recall), st.support,
                     len(st.tp), len(st.fp), len(st.fn), note])
    return rows


def render(summary: dict[str, Any], stats: dict[str, RuleStats], ec: EcResult | None, markdown: bool) -> str:
    out: list[str] = []
    h = "### " if markdown else ""
    c = summary["corpus"]
    out.append(f"{h}Dev corpus: {c['drafts']} drafts ({c['clean']} clean), {c['errors']} unreadable")
    out.append("Genres: " + ", ".join(f"{g} {n}" for g, n in c["genres"].items()))
    out.append(f"Per-rule, draft-level. Target: precision >= {TARGETS['precision']:.2f} per rule.\n")
    out.append(table(["code", "precision", "recall", "support", "TP", "FP", "FN", "vs target"],
                     corpus_rows(stats), markdown))
    rho = c["spearman"]
    out.append(f"\nSpearman(T, trust rating) = {_fmt(rho)} over {c['rated']} drafts "
               f"(target >= {TARGETS['spearman']:.2f}: {_status(rho, TARGETS['spearman'])})")
    if ec is None:
        out.append(f"\n{h}ec-darkpattern: skipped ({summary.get('ec_note', 'not run')})")
        return "\n".join(out) + "\n"
    out.append(f"\n{h}ec-darkpattern: {ec.rows} rows, {ec.errors} unreadable (linted as page copy: "
               f"bulk=false, first_contact=false)\n")
    rows = []
    for group, r in ec.recall.items():
        rows.append([group, r["rule"], r["rows"], r["hits"], _fmt(r["recall"]),
                     "-" if r["target"] is None else f">= {r['target']:.2f}", _status(r["recall"], r["target"])])
    out.append(table(["category", "rule", "rows", "hits", "recall", "target", "status"], rows, markdown))
    share = ec.fp_share()
    out.append(f"\n{EC_BENIGN}: {len(ec.benign_flagged)}/{ec.benign_rows} rows get a warning or error "
               f"= {_fmt(None if share is None else share * 100)}% "
               f"(target <= {TARGETS['ec_fp_share'] * 100:.0f}%: {_status(share, TARGETS['ec_fp_share'], at_most=True)})")
    if ec.benign_by_rule:
        out.append("")
        by = sorted(ec.benign_by_rule.items(), key=lambda kv: (-kv[1], kv[0]))
        out.append(table(["rule", "benign rows flagged", "share %"],
                         [[k, v, f"{100 * v / ec.benign_rows:.2f}"] for k, v in by], markdown))
    return "\n".join(out) + "\n"


def render_rule(code: str, labels: Sequence[Label], preds: dict[str, Prediction],
                stats: dict[str, RuleStats], ec: EcResult | None, limit: int = 25) -> str:
    st = stats.get(code, RuleStats(code))
    by_id = {lab.id: lab for lab in labels}
    out = [f"{code}: precision {_fmt(st.precision)}, recall {_fmt(st.recall)}, "
           f"TP {len(st.tp)}, FP {len(st.fp)}, FN {len(st.fn)}"]
    out.append(f"\nFalse positives ({len(st.fp)}): fired, not labelled")
    for d in st.fp:
        lab = by_id[d]
        out.append(f"  {lab.path.relative_to(ROOT) if lab.path.is_relative_to(ROOT) else lab.path}  [{lab.genre}]  expect {sorted(lab.expected) or '-'}")
        for c, line, excerpt in preds[d].findings:
            if c == code:
                out.append(f"      line {line}: {excerpt!r}")
    out.append(f"\nFalse negatives ({len(st.fn)}): labelled, did not fire")
    for d in st.fn:
        lab = by_id[d]
        got = sorted(preds[d].codes) or "-"
        err = f"  ERROR {preds[d].error}" if preds[d].error else ""
        out.append(f"  {lab.path.relative_to(ROOT) if lab.path.is_relative_to(ROOT) else lab.path}  [{lab.genre}]  fired {got}{err}")
    if ec is not None:
        flagged = [t for t, codes in ec.benign_flagged if code in codes]
        out.append(f"\nec-darkpattern '{EC_BENIGN}' rows it flags ({len(flagged)}; first {limit}):")
        out += [f"  {t[:110]!r}" for t in flagged[:limit]]
        missed = ec.misses.get(code, [])
        if missed:
            out.append(f"\nec-darkpattern rows it should catch but misses ({len(missed)}; first {limit}):")
            out += [f"  {t[:110]!r}" for t in missed[:limit]]
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------- main

def evaluate(corpus: Path, config: Any) -> tuple[list[Label], dict[str, Prediction], dict[str, RuleStats], dict[str, Any]]:
    from trustlint.rules import all_rules

    labels = load_labels(corpus)
    preds = run_corpus(labels, config)
    stats = rule_metrics(labels, preds, (r.code for r in all_rules()))
    rated = [(preds[lab.id].trust, lab.trust) for lab in labels if preds[lab.id].trust is not None]
    rho = spearman([t for t, _ in rated], [float(r) for _, r in rated])
    summary = {"drafts": len(labels), "clean": sum(1 for lab in labels if not lab.expected),
               "errors": sum(1 for p in preds.values() if p.error), "rated": len(rated),
               "spearman": _round(rho),
               "genres": {g: sum(1 for lab in labels if lab.genre == g) for g in sorted({lab.genre for lab in labels})}}
    return labels, preds, stats, summary


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--json", action="store_true", help="print machine-readable JSON")
    ap.add_argument("--markdown", action="store_true", help="print the tables as Markdown (for docs/accuracy.md)")
    ap.add_argument("--rule", metavar="CODE", help="list the false-positive and false-negative drafts of one rule")
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="labelled corpus directory")
    ap.add_argument("--ec", type=Path, default=DEFAULT_EC, help="ec-darkpattern dataset.tsv (read in place)")
    ap.add_argument("--no-ec", action="store_true", help="skip the ec-darkpattern evaluation")
    args = ap.parse_args(argv)

    try:
        from trustlint.config import Config
        from trustlint.context import CampaignContext
    except ImportError:
        print("accuracy: trustlint is not installed; run `pip install -e .` in the checkout first", file=sys.stderr)
        return 2

    try:
        labels, preds, stats, corpus_summary = evaluate(args.corpus, Config())
    except (LabelError, OSError) as exc:
        print(f"accuracy: {exc}", file=sys.stderr)
        return 2
    summary: dict[str, Any] = {"corpus": corpus_summary}
    ec: EcResult | None = None
    if args.no_ec:
        summary["ec_note"] = "--no-ec"
    elif not args.ec.is_file():
        summary["ec_note"] = f"{args.ec} not found"
    else:
        ec_config = Config(context=CampaignContext().merged(EC_CONTEXT, "accuracy.py"))
        ec = run_ec(read_ec(args.ec), ec_config)

    if args.rule:
        print(render_rule(args.rule.strip().upper(), labels, preds, stats, ec), end="")
    elif args.json:
        payload = {"targets": TARGETS, "corpus": {**corpus_summary,
                   "rules": {c: st.as_dict() for c, st in stats.items()}, "micro": micro(stats).as_dict()},
                   "ec": ec.as_dict() if ec else None, "ec_note": summary.get("ec_note")}
        print(json.dumps(payload, indent=2))
    else:
        print(render(summary, stats, ec, args.markdown), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
