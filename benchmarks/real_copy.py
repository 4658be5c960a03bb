"""Real-copy benchmark (issue 11): trustlint measured on third-party copy read in place from
../shared/data, dev and test splits reported separately, every figure against its target.

Run from a checkout (pip install -e ".[benchmark]" for the TF-IDF baseline column):

    python benchmarks/real_copy.py                    # tables, dev and test
    python benchmarks/real_copy.py --split dev        # one split only
    python benchmarks/real_copy.py --json             # machine output
    python benchmarks/real_copy.py --json-out FILE    # also write the JSON (atomically)
    python benchmarks/real_copy.py --label pressure --dev-misses   # dev misses / false positives

What is measured (splits fixed by benchmarks/realcopy_data.py; never tune on test):
- labels.jsonl: per-label precision/recall/F1, message-level; a message is flagged for a label
  when any finding (any severity) of the label's codes fires: LABEL_RULES (labels.md) plus
  learned TL7xx codes whose rule declares the label (see `label_codes`). Macro-F1 over the 11
  labels; Spearman(T, trust 1-5).
- index.jsonl: AUC with which T ranks ham above spam and phishing; share of easy ham
  (source group easy-ham-*) with any error-severity finding.
- citp-subjects: per-tactic F1, beside a TF-IDF + logistic-regression baseline trained on the
  citp dev split (test: trained on all dev; dev: 5-fold cross-validated). Needs scikit-learn;
  without it the baseline column reads n/a.
- Mathur dark-pattern snippets: per-category recall of the rule family that should catch each.
- ec-darkpattern: "Not Dark Pattern" rows with any warning/error (benchmarks/accuracy.py).

Every message is linted once through the library (trustlint.app.parallel.map_paths, the batch
path behind `trustlint check`), with its Message.context: emails with the defaults,
dark-pattern snippets as page copy.
"""
from __future__ import annotations

import argparse
import datetime as _dt
import json
import os
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Sequence

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import realcopy_data as data  # noqa: E402  (benchmarks/ is not a package)

LABELS = tuple(data.LABEL_RULES)

# citp tactic -> the rules that should catch it. The drafts hold only From and Subject, so any
# pressure rule that fires there read the subject.
TACTIC_RULES: dict[str, tuple[str, ...]] = {
    "sensationalism": ("TL609",),
    "forward_referencing": ("TL610",),
    "urgency": ("TL603", "TL604", "TL403"),
    "obscured_name": ("TL611",),
    "deceptive_re_fwd": ("TL601",),
    "deceptive_from_thread": ("TL612",),
}
# Mathur category (or category/type) -> the rule family that should catch it. Categories
# without a rule (Obstruction, Sneaking, Forced Action) are counted but have no family.
MATHUR_RULES: dict[str, tuple[str, ...]] = {
    "Scarcity": ("TL604", "TL603"),
    "Social Proof": ("TL605",),
    "Urgency": ("TL603", "TL604"),
    "Misdirection": ("TL606", "TL405", "TL607"),
    "Misdirection/Confirmshaming": ("TL606", "TL405"),
    "Obstruction": (),
    "Sneaking": (),
    "Forced Action": (),
}

TARGETS = {
    "macro_f1": 0.80,  # test, over the 11 labels
    "label_recall": 0.70,  # at
    "label_precision": 0.85,  # for labels with >= label_min_positives test positives
    "label_min_positives": 10,
    "spearman": 0.65,
    "auc": 0.90,
    "easy_ham_error_share": 0.005,  # at most
    "ec_fp_share": 0.03,  # at most
}


# --------------------------------------------------------------------------- metrics

def prf(tp: int, fp: int, fn: int) -> dict[str, float | None]:
    """Precision, recall and F1 from counts. Precision is None with no predictions, recall
    None with no positives; F1 = 2tp / (2tp + fp + fn), None only when all three are zero."""
    p = tp / (tp + fp) if tp + fp else None
    r = tp / (tp + fn) if tp + fn else None
    f = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else None
    return {"precision": p, "recall": r, "f1": f}


def confusion(truth: Sequence[bool], flagged: Sequence[bool]) -> dict[str, int]:
    tp = sum(1 for t, f in zip(truth, flagged) if t and f)
    fp = sum(1 for t, f in zip(truth, flagged) if f and not t)
    fn = sum(1 for t, f in zip(truth, flagged) if t and not f)
    return {"tp": tp, "fp": fp, "fn": fn, "positives": tp + fn}


def macro(values: Iterable[float | None]) -> float | None:
    """Mean of the defined values (a label with neither positives nor predictions has no F1)."""
    vals = [v for v in values if v is not None]
    return sum(vals) / len(vals) if vals else None


# Spearman with average ranks for ties: one implementation, benchmarks/accuracy.py's.
from accuracy import rank, spearman  # noqa: E402,F401  (rank: re-exported for the tests)


def auc(high: Sequence[float], low: Sequence[float]) -> float | None:
    """P(a score from `high` > one from `low`), ties counting half (Mann-Whitney U / n1 n2)."""
    if not high or not low:
        return None
    r = rank([*high, *low])
    u = sum(r[: len(high)]) - len(high) * (len(high) + 1) / 2
    return u / (len(high) * len(low))


# --------------------------------------------------------------------------- label <-> codes

def label_codes(rules: Iterable[Any] | None = None) -> dict[str, frozenset[str]]:
    """Codes that flag each label: LABEL_RULES, plus learned TL7xx codes.

    Hook for the learned layer: a TL7xx rule counts for a label when its metadata names it,
    either `label = "pressure"` on a rule with one code, or `labels = {"TL703": "pressure", ...}`
    on a rule that emits several codes. Labels not among the 11 are ignored.
    """
    out = {lab: set(codes) for lab, codes in data.LABEL_RULES.items()}
    if rules is None:
        try:
            from trustlint.rules import all_rules

            rules = all_rules()
        except Exception:  # the benchmark still measures the static map
            rules = ()
    for rule in rules:
        code = str(getattr(rule, "code", ""))
        pairs: list[tuple[str, str]] = []
        if isinstance(getattr(rule, "labels", None), dict):
            pairs += [(str(c), str(lab)) for c, lab in rule.labels.items()]
        if isinstance(getattr(rule, "label", None), str):
            pairs.append((code, rule.label))
        for c, lab in pairs:
            if c.startswith("TL7") and lab in out:
                out[lab].add(c)
    return {lab: frozenset(codes) for lab, codes in out.items()}


# --------------------------------------------------------------------------- linting

@dataclass(frozen=True)
class Linted:
    """What the benchmark and the score fit keep of one report."""

    id: str
    trust: float | None
    codes: frozenset[str]
    error_codes: frozenset[str]  # codes with an error-severity finding
    loud_codes: frozenset[str]  # warning or error
    findings: tuple[Any, ...] = ()
    signals: tuple[Any, ...] = ()
    stats: dict[str, Any] = field(default_factory=dict)
    error: str | None = None

    def excerpt(self, codes: Iterable[str]) -> list[str]:
        want = set(codes)
        return [f"{f.code} {f.excerpt!r}" for f in self.findings if f.code in want]


# --learned: lint with the opt-in learned layer (TL7xx) on, so its codes count for their labels.
LEARNED = False


def lint_many(items: Sequence[tuple[str, str, dict]], jobs: int = 2) -> dict[str, Linted]:
    """Lint (id, path, context) items once each, in a process pool; returns id -> Linted."""
    from trustlint.config import Config
    from trustlint.context import CampaignContext
    from trustlint.app.engine import is_meta
    from trustlint.findings import Severity
    from trustlint.app.parallel import map_paths
    from trustlint.app.runner import lint_one_path, warm
    from trustlint.report import FileError

    configs: dict[str, Config] = {}
    todo = []
    for _id, path, ctx in items:
        key = json.dumps(ctx, sort_keys=True)
        if key not in configs:
            configs[key] = Config(context=CampaignContext().merged(ctx, "real_copy.py"), learned=LEARNED)
        todo.append((path, configs[key]))
    out: dict[str, Linted] = {}
    for (mid, _path, _ctx), res in zip(items, map_paths(lint_one_path, todo, jobs=jobs, warm=warm)):
        if isinstance(res, FileError):
            out[mid] = Linted(mid, None, frozenset(), frozenset(), frozenset(), error=res.message)
            continue
        fs = tuple(f for f in res.findings if not is_meta(f.code))
        out[mid] = Linted(mid, res.score.trust, frozenset(f.code for f in fs),
                          frozenset(f.code for f in fs if f.severity >= Severity.ERROR),
                          frozenset(f.code for f in fs if f.severity >= Severity.WARNING),
                          fs, tuple(res.signals), res.stats.as_dict() if res.stats else {})
    return out


def lint_realcopy(jobs: int = 2) -> tuple[list[data.Message], dict[str, Linted]]:
    msgs = list(data.messages())
    return msgs, lint_many([(m.id, str(m.path), m.context) for m in msgs], jobs)


def lint_citp(subjects: Sequence[data.Subject], jobs: int = 2) -> dict[str, Linted]:
    """citp rows as drafts (From and Subject headers, empty body) in a temporary folder
    outside the project, removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="trustlint-citp-") as tmp:
        items = []
        for s in subjects:
            path = Path(tmp) / f"{s.uid}.txt"
            path.write_text(s.draft(), encoding="utf-8")
            items.append((s.uid, str(path), {}))
        return lint_many(items, jobs)


# --------------------------------------------------------------------------- evaluations

def eval_labels(msgs: Sequence[data.Message], linted: dict[str, Linted],
                codes: dict[str, frozenset[str]]) -> dict[str, Any]:
    per: dict[str, Any] = {}
    for lab in LABELS:
        truth = [lab in m.labels for m in msgs]
        flagged = [bool(linted[m.id].codes & codes[lab]) for m in msgs]
        c = confusion(truth, flagged)
        learned = sorted(x for x in codes[lab] if x.startswith("TL7"))
        per[lab] = {**c, **prf(c["tp"], c["fp"], c["fn"]), "codes": sorted(codes[lab]), "learned": learned}
    rated = [(linted[m.id].trust, m.trust) for m in msgs if linted[m.id].trust is not None and m.trust]
    return {"messages": len(msgs), "labels": per, "macro_f1": macro(v["f1"] for v in per.values()),
            "spearman": spearman([t for t, _ in rated], [float(r) for _, r in rated]), "rated": len(rated),
            "lint_errors": sum(1 for m in msgs if linted[m.id].error)}


def eval_sources(msgs: Sequence[data.Message], linted: dict[str, Linted]) -> dict[str, Any]:
    ham = [linted[m.id].trust for m in msgs if m.kind == "ham" and linted[m.id].trust is not None]
    bad = [linted[m.id].trust for m in msgs if m.kind in data.UNTRUSTED_KINDS and linted[m.id].trust is not None]
    easy = [m for m in msgs if str(m.source_labels.get("group", "")).startswith("easy-ham")]
    easy_err = [m.id for m in easy if linted[m.id].error_codes]
    err_by_rule: dict[str, int] = {}
    for mid in easy_err:
        for code in linted[mid].error_codes:
            err_by_rule[code] = err_by_rule.get(code, 0) + 1
    by_kind = {}
    for kind in sorted({m.kind for m in msgs}):
        ts = [linted[m.id].trust for m in msgs if m.kind == kind and linted[m.id].trust is not None]
        by_kind[kind] = {"messages": len(ts), "mean_trust": sum(ts) / len(ts) if ts else None}
    return {"ham": len(ham), "spam_phishing": len(bad), "auc": auc(ham, bad),
            "easy_ham": len(easy), "easy_ham_with_error": len(easy_err),
            "easy_ham_error_share": len(easy_err) / len(easy) if easy else None,
            "easy_ham_error_by_rule": dict(sorted(err_by_rule.items(), key=lambda kv: (-kv[1], kv[0]))),
            "mean_trust_by_kind": by_kind}


def eval_mathur(msgs: Sequence[data.Message], linted: dict[str, Linted]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    snippets = [m for m in msgs if m.kind == "dark-pattern"]
    for group, codes in MATHUR_RULES.items():
        cat, _, ptype = group.partition("/")
        rows = [m for m in snippets if m.source_labels.get("Pattern Category") == cat
                and (not ptype or m.source_labels.get("Pattern Type") == ptype)]
        hits = sum(1 for m in rows if linted[m.id].codes & set(codes)) if codes else None
        out[group] = {"rules": list(codes), "rows": len(rows), "hits": hits,
                      "recall": hits / len(rows) if rows and hits is not None else None}
    return out


def baseline_f1(train: Sequence[data.Subject], test: Sequence[data.Subject] | None) -> dict[str, float | None] | None:
    """TF-IDF (word 1-2 grams of the From name and of the subject) + logistic regression,
    one binary model per tactic. test=None: 5-fold cross-validated predictions on `train`.
    Returns None when scikit-learn is not installed."""
    try:
        import numpy as np
        from scipy.sparse import hstack
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.model_selection import StratifiedKFold
    except ImportError:
        return None

    def fit_predict(tr: Sequence[data.Subject], te: Sequence[data.Subject], tactic: str) -> list[bool]:
        y = np.array([tactic in s.tactics for s in tr])
        if y.all() or not y.any():
            return [bool(y[0])] * len(te) if len(y) else [False] * len(te)
        vf = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=1)
        vs = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=1)
        xtr = hstack([vf.fit_transform([s.from_name for s in tr]), vs.fit_transform([s.subject for s in tr])]).tocsr()
        xte = hstack([vf.transform([s.from_name for s in te]), vs.transform([s.subject for s in te])]).tocsr()
        model = LogisticRegression(C=4.0, class_weight="balanced", max_iter=2000, solver="liblinear")
        model.fit(xtr, y)
        return [bool(p) for p in model.predict(xte)]

    out: dict[str, float | None] = {}
    for tactic in data.CITP_TACTICS:
        if test is not None:
            pred = fit_predict(train, test, tactic)
            truth = [tactic in s.tactics for s in test]
        else:
            y = [tactic in s.tactics for s in train]
            pred = [False] * len(train)
            if sum(y) >= 5:
                folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
                for tr_i, te_i in folds.split(np.zeros(len(y)), y):
                    got = fit_predict([train[i] for i in tr_i], [train[i] for i in te_i], tactic)
                    for i, g in zip(te_i, got):
                        pred[i] = g
            truth = y
        c = confusion(truth, pred)
        out[tactic] = prf(c["tp"], c["fp"], c["fn"])["f1"]
    return out


def eval_citp(subjects: Sequence[data.Subject], linted: dict[str, Linted]) -> dict[str, Any]:
    per = {}
    for tactic, codes in TACTIC_RULES.items():
        truth = [tactic in s.tactics for s in subjects]
        flagged = [bool(linted[s.uid].codes & set(codes)) for s in subjects]
        c = confusion(truth, flagged)
        per[tactic] = {**c, **prf(c["tp"], c["fp"], c["fn"]), "rules": list(codes)}
    return {"rows": len(subjects), "tactics": per, "lint_errors": sum(1 for s in subjects if linted[s.uid].error)}


def eval_ec(jobs: int) -> dict[str, Any] | None:
    """ec-darkpattern benign rows with a warning/error: benchmarks/accuracy.py's own check."""
    if not data.EC.is_file():
        return None
    import accuracy
    from trustlint.config import Config
    from trustlint.context import CampaignContext

    cfg = Config(context=CampaignContext().merged(accuracy.EC_CONTEXT, "real_copy.py"), learned=LEARNED)
    ec = accuracy.run_ec(accuracy.read_ec(data.EC), cfg)
    return {"benign_rows": ec.benign_rows, "benign_flagged": len(ec.benign_flagged), "fp_share": ec.fp_share(),
            "benign_by_rule": dict(sorted(ec.benign_by_rule.items())), "recall": ec.recall}


# --------------------------------------------------------------------------- checks

def _ok(value: float | None, target: float, at_most: bool = False) -> str:
    if value is None:
        return "n/a"
    return ("PASS" if value <= target else "MISS") if at_most else ("PASS" if value >= target else "MISS")


def checks(result: dict[str, Any]) -> list[dict[str, Any]]:
    """Every target of issue 11, judged on the test split (and dev beside it)."""
    t = TARGETS
    out: list[dict[str, Any]] = []

    def add(name: str, split: str, value: float | None, target: float, at_most: bool = False, note: str = "") -> None:
        out.append({"check": name, "split": split, "value": value, "target": target,
                    "op": "<=" if at_most else ">=", "status": _ok(value, target, at_most), "note": note})

    for split in ("test", "dev"):
        s = result["splits"].get(split)
        if not s:
            continue
        lab = s["labels"]
        add("macro-F1 (11 labels)", split, lab["macro_f1"], t["macro_f1"])
        test_pos = result["splits"].get("test", s)["labels"]["labels"]
        for name, v in lab["labels"].items():
            if test_pos[name]["positives"] < t["label_min_positives"]:
                continue
            ok_p = v["precision"] is not None and v["precision"] >= t["label_precision"]
            ok_r = v["recall"] is not None and v["recall"] >= t["label_recall"]
            out.append({"check": f"{name}: recall>={t['label_recall']:.2f} at precision>={t['label_precision']:.2f}",
                        "split": split, "value": v["recall"], "precision": v["precision"],
                        "target": t["label_recall"], "op": ">=", "status": "PASS" if ok_p and ok_r else "MISS",
                        "note": f"{v['positives']} positives"})
        add("Spearman(T, trust)", split, lab["spearman"], t["spearman"])
        src = s["sources"]
        add("AUC ham above spam+phishing", split, src["auc"], t["auc"])
        add("easy ham with an error finding", split, src["easy_ham_error_share"], t["easy_ham_error_share"], True)
        citp = s.get("citp")
        if citp:
            for tactic, v in citp["tactics"].items():
                base = (citp.get("baseline") or {}).get(tactic)
                if base is None:
                    out.append({"check": f"citp {tactic} F1 >= TF-IDF baseline", "split": split, "value": v["f1"],
                                "target": None, "op": ">=", "status": "n/a", "note": "no baseline (scikit-learn)"})
                else:
                    add(f"citp {tactic} F1 >= TF-IDF baseline", split, v["f1"] or 0.0, base)
    allsrc = result.get("all_sources")
    if allsrc:
        add("AUC ham above spam+phishing", "all", allsrc["auc"], t["auc"], note="all source-labelled messages")
        add("easy ham with an error finding", "all", allsrc["easy_ham_error_share"], t["easy_ham_error_share"], True)
    ec = result.get("ec")
    if ec:
        add("ec Not Dark Pattern with warning/error", "all", ec["fp_share"], t["ec_fp_share"], True)
    return out


# --------------------------------------------------------------------------- run

def run(splits: Sequence[str], jobs: int = 2, with_ec: bool = True, with_baseline: bool = True) -> tuple[dict[str, Any], dict]:
    """Lint everything once and compute every figure. Returns (result, raw) where raw keeps
    the per-message lint results for --dev-misses."""
    msgs, linted = lint_realcopy(jobs)
    subjects = data.citp() if data.CITP.is_file() else []
    clinted = lint_citp(subjects, jobs) if subjects else {}
    codes = label_codes()
    test_ids = {m.id for m in msgs if m.split == "test"}
    result: dict[str, Any] = {
        "date": _dt.date.today().isoformat(),
        "data": {"shared": str(data.SHARED), "messages": len(msgs), "labelled": sum(1 for m in msgs if m.labels is not None),
                 "citp_rows": len(subjects), "seed": data.SEED},
        "targets": TARGETS, "splits": {},
        "learned_codes": {lab: sorted(c for c in cs if c.startswith("TL7")) for lab, cs in codes.items()},
    }
    for split in splits:
        lab_msgs = [m for m in msgs if m.split == split]
        # Source-labelled figures: the test side is the labelled test messages, the dev side
        # every other message (labelled dev and unlabelled).
        src_msgs = [m for m in msgs if (m.id in test_ids) == (split == "test")]
        s = {"labels": eval_labels(lab_msgs, linted, codes), "sources": eval_sources(src_msgs, linted)}
        s["positives"] = {k: v["positives"] for k, v in s["labels"]["labels"].items()}
        if subjects:
            subs = [x for x in subjects if x.split == split]
            s["citp"] = eval_citp(subs, clinted)
            if with_baseline:
                dev = [x for x in subjects if x.split == "dev"]
                s["citp"]["baseline"] = baseline_f1(dev, subs if split == "test" else None)
                s["citp"]["baseline_method"] = ("trained on citp dev" if split == "test" else "5-fold CV on citp dev")
        result["splits"][split] = s
    result["all_sources"] = eval_sources(msgs, linted)
    result["mathur"] = eval_mathur(msgs, linted)
    result["ec"] = eval_ec(jobs) if with_ec else None
    result["checks"] = checks(result)
    return result, {"messages": msgs, "linted": linted, "subjects": subjects, "citp_linted": clinted, "codes": codes}


# --------------------------------------------------------------------------- output

def _f(x: float | None) -> str:
    return "-" if x is None else f"{x:.2f}"


def table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    cells = [[str(c) for c in r] for r in rows]
    widths = [max([len(h), *(len(r[i]) for r in cells)]) for i, h in enumerate(headers)]

    def line(r: Sequence[str]) -> str:
        return "  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip()

    return "\n".join([line(headers), line(["-" * w for w in widths]), *(line(r) for r in cells)])


def render(result: dict[str, Any]) -> str:
    out: list[str] = []
    d = result["data"]
    out.append(f"Real-copy benchmark, {result['date']}: {d['messages']} messages ({d['labelled']} labelled), "
               f"{d['citp_rows']} citp rows, from {d['shared']}")
    splits = list(result["splits"])
    for split in splits:
        s = result["splits"][split]
        lab = s["labels"]
        out.append(f"\n== {split}: {lab['messages']} labelled messages ({lab['lint_errors']} unreadable)")
        rows = []
        for name, v in lab["labels"].items():
            rows.append([name, v["positives"], v["tp"], v["fp"], v["fn"], _f(v["precision"]), _f(v["recall"]),
                         _f(v["f1"]), ",".join(v["learned"]) or "-"])
        out.append(table(["label", "pos", "TP", "FP", "FN", "precision", "recall", "F1", "learned"], rows))
        out.append(f"macro-F1 {_f(lab['macro_f1'])}   Spearman(T, trust) {_f(lab['spearman'])} over {lab['rated']} rated")
        src = s["sources"]
        out.append(f"AUC ham above spam+phishing {_f(src['auc'])} ({src['ham']} ham, {src['spam_phishing']} spam/phishing); "
                   f"easy ham with an error finding {src['easy_ham_with_error']}/{src['easy_ham']}"
                   f" = {_f(None if src['easy_ham_error_share'] is None else 100 * src['easy_ham_error_share'])}%")
        out.append("mean T by kind: " + ", ".join(f"{k} {_f(v['mean_trust'])} ({v['messages']})"
                                                  for k, v in src["mean_trust_by_kind"].items()))
        citp = s.get("citp")
        if citp:
            base = citp.get("baseline")
            method = citp.get("baseline_method", "")
            out.append(f"\ncitp {split}: {citp['rows']} rows; baseline = TF-IDF + logistic regression, {method}")
            rows = []
            for tactic, v in citp["tactics"].items():
                b = "n/a" if base is None else _f(base.get(tactic))
                rows.append([tactic, ",".join(v["rules"]), v["positives"], _f(v["precision"]), _f(v["recall"]),
                             _f(v["f1"]), b])
            out.append(table(["tactic", "rules", "pos", "precision", "recall", "F1", "baseline F1"], rows))
    allsrc = result["all_sources"]
    out.append(f"\n== all {allsrc['ham'] + allsrc['spam_phishing']} source-labelled ham/spam/phishing: "
               f"AUC {_f(allsrc['auc'])}; easy ham with an error finding {allsrc['easy_ham_with_error']}/{allsrc['easy_ham']}"
               + (" (by rule: " + ", ".join(f"{k} {v}" for k, v in allsrc["easy_ham_error_by_rule"].items()) + ")"
                  if allsrc["easy_ham_error_by_rule"] else ""))
    out.append("mean T by kind: " + ", ".join(f"{k} {_f(v['mean_trust'])} ({v['messages']})"
                                              for k, v in allsrc["mean_trust_by_kind"].items()))
    out.append("\n== Mathur dark-pattern snippets (page copy), per-category recall (no target in issue 11)")
    rows = [[g, ",".join(v["rules"]) or "(no rule)", v["rows"], "-" if v["hits"] is None else v["hits"], _f(v["recall"])]
            for g, v in result["mathur"].items()]
    out.append(table(["category", "rules", "rows", "hits", "recall"], rows))
    ec = result.get("ec")
    if ec:
        out.append(f"\n== ec-darkpattern: Not Dark Pattern rows with a warning/error {ec['benign_flagged']}/{ec['benign_rows']}"
                   f" = {_f(100 * ec['fp_share'] if ec['fp_share'] is not None else None)}%")
    out.append("\n== targets (issue 11)")
    rows = []
    for c in result["checks"]:
        val = _f(c["value"])
        if c["op"] == "<=" and c["value"] is not None:  # shares: print as percentages
            val = f"{100 * c['value']:.2f}%"
        if "precision" in c:
            val = f"R {_f(c['value'])} P {_f(c['precision'])}"
        tgt = "-" if c["target"] is None else (f"{c['op']} {100 * c['target']:.2g}%" if c["op"] == "<="
                                                  else f"{c['op']} {c['target']:.2f}")
        rows.append([c["split"], c["check"], val, tgt, c["status"], c.get("note", "")])
    out.append(table(["split", "check", "value", "target", "status", "note"], rows))
    return "\n".join(out) + "\n"


def render_misses(name: str, raw: dict) -> str:
    """Dev-split misses and false positives of one label or citp tactic, by id, with a short
    excerpt. Test-split messages are never listed."""
    out: list[str] = []
    if name in LABELS:
        codes = raw["codes"][name]
        msgs = [m for m in raw["messages"] if m.split == "dev"]
        fn = [m for m in msgs if name in m.labels and not raw["linted"][m.id].codes & codes]
        fp = [m for m in msgs if name not in m.labels and raw["linted"][m.id].codes & codes]
        out.append(f"{name} (dev, codes {','.join(sorted(codes))}): {len(fn)} missed, {len(fp)} false positives")
        out.append(f"\nMissed ({len(fn)}): labelled {name}, none of its codes fired")
        for m in fn:
            body = " ".join(m.text().split())[:140]
            out.append(f"  {m.id}  [{m.kind}] fired {','.join(sorted(raw['linted'][m.id].codes)) or '-'}\n      {body!r}")
        out.append(f"\nFalse positives ({len(fp)}): fired, not labelled {name}")
        for m in fp:
            out.append(f"  {m.id}  [{m.kind}] labels {','.join(m.labels) or '-'}")
            out += [f"      {e[:160]}" for e in raw["linted"][m.id].excerpt(codes)]
    elif name in TACTIC_RULES:
        codes = set(TACTIC_RULES[name])
        subs = [s for s in raw["subjects"] if s.split == "dev"]
        fn = [s for s in subs if name in s.tactics and not raw["citp_linted"][s.uid].codes & codes]
        fp = [s for s in subs if name not in s.tactics and raw["citp_linted"][s.uid].codes & codes]
        out.append(f"citp {name} (dev, rules {','.join(sorted(codes))}): {len(fn)} missed, {len(fp)} false positives")
        out.append(f"\nMissed ({len(fn)}):")
        out += [f"  {s.uid}  From {s.from_name[:40]!r}  Subject {s.subject[:100]!r}" for s in fn]
        out.append(f"\nFalse positives ({len(fp)}):")
        for s in fp:
            out.append(f"  {s.uid}  From {s.from_name[:40]!r}  Subject {s.subject[:100]!r}  "
                       f"[{','.join(sorted(s.tactics)) or '-'}]")
            out += [f"      {e[:160]}" for e in raw["citp_linted"][s.uid].excerpt(codes)]
    else:
        raise SystemExit(f"real_copy: unknown label or tactic {name!r}; labels: {', '.join(LABELS)}; "
                         f"tactics: {', '.join(TACTIC_RULES)}")
    return "\n".join(out) + "\n"


def _jsonable(x: Any) -> Any:
    if isinstance(x, float):
        return round(x, 4)
    if isinstance(x, dict):
        return {k: _jsonable(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [_jsonable(v) for v in x]
    return x


def write_json_atomic(path: Path, payload: Any) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(payload, fh, indent=2)
            fh.write("\n")
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--split", choices=("dev", "test", "both"), default="both")
    ap.add_argument("--json", action="store_true", help="print JSON instead of tables")
    ap.add_argument("--json-out", type=Path, metavar="FILE", help="also write the JSON to FILE (atomically)")
    ap.add_argument("--label", metavar="X", help="a label (or citp tactic) for --dev-misses")
    ap.add_argument("--dev-misses", action="store_true", help="list the dev-split misses and false positives of --label")
    ap.add_argument("--jobs", type=int, default=2, help="worker processes (default 2)")
    ap.add_argument("--no-ec", action="store_true", help="skip the ec-darkpattern check")
    ap.add_argument("--no-baseline", action="store_true", help="skip the TF-IDF baseline")
    ap.add_argument("--learned", action="store_true", help="turn the opt-in learned layer (TL7xx) on")
    args = ap.parse_args(argv)
    global LEARNED
    LEARNED = args.learned

    if args.dev_misses or args.label:
        if not (args.dev_misses and args.label):
            ap.error("--label and --dev-misses go together")
        if args.split == "test":
            print("real_copy: refusing to list test-split texts; misses are for the dev split only", file=sys.stderr)
            return 2
        if args.label not in LABELS and args.label not in TACTIC_RULES:
            ap.error(f"unknown label or tactic {args.label!r}; labels: {', '.join(LABELS)}; "
                     f"tactics: {', '.join(TACTIC_RULES)}")
    if not data.available():
        print(f"real_copy: skipped: no real copy at {data.REAL} (put ../shared beside the checkout "
              "or set TRUSTLINT_SHARED)", file=sys.stderr)
        return 0
    try:
        import trustlint  # noqa: F401
    except ImportError:
        print("real_copy: trustlint is not installed; run `pip install -e .` in the checkout first", file=sys.stderr)
        return 2

    if args.dev_misses:
        # lint only what the listing needs: the real copy for a label, citp for a tactic
        raw: dict[str, Any] = {"messages": [], "linted": {}, "subjects": [], "citp_linted": {}, "codes": label_codes()}
        if args.label in LABELS:
            raw["messages"], raw["linted"] = lint_realcopy(args.jobs)
        else:
            raw["subjects"] = data.citp("dev")
            raw["citp_linted"] = lint_citp(raw["subjects"], args.jobs)
        print(render_misses(args.label, raw), end="")
        return 0
    splits = ["dev", "test"] if args.split == "both" else [args.split]
    result, _raw = run(splits, args.jobs, with_ec=not args.no_ec, with_baseline=not args.no_baseline)
    payload = _jsonable(result)
    if args.json_out:
        write_json_atomic(args.json_out, payload)
    if args.json:
        print(json.dumps(payload, indent=2))
    else:
        print(render(result), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
