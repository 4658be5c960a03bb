"""The one-pass lexicon scan finds exactly what one finditer per regex finds."""
from __future__ import annotations

import re
import string

import pytest

from trustlint.nlp import document as nlp
from trustlint.nlp.scan import IGNORECASE_ASCII_EXTRA, ascii_fold, prefix_analysis, regex_prefixes


def test_ignorecase_extra_letters_are_all_of_unicode() -> None:
    letter = re.compile("[a-z]", re.IGNORECASE)
    found = {chr(cp) for cp in range(0x80, 0x110000)
             if not 0xD800 <= cp <= 0xDFFF and letter.fullmatch(chr(cp))}
    assert found == set(IGNORECASE_ASCII_EXTRA)
    for ch, low in IGNORECASE_ASCII_EXTRA.items():
        assert re.fullmatch(low, ch, re.IGNORECASE)


def test_ascii_fold_keeps_offsets() -> None:
    text = "İstanbul ſale \u212aelvin ÉCOLE Straße “Quoted”"
    folded = ascii_fold(text)
    assert len(folded) == len(text)
    assert folded.startswith("istanbul sale kelvin École".replace("É", "É"))
    assert ascii_fold("ABC xyz") == "abc xyz"


@pytest.mark.parametrize("pattern,flags,expected", [
    (r"\b(?:will|shall)\s+do", re.I, ("shall", "will")),
    (r"\b[Ii]nternational\b", 0, ("international",)),
    (r"(?<!\w)best\b", re.I, ("best",)),
    (r"world['’]s\s+best", re.I, ("world's", "world’s")),
    (r"\d+%", re.I, None),  # starts with a class too big to expand
    (r"(?:^|\n)hi", re.I, ("\nhi", "hi")),  # a zero-width branch, then the rest
    (r"(?:ab)+c", re.I, ("ab",)),
    (r"x?yz", re.I, ("x", "yz")),  # an optional item: its prefixes, or what follows it
    (r"ab?c", re.I, ("ab", "ac")),
    (r"(?:a|)?b", re.I, None),  # the optional group can match empty
    (r"(?:\s*x)?yz", re.I, None),
    (r"straße", re.I, ("stra",)),  # a non-ASCII letter ends the prefix
])
def test_regex_prefixes(pattern: str, flags: int, expected) -> None:
    assert regex_prefixes(re.compile(pattern, flags)) == expected


@pytest.mark.parametrize("pattern,expected", [
    (r"\d+%", (tuple("0123456789"), True)),
    (r"(?<![\d:])(?:[01]?\d|2[0-3]):", (("0", "1", "2", "20", "21", "22", "23", "3", "4", "5", "6", "7", "8", "9"), True)),
    (r"[0-3]\b", (("0", "1", "2", "3"), False)),  # no \d expanded: holds in any text
    (r"\w+\d", (None, False)),
])
def test_prefix_analysis_expands_digits(pattern: str, expected) -> None:
    assert prefix_analysis(re.compile(pattern, re.I)) == expected


def test_other_decimal_digits_fall_back_to_full_scan() -> None:
    from trustlint.nlp.scan import RegexSet

    regexes = [re.compile(p, re.I) for p in (r"\b\d{1,2}\s*%\s*off\b", r"(?<![\d:])(?:[01]?\d|2[0-3]):[0-5]\d")]
    rs = RegexSet(regexes)
    assert rs.digit_prefixed == {0, 1}
    # Arabic-Indic and fullwidth digits are \d too; plain ASCII ones before and after them
    for text in ["Save \u0665\u0660% off at \u0661\u0660:\u0663\u0660, or 20% off at 9:15",
                 "\uff15\uff10% off from \uff11\uff12:\uff10\uff10", "30% off at 10:45 today", ""]:
        expected = [(i, m.span()) for i, r in enumerate(regexes) for m in r.finditer(text)]
        assert [(i, m.span()) for i, m in rs.matches(text)] == expected


TRICKY = [
    "As we discussed, we will definitely do it. Shall we? WILL we? wiLL we!",
    "The \u212aing-size offer ends soon; ſale ends Friday. İnternational shipping. ıt will",
    "Our world’s best platform is the world's #1 — guaranteed. Only 3 left! 50% off today.",
    "Hi ,\n\nDear valued customer,\nI will not miss out. I’d rather miss out. I don't like saving money.",
    "",
    "x" * 500 + " will " + "🙂" * 40 + " best ever " + "é" * 30,
]


def _finditer_all(lex, text):
    out = []
    for entry, regex in lex.regexes:
        out.extend((entry.key, m.start(), m.end()) for m in regex.finditer(text) if m.end() > m.start())
    return out


@pytest.mark.parametrize("text", TRICKY)
def test_scan_equals_finditer_per_regex(text: str) -> None:
    lex = nlp.compiled(None, ())
    got = [(e.key, m.start(), m.end()) for e, m in lex.scan_regexes(text)]
    assert got == _finditer_all(lex, text)


def test_scan_equals_finditer_on_samples() -> None:
    from pathlib import Path

    lex = nlp.compiled(None, ())
    samples = Path(__file__).resolve().parent.parent / "samples"
    texts = [p.read_text(encoding="utf-8") for p in sorted(samples.rglob("*")) if p.is_file()]
    texts += [t.upper() for t in texts] + [string.printable * 3]
    for text in texts:
        assert [(e.key, m.start(), m.end()) for e, m in lex.scan_regexes(text)] == _finditer_all(lex, text)


def test_surrogates_fall_back_to_full_scan() -> None:
    lex = nlp.compiled(None, ())
    text = "we will \ud800 do it, guaranteed"
    assert [(e.key, m.start(), m.end()) for e, m in lex.scan_regexes(text)] == _finditer_all(lex, text)


def test_datetimes_regex_set_equals_finditer() -> None:
    from trustlint.nlp import datetimes

    _, regex_set = datetimes._regex_set()
    texts = TRICKY + ["Offer ends Friday 5 pm ET, 3 March 2026; see you on Mon. at 10:30 or in 2 weeks.",
                      "Sale ends tonight at midnight PST! Only 48 hours left, until 12/31/2026.",
                      "Offer ends \u0663\u0661/\u0661\u0662/2026 at \u0665:\u0663\u0660 pm, or Tue 3 March at 10:30."]
    for text in texts:
        expected = [(i, m.span()) for i, r in enumerate(regex_set.regexes) for m in r.finditer(text)]
        assert [(i, m.span()) for i, m in regex_set.matches(text)] == expected
