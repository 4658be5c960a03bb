"""Helpers the reliability and pressure rules share: sentence windows and nearby dates.

No rule classes here. "Adjacent" means the sentence before and the one after, as the
pipeline's sentencizer split them (a blank line also ends a sentence window).
"""
from __future__ import annotations

from typing import Any, Iterable

from .. import datetimes


def sentences(pf: Any) -> list[tuple[int, int]]:
    """Character bounds of the sentences of a parsed field, split again at blank lines."""
    out: list[tuple[int, int]] = []
    text = pf.text
    for sent in pf.doc.sents:
        s, e = sent.start_char, sent.end_char
        cut = text.find("\n\n", s, e)
        while cut != -1:
            if text[s:cut].strip():
                out.append((s, cut))
            s = cut + 2
            cut = text.find("\n\n", s, e)
        if text[s:e].strip():
            out.append((s, e))
    return out or [(0, len(text))]


def window(pf: Any, start: int, end: int, before: int = 1, after: int = 1) -> tuple[int, int]:
    """Bounds of the sentence(s) holding [start, end) plus `before`/`after` neighbours."""
    sents = sentences(pf)
    first = next((i for i, (s, e) in enumerate(sents) if s <= start < e), 0)
    last = next((i for i, (s, e) in enumerate(sents) if s < end <= e), first)
    last = max(first, last)
    lo = sents[max(0, first - before)][0]
    hi = sents[min(len(sents) - 1, last + after)][1]
    return lo, hi


def concrete_near(pf: Any, start: int, end: int, before: int = 1, after: int = 1) -> bool:
    """True when a concrete date/time is in the same or an adjacent sentence."""
    lo, hi = window(pf, start, end, before, after)
    return datetimes.has_concrete(pf.text, lo, hi)


def any_within(matches: Iterable[Any], field: str, lo: int, hi: int) -> bool:
    return any(m.field == field and m.start < hi and m.end > lo for m in matches)


def one_per_sentence(pf: Any, spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Keep the first span of each sentence, so a sentence with three cues is one finding."""
    seen: set[int] = set()
    out = []
    for s, e in sorted(spans):
        key = window(pf, s, e, 0, 0)[0]
        if key not in seen:
            seen.add(key)
            out.append((s, e))
    return out
