"""A field's merge tokens as arrays: offsets per token, a description per distinct token.

A draft repeats the same few tokens ("{{ first_name }}", "{% endif %}"): a 5 MB draft of
template blocks has ~400,000 tokens but a handful of distinct ones. As a tuple of frozen
records, each with its own raw string and two offsets, they cost ~300 bytes a token (~120 MB);
here a token is three machine integers (its description's index, start, end: 24 bytes) and
each distinct description (platform, kind, raw, name, fallback) is kept once.

`TokenList` is a read-only sequence of the records: indexing and iterating make each record
when it is asked for (`make(platform, kind, raw, name, fallback, start, end)`, the record
class given by trustlint.source.templates). Rules that need only the distinct descriptions
(which platforms, which footer roles) ask `distinct()`; `overlaps(lo, hi)` is a bisect.
"""
from __future__ import annotations

from array import array
from bisect import bisect_right
from typing import Any, Callable, Iterable, Iterator

Desc = tuple[str, str, str, str, "str | None"]  # platform, kind, raw, name, fallback


class TokenList:
    """Tokens in text order (see the module docstring)."""

    __slots__ = ("_make", "descs", "kinds", "starts", "ends", "_index")

    def __init__(self, make: Callable[..., Any]) -> None:
        self._make = make
        self.descs: list[Desc] = []  # distinct descriptions, in order of first use
        self._index: dict[Desc, int] = {}
        self.kinds = array("q")  # per token: its index in descs
        self.starts = array("q")
        self.ends = array("q")

    @classmethod
    def of(cls, make: Callable[..., Any], tokens: Iterable[Any]) -> TokenList:
        """A TokenList of existing records (anything with the record's attributes)."""
        out = cls(make)
        for t in tokens:
            out.append((t.platform, t.kind, t.raw, t.name, t.fallback), t.start, t.end)
        return out

    def append(self, desc: Desc, start: int, end: int) -> None:
        self.add(self.intern(desc), start, end)

    def intern(self, desc: Desc) -> int:
        """The index of `desc` in `descs` (added if new)."""
        i = self._index.get(desc)
        if i is None:
            i = self._index[desc] = len(self.descs)
            self.descs.append(desc)
        return i

    def add(self, k: int, start: int, end: int) -> None:
        """Append a token of description `descs[k]` at [start, end)."""
        self.kinds.append(k)
        self.starts.append(start)
        self.ends.append(end)

    def relocated(self, starts: array, ends: array) -> TokenList:
        """The same tokens at new offsets (one start and end per token, in order)."""
        out = TokenList(self._make)
        out.descs, out._index, out.kinds = self.descs, self._index, self.kinds
        out.starts, out.ends = starts, ends
        return out

    def __len__(self) -> int:
        return len(self.kinds)

    def __getitem__(self, i: Any) -> Any:
        if isinstance(i, slice):
            return tuple(self[j] for j in range(*i.indices(len(self))))
        k = self.kinds[i]
        return self._make(*self.descs[k], self.starts[i], self.ends[i])

    def __iter__(self) -> Iterator[Any]:
        make, descs = self._make, self.descs
        for k, s, e in zip(self.kinds, self.starts, self.ends):
            yield make(*descs[k], s, e)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, TokenList):
            return (self.starts == other.starts and self.ends == other.ends
                    and [self.descs[k] for k in self.kinds] == [other.descs[k] for k in other.kinds])
        if isinstance(other, (tuple, list)):
            return len(other) == len(self) and all(a == b for a, b in zip(self, other))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"TokenList({list(self)!r})"

    def __getstate__(self) -> tuple[Any, ...]:
        return (self._make, self.descs, self.kinds, self.starts, self.ends)

    def __setstate__(self, state: tuple[Any, ...]) -> None:
        self._make, self.descs, self.kinds, self.starts, self.ends = state
        self._index = {d: i for i, d in enumerate(self.descs)}

    def distinct(self) -> list[Any]:
        """One record per distinct description, at its first occurrence, in description order
        (which is the order of first use): for questions about the set of tokens."""
        first = [-1] * len(self.descs)
        todo = len(self.descs)
        for i, k in enumerate(self.kinds):
            if first[k] < 0:
                first[k] = i
                todo -= 1
                if not todo:
                    break
        return [self[i] for i in first if i >= 0]

    def where(self, keep: Callable[[Any], bool]) -> Iterator[Any]:
        """The records that pass `keep`, in text order. `keep` must look only at what a
        description holds (not the offsets): it is asked once per description, of a record
        at offset 0."""
        wanted = [keep(self._make(*d, 0, 0)) for d in self.descs]
        if not any(wanted):
            return
        for i, k in enumerate(self.kinds):
            if wanted[k]:
                yield self[i]

    def overlaps(self, lo: int, hi: int) -> bool:
        """Whether a token overlaps [lo, hi) (start < hi and lo < end), by a bisect: tokens
        are in text order and do not overlap one another, so starts and ends both ascend."""
        i = bisect_right(self.ends, lo)  # the first token ending after lo
        return i < len(self.ends) and self.starts[i] < hi
