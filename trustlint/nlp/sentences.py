"""Sentence windows of a parsed field: the one definition every rule uses.

The sentencizer runs once per field (trustlint.nlp.document); its sentences are cut three ways, each
named, computed once per field on first use and read through `ParsedField.sentence_spans`,
`.sentence` and `.window`:

- ``"sentencizer"``: spaCy's sentences as they are (an offset between two of them, e.g. the
  space after a full stop, lies in no sentence);
- ``"paragraph"`` (the default): also cut at every blank line ("\\n\\n"), whitespace-only pieces
  dropped. A heading or list item ends there. The windows of the "nearby" rules (TL201,
  TL202, TL603-TL605) and of the learned model;
- ``"repaired"``: cut at blank lines that may hold spaces or tabs, with the sentencizer's
  abbreviation splits ("No. 1", "approx. 3", "e.g. this") and punctuation-only pieces glued
  back onto the sentence before. The windows of the evidence rules (TL101-TL105, TL107).

One lookup: the sentence holding an offset, and `window(start, end, before, after)` widens
that to `before` sentences ahead and `after` past. An offset in the gap between two
sentences (the space after a full stop, the blank line of a paragraph break) belongs to the
next sentence by default (`gap="next"`); the "nearby" rules were written with it belonging
to the one before, and pass `gap="previous"`.
Pure functions over the text and the spaCy Doc; spaCy is not imported here. The spans are a
`SpanList` (a sequence of (start, end) over two integer arrays: a 5 MB field of one-word
sentences has a million of them, ~130 MB as a tuple of tuples, 16 MB as arrays).
"""
from __future__ import annotations

import re
from array import array
from bisect import bisect_right
from typing import Any, Iterable, Iterator, Sequence

Span = tuple[int, int]
SPLITS = ("sentencizer", "paragraph", "repaired")

_BLANK_LINE = re.compile(r"\n[ \t]*\n\s*")
# The sentencizer splits "No. 1" and "approx. 3"; such pieces are glued back together.
_ABBREV_END = re.compile(r"\b(?:no|nos|vs|approx|est|fig|ref|inc|ltd|co|dr|mr|mrs|ms|st|e\.g|i\.e|etc)\.\s*$", re.I)


class SpanList(Sequence[Span]):
    """(start, end) spans in text order, kept as two arrays; reads as a tuple of pairs (and
    compares equal to one)."""

    __slots__ = ("starts", "ends")

    def __init__(self, pairs: Iterable[Span] = ()) -> None:
        self.starts, self.ends = array("q"), array("q")
        for a, b in pairs:
            self.append(a, b)

    def append(self, start: int, end: int) -> None:
        self.starts.append(start)
        self.ends.append(end)

    def __len__(self) -> int:
        return len(self.starts)

    def __getitem__(self, i: Any) -> Any:
        if isinstance(i, slice):
            return tuple(zip(self.starts[i], self.ends[i]))
        return self.starts[i], self.ends[i]

    def __iter__(self) -> Iterator[Span]:
        return zip(self.starts, self.ends)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, SpanList):
            return self.starts == other.starts and self.ends == other.ends
        if isinstance(other, (tuple, list)):
            return len(other) == len(self) and all(a == b for a, b in zip(self, other))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"SpanList({list(self)!r})"


def _or_whole(out: SpanList, text: str) -> SpanList:
    if not out:
        out.append(0, len(text))
    return out


def spans(text: str, doc: Any, split: str) -> SpanList:
    """Character spans of the sentences of `text` (parsed as `doc`), cut the `split` way."""
    if split == "paragraph":
        return _paragraph(text, doc)
    if split == "repaired":
        return _repaired(text, doc)
    if split == "sentencizer":
        return _or_whole(SpanList(_bounds(doc)), text)
    raise ValueError(f"unknown sentence split {split!r} (one of {', '.join(SPLITS)})")


def index(sents: Sequence[Span], pos: int, gap: str = "next") -> int:
    """Index of the sentence holding `pos`. An offset between two sentences (or before the
    first, or past the last) belongs to the next one when `gap` is "next" (the first sentence
    ending after it, else the last), to the one before when "previous" (the last sentence
    starting at or before it, else the first)."""
    compact = isinstance(sents, SpanList)
    if gap == "next":
        found = bisect_right(sents.ends, pos) if compact else bisect_right(sents, pos, key=_end)
        return min(found, len(sents) - 1)
    if gap == "previous":
        found = bisect_right(sents.starts, pos) if compact else bisect_right(sents, pos, key=_start)
        return max(0, found - 1)
    raise ValueError(f"gap must be 'next' or 'previous', not {gap!r}")


def window(sents: Sequence[Span], start: int, end: int | None = None, before: int = 1,
           after: int = 1, gap: str = "next") -> Span:
    """Bounds from `before` sentences ahead of the one holding `start` to `after` sentences
    past the one holding `end - 1` (`end` defaults to `start + 1`)."""
    first = index(sents, start, gap)
    last = first if end is None else max(first, index(sents, max(start, end - 1), gap))
    return sents[max(0, first - before)][0], sents[min(len(sents) - 1, last + after)][1]


def _bounds(doc: Any) -> Iterable[Span]:
    """(start_char, end_char) of the sentencizer's sentences: from the token table's arrays
    (trustlint.nlp.tokentable) when the field has one, else from a spaCy Doc's `sents`."""
    bounds = getattr(doc, "iter_sentence_bounds", None)
    return bounds() if bounds is not None else ((s.start_char, s.end_char) for s in doc.sents)


def _start(span: Span) -> int:
    return span[0]


def _end(span: Span) -> int:
    return span[1]


def _paragraph(text: str, doc: Any) -> SpanList:
    out = SpanList()
    for s, e in _bounds(doc):
        cut = text.find("\n\n", s, e)
        while cut != -1:
            if text[s:cut].strip():
                out.append(s, cut)
            s = cut + 2
            cut = text.find("\n\n", s, e)
        if text[s:e].strip():
            out.append(s, e)
    return _or_whole(out, text)


def _repaired(text: str, doc: Any) -> SpanList:
    out = SpanList()
    for start, end in _blank_line_pieces(text, doc):
        if out and (_abbrev_end(text, out.starts[-1], out.ends[-1]) or not any(c.isalnum() for c in text[start:end])):
            out.ends[-1] = end
        else:
            out.append(start, end)
    return _or_whole(out, text)


def _abbrev_end(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] ends with an abbreviation ("No.", "e.g."), looking only at its
    last few characters (not the whole span, which grows as pieces are glued on)."""
    tail = end
    while tail > start and text[tail - 1].isspace():
        tail -= 1
    return _ABBREV_END.search(text, max(start, tail - 12), tail) is not None


def _blank_line_pieces(text: str, doc: Any) -> Iterator[Span]:
    """The sentencizer's sentences, also cut at blank lines (spaces and tabs allowed in them)."""
    for sent_start, sent_end in _bounds(doc):
        start = sent_start
        for gap in _BLANK_LINE.finditer(text, start, sent_end):
            if text[start:gap.start()].strip():
                yield start, gap.start()
            start = gap.end()
        if text[start:sent_end].strip() or start == sent_start:
            yield start, sent_end
