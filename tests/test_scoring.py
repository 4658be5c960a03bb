"""Scoring is pure, explainable and monotonic."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from trustlint.findings import Component, Finding, Location, Severity
from trustlint.findings import Stats
from trustlint.app.runner import lint_text
from trustlint.scoring.trust import default_weights, score

STATS = Stats(words=100, sentences=8, seller_pronouns=2, self_pronouns=1, reader_pronouns=4)


def finding(code: str, sev: Severity, comp: Component, line: int = 1) -> Finding:
    return Finding(code, "x", sev, comp, "body", 0, 1, Location(line, 1, line, 2), "m", "s", "e")


findings_st = st.lists(st.builds(
    finding,
    st.sampled_from(["TL101", "TL201", "TL302", "TL401", "TL502"]),
    st.sampled_from(list(Severity)),
    st.sampled_from(list(Component)),
    st.integers(1, 50),
), max_size=12)


def test_clean_draft_is_baseline() -> None:
    s = score([], [], None)
    w = default_weights()["baseline"]
    assert (s.credibility, s.reliability, s.intimacy, s.self_orientation) == (
        w["credibility"], w["reliability"], w["intimacy"], w["self_orientation"])
    assert s.trust == round((w["credibility"] + w["reliability"] + w["intimacy"]) / w["self_orientation"], 2)


@settings(max_examples=200, deadline=None)
@given(findings_st, st.builds(finding, st.sampled_from(["TL101", "TL302", "TL401", "TL999"]),
                              st.sampled_from(list(Severity)), st.sampled_from(list(Component))))
def test_adding_a_finding_never_raises_trust(found: list[Finding], extra: Finding) -> None:
    before = score(found, [], STATS)
    after = score(found + [extra], [], STATS)
    assert after.trust <= before.trust
    for c in (after.credibility, after.reliability, after.intimacy, after.self_orientation):
        assert 1.0 <= c <= 10.0


def test_contributions_explain_the_components() -> None:
    found = [finding("TL302", Severity.ERROR, Component.INTIMACY),
             finding("TL302", Severity.ERROR, Component.INTIMACY, 3),
             finding("TL401", Severity.WARNING, Component.SELF_ORIENTATION)]
    w = default_weights()
    s = score(found, [], None)
    by_source = [(c.source, c.delta) for c in s.contributions]
    rw = w["rule_weight"]
    err = w["severity_cost"]["error"] * rw.get("TL302", 1.0)
    warn = w["severity_cost"]["warning"] * rw.get("TL401", 1.0)
    decay = w["repeat_decay"]
    want = [("TL302", round(-err, 3)), ("TL302", round(-err * decay, 3)), ("TL401", round(warn, 3))]
    assert sorted(by_source) == sorted(want)  # repeats decay; per-rule weights scale the cost
    assert s.intimacy == round(max(1.0, 6.0 - err - err * decay), 2)
    assert s.self_orientation == round(3.0 + warn, 2)


def test_bad_draft_scores_lower_than_good_draft() -> None:
    bad = lint_text("Subject: RE: hi\n\nAs we discussed, we know exactly what you need. Our team and our "
                    "platform are our pride.\n").files[0].score
    good = lint_text("Subject: Your export is ready\n\nYou can now download your report; your filters "
                     "are saved.\n").files[0].score
    assert bad.trust < good.trust
