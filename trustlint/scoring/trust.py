"""score(findings, signals, stats) -> TrustScore. Pure: no I/O beyond reading its weights once.

T = (C + R + I) / S, each component clamped to 1..10. Every change from the baseline is a
`Contribution` naming what caused it, so a score is always explainable. Adding a
trust-eroding finding never raises T: findings only lower C, R, I or raise S.

Besides findings: positive signals credit their component (signal_credit times the kind's
signal_weight, capped per component); surface cues of spam and phishing counted in Stats
(trustlint/nlp/cues.py) cost their component by rate above a free level, capped; the pronoun
balance shifts S. Every weight is >= 0 and fitted by benchmarks/fit_scoring.py.
"""
from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, Iterable

from ..cachestore import load_shipped_yaml
from ..findings import Component, Finding, Signal

LOW, HIGH = 1.0, 10.0


@dataclass(frozen=True)
class Contribution:
    component: Component
    source: str  # a rule code, a signal kind or a statistic
    delta: float  # change to the component (negative for C/R/I costs, positive for S costs)
    reason: str


@dataclass(frozen=True)
class TrustScore:
    credibility: float
    reliability: float
    intimacy: float
    self_orientation: float
    trust: float
    contributions: tuple[Contribution, ...]

    def as_dict(self) -> dict[str, Any]:
        return {"credibility": self.credibility, "reliability": self.reliability,
                "intimacy": self.intimacy, "self_orientation": self.self_orientation, "trust": self.trust}


@lru_cache(maxsize=1)
def default_weights() -> dict[str, Any]:
    raw = resources.files("trustlint.scoring").joinpath("scoring.yml").read_bytes()
    return validate_weights(load_shipped_yaml(raw), "scoring.yml")


_CODE = re.compile(r"^TL\d{3}$")


def validate_weights(w: Any, where: str = "weights") -> dict[str, Any]:
    """Check a weights mapping (scoring.yml's shape); raise ValueError naming the bad key.

    Costs, per-rule weights and credits must be non-negative numbers, so a finding can never
    raise T; repeat_decay is in (0, 1]; rule_weight keys are rule codes (TL + 3 digits).
    """
    def num(value: Any, key: str, low: float = 0.0, high: float | None = None, open_low: bool = False) -> None:
        ok = isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
        ok = ok and (value > low if open_low else value >= low) and (high is None or value <= high)
        if not ok:
            bound = f"> {low}" if open_low else f">= {low}"
            raise ValueError(f"{where}: '{key}' must be a number {bound}{f' and <= {high}' if high is not None else ''}, "
                             f"not {value!r}")

    if not isinstance(w, dict):
        raise ValueError(f"{where}: expected a mapping")
    need = {"baseline": dict, "severity_cost": dict, "repeat_decay": (int, float), "rule_weight": dict,
            "signal_credit": (int, float), "signal_credit_max": (int, float), "pronoun_balance": dict}
    for key, kind in need.items():
        if not isinstance(w.get(key), kind):
            raise ValueError(f"{where}: '{key}' is missing or not a {'mapping' if kind is dict else 'number'}")
    for comp in Component:
        num(w["baseline"].get(comp.value), f"baseline.{comp.value}", LOW, HIGH)
    for sev in ("error", "warning", "info"):
        num(w["severity_cost"].get(sev), f"severity_cost.{sev}")
    num(w["repeat_decay"], "repeat_decay", 0.0, 1.0, open_low=True)
    for code, weight in w["rule_weight"].items():
        if not isinstance(code, str) or not _CODE.match(code):
            raise ValueError(f"{where}: rule_weight key {code!r} is not a rule code like TL101")
        num(weight, f"rule_weight.{code}")
    num(w["signal_credit"], "signal_credit")
    num(w["signal_credit_max"], "signal_credit_max")
    sw = w.get("signal_weight", {})
    if not isinstance(sw, dict):
        raise ValueError(f"{where}: 'signal_weight' must be a mapping of signal kinds to numbers")
    for kind, weight in sw.items():
        num(weight, f"signal_weight.{kind}")
    cues = w.get("cues", {})
    if not isinstance(cues, dict):
        raise ValueError(f"{where}: 'cues' must be a mapping")
    for name, cue in cues.items():
        if name not in CUES or not isinstance(cue, dict):
            raise ValueError(f"{where}: unknown cue {name!r} (known: {', '.join(CUES)})")
        for key in ("free", "per_unit", "max"):
            num(cue.get(key), f"cues.{name}.{key}")
    num(w.get("rule_decay", 1.0), "rule_decay", 0.0, 1.0, open_low=True)
    for key in ("neutral_ratio", "per_unit", "max"):
        num(w["pronoun_balance"].get(key), f"pronoun_balance.{key}")
    return w


# Surface cues of spam and phishing (trustlint.nlp.cues), read from Stats as a rate: the part
# above `free` costs `per_unit` per unit of rate, up to `max`. (component, rate, reason)
CUES: dict[str, tuple[Component, Any, str]] = {
    "caps": (Component.CREDIBILITY, lambda st: st.caps_words / max(st.long_words, 20),
             "share of words in ALL CAPS {rate:.0%}"),
    "exclamations": (Component.SELF_ORIENTATION, lambda st: st.exclamations / max(st.sentences, 3),
                     "exclamation marks per sentence {rate:.2f}"),
    "money": (Component.CREDIBILITY, lambda st: float(st.money_amounts),
              "{rate:.0f} money amounts"),
    "account_alarm": (Component.INTIMACY, lambda st: float(st.account_alarms),
                      "{rate:.0f} claims of trouble with the reader's account"),
    "disguised": (Component.CREDIBILITY, lambda st: float(st.disguised_words),
                  "{rate:.0f} words in disguised letters"),
    "windfall": (Component.CREDIBILITY, lambda st: float(st.windfalls),
                 "{rate:.0f} windfall offers (prizes, funds to transfer, lotteries)"),
}


def cue_rates(stats: Any) -> dict[str, float]:
    """Each cue's rate for a draft's Stats (0 when the stats do not count cues)."""
    if stats is None or not any(getattr(stats, k, 0) for k in
                                ("long_words", "exclamations", "money_amounts", "account_alarms", "disguised_words",
                                          "windfalls")):
        return {name: 0.0 for name in CUES}
    return {name: float(rate(stats)) for name, (_c, rate, _r) in CUES.items()}


def _clamp(x: float) -> float:
    return max(LOW, min(HIGH, x))


def score(findings: Iterable[Finding], signals: Iterable[Signal], stats: Any,
          weights: dict[str, Any] | None = None) -> TrustScore:
    w = weights or default_weights()
    contributions: list[Contribution] = []
    # Within one code the costliest finding counts in full and each further one decays
    # geometrically. Charging most-expensive-first keeps the total monotonic: adding any
    # finding adds a cost >= 0 whatever its severity or position.
    by_code: dict[tuple[str, str], list[tuple[float, Finding]]] = defaultdict(list)
    for f in findings:
        base = w["severity_cost"][f.severity.label] * w["rule_weight"].get(f.code, 1.0)
        by_code[(f.code, f.component.value)].append((base, f))
    # Diminishing returns across rules: within a component the costliest rule counts in full
    # and each next one (by its total) is scaled by rule_decay once more, so many mild rules do
    # not outweigh one severe one. A weighted sum of sorted costs with decreasing weights rises
    # with every cost, so this keeps the monotonicity too.
    rd = float(w.get("rule_decay", 1.0))
    charged: dict[tuple[str, str], list[tuple[float, Finding]]] = {}
    for key in sorted(by_code):
        ranked = sorted(by_code[key], key=lambda cf: (-cf[0], cf[1].sort_key))
        charged[key] = [(base * w["repeat_decay"] ** i, f) for i, (base, f) in enumerate(ranked)]
    factor: dict[tuple[str, str], tuple[float, int]] = {}
    for comp_ in Component:
        keys = sorted((k for k in charged if k[1] == comp_.value), key=lambda k: (-sum(c for c, _ in charged[k]), k))
        for r, k in enumerate(keys):
            factor[k] = (rd ** r, r)
    for key in sorted(charged):
        scale, rank = factor[key]
        for cost, f in charged[key]:
            cost *= scale
            delta = cost if f.component is Component.SELF_ORIENTATION else -cost
            why = f" (x{scale:.2g}: rule {rank + 1} by cost on {f.component.letter})" if scale < 1.0 else ""
            contributions.append(Contribution(f.component, f.code, round(delta, 3),
                                              f"{f.code} {f.name} at line {f.location.line}{why}"))
    if stats is not None:
        rates = cue_rates(stats)
        for name, cue in sorted((w.get("cues") or {}).items()):
            comp_, _rate, reason = CUES[name]
            cost = min(cue["max"], max(0.0, rates[name] - cue["free"]) * cue["per_unit"])
            if cost >= 0.01:
                delta = cost if comp_ is Component.SELF_ORIENTATION else -cost
                contributions.append(Contribution(comp_, f"cue-{name}", round(delta, 3),
                                                  reason.format(rate=rates[name])))
    sw = w.get("signal_weight") or {}
    credit_left: dict[Component, float] = defaultdict(lambda: w["signal_credit_max"])
    for s in signals:
        credit = min(w["signal_credit"] * sw.get(s.kind, 1.0), credit_left[s.component])
        if credit <= 0:
            continue
        credit_left[s.component] -= credit
        delta = -credit if s.component is Component.SELF_ORIENTATION else credit
        contributions.append(Contribution(s.component, s.kind, round(delta, 3),
                                          f"{s.kind} at line {s.location.line}"))
    pb = w["pronoun_balance"]
    if stats is not None:
        ratio = (stats.seller_pronouns + 0.5 * stats.self_pronouns + 1) / (stats.reader_pronouns + 1)
        shift = max(-pb["max"], min(pb["max"], (ratio - pb["neutral_ratio"]) * pb["per_unit"]))
        if abs(shift) >= 0.01:
            contributions.append(Contribution(Component.SELF_ORIENTATION, "pronoun-balance", round(shift, 3),
                                              f"seller/reader pronoun ratio {ratio:.2f}"))
    totals = {c: w["baseline"][c.value] for c in Component}
    for c in contributions:
        totals[c.component] += c.delta
    comp = {c: round(_clamp(v), 2) for c, v in totals.items()}
    trust = (comp[Component.CREDIBILITY] + comp[Component.RELIABILITY] + comp[Component.INTIMACY]) / comp[Component.SELF_ORIENTATION]
    return TrustScore(comp[Component.CREDIBILITY], comp[Component.RELIABILITY], comp[Component.INTIMACY],
                      comp[Component.SELF_ORIENTATION], round(trust, 2), tuple(contributions))


@dataclass(frozen=True)
class Lever:
    """What fixing some findings would do: T with them gone, and the gain over the current T."""

    key: str  # a rule code (by="code") or "CODE@offset" (by="finding")
    findings: tuple[Finding, ...]  # the findings the fix removes
    trust: float  # T re-scored without them
    gain: float  # trust - current T (>= 0: findings never raise T)


def levers(findings: Iterable[Finding], signals: Iterable[Signal], stats: Any,
           weights: dict[str, Any] | None = None, by: str = "code") -> tuple[Lever, ...]:
    """Re-score without each rule code (by="code") or each single finding (by="finding").

    Pure, like score(). Sorted by gain (largest first), then by position. A lever on a component
    already clamped at its limit can have zero gain: the report says so rather than guessing.
    """
    if by not in ("code", "finding"):
        raise ValueError(f"by must be 'code' or 'finding', not {by!r}")
    found = sorted(findings, key=lambda f: f.sort_key)
    sigs = tuple(signals)
    base = score(found, sigs, stats, weights).trust
    groups: dict[Any, tuple[str, list[Finding]]] = {}
    for i, f in enumerate(found):
        group = groups.setdefault(f.code if by == "code" else i, (f.code if by == "code" else f"{f.code}@{f.start}", []))
        group[1].append(f)
    out = []
    for key, removed in groups.values():
        ids = {id(f) for f in removed}
        trust = score([f for f in found if id(f) not in ids], sigs, stats, weights).trust
        out.append(Lever(key, tuple(removed), trust, round(max(0.0, trust - base), 2)))
    order = {id(f): i for i, f in enumerate(found)}
    return tuple(sorted(out, key=lambda lv: (-lv.gain, order[id(lv.findings[0])])))


def ceiling(signals: Iterable[Signal], stats: Any, weights: dict[str, Any] | None = None) -> float:
    """T if every finding were fixed: the ceiling the levers add up towards."""
    return score((), signals, stats, weights).trust
