"""Maps offsets in linted text back to offsets in the original file.

Every stage that turns file text into linted text (header fields, front matter, token masking,
HTML extraction) builds the linted text from pieces, each either copied from the source or
replacing a source span. `TextMap` records those pieces so any finding maps back exactly.

A map keeps its pieces as four arrays of machine integers (`array("q")`), not as a Python
object per piece: a 5 MB draft of template blocks has ~800,000 pieces, which as tuples of
Python ints cost ~200 bytes each (~170 MB); as arrays they cost 32 bytes each. `pieces` is a
read-only view that makes a `Piece` only for the piece asked for.
"""
from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right
from typing import Any, Iterable, Iterator, NamedTuple, Sequence, overload


class Piece(NamedTuple):
    """One piece of linted text and the source span it stands for."""

    text_start: int
    text_end: int
    src_start: int
    src_end: int

    @property
    def copied(self) -> bool:
        return self.text_end - self.text_start == self.src_end - self.src_start


def _ints() -> array:
    return array("q")


class TextBuilder:
    """Builds linted text and its `TextMap` piece by piece."""

    __slots__ = ("parts", "length", "_t0", "_t1", "_s0", "_s1")

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self._t0, self._t1, self._s0, self._s1 = _ints(), _ints(), _ints(), _ints()

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
            self._piece(self.length, self.length, src_start, src_end)

    def _add(self, text: str, src_start: int, src_end: int) -> None:
        if not text:
            return
        self._piece(self.length, self.length + len(text), src_start, src_end)
        self.parts.append(text)
        self.length += len(text)

    def _piece(self, t0: int, t1: int, s0: int, s1: int) -> None:
        self._t0.append(t0)
        self._t1.append(t1)
        self._s0.append(s0)
        self._s1.append(s1)

    @property
    def pieces(self) -> Sequence[Piece]:
        return _Pieces(self._t0, self._t1, self._s0, self._s1)

    def build(self) -> tuple[str, TextMap]:
        return "".join(self.parts), TextMap._of(self._t0, self._t1, self._s0, self._s1)


class _Pieces(Sequence[Piece]):
    """A read-only sequence of `Piece`s over a map's arrays (each made when asked for)."""

    __slots__ = ("_cols",)

    def __init__(self, t0: array, t1: array, s0: array, s1: array) -> None:
        self._cols = (t0, t1, s0, s1)

    def __len__(self) -> int:
        return len(self._cols[0])

    @overload
    def __getitem__(self, i: int) -> Piece: ...
    @overload
    def __getitem__(self, i: slice) -> tuple[Piece, ...]: ...

    def __getitem__(self, i):  # type: ignore[no-untyped-def]
        if isinstance(i, slice):
            return tuple(Piece(*p) for p in zip(*(c[i] for c in self._cols)))
        t0, t1, s0, s1 = self._cols
        return Piece(t0[i], t1[i], s0[i], s1[i])

    def __iter__(self) -> Iterator[Piece]:
        return map(Piece, *self._cols)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, _Pieces):
            return self._cols == other._cols
        return isinstance(other, (tuple, list)) and tuple(self) == tuple(other)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"({', '.join(map(repr, self))})"


class TextMap:
    """An immutable map from linted-text offsets to source offsets (see the module docstring)."""

    __slots__ = ("_t0", "_t1", "_s0", "_s1")

    def __init__(self, pieces: Iterable[tuple[int, int, int, int]] = ()) -> None:
        t0, t1, s0, s1 = _ints(), _ints(), _ints(), _ints()
        for a, b, c, d in pieces:
            t0.append(a)
            t1.append(b)
            s0.append(c)
            s1.append(d)
        self._t0, self._t1, self._s0, self._s1 = t0, t1, s0, s1

    @classmethod
    def _of(cls, t0: array, t1: array, s0: array, s1: array) -> TextMap:
        """A map over these arrays (taken as they are: the caller hands them over)."""
        out = cls.__new__(cls)
        out._t0, out._t1, out._s0, out._s1 = t0, t1, s0, s1
        return out

    @classmethod
    def identity(cls, length: int, src_start: int = 0) -> TextMap:
        return cls(((0, length, src_start, src_start + length),) if length else ())

    @property
    def pieces(self) -> Sequence[Piece]:
        return _Pieces(self._t0, self._t1, self._s0, self._s1)

    def __len__(self) -> int:
        return len(self._t0)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, TextMap):
            return NotImplemented
        return (self._t0, self._t1, self._s0, self._s1) == (other._t0, other._t1, other._s0, other._s1)

    def __hash__(self) -> int:
        return hash((self._t0.tobytes(), self._s0.tobytes(), self._t1.tobytes(), self._s1.tobytes()))

    def __repr__(self) -> str:
        return f"TextMap(pieces={self.pieces!r})"

    def __getstate__(self) -> tuple[bytes, ...]:
        return self._t0.tobytes(), self._t1.tobytes(), self._s0.tobytes(), self._s1.tobytes()

    def __setstate__(self, state: tuple[bytes, ...]) -> None:
        cols = []
        for raw in state:
            col = _ints()
            col.frombytes(raw)
            cols.append(col)
        self._t0, self._t1, self._s0, self._s1 = cols

    def _index(self, offset: int) -> int:
        """The piece holding text offset `offset` (the last one starting at or before it)."""
        return max(0, bisect_right(self._t0, offset) - 1)

    def _dropped_at(self, offset: int) -> int:
        """The first zero-width piece at text offset `offset`, or -1."""
        t0, t1 = self._t0, self._t1
        idx = bisect_left(t0, offset)
        while idx < len(t0) and t0[idx] == offset:
            if t1[idx] == offset:
                return idx
            idx += 1
        return -1

    def to_source(self, start: int, end: int) -> tuple[int, int]:
        """Map the text span [start, end) to a source span."""
        t0, t1, s0, s1 = self._t0, self._t1, self._s0, self._s1
        if not t0:
            return 0, 0
        if start == end:
            d = self._dropped_at(start)
            if d >= 0:
                return s0[d], s1[d]
        i = self._index(start)
        j = self._index(max(start, end - 1))
        a0, a1, b0, b1 = t0[i], t1[i], s0[i], s1[i]
        if a1 - a0 == b1 - b0:  # copied
            src_start = b0 + min(start - a0, b1 - b0)
        else:
            src_start = b0
        a0, a1, b0, b1 = t0[j], t1[j], s0[j], s1[j]
        if a1 - a0 == b1 - b0:
            src_end = b0 + min(max(end, a0) - a0, b1 - b0)
        else:
            src_end = b1
        return src_start, max(src_start, src_end)

    def to_source_many(self, starts: Any, ends: Any) -> tuple[Any, Any]:
        """to_source of many spans at once: numpy int64 arrays of starts and ends in, source
        starts and ends out (the same values, element by element; tests/test_textmap.py)."""
        import numpy as np

        starts = np.asarray(starts, dtype=np.int64)
        ends = np.asarray(ends, dtype=np.int64)
        if not self._t0:
            return np.zeros_like(starts), np.zeros_like(ends)
        t0, t1, s0, s1 = (np.frombuffer(col, dtype=np.int64) for col in (self._t0, self._t1, self._s0, self._s1))
        last = len(t0) - 1
        i = np.clip(np.searchsorted(t0, starts, side="right") - 1, 0, last)
        j = np.clip(np.searchsorted(t0, np.maximum(starts, ends - 1), side="right") - 1, 0, last)
        copied_i = (t1[i] - t0[i]) == (s1[i] - s0[i])
        src_start = np.where(copied_i, s0[i] + np.minimum(starts - t0[i], s1[i] - s0[i]), s0[i])
        copied_j = (t1[j] - t0[j]) == (s1[j] - s0[j])
        src_end = np.where(copied_j, s0[j] + np.minimum(np.maximum(ends, t0[j]) - t0[j], s1[j] - s0[j]), s1[j])
        src_end = np.maximum(src_start, src_end)
        empty = np.flatnonzero(starts == ends)
        if len(empty):  # an empty span on a dropped (zero-width) piece maps to that piece
            zero = np.flatnonzero(t0 == t1)
            if len(zero):
                at = t0[zero]
                k = np.searchsorted(at, starts[empty], side="left")
                ok = k < len(zero)
                hit = np.zeros(len(empty), dtype=bool)
                hit[ok] = at[k[ok]] == starts[empty][ok]
                d = zero[k[hit]]
                src_start[empty[hit]] = s0[d]
                src_end[empty[hit]] = s1[d]
        return src_start, src_end

    def compose(self, inner: TextMap) -> TextMap:
        """self maps text A to B and `inner` maps B to C: return the map from A to C.

        Both maps' pieces are in text order, so each copied piece of self is matched with
        the pieces of `inner` it overlaps from a bisect on: linear in the pieces."""
        o0, o1, o2, o3 = _ints(), _ints(), _ints(), _ints()
        add0, add1, add2, add3 = o0.append, o1.append, o2.append, o3.append
        qt0, qt1, qs0, qs1 = inner._t0, inner._t1, inner._s0, inner._s1
        if len(qt0) == 1 and qt1[0] - qt0[0] == qs1[0] - qs0[0]:  # copied whole: a shift
            a_, b_, q0 = qt0[0], qt1[0], qs0[0]
            qlen = b_ - a_
            for t0, t1, s0, s1 in zip(self._t0, self._t1, self._s0, self._s1):
                if t1 - t0 == s1 - s0:  # copied
                    a, b = max(s0, a_), min(s1, b_)
                    if a < b:
                        add0(t0 + a - s0)
                        add1(t0 + b - s0)
                        add2(q0 + (a - a_))
                        add3(q0 + (b - a_))
                    continue
                if s0 == s1:
                    c0, c1 = inner.to_source(s0, s1)
                else:  # inner.to_source(s0, s1) for the one copied piece
                    c0 = q0 + min(s0 - a_, qlen)
                    c1 = max(c0, q0 + min(max(s1, a_) - a_, qlen))
                add0(t0)
                add1(t1)
                add2(c0)
                add3(c1)
            return TextMap._of(o0, o1, o2, o3)
        nq = len(qt0)
        for t0, t1, s0, s1 in zip(self._t0, self._t1, self._s0, self._s1):
            if t1 - t0 != s1 - s0:
                c0, c1 = inner.to_source(s0, s1)
                add0(t0)
                add1(t1)
                add2(c0)
                add3(c1)
                continue
            j = max(0, bisect_right(qt0, s0) - 1)
            while j > 0 and qt1[j - 1] > s0:
                j -= 1
            while j < nq and qt0[j] < s1:
                q_t0, q_t1, q_s0, q_s1 = qt0[j], qt1[j], qs0[j], qs1[j]
                j += 1
                a, b = max(s0, q_t0), min(s1, q_t1)
                if a >= b:
                    continue
                add0(t0 + (a - s0))
                add1(t0 + (b - s0))
                if q_t1 - q_t0 == q_s1 - q_s0:
                    add2(q_s0 + (a - q_t0))
                    add3(q_s0 + (b - q_t0))
                else:
                    add2(q_s0)
                    add3(q_s1)
        return TextMap._of(o0, o1, o2, o3)

    def text_offset(self, offset: int) -> int:
        """The text offset of source offset `offset`, which no replacement covers (a merge
        token's bound when folding): the first piece, in order, whose source span holds it (or
        ends at it, when copied) gives it; past every piece, the end of the text. Source spans
        are in order, as every builder makes them, so a bisect finds that piece."""
        t0, t1, s0, s1 = self._t0, self._t1, self._s0, self._s1
        n = len(t0)
        if not n:
            return offset
        i = max(0, bisect_left(s0, offset) - 1)
        while i > 0 and s1[i - 1] >= offset:  # an earlier piece still reaching offset
            i -= 1
        while i < n and s0[i] <= offset:
            copied = t1[i] - t0[i] == s1[i] - s0[i]
            if offset < s1[i] or (offset == s1[i] and copied):
                if copied:
                    return t0[i] + (offset - s0[i])
                return t1[i] if offset >= s1[i] else t0[i]
            i += 1
        return t1[n - 1]
