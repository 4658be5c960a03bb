"""The score's reader-fitted features (issue 11, part 5): conversation evidence credits R, surface
cues of spam and phishing (ALL CAPS, exclamations, money amounts, account-trouble claims) debit
their component, diminishing returns across rules (rule_decay); every point of T stays explained by the
contributions, and a finding still never raises T. Examples written for these tests."""
from __future__ import annotations

import copy

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trustlint.app.runner import lint_text
from trustlint.findings import Component, Finding, Location, Severity, Stats
from trustlint.nlp import cues
from trustlint.scoring.trust import CUES, LOW, HIGH, default_weights, score, validate_weights

REPLY = ("Subject: Re: build fails on arm\n\nThat patch fixed the build here too; the tests pass on the "
         "board now.\n\n{quote}Cheers,\nRui\n")
QUOTE = "On Tue, 3 Sep 2002, Sam Ortiz wrote:\n> Try the attached patch against 1.2.\n\n"
LIST_POST = ("Subject: Re: [Fieldnotes] tide tables for May\n\nThe harbour office posts them every Friday; "
             "I keep a copy on the wiki.\n\n{footer}")
FOOTER = ("_______________________________________________\nFieldnotes mailing list\n"
          "fieldnotes@lists.example.org\nhttps://lists.example.org/mailman/listinfo/fieldnotes\n")


def _file(text: str):
    report = lint_text(text)
    assert not report.errors
    return report.files[0]


def _explained(fr) -> None:
    """baseline + the contributions, clamped to 1..10, give every component; T follows."""
    s = fr.score
    base = default_weights()["baseline"]
    totals = {c: base[c.value] for c in Component}
    for c in s.contributions:
        totals[c.component] += c.delta
    got = {c: round(max(LOW, min(HIGH, v)), 2) for c, v in totals.items()}
    assert got[Component.CREDIBILITY] == pytest.approx(s.credibility, abs=0.011)
    assert got[Component.RELIABILITY] == pytest.approx(s.reliability, abs=0.011)
    assert got[Component.INTIMACY] == pytest.approx(s.intimacy, abs=0.011)
    assert got[Component.SELF_ORIENTATION] == pytest.approx(s.self_orientation, abs=0.011)
    assert s.trust == round((s.credibility + s.reliability + s.intimacy) / s.self_orientation, 2)


def test_quoted_thread_is_a_conversation_signal_and_scores_higher() -> None:
    with_quote, without = _file(REPLY.format(quote=QUOTE)), _file(REPLY.format(quote=""))
    kinds = [s.kind for s in with_quote.signals]
    assert "conversation" in kinds and "conversation" not in [s.kind for s in without.signals]
    sig = next(s for s in with_quote.signals if s.kind == "conversation")
    assert sig.component is Component.RELIABILITY and "wrote:" in sig.excerpt
    assert with_quote.score.trust > without.score.trust
    assert any(c.source == "conversation" and c.delta > 0 for c in with_quote.score.contributions)
    _explained(with_quote)
    _explained(without)


def test_discussion_list_post_is_a_conversation_signal() -> None:
    post, bare = _file(LIST_POST.format(footer=FOOTER)), _file(LIST_POST.replace("[Fieldnotes] ", "").format(footer=""))
    assert "conversation" in [s.kind for s in post.signals]
    assert "conversation" not in [s.kind for s in bare.signals]
    assert post.score.trust > bare.score.trust


def test_a_pasted_forward_header_alone_is_not_a_conversation() -> None:
    fr = _file("Subject: Fw: a gift for you\n\n________________________________\nDe: Prize Desk\n"
               "Enviado: segunda-feira, 3 de abril\nAssunto: a gift for you\n\nClaim your gift today.\n")
    assert "conversation" not in [s.kind for s in fr.signals]


def test_decorative_arrows_are_not_a_conversation() -> None:
    fr = _file("Subject: Big news\n\nOur spring range is here.\n>>> https://shop.example.com/spring\n")
    assert "conversation" not in [s.kind for s in fr.signals]


@pytest.mark.parametrize("text", [
    "Please verify your account within 24 hours or lose access.",
    "Your mailbox has been temporarily suspended.",
    "We detected unusual sign-in activity on your profile.",
    "Your password has expired; restore your access below.",
])
def test_account_alarm_fires(text: str) -> None:
    assert cues.counts([text])[4] >= 1


@pytest.mark.parametrize("text", [
    "Your account is ready. Sign in any time from the app.",
    "You can verify the figures in our annual report.",
    "Your order has been shipped and arrives Thursday.",
    "We reset the shared printer's password for the office on Monday.",
])
def test_account_alarm_passes(text: str) -> None:
    assert cues.counts([text])[4] == 0


@pytest.mark.parametrize("text", [
    "I have a confidential business proposal for you.",
    "Please help me transfer the funds to a safe account.",
    "You have won the sweepstakes.",
    "You have been selected as the beneficiary of the estate.",
    "Claim your prize before Friday.",
])
def test_windfall_fires(text: str) -> None:
    assert cues.counts([text])[6] >= 1


@pytest.mark.parametrize("text", [
    "Our proposal for the spring roadmap is attached.",
    "We transferred the files to the new server.",
    "The winner of the design contest is Ana.",
    "You won't believe how quiet the new fan is.",
])
def test_windfall_passes(text: str) -> None:
    assert cues.counts([text])[6] == 0


def test_other_cues_count() -> None:
    caps, words, bangs, money, _alarms, disguised, _windfalls = cues.counts(["FREE offer!!! Save $1,500 NOW! Only 20 euros, ok? I am OK."])
    assert caps == 2  # FREE, NOW (not I, OK)
    assert words >= 6
    assert bangs == 2  # a run of '!' counts once
    assert money == 2
    assert disguised == 0


def test_disguised_words_fire_and_pass() -> None:
    # a Cyrillic 'а' inside Latin words, and "bold" mathematical letters
    assert cues.disguised_words("Your w\u0430llet h\u0430s an upgr\u0430de") == 3
    assert cues.disguised_words("\U0001d405\U0001d411\U0001d404\U0001d404 gift inside") == 1
    # Russian or Greek on their own, accents and plain text pass
    assert cues.disguised_words("\u041f\u0440\u0438\u0432\u0435\u0442, \u03ba\u03b1\u03bb\u03b7\u03bc\u03ad\u03c1\u03b1, caf\u00e9 cr\u00e8me") == 0
    assert cues.disguised_words("Plain words only.") == 0


def test_account_alarm_lowers_trust_and_is_explained() -> None:
    body = "Subject: About your profile\n\nHello,\n\n{}Thanks for using the service.\n"
    calm, alarmed = (_file(body.format(x)) for x in ("", "Your account has been suspended. Verify your account here.\n\n"))
    assert alarmed.stats.account_alarms == 2 and calm.stats.account_alarms == 0
    w = default_weights()
    if w.get("cues", {}).get("account_alarm", {}).get("per_unit", 0) > 0:
        assert alarmed.score.trust < calm.score.trust
        assert any(c.source == "cue-account_alarm" and c.delta < 0 for c in alarmed.score.contributions)
    _explained(alarmed)


def _weights(**over) -> dict:
    w = copy.deepcopy(default_weights())
    w["cues"] = {name: {"free": 0.0, "per_unit": 1.0, "max": 3.0} for name in CUES}
    w["rule_decay"] = 0.5
    w.update(over)
    return validate_weights(w)


def _finding(code: str, sev: Severity, comp: Component, line: int = 1) -> Finding:
    return Finding(code, "x", sev, comp, "body", 0, 1, Location(line, 1, line, 2), "m", "s", "e")


findings_st = st.lists(st.builds(
    _finding, st.sampled_from(["TL101", "TL201", "TL302", "TL401", "TL603"]), st.sampled_from(list(Severity)),
    st.sampled_from(list(Component)), st.integers(1, 40)), max_size=14)
stats_st = st.builds(Stats, st.integers(1, 400), st.integers(1, 30), st.integers(0, 9), st.integers(0, 9),
                     st.integers(0, 9), st.integers(0, 50), st.integers(0, 300), st.integers(0, 20),
                     st.integers(0, 8), st.integers(0, 5), st.integers(0, 6), st.integers(0, 4))


@settings(max_examples=150, deadline=None)
@given(findings_st, st.builds(_finding, st.sampled_from(["TL101", "TL302", "TL999"]), st.sampled_from(list(Severity)),
                              st.sampled_from(list(Component))), stats_st)
def test_with_rule_decay_and_cues_a_finding_never_raises_trust(found, extra, stats) -> None:
    w = _weights()
    assert score(found + [extra], [], stats, w).trust <= score(found, [], stats, w).trust


def test_rule_decay_keeps_many_mild_findings_above_one_severe() -> None:
    many_mild = [_finding(f"TL1{i:02d}", Severity.WARNING, Component.CREDIBILITY, i) for i in range(1, 9)]
    few_severe = [_finding("TL302", Severity.ERROR, Component.CREDIBILITY)]
    plain = copy.deepcopy(default_weights())
    plain["rule_decay"] = 1.0
    w = _weights(cues={})
    # with rule_decay, eight mild rules cost less than their sum; one severe rule costs the same
    assert score(many_mild, [], None, w).credibility > score(many_mild, [], None, plain).credibility
    assert score(few_severe, [], None, w).credibility == score(few_severe, [], None, plain).credibility
    decayed = [c for c in score(many_mild, [], None, w).contributions if "(x" in c.reason]
    assert len(decayed) == 7  # all but the costliest rule say how much they were scaled
    assert score(few_severe, [], None, w).trust < score(many_mild, [], None, w).trust


def test_cues_cost_is_capped_and_explained() -> None:
    w = _weights(rule_decay=1.0)
    loud = Stats(100, 5, 0, 0, 0, caps_words=60, long_words=80, exclamations=20, money_amounts=9, account_alarms=4,
                 disguised_words=7, windfalls=3)
    s = score([], [], loud, w)
    got = {c.source: c for c in s.contributions}
    for name, (comp, _rate, _reason) in CUES.items():
        c = got[f"cue-{name}"]
        assert c.component is comp and abs(c.delta) <= 3.0
        assert (c.delta > 0) == (comp is Component.SELF_ORIENTATION)
    assert score([], [], Stats(100, 5, 0, 0, 0), w).trust > s.trust


def test_signal_weight_scales_one_kind() -> None:
    fr = _file(REPLY.format(quote=QUOTE))
    stats = fr.stats
    w0 = copy.deepcopy(default_weights())
    w0["signal_weight"] = {**w0.get("signal_weight", {}), "conversation": 0.0}
    w2 = copy.deepcopy(w0)
    w2["signal_weight"]["conversation"] = 2.0
    assert score(fr.findings, fr.signals, stats, w2).trust > score(fr.findings, fr.signals, stats, w0).trust


@pytest.mark.parametrize("bad", [
    {"signal_weight": {"conversation": -1.0}},
    {"cues": {"caps": {"free": 0.0, "per_unit": -2.0, "max": 1.0}}},
    {"cues": {"shouting": {"free": 0.0, "per_unit": 1.0, "max": 1.0}}},
    {"rule_decay": 1.5},
    {"rule_decay": 0.0},
])
def test_validate_rejects_bad_new_weights(bad) -> None:
    w = copy.deepcopy(default_weights())
    w.update(bad)
    with pytest.raises(ValueError):
        validate_weights(w)


def test_terminal_report_lists_the_cues_it_charged() -> None:
    from trustlint.reporters import terminal

    report = lint_text("Subject: Notice\n\nHello,\n\nYour mailbox has been suspended. Verify your account today.\n")
    fr = report.files[0]
    charged = [c for c in fr.score.contributions if c.source.startswith("cue-")]
    out = terminal.render(report, width=200)
    if charged:
        assert "- cues: " in out and "claims of trouble with the reader's account" in out
    calm = terminal.render(lint_text("Subject: Notes\n\nThe minutes from Tuesday are attached.\n"), width=200)
    assert "- cues: " not in calm
