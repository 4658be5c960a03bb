"""Reliability credits: concrete dates, stated terms and next steps raise R; vague copy does not."""
from __future__ import annotations

from trustlint.config import Config
from trustlint.app.runner import lint_text

SPECIFIC = ("Subject: Your return\n\nWe'll refund you within 5 business days of receiving the boots. "
            "Next steps: print the label and drop the parcel at any post office. "
            "Refund policy: acme.com/refunds")
VAGUE = ("Subject: Your return\n\nWe'll refund you once the boots are back. "
         "Print the label and drop the parcel at any post office.")


def _file(text: str):
    report = lint_text(text, Config())
    assert not report.errors
    return report.files[0]


def test_specific_copy_earns_reliability_signals() -> None:
    kinds = {s.kind for s in _file(SPECIFIC).signals}
    assert {"concrete-date", "stated-terms", "next-step"} <= kinds


def test_signals_raise_reliability_over_vague_copy() -> None:
    assert _file(SPECIFIC).score.reliability > _file(VAGUE).score.reliability


def test_countdowns_and_lookbacks_are_not_credited() -> None:
    f = _file("Offer ends in 09h 42m 39s. 92 customers bought this in the last 48 hours.")
    assert "concrete-date" not in {s.kind for s in f.signals}


def test_date_credits_are_capped() -> None:
    f = _file("Doors open 1 March, 2 March, 3 March, 4 March and 5 March at 9 am.")
    assert sum(1 for s in f.signals if s.kind == "concrete-date") <= 2
