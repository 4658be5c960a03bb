"""Folding disguised spellings (trustlint.nlp.folding): what lexicons see, and where findings point."""
from __future__ import annotations

import pytest

from trustlint import lint_text
from trustlint.nlp.folding import fold


@pytest.mark.parametrize("text, folded", [
    ("Claim your \U0001d405\U0001d411\U0001d404\U0001d404 sample", "Claim your FREE sample"),  # bold
    ("Claim your \uff26\uff32\uff25\uff25 sample", "Claim your FREE sample"),  # full-width
    ("It is F R E E for members", "It is FREE for members"),
    ("Results are g-u-a-r-a-n-t-e-e-d here", "Results are guaranteed here"),
    ("Get yours FREEEE, hurryyy!", "Get yours FREE, hurry!"),
    ("A gift for \u0443\u043eu today", "A gift for you today"),  # Cyrillic look-alikes in a Latin word
])
def test_fold_rewrites_disguised_spellings(text, folded):
    result = fold(text)
    assert result is not None
    assert result[0] == folded


@pytest.mark.parametrize("text", [
    "Plain text with no tricks at all.",
    "Visit www.example.com or write to anna@example.com",
    "Chapter XIII covers AAA batteries and 10\u00b2 options.",
    "\u041f\u0440\u0438\u0432\u0435\u0442, \u043a\u0430\u043a \u0434\u0435\u043b\u0430?",  # Russian stays Russian
    "Plan A or B, then see p. 4",
])
def test_fold_leaves_ordinary_text_alone(text):
    result = fold(text)
    assert result is None or result[0] == text


def _finding(text: str, code: str):
    report = lint_text(text)
    found = [f for f in report.files[0].findings if f.code == code]
    assert found, [f.code for f in report.files[0].findings]
    return found[0]


def test_unicode_bold_claim_fires_at_the_original_characters():
    bold = "\U0001d406\U0001d42e\U0001d41a\U0001d42b\U0001d41a\U0001d427\U0001d42d\U0001d41e\U0001d41e\U0001d41d"
    res = "\U0001d42b\U0001d41e\U0001d42c\U0001d42e\U0001d425\U0001d42d\U0001d42c"
    f = _finding(f"Subject: hello\n\nOur tonic: {bold} {res} in a week.", "TL104")
    assert (f.location.line, f.location.column) == (3, 12)
    assert f.excerpt == f"{bold} {res}"


def test_spaced_out_claim_fires_at_the_original_characters():
    f = _finding("Subject: hello\n\nWe offer G U A R A N T E E D  R E S U L T S to all.", "TL104")
    assert (f.location.line, f.location.column) == (3, 10)
    assert f.excerpt == "G U A R A N T E E D R E S U L T S"  # excerpts squeeze whitespace


def test_shouted_stretched_claim_fires_at_the_original_characters():
    f = _finding("Subject: hello\n\nGUARANTEEED RESULTS!!! Order today.", "TL104")
    assert (f.location.line, f.location.column, f.location.end_column) == (3, 1, 20)
    assert f.excerpt == "GUARANTEEED RESULTS"


def test_merge_tokens_keep_their_place_after_folding():
    f = _finding("Subject: hello\n\nHi {{first_name}}, \U0001d405\U0001d411\U0001d404\U0001d404 gift inside", "TL502")
    assert (f.location.line, f.location.column) == (3, 4)
    assert f.excerpt == "{{first_name}}"
