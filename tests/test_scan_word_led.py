"""RegexSet's word-led narrowing (issue 12): a regex opening with `\\b` or a lookbehind that
excludes `\\w` is tried only at prefix occurrences after a non-word character; the matches
must be exactly finditer's, whatever stands before the prefix (ASCII, other scripts' letters
and digits, underscore, marks, the text's start)."""
from __future__ import annotations

import random
import re

import pytest

from trustlint.nlp import scan
from trustlint.nlp.scan import RegexSet, _after_non_word, _word_led

_REGEXES = [
    re.compile(r"\bi\s+(?:know|knew)\s+you\b", re.I),
    re.compile(r"\b(?:a|an|one of the)\s+(?:small\s+)?(?:shop|firm)\b", re.I),
    re.compile(r"(?<![\w'-])(?:we|i)\s+can\s+see\b", re.I),
    re.compile(r"(?<![\w.])in\s+(?:the\s+)?future\b", re.I),
    re.compile(r"\b(?:if|unless|as long as)\b", re.I),
    re.compile(r"\bi\b", re.I | re.ASCII),  # ASCII \b: not narrowed
    re.compile(r"\b_?x\d", re.I),
    re.compile(r"(?:\bi|\ba)\s+go\b", re.I),
]

_PIECES = ["i know you", "I KNOW YOU", "ai know you", "éi know you", "_i know you", "3i know you",
           "٣i know you", "İ know you", "ı knew you", "\u0301i know you", "ⅷi know you", "a shop", "an small firm",
           "one of the firm", "we can see", "'i can see", "-we can see", "in the future", ".in future",
           "xin future", "if", "unless", "as long as", "éif", "x1", "_x1", "ex1", "i go", "a go", "ia go",
           "  ", "\n", ", ", "i", "a", "in", "ai", " i "]


def _reference(regexes, text):
    return [(i, m.span()) for i, r in enumerate(regexes) for m in r.finditer(text)]


def _got(regexes, text):
    return [(i, m.span()) for i, m in RegexSet(regexes).iter_matches(text)]


@pytest.mark.parametrize("seed", range(40))
def test_word_led_matches_finditer(seed: int) -> None:
    rng = random.Random(seed)
    # sparse (filler between the pieces): the candidates stay under RegexSet's dense cut-off,
    # so they are tried one by one rather than handed to finditer
    filler = " " + "zzz " * rng.randint(3, 12)
    text = filler.join(rng.choice(_PIECES) for _ in range(rng.randint(5, 400)))
    assert _got(_REGEXES, text) == _reference(_REGEXES, text)


def test_word_led_reference_switch(monkeypatch) -> None:
    text = " zzz zzz zzz zzz zzz ".join(["éi know you", "i know you", "ai know you", "xin future"] * 50)
    fast = _got(_REGEXES, text)
    monkeypatch.setattr(scan, "WORD_LED", False)
    assert _got(_REGEXES, text) == fast == _reference(_REGEXES, text)


def test_word_led_analysis() -> None:
    def led(pattern, flags=re.I):
        rx = re.compile(pattern, flags)
        return _word_led(rx, scan.prefix_analysis(rx)[0])

    assert led(r"\bi\s+know")
    assert led(r"(?<![\w'-])we\s+can")
    assert led(r"(?:\bi|\ba)\s+go")
    assert not led(r"\bi\b", re.I | re.ASCII)
    assert not led(r"(?<![\d:])\d\d:\d\d")  # the lookbehind does not exclude \w
    assert not led(r"(?:\bi|a)\s+go")  # one branch without the boundary
    assert not led(r"\b(?:-x|y)")  # a prefix opening with a non-word character
    assert not led(r"i\s+know")


def test_after_non_word_matches_re() -> None:
    text = "ab_ é1٣ⅷ\u0301x\u00a0y-İz\ud800q"
    got = _after_non_word(text).tolist()
    want = [c == 0 or not re.match(r"\w", text[c - 1]) for c in range(len(text))]
    assert got == want
