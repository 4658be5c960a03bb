"""Evidence near a claim: the shared logic behind TL101-TL103 and the sourced-statistic signal.

A claim is supported when an evidence cue (lexicons/evidence_cues.yml: a named source,
"according to", a link, a study with its sample, a rating with its review count, a date of
measurement) sits in the claim's sentence or in the sentence just before or after it. A
footnote marker counts only when the draft really has a footnote line for it.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING, Iterable, Iterator

from ..findings import Hit

if TYPE_CHECKING:
    from ..nlp.document import Document, LexMatch

ALL_KINDS = frozenset({"citation", "sample", "source", "footnote", "study", "rating", "date"})
CITATION_KINDS = frozenset({"citation", "sample", "source", "footnote"})
#: the lexicons cues() reads
LEXICONS = ("evidence_cues", "evidence_links")
#: the sentence windows evidence is looked for in (trustlint/nlp/sentences.py: abbreviations repaired)
SPLIT = "repaired"

# A footnote line: a marker at the start of a line followed by some words; "**Bold** text" is
# Markdown emphasis, not a footnote.
_FOOTNOTE_LINE = re.compile(r"(?m)^[ \t]*(?:\*{1,3}(?![^\n]*\*)|†|‡|[¹²³⁴⁵⁶⁷⁸⁹⁰]+|\[\d{1,2}\])[ \t]*\S+(?:[ \t]+\S+){2,}")
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


def supported(doc: Document, m: LexMatch, kinds: Iterable[str] = ALL_KINDS) -> bool:
    """True when evidence of `kinds` is in the match's sentence or an adjacent one."""
    pf = doc.fields[m.field]
    lo, hi = pf.window(m.start, split=SPLIT)
    if cues(doc, m.field, lo, hi, kinds, own=pf.sentence(m.start, SPLIT)):
        return True
    # A claim in the subject or preheader: the sentence after it is the start of the next field.
    order = [name for name in ("subject", "preheader", "body") if name in doc.fields]
    if m.field in order[:-1]:
        nxt = doc.fields[order[order.index(m.field) + 1]]
        first = nxt.sentence_spans(SPLIT)[0]
        # a bare link opening the next field ("View online", "Unsubscribe: https://...") is
        # boilerplate, not a source for the subject's claim: only labelled source links count
        return bool(cues(doc, nxt.name, first[0], first[1], kinds, own=(first[0], first[0])))
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


def silenced(doc: Document, lexicon: str, m: LexMatch) -> bool:
    """True when an entry tagged `unless` of the same lexicon is in the match's sentence.

    An `unless` entry with further tags silences only claim entries sharing one of them
    (a refund clause silences "guaranteed results", not "works every time").
    """
    lo, hi = doc.fields[m.field].sentence(m.start, SPLIT)
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
    for m in claim_matches(doc, "statistics"):
        if not silenced(doc, "statistics", m) and supported(doc, m):
            yield Hit(m.field, m.start, m.end)
    for m in doc.matches("evidence_cues"):
        if m.entry.id == "rating-count":
            yield Hit(m.field, m.start, m.end)
