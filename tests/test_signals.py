"""Positive signals for Intimacy and Self-orientation: what they credit and what they ignore."""
from __future__ import annotations

import pytest

from trustlint.findings import Component
from trustlint.app.runner import lint_text


def _signals(text: str) -> list[tuple[str, str]]:
    report = lint_text(text)
    assert not report.errors, report.errors
    return [(s.kind, s.excerpt) for s in report.files[0].signals]


@pytest.mark.parametrize("text", [
    "How is your team handling month-end close today?",
    "Are you still using spreadsheets for inventory?",
    "Which tool does your team use for payroll now?",
    "Hi Dana,\n\nI read your post on churn. What does your onboarding look like for new reps?",
    "Is your current vendor meeting your SLAs?",
])
def test_reader_question_is_credited(text: str) -> None:
    assert "reader-question" in [k for k, _ in _signals(text)]


@pytest.mark.parametrize("text", [
    "Are you ready to 10x your revenue?",
    "Did you know 80% of your customers never read your emails?",
    "Want to grow your business?",
    "Tired of your slow laptop?",
    "Are you free for a call on Tuesday?",
    "Do you want to save 20% on your next order?",
    "What if you could double your sales?",
    "Have you heard about our new app? Your friends love it.",
    "How does our new dashboard look?",
])
def test_rhetorical_or_seller_questions_are_not_credited(text: str) -> None:
    assert "reader-question" not in [k for k, _ in _signals(text)]


@pytest.mark.parametrize("text", [
    "If it's useful, I can send the checklist.",
    "No need to reply if the timing is off.",
    "If timing's wrong, no reply needed.",
    "You can cancel anytime from Settings.",
    "Whenever suits you - the offer has no deadline.",
    "No pressure either way.",
])
def test_soft_cta_is_credited(text: str) -> None:
    assert "soft-cta" in [k for k, _ in _signals(text)]


@pytest.mark.parametrize("text", [
    "Buy now before it's gone.",
    "Book your demo today.",
    "Reply by Friday to keep your spot.",
])
def test_hard_cta_is_not_credited(text: str) -> None:
    assert "soft-cta" not in [k for k, _ in _signals(text)]


def test_soft_cta_lowers_self_orientation() -> None:
    base = "We run a payroll service for small clinics. Here is our price list."
    soft = base + " If it's useful, reply and I'll send a sample payslip. No pressure."
    s_base = lint_text(base).files[0].score
    s_soft = lint_text(soft).files[0].score
    assert s_soft.self_orientation < s_base.self_orientation
    credits = [c for c in s_soft.contributions if c.source == "soft-cta"]
    assert credits and all(c.component is Component.SELF_ORIENTATION and c.delta < 0 for c in credits)


def test_reader_question_raises_intimacy() -> None:
    base = "We run a payroll service for small clinics."
    asked = base + " How does your clinic handle payroll today?"
    assert lint_text(asked).files[0].score.intimacy > lint_text(base).files[0].score.intimacy
