"""Maps offsets in linted text back to offsets in the original file.

Every stage that turns file text into linted text (header fields, front matter, token masking,
HTML extraction) builds the linted text from pieces, each either copied from the source or
replacing a source span. `TextMap` records those pieces so any finding maps back exactly.
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from typing import NamedTuple


class Piece(NamedTuple):
    """One piece of linted text and the source span it stands for (a tuple: a field's map
    has a piece per merge token or text node, hundreds of thousands in a large draft)."""

    text_start: int
    text_end: int
    src_start: int
    src_end: int

    @property
    def copied(self) -> bool:
        return self.text_end - self.text_start == self.src_end - self.src_start


@dataclass
class TextBuilder:
    """Builds linted text and its `TextMap` piece by piece."""

    parts: list[str] = field(default_factory=list)
    pieces: list[Piece] = field(default_factory=list)
    length: int = 0

    def copy(self, text: str, src_start: int) -> None:
        """Append `text`, which stands at `src_start` in the source unchanged."""
        self._add(text, src_start, src_start + len(text))

    def replace(self, text: str, src_start: int, src_end: int) -> None:
        """Append `text`, which stands for the source span [src_start, src_end)."""
        self._add(text, src_start, src_end)

    def drop(self, src_start: int, src_end: int) -> None:
        """Record that the source span [src_start, src_end) was removed (a zero-width piece).

        A zero-width span at this point of the text (e.g. a rule pointing at a removed
        template block) maps back to the removed source span.
        """
        if src_end > src_start:
            self.pieces.append(Piece(self.length, self.length, src_start, src_end))

    def _add(self, text: str, src_start: int, src_end: int) -> None:
        if not text:
            return
        self.pieces.append(Piece(self.length, self.length + len(text), src_start, src_end))
        self.parts.append(text)
        self.length += len(text)

    def build(self) -> tuple[str, TextMap]:
        return "".join(self.parts), TextMap(tuple(self.pieces))


@dataclass(frozen=True)
class TextMap:
    pieces: tuple[Piece, ...]
    _starts: tuple[int, ...] = field(default=(), repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_starts", tuple(p.text_start for p in self.pieces))

    @classmethod
    def identity(cls, length: int, src_start: int = 0) -> TextMap:
        return cls((Piece(0, length, src_start, src_start + length),) if length else ())

    def _piece(self, offset: int) -> Piece | None:
        if not self.pieces:
            return None
        idx = max(0, bisect_right(self._starts, offset) - 1)
        return self.pieces[idx]

    def _dropped_at(self, offset: int) -> Piece | None:
        from bisect import bisect_left

        idx = bisect_left(self._starts, offset)
        while idx < len(self.pieces) and self.pieces[idx].text_start == offset:
            if self.pieces[idx].text_end == offset:
                return self.pieces[idx]
            idx += 1
        return None

    def to_source(self, start: int, end: int) -> tuple[int, int]:
        """Map the text span [start, end) to a source span."""
        if start == end:
            dropped = self._dropped_at(start)
            if dropped is not None:
                return dropped.src_start, dropped.src_end
        first = self._piece(start)
        if first is None:
            return 0, 0
        last = self._piece(max(start, end - 1)) or first
        if first.copied:
            src_start = first.src_start + min(start - first.text_start, first.src_end - first.src_start)
        else:
            src_start = first.src_start
        if last.copied:
            src_end = last.src_start + min(max(end, last.text_start) - last.text_start,
                                           last.src_end - last.src_start)
        else:
            src_end = last.src_end
        return src_start, max(src_start, src_end)

    def compose(self, inner: TextMap) -> TextMap:
        """self maps text A to B and `inner` maps B to C: return the map from A to C.

        Both maps' pieces are in text order, so each copied piece of self is matched with
        the pieces of `inner` it overlaps from a bisect on: linear in the pieces (it was
        every piece of self against every piece of inner)."""
        out: list[Piece] = []
        qs, starts = inner.pieces, inner._starts
        if len(qs) == 1 and qs[0].copied:  # a field copied whole from its source: a shift
            qt0, qt1, q0 = qs[0].text_start, qs[0].text_end, qs[0].src_start
            qlen = qt1 - qt0
            for p in self.pieces:
                t0, t1, s0, s1 = p
                if t1 - t0 == s1 - s0:  # copied
                    a, b = max(s0, qt0), min(s1, qt1)
                    if a < b:
                        out.append(Piece(t0 + a - s0, t0 + b - s0, q0 + (a - qt0), q0 + (b - qt0)))
                elif s0 == s1:
                    out.append(Piece(t0, t1, *inner.to_source(s0, s1)))
                else:  # inner.to_source(s0, s1) for the one copied piece
                    c0 = q0 + min(s0 - qt0, qlen)
                    out.append(Piece(t0, t1, c0, max(c0, q0 + min(max(s1, qt0) - qt0, qlen))))
            return TextMap(tuple(out))
        for p in self.pieces:
            if not p.copied:
                c_start, c_end = inner.to_source(p.src_start, p.src_end)
                out.append(Piece(p.text_start, p.text_end, c_start, c_end))
                continue
            j = max(0, bisect_right(starts, p.src_start) - 1)
            while j > 0 and qs[j - 1].text_end > p.src_start:
                j -= 1
            while j < len(qs) and qs[j].text_start < p.src_end:
                q = qs[j]
                j += 1
                a, b = max(p.src_start, q.text_start), min(p.src_end, q.text_end)
                if a >= b:
                    continue
                t_start, t_end = p.text_start + (a - p.src_start), p.text_start + (b - p.src_start)
                if q.copied:
                    out.append(Piece(t_start, t_end, q.src_start + (a - q.text_start),
                                     q.src_start + (b - q.text_start)))
                else:
                    out.append(Piece(t_start, t_end, q.src_start, q.src_end))
        return TextMap(tuple(out))
