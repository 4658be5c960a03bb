"""Helpers the reliability and pressure rules share: sentence windows and nearby dates.

No rule classes here. "Adjacent" means the sentence before and the one after, in the
field's "paragraph" sentence windows (`ParsedField.window`, trustlint/nlp/sentences.py: a blank
line also ends a sentence).
"""
from __future__ import annotations

from typing import Any, Callable, Iterable

from ..nlp import datetimes

#: an offset between two sentences counts with the sentence before it (trustlint/nlp/sentences.py)
GAP = "previous"


def concrete_near(pf: Any, start: int, end: int, before: int = 1, after: int = 1) -> bool:
    """True when a concrete date/time is in the same or an adjacent sentence."""
    lo, hi = pf.window(start, end, before, after, gap=GAP)
    return datetimes.has_concrete(pf.times, lo, hi)


def any_within(matches: Iterable[Any], field: str, lo: int, hi: int) -> bool:
    return any(m.field == field and m.start < hi and m.end > lo for m in matches)


def one_per_sentence(pf: Any, spans: Iterable[tuple[int, int]],
                     keep: Callable[[int, int], bool] | None = None) -> list[tuple[int, int]]:
    """Keep the first span of each sentence, so a sentence with three cues is one finding.

    With `keep`, the first span of each sentence for which keep(start, end) holds: the same as
    filtering the spans by `keep` first, but `keep` is asked only until its sentence has a span
    (the search stops at the first hit per sentence)."""
    seen: set[int] = set()
    out = []
    for s, e in sorted(spans):
        key = pf.sentence(s, gap=GAP)[0]
        if key not in seen and (keep is None or keep(s, e)):
            seen.add(key)
            out.append((s, e))
    return out
