"""benchmarks/fit_scoring.py's core on synthetic findings: the array scorer agrees with
scoring.score, the fit keeps every cost non-negative, and scoring.yml is validated."""
from __future__ import annotations

import copy
import importlib.util
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from trustlint.findings import Component, Finding, Location, Severity, Signal
from trustlint.findings import Stats
from trustlint.scoring.trust import default_weights, score, validate_weights

np = pytest.importorskip("numpy")
pytest.importorskip("scipy")

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "benchmarks"


@pytest.fixture(scope="module")
def fs():
    sys.path.insert(0, str(BENCH))
    spec = importlib.util.spec_from_file_location("bench_fit_scoring", BENCH / "fit_scoring.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    try:
        spec.loader.exec_module(module)
        yield module
    finally:
        sys.modules.pop(spec.name, None)
        sys.path.remove(str(BENCH))


def _f(code: str, sev: Severity, comp: Component, line: int = 1) -> Finding:
    return Finding(code, "x", sev, comp, "body", 0, 1, Location(line, 1, line, 2), "m", "s", "e")


def _s(comp: Component) -> Signal:
    return Signal("sourced-statistic", comp, "body", 0, 1, Location(1, 1, 1, 2), "m", "e")


CODES = [("TL101", Component.CREDIBILITY), ("TL302", Component.INTIMACY), ("TL401", Component.SELF_ORIENTATION),
         ("TL603", Component.SELF_ORIENTATION), ("TL201", Component.RELIABILITY)]


def _messages(n: int = 120):
    """Synthetic messages: 'bad' ones (low rating, spam) carry TL101/TL603 more often, 'good'
    ones carry TL302 (a rule that, here, says nothing about trust) and signals."""
    import random

    rnd = random.Random(7)
    out, trust, ham, bad = [], [], [], []
    for i in range(n):
        good = i % 2 == 0
        found = []
        for code, comp in CODES:
            p = {"TL101": 0.2 if good else 0.8, "TL603": 0.1 if good else 0.7}.get(code, 0.4)
            for k in range(rnd.randint(1, 3) if rnd.random() < p else 0):
                sev = Severity.ERROR if code == "TL603" and k == 0 else Severity.WARNING
                found.append(_f(code, sev, comp, k + 1))
        sigs = [_s(Component.CREDIBILITY)] * (rnd.randint(1, 4) if good else 0)
        stats = {"words": 100, "sentences": 5, "seller_pronouns": rnd.randint(0, 6), "self_pronouns": rnd.randint(0, 3),
                 "reader_pronouns": rnd.randint(0, 6)}
        out.append(SimpleNamespace(id=f"m{i}", findings=found, signals=sigs, stats=stats))
        trust.append(float(rnd.choice([4, 5]) if good else rnd.choice([1, 2])))
        ham.append(good)
        bad.append(not good)
    return out, np.array(trust), np.array(ham), np.array(bad)


def test_array_scorer_matches_scoring_score(fs):
    items, *_ = _messages()
    w = copy.deepcopy(default_weights())
    w["rule_weight"] = {"TL101": 2.0, "TL302": 0.5}
    got = fs.fast_trust(fs.prepare(items), w)
    want = np.array([score(it.findings, it.signals, Stats(**it.stats), w).trust for it in items])
    assert np.abs(got - want).max() <= 0.05  # contributions are rounded to 3 decimals in score()


def test_array_scorer_matches_scoring_score_with_the_reader_features(fs):
    """signal_weight per kind, the surface cues and rule_decay in both scorers."""
    import random

    rnd = random.Random(11)
    items, *_ = _messages()
    kinds = [("conversation", Component.RELIABILITY), ("sourced-statistic", Component.CREDIBILITY),
             ("soft-cta", Component.SELF_ORIENTATION)]
    for it in items:
        it.signals = [Signal(k, c, "body", 0, 1, Location(1, 1, 1, 2), "m", "e")
                      for k, c in kinds for _ in range(rnd.randint(0, 2))]
        it.stats.update(caps_words=rnd.randint(0, 30), long_words=rnd.randint(0, 120),
                        exclamations=rnd.randint(0, 9), money_amounts=rnd.randint(0, 6), account_alarms=rnd.randint(0, 3),
                        disguised_words=rnd.randint(0, 4), windfalls=rnd.randint(0, 3))
    w = fs.with_new_keys(default_weights())
    w["signal_weight"] = {"conversation": 5.0, "soft-cta": 0.5}
    w["rule_decay"] = 0.6
    w["cues"] = {"caps": {"free": 0.05, "per_unit": 5.0, "max": 2.0},
                 "exclamations": {"free": 0.1, "per_unit": 1.0, "max": 1.0},
                 "money": {"free": 1.0, "per_unit": 0.25, "max": 1.0},
                 "account_alarm": {"free": 0.0, "per_unit": 3.0, "max": 4.0},
                 "disguised": {"free": 1.0, "per_unit": 0.5, "max": 2.0},
                 "windfall": {"free": 0.0, "per_unit": 1.0, "max": 3.0}}
    validate_weights(w)
    got = fs.fast_trust(fs.prepare(items), w)
    want = np.array([score(it.findings, it.signals, Stats(**it.stats), w).trust for it in items])
    assert np.abs(got - want).max() <= 0.05


def test_stratified_folds_balance_each_source(fs):
    ids = [f"m{i}" for i in range(60)]
    strata = ["ham"] * 30 + ["spam"] * 20 + ["phishing"] * 10
    folds = fs.stratified_folds(ids, strata, 5)
    for s, n in (("ham", 30), ("spam", 20), ("phishing", 10)):
        per = [sum(1 for f, t in zip(folds, strata) if t == s and f == k) for k in range(5)]
        assert per == [n // 5] * 5
    assert fs.stratified_folds(ids, strata, 5) == folds  # deterministic


def test_fit_keeps_costs_non_negative_and_improves(fs):
    items, trust, ham, bad = _messages()
    t = fs.Target(fs.prepare(items), trust, ham, bad)
    start = copy.deepcopy(default_weights())
    start["rule_weight"] = {}
    codes = fs.frequent_codes(t.p, 5)
    assert codes == sorted(c for c, _ in CODES)
    fitted = fs.fit(t, start, codes, sweeps=2)
    validate_weights(fitted)  # raises on any negative cost
    assert all(v >= 0 for v in fitted["severity_cost"].values())
    assert all(v >= 0 for v in fitted["rule_weight"].values())
    assert fitted["severity_cost"]["error"] >= fitted["severity_cost"]["warning"] >= fitted["severity_cost"]["info"]
    assert fs.objective(t, fitted, codes) >= fs.objective(t, start, codes)
    # the rule that marks the bad messages ends up costing more than the one that says nothing
    assert fitted["rule_weight"].get("TL101", 1.0) > fitted["rule_weight"].get("TL302", 1.0)
    # deterministic
    assert fs.fit(t, start, codes, sweeps=2) == fitted


def test_rendered_yaml_loads_and_validates(fs):
    from trustlint import yamlsafe

    w = copy.deepcopy(default_weights())
    w["rule_weight"] = {"TL603": 0.75, "TL101": 2.0}
    text = fs.render_yaml(w, "# header\n")
    assert text.startswith("# header\n")
    back = validate_weights(yamlsafe.load(text))
    assert back == fs.with_new_keys(w)


def test_scoring_weights_are_validated():
    good = copy.deepcopy(default_weights())
    validate_weights(good)
    for path, value, msg in [(("rule_weight", "TL101"), -0.5, "rule_weight.TL101"),
                             (("rule_weight", "bogus"), 1.0, "not a rule code"),
                             (("severity_cost", "error"), -1, "severity_cost.error"),
                             (("repeat_decay",), 0.0, "repeat_decay"),
                             (("signal_credit",), "x", "signal_credit")]:
        w = copy.deepcopy(good)
        node = w
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value
        with pytest.raises(ValueError, match=msg):
            validate_weights(w, "scoring.yml")


def test_shipped_weights_never_let_a_finding_raise_trust():
    w = default_weights()
    assert all(v >= 0 for v in w["rule_weight"].values())
    base = score([], [], None)
    for code, weight in w["rule_weight"].items():
        hit = score([_f(code, Severity.WARNING, Component.CREDIBILITY)], [], None)
        assert hit.trust <= base.trust
        if weight > 0:
            assert hit.trust < base.trust
