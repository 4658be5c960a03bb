"""Evidence near a claim: the shared logic behind TL101-TL103 and the sourced-statistic signal.

A claim is supported when an evidence cue (lexicons/evidence_cues.yml: a named source,
"according to", a link, a study with its sample, a rating with its review count, a date of
measurement) sits in the claim's sentence or in the sentence just before or after it. A
footnote marker counts only when the draft really has a footnote line for it.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from typing import TYPE_CHECKING, Iterable, Iterator

from ..findings import Hit

if TYPE_CHECKING:
    from ..nlp.document import Document, LexMatch, ParsedField

ALL_KINDS = frozenset({"citation", "sample", "source", "footnote", "study", "rating", "date"})
CITATION_KINDS = frozenset({"citation", "sample", "source", "footnote"})

# A footnote line: a marker at the start of a line followed by some words; "**Bold** text" is
# Markdown emphasis, not a footnote.
_FOOTNOTE_LINE = re.compile(r"(?m)^[ \t]*(?:\*{1,3}(?![^\n]*\*)|†|‡|[¹²³⁴⁵⁶⁷⁸⁹⁰]+|\[\d{1,2}\])[ \t]*\S+(?:[ \t]+\S+){2,}")
_BLANK_LINE = re.compile(r"\n[ \t]*\n\s*")
# The sentencizer splits "No. 1" and "approx. 3"; such pieces are glued back together.
_ABBREV_END = re.compile(r"\b(?:no|nos|vs|approx|est|fig|ref|inc|ltd|co|dr|mr|mrs|ms|st|e\.g|i\.e|etc)\.\s*$", re.I)


def sentence_spans(pf: ParsedField) -> list[tuple[int, int]]:
    """Character spans of the field's sentences, with abbreviation splits repaired."""
    spans: list[tuple[int, int]] = []
    for start, end in _pieces(pf):
        if spans and (_abbrev_end(pf.text, *spans[-1]) or not any(c.isalnum() for c in pf.text[start:end])):
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    return spans or [(0, len(pf.text))]


def _abbrev_end(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] ends with an abbreviation ("No.", "e.g."), looking only at its
    last few characters (not the whole span, which grows as pieces are glued on)."""
    tail = end
    while tail > start and text[tail - 1].isspace():
        tail -= 1
    return _ABBREV_END.search(text, max(start, tail - 12), tail) is not None


def _pieces(pf: ParsedField) -> Iterator[tuple[int, int]]:
    """The sentencizer's sentences, also cut at blank lines (a heading or list item ends there)."""
    for sent in pf.doc.sents:
        start = sent.start_char
        for gap in _BLANK_LINE.finditer(pf.text, start, sent.end_char):
            if pf.text[start:gap.start()].strip():
                yield start, gap.start()
            start = gap.end()
        if pf.text[start:sent.end_char].strip() or start == sent.start_char:
            yield start, sent.end_char


def window(spans: list[tuple[int, int]], start: int, before: int = 1, after: int = 1) -> tuple[int, int]:
    """The span from `before` sentences ahead of the one holding `start` to `after` past it."""
    idx = min(bisect_right(spans, start, key=lambda se: se[1]), len(spans) - 1)  # first span ending after start
    lo = spans[max(0, idx - before)][0]
    hi = spans[min(len(spans) - 1, idx + after)][1]
    return lo, hi


def sentence_of(spans: list[tuple[int, int]], start: int) -> tuple[int, int]:
    return window(spans, start, 0, 0)


def has_footnotes(doc: Document) -> bool:
    return any(_FOOTNOTE_LINE.search(pf.text) for pf in doc.fields.values())


def cues(doc: Document, field: str, lo: int, hi: int, kinds: Iterable[str] = ALL_KINDS,
         own: tuple[int, int] | None = None) -> list[LexMatch]:
    """Evidence cues of the given kinds inside [lo, hi) of a field.

    A bare link counts only inside `own` (the claim's sentence): the link in the next sentence
    is usually a call to action ("Shop now"), unless it is labelled as a source or study
    (lexicons/evidence_links.yml), which counts anywhere in the window.
    """
    kinds = frozenset(kinds)
    footnotes: bool | None = None
    found = [m for m in doc.overlapping("evidence_links", field, lo, hi) if lo <= m.start < hi]
    for m in doc.overlapping("evidence_cues", field, lo, hi):
        if m.end <= lo or m.start >= hi:
            continue
        if m.entry.id == "link" and own is not None and not (own[0] <= m.start < own[1]):
            continue
        tags = set(m.entry.data.get("tags", ())) & kinds
        if not tags:
            continue
        if tags == {"footnote"}:
            if footnotes is None:
                footnotes = has_footnotes(doc)
            text = doc.fields[field].text
            line = text[_line_start(text, m.start):m.start]
            if not footnotes or _FOOTNOTE_LINE.match(text, _line_start(text, m.start)):
                continue  # a marker with no footnote, or the footnote line itself
            if m.text.startswith("*") and re.search(r"(?:^|\s)" + re.escape(m.text) + r"\S", line):
                continue  # the closing half of Markdown **emphasis**
        found.append(m)
    return found


def _line_start(text: str, pos: int) -> int:
    return text.rfind("\n", 0, pos) + 1


def supported(doc: Document, m: LexMatch, kinds: Iterable[str] = ALL_KINDS,
              spans: list[tuple[int, int]] | None = None) -> bool:
    """True when evidence of `kinds` is in the match's sentence or an adjacent one."""
    spans = spans if spans is not None else sentence_spans(doc.fields[m.field])
    lo, hi = window(spans, m.start)
    if cues(doc, m.field, lo, hi, kinds, own=sentence_of(spans, m.start)):
        return True
    # A claim in the subject or preheader: the sentence after it is the start of the next field.
    order = [name for name in ("subject", "preheader", "body") if name in doc.fields]
    if m.field in order[:-1]:
        nxt = doc.fields[order[order.index(m.field) + 1]]
        first = sentence_spans(nxt)[0]
        return bool(cues(doc, nxt.name, first[0], first[1], kinds, own=first))
    return False


def claim_matches(doc: Document, lexicon: str) -> list[LexMatch]:
    """Matches of a claim lexicon, longest first at each position, overlaps and `unless`/`exempt` entries removed."""
    out: list[LexMatch] = []
    for m in sorted(doc.matches(lexicon), key=lambda m: (m.field, m.start, -m.end)):
        tags = m.entry.data.get("tags", ())
        if "unless" in tags or "exempt" in tags:
            continue
        if out and out[-1].field == m.field and m.start < out[-1].end:
            continue
        out.append(m)
    return out


def silenced(doc: Document, lexicon: str, m: LexMatch, spans: list[tuple[int, int]]) -> bool:
    """True when an entry tagged `unless` of the same lexicon is in the match's sentence.

    An `unless` entry with further tags silences only claim entries sharing one of them
    (a refund clause silences "guaranteed results", not "works every time").
    """
    lo, hi = sentence_of(spans, m.start)
    claim_tags = set(m.entry.data.get("tags", ()))
    for u in doc.overlapping(lexicon, m.field, lo, hi):
        tags = set(u.entry.data.get("tags", ()))
        if "unless" not in tags or u.field != m.field or not lo <= u.start < hi:
            continue
        if tags == {"unless"} or (tags - {"unless"}) & claim_tags:
            return True
    return False


def sourced_statistics(doc: Document) -> Iterator[Hit]:
    """Positive signal: an outcome statistic with its source, sample or date nearby, or a rating with its review count."""
    spans: dict[str, list[tuple[int, int]]] = {}
    for m in claim_matches(doc, "statistics"):
        if m.field not in spans:
            spans[m.field] = sentence_spans(doc.fields[m.field])
        if not silenced(doc, "statistics", m, spans[m.field]) and supported(doc, m, spans=spans[m.field]):
            yield Hit(m.field, m.start, m.end)
    for m in doc.matches("evidence_cues"):
        if m.entry.id == "rating-count":
            yield Hit(m.field, m.start, m.end)
