"""score(findings, signals, stats) -> TrustScore. Pure: no I/O beyond reading its weights once.

T = (C + R + I) / S, each component clamped to 1..10. Every change from the baseline is a
`Contribution` naming what caused it, so a score is always explainable. Adding a
trust-eroding finding never raises T: findings only lower C, R, I or raise S.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, Iterable

from .findings import Component, Finding, Signal

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
    from . import yamlsafe

    return yamlsafe.load(resources.files("trustlint").joinpath("scoring.yml").read_text(encoding="utf-8"))


def _clamp(x: float) -> float:
    return max(LOW, min(HIGH, x))


def score(findings: Iterable[Finding], signals: Iterable[Signal], stats: Any,
          weights: dict[str, Any] | None = None) -> TrustScore:
    w = weights or default_weights()
    contributions: list[Contribution] = []
    seen: dict[str, int] = defaultdict(int)
    for f in sorted(findings, key=lambda f: f.sort_key):
        cost = w["severity_cost"][f.severity.label] * w["rule_weight"].get(f.code, 1.0)
        cost *= w["repeat_decay"] ** seen[f.code]
        seen[f.code] += 1
        delta = cost if f.component is Component.SELF_ORIENTATION else -cost
        contributions.append(Contribution(f.component, f.code, round(delta, 3),
                                          f"{f.code} {f.name} at line {f.location.line}"))
    credit_left: dict[Component, float] = defaultdict(lambda: w["signal_credit_max"])
    for s in signals:
        credit = min(w["signal_credit"], credit_left[s.component])
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
