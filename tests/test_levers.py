"""scoring.levers(): re-scoring without a rule's findings (or one finding) says what a fix is worth."""
from __future__ import annotations

from types import SimpleNamespace

import pytest

from trustlint.findings import Component, Finding, Location, Severity
from trustlint.scoring.trust import levers, score

STATS = SimpleNamespace(seller_pronouns=2, self_pronouns=0, reader_pronouns=2)


def finding(code: str, sev: Severity, comp: Component, start: int) -> Finding:
    return Finding(code, code.lower(), sev, comp, "body", start, start + 3, Location(1, start + 1, 1, start + 4),
                   "msg", "fix", "abc")


FINDINGS = [
    finding("TL601", Severity.ERROR, Component.CREDIBILITY, 0),
    finding("TL502", Severity.WARNING, Component.RELIABILITY, 10),
    finding("TL502", Severity.WARNING, Component.RELIABILITY, 20),
    finding("TL401", Severity.INFO, Component.SELF_ORIENTATION, 30),
]


def test_each_code_lever_is_the_score_without_that_code():
    base = score(FINDINGS, (), STATS).trust
    out = levers(FINDINGS, (), STATS)
    assert [lv.key for lv in out] == ["TL601", "TL502", "TL401"]  # biggest gain first
    for lv in out:
        rest = [f for f in FINDINGS if f.code != lv.key]
        assert lv.trust == score(rest, (), STATS).trust
        assert lv.gain == round(lv.trust - base, 2) > 0
        assert {f.code for f in lv.findings} == {lv.key}
    assert len(next(lv for lv in out if lv.key == "TL502").findings) == 2


def test_each_finding_lever_removes_exactly_one_finding():
    out = levers(FINDINGS, (), STATS, by="finding")
    assert len(out) == len(FINDINGS)
    assert all(len(lv.findings) == 1 for lv in out)
    assert sorted(lv.key for lv in out) == sorted(["TL601@0", "TL502@10", "TL502@20", "TL401@30"])
    # Fixing one of two repeats only removes the cheaper, decayed second cost.
    tl502 = [lv for lv in out if lv.key.startswith("TL502")]
    whole = next(lv for lv in levers(FINDINGS, (), STATS) if lv.key == "TL502")
    assert all(0 < lv.gain < whole.gain for lv in tl502)


def test_a_clamped_component_gives_no_gain_and_never_a_negative_one():
    # Three codes each cost intimacy 3.75: without any one of them it is still clamped at 1.
    many = [finding(code, Severity.ERROR, Component.INTIMACY, k * 100 + i * 5)
            for k, code in enumerate(("TL301", "TL302", "TL501")) for i in range(4)]
    out = levers(many, (), STATS)
    assert [lv.gain for lv in out] == [0.0, 0.0, 0.0]
    assert [lv.key for lv in out] == ["TL301", "TL302", "TL501"]  # ties keep reading order


def test_no_findings_no_levers_and_bad_grouping_is_rejected():
    assert levers([], (), STATS) == ()
    with pytest.raises(ValueError):
        levers(FINDINGS, (), STATS, by="severity")
