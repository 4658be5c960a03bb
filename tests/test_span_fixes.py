"""Spans that used to start or end in the wrong place: each finding's span (start to end in
the file text) is the phrase, no letter of the next word, no half of a contraction, no
trailing space."""
from __future__ import annotations

import pytest

from trustlint.config import Config
from trustlint.app.runner import lint_text

CASES = [
    ("TL103", "Proven to lower stress in just 10 minutes a day. (Updated May 2025)", "Proven to lower"),
    ("TL103", "Proven to be 2x faster than bleach.", "Proven to be"),
    ("TL201", "I'll send over the revised proposal ASAP.", "I'll send over the revised proposal ASAP"),
    ("TL201", "We’ll get back to you soon.", "We’ll get back to you soon"),
    ("TL305", "Budgeting isn't rocket science, you know.", "isn't rocket science"),
    ("TL305", "Obviously, passwords need at least 12 characters.", "Obviously,"),
    ("TL105", "Earn up to $500 a month from your spare room.", "up to $500"),
    ("TL105", "Win up to $2 million in prizes.", "up to $2 million"),
    ("TL105", "Our sellers earn up to $500.", "up to $500"),
    ("TL105", "Members save up to $1,200.", "up to $1,200"),
]


@pytest.mark.parametrize("code,text,excerpt", CASES, ids=[f"{c}-{i}" for i, (c, _, _) in enumerate(CASES)])
def test_span(code: str, text: str, excerpt: str) -> None:
    report = lint_text(text, Config())
    got = [text[f.start:f.end] for f in report.findings if f.code == code]
    assert got, f"{code} should fire on {text!r}"
    assert excerpt in got, f"{code} spans {got}, want {excerpt!r}"
