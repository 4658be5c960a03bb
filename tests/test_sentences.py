"""The one sentence-window API (trustlint/nlp/sentences.py, ParsedField.sentence/window)."""
from __future__ import annotations

import pytest

from trustlint.nlp.document import parse
from trustlint.source.draft import parse_text


def _body(text: str):
    return parse(parse_text(text)).body


def test_splits_differ_only_where_named() -> None:
    text = "Rated No. 1 by G2. Try it.\n\nNew heading\n \nLast line."
    pf = _body(text)
    raw = [text[s:e] for s, e in pf.sentence_spans("sentencizer")]
    para = [text[s:e] for s, e in pf.sentence_spans("paragraph")]
    fixed = [text[s:e] for s, e in pf.sentence_spans("repaired")]
    assert raw[0] == "Rated No."  # the sentencizer splits after the abbreviation
    assert "New heading\n \nLast line." in para  # "\n \n" is not a "\n\n" paragraph break
    assert fixed[0] == "Rated No. 1 by G2." and fixed[-2:] == ["New heading", "Last line."]
    assert pf.sentences == pf.sentence_spans("paragraph")


def test_window_and_gap() -> None:
    text = "One two. Three four. Five six."
    pf = _body(text)
    three = text.index("Three")
    assert text[slice(*pf.sentence(three))] == "Three four."
    assert text[slice(*pf.window(three))] == text
    assert text[slice(*pf.window(three, before=0, after=1))] == "Three four. Five six."
    gap = text.index(" Three")  # the space after "two."
    assert text[slice(*pf.sentence(gap))] == "Three four."
    assert text[slice(*pf.sentence(gap, gap="previous"))] == "One two."
    with pytest.raises(ValueError, match="unknown sentence split"):
        pf.sentence_spans("lines")
