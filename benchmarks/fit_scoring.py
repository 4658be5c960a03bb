"""Fit trustlint/scoring/scoring.yml's weights to readers, the way SpamAssassin fits rule scores to
mass-check results (issue 11, item 5).

    python benchmarks/fit_scoring.py            # fit, print 5-fold CV (dev) and test figures
    python benchmarks/fit_scoring.py --write    # ... and write the weights into scoring.yml

Data (read in place through benchmarks/realcopy_data.py; the test split is never fitted on):
- the labelled DEV messages of real-copy labels.jsonl, for Spearman(T, trust 1-5);
- every source-labelled ham/spam/phishing message outside the labelled test split, for the
  AUC with which T ranks ham above spam and phishing;
- the project's own labelled corpus (benchmarks/corpus), as a guard: its Spearman must not
  drop below what the current weights reach.

Features the fit weighs (all costs and credits >= 0):
- per-rule weights on the findings' severity costs, with repeat_decay within a rule;
- per-kind weights on the positive signals (signal_weight), including the conversation signal
  (a quoted thread or a discussion-list post: evidence of a relationship spam lacks);
- surface cues of spam and phishing read from the draft's Stats (trustlint/nlp/cues.py): ALL
  CAPS share, exclamations per sentence, money amounts, account-trouble claims, disguised words;
  each has a free rate, a cost per unit above it and a cap.
`--without cues|signal-weights` leaves one out, to see what it adds under CV; `--with
rule-decay` also searches diminishing returns across rules (rule_decay), which CV did not
support (see OPTIONAL_GRIDS).

Objective: MIX * Spearman + (1 - MIX) * (2 * AUC - 1) (--mix, default 0.65), minus a small
penalty on per-rule weights far from 1, minus a large one when the own-corpus Spearman drops.
Method: deterministic coordinate search over fixed grids (every weight is tried at each grid
value in a fixed order; a change is kept only when it improves the objective), a few sweeps.
Every grid value is >= 0, so costs stay non-negative: a finding never raises T, and
scoring.py still explains every point of T by its contributions. Severity costs keep
error >= warning >= info.

After --write, regenerate the goldens whose T values change and check that the diff is only
T, components, contributions and levers:

    TRUSTLINT_UPDATE_GOLDEN=1 UPDATE_GOLDEN=1 python -m pytest tests/test_formats.py \
        tests/test_json_report.py tests/test_markdown_report.py

Reported: 5-fold cross-validated figures on the fitting data (folds stratified by source: each
fold holds the same share of ham, spam, phishing, marketing and page copy, dealt in the order
of a seeded hash of the message id), per fold and on average, with the AUC against spam and
against phishing apart, for the current and the fitted weights; then the test-split figures,
once, with the real scoring.score (`--no-test` stops before them).
"""
from __future__ import annotations

import argparse
import copy
import datetime as _dt
import hashlib
import math
import pickle
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any, Sequence

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import real_copy  # noqa: E402
import realcopy_data as data  # noqa: E402

SCORING_YML = ROOT / "trustlint" / "scoring" / "scoring.yml"
COMPONENTS = ("credibility", "reliability", "intimacy", "self_orientation")
SEVERITIES = ("error", "warning", "info")
MIN_FIRING = 10  # a rule gets its own weight only when it fires on this many fitting messages
PENALTY = 0.002  # per unit of |ln rule_weight|
GUARD_PENALTY = 5.0  # per unit the own-corpus Spearman falls below its current value
FOLDS = 5
MIX = 0.65  # objective: MIX * Spearman + (1 - MIX) * (2 * AUC - 1); 0.5 and 0.8 did worse under CV

GRIDS: dict[str, tuple[float, ...]] = {
    "severity_cost.error": (1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 8.0),
    "severity_cost.warning": (0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0),
    # info >= 0.1: a finding the report lists should be worth fixing (its lever gains at least
    # 0.01 of T even at the smallest rule weight)
    "severity_cost.info": (0.1, 0.2, 0.3, 0.5, 0.75, 1.0),
    "repeat_decay": (0.25, 0.4, 0.5, 0.6, 0.75, 0.9),
    "signal_credit": (0.0, 0.2, 0.4, 0.6, 0.8, 1.0, 1.5),
    "signal_credit_max": (0.4, 0.8, 1.2, 1.6, 2.4, 3.2, 4.8, 6.4, 8.0),
    "pronoun_balance.per_unit": (0.0, 0.1, 0.25, 0.5, 0.75, 1.0),
    "pronoun_balance.max": (0.5, 1.0, 1.5, 2.0, 3.0),
    # surface cues (trustlint.nlp.cues): the rate counted free, the cost per unit above it, the most
    "cues.caps.free": (0.0, 0.05, 0.1, 0.2, 0.3),
    "cues.caps.per_unit": (0.0, 2.0, 5.0, 10.0, 20.0),
    "cues.caps.max": (0.5, 1.0, 2.0, 3.0, 4.0),
    "cues.exclamations.free": (0.0, 0.1, 0.25, 0.5),
    "cues.exclamations.per_unit": (0.0, 0.5, 1.0, 2.0, 4.0),
    "cues.exclamations.max": (0.5, 1.0, 2.0, 3.0),
    "cues.money.free": (0.0, 1.0, 2.0, 3.0, 5.0),
    "cues.money.per_unit": (0.0, 0.1, 0.25, 0.5, 1.0),
    "cues.money.max": (0.5, 1.0, 2.0, 3.0),
    "cues.account_alarm.free": (0.0, 1.0, 2.0),
    "cues.account_alarm.per_unit": (0.0, 0.25, 0.5, 1.0, 2.0, 3.0),
    "cues.account_alarm.max": (0.5, 1.0, 2.0, 3.0, 4.0),
    "cues.disguised.free": (0.0, 1.0, 2.0),
    "cues.disguised.per_unit": (0.0, 0.25, 0.5, 1.0, 2.0),
    "cues.disguised.max": (0.5, 1.0, 2.0, 3.0, 4.0),
    "cues.windfall.free": (0.0, 1.0, 2.0),
    "cues.windfall.per_unit": (0.0, 0.25, 0.5, 1.0, 2.0, 3.0),
    "cues.windfall.max": (0.5, 1.0, 2.0, 3.0, 4.0),
}
# Searched only when asked (--with): measured under CV and not kept. Diminishing returns across
# rules (the k-th costliest rule of a component counts rule_decay**k): on 2026-12-03 it lowered
# CV Spearman 0.639 -> 0.631 and AUC 0.897 -> 0.890, so scoring.yml keeps rule_decay 1 (off).
OPTIONAL_GRIDS: dict[str, dict[str, tuple[float, ...]]] = {
    "rule-decay": {"rule_decay": (0.25, 0.4, 0.5, 0.6, 0.75, 0.9, 1.0)},
}
SIGNAL_GRID = (0.0, 0.5, 1.0, 2.0, 3.0, 5.0, 8.0, 12.0)  # per signal kind, a multiplier on signal_credit


def with_new_keys(w: dict[str, Any]) -> dict[str, Any]:
    """w with every key the fit searches, the new ones set so they change nothing."""
    w = copy.deepcopy(w)
    w.setdefault("signal_weight", {})
    cues = w.setdefault("cues", {})
    for name in ("caps", "exclamations", "money", "account_alarm", "disguised", "windfall"):
        cues.setdefault(name, {"free": 0.0, "per_unit": 0.0, "max": 1.0})
    w.setdefault("rule_decay", 1.0)
    return w
RULE_GRID = (0.1, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0, 4.0)  # TL7xx codes may also get 0


# --------------------------------------------------------------------------- fast scorer

@dataclass
class Prepared:
    """Findings, signals and pronoun counts of n messages as arrays, for re-scoring fast."""

    ids: list[str]
    cols: list[tuple[str, str]]  # (code, component) per column
    counts: Any  # (3, n, G): per severity, findings of that column in that message
    signals: Any  # (n, K): positive signals per signal kind
    kinds: list[tuple[str, str]]  # (kind, component) per signals column
    ratio: Any  # (n,) pronoun ratio, nan without stats
    cues: Any  # (n, len(CUES)): each surface cue's rate (trustlint.scoring.trust.cue_rates)


def prepare(items: Sequence[Any]) -> Prepared:
    """items: objects with .id, .findings (code, severity.label, component.value), .signals
    (component.value) and .stats (dict with the pronoun counts), e.g. real_copy.Linted."""
    import numpy as np

    cols: dict[tuple[str, str], int] = {}
    for it in items:
        for f in it.findings:
            cols.setdefault((f.code, f.component.value), len(cols))
    order = sorted(cols)
    index = {c: i for i, c in enumerate(order)}
    from trustlint.findings import Stats
    from trustlint.scoring.trust import CUES, cue_rates

    kinds = sorted({(s.kind, s.component.value) for it in items for s in it.signals})
    kind_index = {k: i for i, k in enumerate(kinds)}
    counts = np.zeros((3, len(items), len(order)))
    sigs = np.zeros((len(items), len(kinds)))
    ratio = np.full(len(items), np.nan)
    cues = np.zeros((len(items), len(CUES)))
    for m, it in enumerate(items):
        for f in it.findings:
            counts[SEVERITIES.index(f.severity.label), m, index[(f.code, f.component.value)]] += 1
        for s in it.signals:
            sigs[m, kind_index[(s.kind, s.component.value)]] += 1
        st = it.stats or {}
        if st:
            ratio[m] = (st["seller_pronouns"] + 0.5 * st["self_pronouns"] + 1) / (st["reader_pronouns"] + 1)
            rates = cue_rates(Stats(**st))
            cues[m] = [rates[name] for name in CUES]
    return Prepared([it.id for it in items], order, counts, sigs, kinds, ratio, cues)


def fast_trust(p: Prepared, w: dict[str, Any]) -> Any:
    """T for every message of p under weights w: scoring.score in array form (it charges each
    (code, component) group costliest first with geometric decay; signals credit up to a cap;
    the pronoun ratio shifts S; components clamp to 1..10). Contributions are not rounded
    to 3 decimals here, so T can differ from scoring.score by a rounding step."""
    import numpy as np

    d = float(w["repeat_decay"])
    ne, nw, ni = p.counts
    starts = (np.zeros_like(ne), ne, ne + nw)
    ends = (ne, ne + nw, ne + nw + ni)
    sc = w["severity_cost"]
    costs = [sc[s] for s in SEVERITIES]
    if not costs[0] >= costs[1] >= costs[2]:
        raise ValueError("fast_trust assumes error >= warning >= info costs")

    def geo(a: Any, b: Any) -> Any:  # sum of d**i for a <= i < b
        return (b - a) if d == 1.0 else (d ** a - d ** b) / (1 - d)

    per_col = sum(c * geo(a, b) for c, a, b in zip(costs, starts, ends))
    rw = np.array([w["rule_weight"].get(code, 1.0) for code, _ in p.cols]) if p.cols else np.zeros(0)
    per_col = per_col * rw if p.cols else np.zeros((len(p.ids), 0))
    from trustlint.scoring.trust import CUES

    comp_of = np.array([COMPONENTS.index(c) for _, c in p.cols], dtype=int)
    totals = np.tile([w["baseline"][c] for c in COMPONENTS], (len(p.ids), 1)).astype(float)
    rd = float(w.get("rule_decay", 1.0))
    for k in range(4):
        cols = per_col[:, comp_of == k] if p.cols else np.zeros((len(p.ids), 0))
        if rd < 1.0 and cols.shape[1] > 1:  # the k-th costliest rule of the component counts rd**k
            cost = (-np.sort(-cols, axis=1) * rd ** np.arange(cols.shape[1])).sum(axis=1)
        else:
            cost = cols.sum(axis=1)
        totals[:, k] += cost if k == 3 else -cost
    for j, name in enumerate(CUES):
        cue = (w.get("cues") or {}).get(name)
        if cue is None:
            continue
        k = COMPONENTS.index(CUES[name][0].value)
        cost = np.minimum(cue["max"], np.maximum(0.0, p.cues[:, j] - cue["free"]) * cue["per_unit"])
        cost = np.where(cost >= 0.01, cost, 0.0)
        totals[:, k] += cost if k == 3 else -cost
    sw = w.get("signal_weight") or {}
    for k in range(4):
        cols = [j for j, (_kind, c) in enumerate(p.kinds) if COMPONENTS.index(c) == k]
        if not cols:
            continue
        amount = p.signals[:, cols] @ np.array([w["signal_credit"] * sw.get(p.kinds[j][0], 1.0) for j in cols])
        credit = np.minimum(amount, w["signal_credit_max"])
        totals[:, k] += -credit if k == 3 else credit
    pb = w["pronoun_balance"]
    shift = np.clip((np.nan_to_num(p.ratio, nan=pb["neutral_ratio"]) - pb["neutral_ratio"]) * pb["per_unit"],
                    -pb["max"], pb["max"])
    shift = np.where(np.abs(shift) >= 0.01, shift, 0.0)
    totals[:, 3] += shift
    comp = np.round(np.clip(totals, 1.0, 10.0), 2)
    return np.round((comp[:, 0] + comp[:, 1] + comp[:, 2]) / comp[:, 3], 2)


# --------------------------------------------------------------------------- objective

def _spearman(x: Any, y: Any) -> float:
    from scipy.stats import spearmanr

    if len(x) < 3 or len(set(x)) < 2 or len(set(y)) < 2:
        return 0.0
    return float(spearmanr(x, y).statistic)


def _auc(high: Any, low: Any) -> float:
    from scipy.stats import rankdata

    if not len(high) or not len(low):
        return 0.5
    import numpy as np

    r = rankdata(np.concatenate([high, low]))
    return float((r[: len(high)].sum() - len(high) * (len(high) + 1) / 2) / (len(high) * len(low)))


@dataclass
class Target:
    """What the fit is judged on: ratings for some rows of p, ham/untrusted flags for others,
    and optionally a guard set (own corpus) with its floor."""

    p: Prepared
    trust: Any  # (n,) rating or nan
    ham: Any  # (n,) bool
    bad: Any  # (n,) bool
    guard: Prepared | None = None
    guard_trust: Any = None
    guard_floor: float | None = None
    kind: Any = None  # (n,) source kind, for the per-source figures

    def subset(self, mask: Any) -> Target:
        p = self.p
        sub = Prepared([i for i, k in zip(p.ids, mask) if k], p.cols, p.counts[:, mask, :], p.signals[mask], p.kinds,
                       p.ratio[mask], p.cues[mask])
        return Target(sub, self.trust[mask], self.ham[mask], self.bad[mask], self.guard, self.guard_trust, self.guard_floor,
                      None if self.kind is None else self.kind[mask])


def figures(t: Target, w: dict[str, Any]) -> dict[str, float]:
    import numpy as np

    T = fast_trust(t.p, w)
    rated = ~np.isnan(t.trust)
    out = {"spearman": _spearman(T[rated], t.trust[rated]), "auc": _auc(T[t.ham], T[t.bad])}
    if t.kind is not None:
        out["auc_spam"] = _auc(T[t.ham], T[t.bad & (t.kind == "spam")])
        out["auc_phishing"] = _auc(T[t.ham], T[t.bad & (t.kind == "phishing")])
    if t.guard is not None:
        out["own_spearman"] = _spearman(fast_trust(t.guard, w), t.guard_trust)
    return out


def objective(t: Target, w: dict[str, Any], fitted: Sequence[str]) -> float:
    f = figures(t, w)
    j = MIX * f["spearman"] + (1 - MIX) * (2 * f["auc"] - 1)
    j -= PENALTY * sum(abs(math.log(max(w["rule_weight"].get(c, 1.0), RULE_GRID[0]))) for c in fitted)
    if t.guard_floor is not None and "own_spearman" in f:
        j -= GUARD_PENALTY * max(0.0, t.guard_floor - f["own_spearman"])
    return j


def _get(w: dict[str, Any], key: str) -> float:
    *path, last = key.split(".")
    for part in path:
        w = w[part]
    return w.get(last, 1.0) if path[:1] in (["rule_weight"], ["signal_weight"]) else w[last]


def _set(w: dict[str, Any], key: str, value: float) -> None:
    *path, last = key.split(".")
    for part in path:
        w = w[part]
    w[last] = value


def _allowed(w: dict[str, Any], key: str, value: float) -> bool:
    sc = dict(w["severity_cost"])
    if key.startswith("severity_cost."):
        sc[key.split(".")[1]] = value
    return sc["error"] >= sc["warning"] >= sc["info"] >= 0


def fit(t: Target, start: dict[str, Any], codes: Sequence[str], sweeps: int = 3,
        kinds: Sequence[str] = (), grids: dict[str, tuple[float, ...]] | None = None) -> dict[str, Any]:
    """Coordinate search from `start` over `grids` (GRIDS), for each of `codes` RULE_GRID and
    for each signal kind of `kinds` SIGNAL_GRID."""
    w = with_new_keys(start)
    w["rule_weight"] = dict(w["rule_weight"])
    # Learned TL7xx findings count in the score only through a fitted weight, which may be 0.
    params = [(k, g) for k, g in (GRIDS if grids is None else grids).items()] + [
        (f"rule_weight.{c}", ((0.0,) if c.startswith("TL7") else ()) + RULE_GRID) for c in codes] + [
        (f"signal_weight.{k}", SIGNAL_GRID) for k in kinds]
    best = objective(t, w, codes)
    for _ in range(sweeps):
        improved = False
        for key, grid in params:
            current = _get(w, key)
            for value in grid:
                if value == current or not _allowed(w, key, value):
                    continue
                trial = copy.deepcopy(w)
                _set(trial, key, value)
                j = objective(t, trial, codes)
                if j > best + 1e-9:
                    best, w, current, improved = j, trial, value, True
        if not improved:
            break
    w["rule_weight"] = {c: v for c, v in sorted(w["rule_weight"].items()) if v != 1.0}
    w["signal_weight"] = {k: v for k, v in sorted(w["signal_weight"].items()) if v != 1.0}
    return w


def frequent_codes(p: Prepared, min_firing: int = MIN_FIRING) -> list[str]:
    fires: dict[str, Any] = defaultdict(lambda: None)
    for j, (code, _comp) in enumerate(p.cols):
        col = p.counts[:, :, j].sum(axis=0) > 0
        fires[code] = col if fires[code] is None else (fires[code] | col)
    return sorted(c for c, f in fires.items() if int(f.sum()) >= min_firing)


def frequent_kinds(p: Prepared, min_firing: int = MIN_FIRING) -> list[str]:
    """Signal kinds present in at least min_firing messages: each gets its own credit weight."""
    fires: dict[str, Any] = {}
    for j, (kind, _comp) in enumerate(p.kinds):
        col = p.signals[:, j] > 0
        fires[kind] = col if kind not in fires else (fires[kind] | col)
    return sorted(k for k, f in fires.items() if int(f.sum()) >= min_firing)


def fold_of(mid: str, k: int = FOLDS) -> int:
    return int(hashlib.sha256(f"{data.SEED}:fold:{mid}".encode()).hexdigest(), 16) % k


def stratified_folds(ids: Sequence[str], strata: Sequence[str], k: int = FOLDS) -> list[int]:
    """A fold per message, stratified by source (kind): within each stratum, messages in the
    order of their seeded hash are dealt to the folds in turn, so every fold holds the same
    share of ham, spam, phishing, marketing and page copy. Deterministic."""
    out = [0] * len(ids)
    by: dict[str, list[int]] = defaultdict(list)
    for i, s in enumerate(strata):
        by[s].append(i)
    for s in sorted(by):
        ranked = sorted(by[s], key=lambda i: hashlib.sha256(f"{data.SEED}:fold:{ids[i]}".encode()).hexdigest())
        for n, i in enumerate(ranked):
            out[i] = n % k
    return out


# --------------------------------------------------------------------------- scoring.yml

def render_yaml(w: dict[str, Any], header: str) -> str:
    def num(x: float) -> str:
        return f"{float(x):g}" if float(x) != int(x) else f"{float(x):.1f}"

    b, sc, pb = w["baseline"], w["severity_cost"], w["pronoun_balance"]
    rw = ", ".join(f"{c}: {num(v)}" for c, v in sorted(w["rule_weight"].items()))
    w = with_new_keys(w)
    sw = ", ".join(f"{k}: {num(v)}" for k, v in sorted(w["signal_weight"].items()))
    cues = ", ".join(f"{name}: {{free: {num(c['free'])}, per_unit: {num(c['per_unit'])}, max: {num(c['max'])}}}"
                     for name, c in sorted(w["cues"].items()))
    return (
        f"{header}"
        "# Trust Equation weights: T = (C + R + I) / S, each component on 1-10.\n"
        "# A transparent heuristic, not a validated measure: see README, \"How the score works\".\n"
        f"baseline: {{credibility: {num(b['credibility'])}, reliability: {num(b['reliability'])}, "
        f"intimacy: {num(b['intimacy'])}, self_orientation: {num(b['self_orientation'])}}}\n"
        "# What one finding costs its component (C, R, I go down; S goes up), before rule_weight.\n"
        f"severity_cost: {{error: {num(sc['error'])}, warning: {num(sc['warning'])}, info: {num(sc['info'])}}}\n"
        "# Each further finding of the same code costs this fraction of the one before.\n"
        f"repeat_decay: {num(w['repeat_decay'])}\n"
        "# Per-rule multipliers on the cost (>= 0; a rule not listed weighs 1.0). Learned TL7xx\n"
        "# findings count only through the weight fitted here (0 until fitted).\n"
        f"rule_weight: {{{rw}}}\n"
        "# What one positive signal credits its component, and the most signals may credit in total.\n"
        f"signal_credit: {num(w['signal_credit'])}\n"
        f"signal_credit_max: {num(w['signal_credit_max'])}\n"
        "# Seller/reader pronoun balance moves S a little even below TL401's threshold.\n"
        f"pronoun_balance: {{neutral_ratio: {num(pb['neutral_ratio'])}, per_unit: {num(pb['per_unit'])}, "
        f"max: {num(pb['max'])}}}\n"
        "# Per signal kind, a multiplier on signal_credit (>= 0; a kind not listed weighs 1.0).\n"
        f"signal_weight: {{{sw}}}\n"
        "# Surface cues of spam and phishing (trustlint/nlp/cues.py; caps: share of words in ALL\n"
        "# CAPS, on C; exclamations: runs of '!' per sentence, on S; money: money amounts, on C;\n"
        "# account_alarm: claims of trouble with the reader's account, on I; disguised: words in\n"
        "# look-alike or 'bold' letters, on C; windfall: prizes, funds to transfer, lotteries, on C):\n"
        "# the rate above `free` costs `per_unit` per unit, at most `max`.\n"
        f"cues: {{{cues}}}\n"
        "# Diminishing returns across rules: within a component the k-th costliest rule counts\n"
        "# rule_decay**k of its cost (1: no decay).\n"
        f"rule_decay: {num(w['rule_decay'])}\n"
    )


def write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


# --------------------------------------------------------------------------- main

def _own_corpus(jobs: int) -> tuple[list[Any], list[float]]:
    import accuracy
    from trustlint.config import Config
    from trustlint.app.runner import lint_paths

    labels = accuracy.load_labels(accuracy.DEFAULT_CORPUS)
    report = lint_paths([str(lab.path) for lab in labels], Config(), jobs=jobs)
    by_path = {fr.path: fr for fr in report.files}
    items, trust = [], []
    for lab in labels:
        fr = by_path.get(str(lab.path))
        if fr is None:
            continue
        items.append(SimpleNamespace(id=lab.id, findings=[f for f in fr.findings if f.code != "TL001"],
                                     signals=fr.signals, stats=fr.stats.as_dict() if fr.stats else {}))
        trust.append(float(lab.trust))
    return items, trust


def real_figures(msgs: Sequence[data.Message], linted: dict[str, Any], w: dict[str, Any]) -> dict[str, float | None]:
    """Spearman and AUC with the real scoring.score under weights w."""
    from trustlint.findings import Stats
    from trustlint.scoring.trust import score

    def t(mid: str) -> float:
        li = linted[mid]
        return score(li.findings, li.signals, Stats(**li.stats) if li.stats else None, w).trust

    rated = [m for m in msgs if m.trust is not None and not linted[m.id].error]
    ham = [t(m.id) for m in msgs if m.kind == "ham" and not linted[m.id].error]
    bad = [t(m.id) for m in msgs if m.kind in data.UNTRUSTED_KINDS and not linted[m.id].error]
    return {"spearman": real_copy.spearman([t(m.id) for m in rated], [float(m.trust) for m in rated]),
            "auc": real_copy.auc(ham, bad), "rated": len(rated), "ham": len(ham), "spam_phishing": len(bad)}


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--write", action="store_true", help="write the fitted weights into trustlint/scoring/scoring.yml")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--sweeps", type=int, default=3)
    ap.add_argument("--no-test", action="store_true", help="stop after the cross-validated figures (while iterating)")
    ap.add_argument("--min-firing", type=int, default=MIN_FIRING, help="firings a rule needs for its own weight")
    ap.add_argument("--without", action="append", default=[], choices=("cues", "signal-weights"),
                    help="leave a feature out of the search (to measure what it adds under CV); repeatable")
    ap.add_argument("--with", dest="with_", action="append", default=[], choices=tuple(OPTIONAL_GRIDS),
                    help="also search a feature that CV did not support (to measure it again); repeatable")
    ap.add_argument("--write-to", type=Path, default=SCORING_YML, metavar="FILE",
                    help="with --write, write the weights here instead (to inspect a fit)")
    ap.add_argument("--lint-cache", type=Path, metavar="FILE",
                    help="reuse (or save) the real-copy lint results here while iterating; stale after rule changes")
    ap.add_argument("--mix", type=float, default=0.65, help="the objective's weight on Spearman (the rest on 2*AUC-1)")
    args = ap.parse_args(argv)
    global MIX
    MIX = args.mix
    if not data.available():
        print(f"fit_scoring: skipped: no real copy at {data.REAL}", file=sys.stderr)
        return 0
    try:
        import numpy as np
        import scipy  # noqa: F401
    except ImportError:
        print('fit_scoring: needs numpy and scipy: pip install -e ".[benchmark]"', file=sys.stderr)
        return 2
    from trustlint.scoring.trust import default_weights, validate_weights

    current = copy.deepcopy(default_weights())
    if args.lint_cache and args.lint_cache.is_file():
        with args.lint_cache.open("rb") as fh:
            msgs, linted = pickle.load(fh)  # noqa: S301 - a file this script wrote
    else:
        msgs, linted = real_copy.lint_realcopy(args.jobs)
        if args.lint_cache:
            with args.lint_cache.open("wb") as fh:
                pickle.dump((msgs, linted), fh)
    fitting = [m for m in msgs if m.split != "test" and not linted[m.id].error
               and (m.split == "dev" or m.kind in ("ham", *data.UNTRUSTED_KINDS))]
    test = [m for m in msgs if m.split == "test" and not linted[m.id].error]
    own_items, own_trust = _own_corpus(args.jobs)
    guard = prepare(own_items)
    guard_trust = np.array(own_trust)

    p = prepare([linted[m.id] for m in fitting])
    target = Target(p, np.array([float(m.trust) if m.split == "dev" and m.trust else np.nan for m in fitting]),
                    np.array([m.kind == "ham" for m in fitting]),
                    np.array([m.kind in data.UNTRUSTED_KINDS for m in fitting]), guard, guard_trust)
    floor = figures(target, current)["own_spearman"]
    target.guard_floor = floor
    codes = frequent_codes(p, args.min_firing)
    grids = {k: g for k, g in GRIDS.items() if not ("cues" in args.without and k.startswith("cues."))}
    for name in args.with_:
        grids.update(OPTIONAL_GRIDS[name])

    def kinds_of(q: Prepared) -> list[str]:
        return [] if "signal-weights" in args.without else frequent_kinds(q, args.min_firing)
    print(f"fitting on {len(fitting)} non-test messages ({int((~np.isnan(target.trust)).sum())} rated dev, "
          f"{int(target.ham.sum())} ham, {int(target.bad.sum())} spam/phishing); own corpus {len(own_items)} drafts "
          f"(guard: Spearman >= {floor:.3f}); {len(codes)} rules with >= {args.min_firing} firings get their own weight")

    if any(c.startswith("TL7") for c in codes):
        print("note: the learned TL7xx models were trained on this dev split, so cross-validated figures "
              "for their weights are optimistic; the test split is the honest check")
    target.kind = np.array([m.kind for m in fitting])
    folds = np.array(stratified_folds([m.id for m in fitting], [m.kind for m in fitting]))
    cv: dict[str, list[dict[str, float]]] = {"current": [], "fitted": []}
    for k in range(FOLDS):
        tr, te = target.subset(folds != k), target.subset(folds == k)
        wk = fit(tr, current, frequent_codes(tr.p, args.min_firing), args.sweeps, kinds_of(tr.p), grids)
        cv["current"].append(figures(te, current))
        cv["fitted"].append(figures(te, wk))
        print(f"  fold {k}: {int(te.ham.sum())} ham, {int(te.bad.sum())} spam/phishing, "
              f"{int((~np.isnan(te.trust)).sum())} rated: current Spearman {cv['current'][-1]['spearman']:.3f} "
              f"AUC {cv['current'][-1]['auc']:.3f}; fitted Spearman {cv['fitted'][-1]['spearman']:.3f} "
              f"AUC {cv['fitted'][-1]['auc']:.3f}", flush=True)
    print(f"\n{FOLDS}-fold cross-validation on the fitting data (mean over held-out folds):")
    print(f"{'weights':<10} {'Spearman(T,trust)':>18} {'AUC ham>spam+phish':>19} {'>spam':>6} {'>phish':>6} "
          f"{'own-corpus Spearman':>20}")
    for name, rows in cv.items():
        mean = {k: sum(r[k] for r in rows) / len(rows) for k in rows[0]}
        print(f"{name:<10} {mean['spearman']:>18.3f} {mean['auc']:>19.3f} {mean['auc_spam']:>6.3f} "
              f"{mean['auc_phishing']:>6.3f} {mean['own_spearman']:>20.3f}")

    fitted = validate_weights(fit(target, current, codes, args.sweeps, kinds_of(p), grids), "fitted weights")
    print("\nfitted weights:")
    for key in grids:
        print(f"  {key} {_get(with_new_keys(current), key):g} -> {_get(fitted, key):g}")
    print("  rule_weight " + (", ".join(f"{c} {v:g}" for c, v in fitted["rule_weight"].items()) or "(all 1)"))
    print("  signal_weight " + (", ".join(f"{c} {v:g}" for c, v in fitted["signal_weight"].items()) or "(all 1)"))
    print("\nfit data (array scorer):  current -> fitted")
    fc, ff = figures(target, current), figures(target, fitted)
    for key in ("spearman", "auc", "own_spearman"):
        print(f"  {key:<13} {fc[key]:.3f} -> {ff[key]:.3f}")
    if args.write:
        header = (f"# Fitted by benchmarks/fit_scoring.py on {_dt.date.today().isoformat()}: real-copy labels.jsonl dev\n"
                  f"# split ({int((~np.isnan(target.trust)).sum())} rated) and {int(target.ham.sum() + target.bad.sum())} "
                  "non-test ham/spam/phishing messages (../shared/data/real-copy),\n"
                  "# guarded by benchmarks/corpus; coordinate search, costs >= 0. Rerun it after rule changes.\n")
        write_atomic(args.write_to, render_yaml(fitted, header))
        print(f"\nwrote {args.write_to}")
    if args.no_test:
        return 0
    print("\ntest split (once), real scoring.score:  current -> fitted")
    tc, tf = real_figures(test, linted, current), real_figures(test, linted, fitted)
    print(f"  Spearman(T, trust) {real_copy._f(tc['spearman'])} -> {real_copy._f(tf['spearman'])} over {tc['rated']} rated")
    print(f"  AUC ham above spam+phishing {real_copy._f(tc['auc'])} -> {real_copy._f(tf['auc'])} "
          f"({tc['ham']} ham, {tc['spam_phishing']} spam/phishing)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
