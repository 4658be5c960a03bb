"""Behaviour of the credibility rules beyond single examples: evidence windows, footnotes,
signals and score credit, options and campaign context."""
from __future__ import annotations

from trustlint.config import Config
from trustlint.context import CampaignContext
from trustlint.app.runner import lint_text

from .conftest import codes


def _file(text: str, config: Config | None = None):
    report = lint_text(text, config or Config())
    assert not report.errors
    return report.files[0]


def test_evidence_in_next_sentence_silences_superlative_but_not_two_sentences_away() -> None:
    claim = "Acme is the #1 invoicing app for freelancers."
    assert "TL101" not in codes(f"{claim} Source: G2 Winter 2025 report.")
    assert "TL101" in codes(f"{claim} It sends reminders for you. It also exports to Xero. Source: G2 Winter 2025 report.")


def test_footnote_marker_counts_only_with_a_footnote() -> None:
    claim = "Teams close books 40% faster.*"
    assert "TL102" in codes(claim)
    assert "TL102" not in codes(claim + "\n\n* Median across 312 customer accounts, March 2025.")


def test_establishment_claim_needs_a_citation_not_just_a_date() -> None:
    assert "TL103" in codes("Clinically proven to calm redness (May 2025).")
    assert "TL103" not in codes("Clinically proven to calm redness (Okafor et al., 2024).")


def test_finding_points_at_the_claim() -> None:
    fr = _file("Hi Sam,\n\nWe are the leading provider of payroll software for clinics.")
    (finding,) = [f for f in fr.findings if f.code == "TL101"]
    assert finding.excerpt == "the leading provider"
    assert finding.location.line == 3
    assert "the leading provider" in finding.message


def test_sourced_statistic_is_a_credibility_signal_and_raises_the_score() -> None:
    sourced = _file("In our 2024 survey of 412 customers, 61% said invoicing got faster.")
    unsourced = _file("61% of customers said invoicing got faster.")
    assert "sourced-statistic" in {s.kind for s in sourced.signals}
    assert "sourced-statistic" not in {s.kind for s in unsourced.signals}
    assert "TL102" in [f.code for f in unsourced.findings]
    assert sourced.score.credibility > unsourced.score.credibility


def test_evidence_link_signal() -> None:
    fr = _file("Studies show blue light delays sleep. Source: https://pubmed.ncbi.nlm.nih.gov/123/")
    assert "evidence-link" in {s.kind for s in fr.signals}
    assert "TL103" not in [f.code for f in fr.findings]
    plain = _file("Shop the sale at https://example.com/sale")
    assert "evidence-link" not in {s.kind for s in plain.signals}


def test_stacked_hedges_threshold_is_an_option() -> None:
    text = "This tea may help you relax."
    assert "TL105" not in codes(text)
    assert "TL105" in codes(text, Config(rules={"TL105": {"max_hedges": 1}}))


def test_testimonial_message_says_what_is_missing() -> None:
    fr = _file('"Best purchase I made all year." - J.')
    (finding,) = [f for f in fr.findings if f.code == "TL106"]
    assert "initials" in finding.message
    fr = _file('"Best purchase I made all year." - Happy customer')
    (finding,) = [f for f in fr.findings if f.code == "TL106"]
    assert "generic" in finding.message


# Flesch-Kincaid grade about 15: too dense for consumers (target 8), fine for engineers (13).
LONG = ("Our service pulls records from each of your accounting systems, finds the entries that do not match, "
        "and prepares the documents you need when an auditor or regulator asks for them. Admins set the "
        "tolerance limits, approval chains and alert settings in one place, while reviewers in each department "
        "look into exceptions with notes and a full audit trail attached. Most companies that move over from "
        "spreadsheet-based processes finish onboarding within a few weeks, and the setup usually needs very "
        "little configuration from your finance team.")


def test_reading_grade_is_judged_against_the_audience() -> None:
    def grade_hits(audience: tuple[str, ...]) -> list[str]:
        config = Config(context=CampaignContext(audience=audience))
        return [f.message for f in _file(LONG, config).findings if f.code == "TL107" and "grade" in f.message]

    assert grade_hits(("consumers",)), "dense copy for consumers should be flagged"
    assert not grade_hits(("engineers",)), "the same copy is fine for engineers"


def test_jargon_is_info_and_one_buzzword_passes() -> None:
    assert "TL107" not in codes("We streamlined checkout: two clicks instead of five.")
    fr = _file("We empower teams with a seamless, scalable, end-to-end solution.")
    (finding,) = [f for f in fr.findings if f.code == "TL107"]
    assert finding.severity.label == "info"


def test_subject_claim_is_supported_by_the_first_body_sentence() -> None:
    assert "TL101" not in codes("Subject: The #1 CRM for agencies\n\nSo says G2's Winter 2025 report (G2, Jan 2025).")
    assert "TL101" in codes("Subject: The #1 CRM for agencies\n\nHi Sam, quick note.\n\nG2 Winter 2025 report (G2, Jan 2025).")


def test_a_call_to_action_link_is_not_evidence_but_a_labelled_source_is() -> None:
    claim = "Teams close 3x more deals with Pipely."
    assert "TL102" in codes(f"{claim} [Start a trial](https://pipely.example/trial)")
    assert "TL102" not in codes(f"{claim} Full study: https://pipely.example/study-2025")


def test_markdown_bold_is_not_a_footnote() -> None:
    assert "TL102" in codes("Teams close 3x more deals.*\n\n**Start your trial** today, it is free.")
    assert "TL102" in codes("**Free shipping** on every order.\n\nTeams close **3x more deals** with Pipely.")
