"""A parsed field's tokens and sentences as a few numpy arrays, in place of a spaCy Doc.

A spaCy Doc costs ~170 bytes per token (~37 bytes per character of prose: ~190 MB for a 5 MB
draft) and a Python object per token or sentence each time it is walked. trustlint.nlp
parses a field (in blocks, when it is large), reads each block's Doc into a `TokenTable` with
`Doc.to_array` and drops the Doc: 21 bytes per token. Rules read the table through the small
part of the Doc API they use, with the same values a Doc gives:

- iterating yields `Tok`s (`text`, `idx`, `i`, `is_alpha`, `is_space`, `is_upper`,
  `like_num`, `norm_`, `whitespace_`);
- `sents` yields `Sent`s (`start`, `end`, `start_char`, `end_char`, `text`, iterable),
  bounded as `Doc.sents` bounds them;
- `char_span(start, end, alignment_mode="expand")` selects tokens as `Doc.char_span` does.

Array views for vectorised rules: `idx`, `length`, `flags` (the `F_*` bits), `sent_starts`.
"""
from __future__ import annotations

from typing import Any, Iterator, Sequence

import numpy as np

F_ALPHA, F_SPACE, F_UPPER, F_NUM, F_PUNCT, F_WS = 1, 2, 4, 8, 16, 32  # F_WS: a trailing space


class Tok:
    """One token, with the spaCy Token attributes trustlint reads."""

    __slots__ = ("i", "idx", "text", "_flags", "_norm", "_strings")

    def __init__(self, i: int, idx: int, text: str, flags: int, norm: int, strings: Any) -> None:
        self.i, self.idx, self.text, self._flags, self._norm, self._strings = i, idx, text, flags, norm, strings

    is_alpha = property(lambda self: bool(self._flags & F_ALPHA))
    is_space = property(lambda self: bool(self._flags & F_SPACE))
    is_upper = property(lambda self: bool(self._flags & F_UPPER))
    like_num = property(lambda self: bool(self._flags & F_NUM))
    is_punct = property(lambda self: bool(self._flags & F_PUNCT))
    whitespace_ = property(lambda self: " " if self._flags & F_WS else "")
    norm_ = property(lambda self: self._strings[self._norm])

    def __len__(self) -> int:
        return len(self.text)

    def __str__(self) -> str:
        return self.text

    __repr__ = __str__


class Sent:
    """Tokens start..end-1 of a table (a sentence, or a char_span), like a spaCy Span."""

    __slots__ = ("table", "start", "end", "start_char", "end_char")

    def __init__(self, table: "TokenTable", start: int, end: int) -> None:
        self.table, self.start, self.end = table, start, end
        self.start_char = int(table.idx[start])
        self.end_char = int(table.idx[end - 1] + table.length[end - 1])

    @property
    def text(self) -> str:
        return self.table.text[self.start_char:self.end_char]

    def __iter__(self) -> Iterator[Tok]:
        return self.table.tokens(self.start, self.end)

    def __len__(self) -> int:
        return self.end - self.start

    def __str__(self) -> str:
        return self.text

    __repr__ = __str__


class TokenTable:
    """The tokens and sentence starts of one field's text (see the module docstring)."""

    def __init__(self, text: str, idx: np.ndarray, length: np.ndarray, flags: np.ndarray, norm: np.ndarray,
                 sent_starts: np.ndarray, strings: Any) -> None:
        self.text = text
        self.idx = idx  # int32: character offset of each token
        self.length = length  # int32: its length in characters
        self.flags = flags  # uint8: F_* bits
        self.norm = norm  # uint64: spaCy hash of its norm_
        self.sent_starts = sent_starts  # int32: token index of each sentence's first token, ascending
        self.strings = strings  # the pipeline's StringStore (norm_ from hash)

    @classmethod
    def from_parts(cls, text: str, parts: Sequence[tuple[np.ndarray, ...]], strings: Any) -> "TokenTable":
        """Join block tables: `parts` are (idx, length, flags, norm, sent_starts) per block, idx
        already in field offsets, sent_starts in block token indices."""
        if not parts:
            empty = np.zeros(0, dtype=np.int32)
            return cls(text, empty, empty, np.zeros(0, dtype=np.uint8), np.zeros(0, dtype=np.uint64), empty, strings)
        if len(parts) == 1:
            return cls(text, *parts[0], strings)
        base, starts = 0, []
        for p in parts:
            starts.append(p[4] + base)
            base += len(p[0])
        return cls(text, *(np.concatenate([p[k] for p in parts]) for k in range(4)),
                   np.concatenate(starts).astype(np.int32), strings)

    def __len__(self) -> int:
        return len(self.idx)

    def __iter__(self) -> Iterator[Tok]:
        return self.tokens(0, len(self.idx))

    def __getitem__(self, i: int) -> Tok:
        n = len(self.idx)
        if i < 0:
            i += n
        if not 0 <= i < n:
            raise IndexError(i)
        return next(self.tokens(i, i + 1))

    def tokens(self, start: int, end: int) -> Iterator[Tok]:
        """Tok objects for tokens start..end-1, made 4096 at a time (never a Python int per
        token of a whole large field at once)."""
        text, strings = self.text, self.strings
        for a in range(start, end, 4096):
            b = min(end, a + 4096)
            for k, (s, n, f, h) in enumerate(zip(self.idx[a:b].tolist(), self.length[a:b].tolist(),
                                                 self.flags[a:b].tolist(), self.norm[a:b].tolist()), a):
                yield Tok(k, s, text[s:s + n], f, h, strings)

    @property
    def sents(self) -> Iterator[Sent]:
        """As Doc.sents: from each sentence start to the next, the first token always a start."""
        n = len(self.idx)
        if not n:
            return
        starts = self.sent_starts.tolist()
        if not starts or starts[0] != 0:
            starts.insert(0, 0)
        for a, b in zip(starts, starts[1:] + [n]):
            if b > a:
                yield Sent(self, a, b)

    def sentence_bounds(self) -> list[tuple[int, int]]:
        """(start_char, end_char) of every sentence, without making Sent objects."""
        return list(self.iter_sentence_bounds())

    def iter_sentence_bounds(self) -> Iterator[tuple[int, int]]:
        """sentence_bounds() one at a time, read from the arrays 4096 sentences at a time (never
        a Python int per sentence of a whole large field at once)."""
        n = len(self.idx)
        if not n:
            return
        starts = self.sent_starts
        if not len(starts) or starts[0] != 0:
            starts = np.concatenate([np.zeros(1, dtype=np.int32), starts])
        ends = np.concatenate([starts[1:], np.array([n], dtype=np.int32)])
        keep = ends > starts
        starts, ends = starts[keep], ends[keep]
        for a in range(0, len(starts), 4096):
            s, e = starts[a:a + 4096], ends[a:a + 4096]
            lo = self.idx[s].astype(np.int64)
            hi = self.idx[e - 1].astype(np.int64) + self.length[e - 1]
            yield from zip(lo.tolist(), hi.tolist())

    def _token_by_char(self, char: int) -> int:
        """spaCy's token_by_char: the token whose text or trailing space holds `char`, or -1."""
        i = int(np.searchsorted(self.idx, char, side="right")) - 1
        if i < 0:
            return -1
        stop = int(self.idx[i] + self.length[i]) + (1 if self.flags[i] & F_WS else 0)
        return i if char < stop else -1

    def char_span(self, start_idx: int, end_idx: int, alignment_mode: str = "strict") -> Sent | None:
        """Doc.char_span for the "strict" and "expand" modes."""
        if alignment_mode not in ("strict", "expand"):
            raise ValueError(f"unsupported alignment mode {alignment_mode!r}")
        start = self._token_by_char(start_idx)
        if start < 0 or (alignment_mode == "strict" and start_idx != self.idx[start]):
            return None
        end = self._token_by_char(end_idx - 1)
        if end < 0 or (alignment_mode == "strict" and end_idx != self.idx[end] + self.length[end]):
            return None
        if alignment_mode == "expand" and start_idx == self.idx[start] + self.length[start]:
            start += 1
        end += 1
        if end <= start:
            return None
        return Sent(self, start, end)
