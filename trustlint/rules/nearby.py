"""Helpers the reliability and pressure rules share: sentence windows and nearby dates.

No rule classes here. "Adjacent" means the sentence before and the one after, as the
pipeline's sentencizer split them (a blank line also ends a sentence window).
"""
from __future__ import annotations

from bisect import bisect_right
from typing import Any, Callable, Iterable

from ..nlp import datetimes


def sentences(pf: Any) -> tuple[tuple[int, int], ...]:
    """Sentence windows of a parsed field (computed once at parse time, split at blank lines)."""
    return pf.sentences


def _start(span: tuple[int, int]) -> int:
    return span[0]


def window(pf: Any, start: int, end: int, before: int = 1, after: int = 1) -> tuple[int, int]:
    """Bounds of the sentence(s) holding [start, end) plus `before`/`after` neighbours."""
    sents = pf.sentences
    first = max(0, bisect_right(sents, start, key=_start) - 1)  # O(log n): no list of starts per call
    last = max(first, bisect_right(sents, max(start, end - 1), key=_start) - 1)
    lo = sents[max(0, first - before)][0]
    hi = sents[min(len(sents) - 1, last + after)][1]
    return lo, hi


def concrete_near(pf: Any, start: int, end: int, before: int = 1, after: int = 1) -> bool:
    """True when a concrete date/time is in the same or an adjacent sentence."""
    lo, hi = window(pf, start, end, before, after)
    return datetimes.has_concrete(pf.times, lo, hi)


def any_within(matches: Iterable[Any], field: str, lo: int, hi: int) -> bool:
    return any(m.field == field and m.start < hi and m.end > lo for m in matches)


def unbacked(pf: Any, found: Iterable[Any], backed: Callable[[int, int, list[Any]], bool]) -> list[tuple[int, int]]:
    """Spans of the claims in `found` that no evidence backs, one per sentence.

    Matches tagged `evidence` are the evidence; `backed(lo, hi, evidence_in_window)` decides
    whether a claim whose window is [lo, hi) is supported.
    """
    found = list(found)
    evidence = [m for m in found if "evidence" in m.entry.data.get("tags", ())]
    spans = []
    for m in found:
        if "evidence" in m.entry.data.get("tags", ()):
            continue
        lo, hi = window(pf, m.start, m.end)
        if not backed(lo, hi, [e for e in evidence if e.start < hi and e.end > lo]):
            spans.append((m.start, m.end))
    return one_per_sentence(pf, spans)


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
