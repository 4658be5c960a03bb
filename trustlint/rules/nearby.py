"""Helpers the reliability and pressure rules share: sentence windows and nearby dates.

No rule classes here. "Adjacent" means the sentence before and the one after, as the
pipeline's sentencizer split them (a blank line also ends a sentence window).
"""
from __future__ import annotations

from bisect import bisect_right
from typing import Any, Iterable

from .. import datetimes


_CACHE: dict[str, list[tuple[int, int]]] = {}
_CACHE_MAX = 64


def sentences(pf: Any) -> list[tuple[int, int]]:
    """Character bounds of the sentences of a parsed field, split again at blank lines.

    Cached by text: the same text always splits the same way in one pipeline.
    """
    text = pf.text
    hit = _CACHE.get(text)
    if hit is not None:
        return hit
    out: list[tuple[int, int]] = []
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
    out = out or [(0, len(text))]
    if len(_CACHE) >= _CACHE_MAX:
        _CACHE.clear()
    _CACHE[text] = out
    return out


def window(pf: Any, start: int, end: int, before: int = 1, after: int = 1) -> tuple[int, int]:
    """Bounds of the sentence(s) holding [start, end) plus `before`/`after` neighbours."""
    sents = sentences(pf)
    starts = [s for s, _ in sents] if len(sents) < 2 else _starts(sents)
    first = max(0, bisect_right(starts, start) - 1)
    last = max(first, bisect_right(starts, max(start, end - 1)) - 1)
    lo = sents[max(0, first - before)][0]
    hi = sents[min(len(sents) - 1, last + after)][1]
    return lo, hi


_STARTS: dict[int, tuple[list[tuple[int, int]], list[int]]] = {}


def _starts(sents: list[tuple[int, int]]) -> list[int]:
    key = id(sents)
    got = _STARTS.get(key)
    if got is None or got[0] is not sents:
        if len(_STARTS) >= _CACHE_MAX:
            _STARTS.clear()
        got = (sents, [s for s, _ in sents])
        _STARTS[key] = got
    return got[1]


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
