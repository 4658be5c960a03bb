"""Folds disguised spellings into the plain text lexicons match on, keeping exact offsets.

Real bulk mail hides its claims from filters and skimming eyes: Unicode "bold" letters
(mathematical alphanumerics such as U+1D405), full-width or circled letters, Cyrillic or Greek
look-alikes inside Latin words, letters spaced out ("F R E E", "W-I-N") and stretched words
("FREEEE", "Hurryyy"). `fold(text)` rewrites each of those into plain ASCII letters, once per
field, before the field is tokenised and matched; every lexicon, rule and statistic then sees
the folded text. The `TextMap` it returns maps folded offsets back to the original
characters, so a finding's line, column and excerpt point at what the reader sees.

Case is kept: matching is already case-insensitive (PhraseMatcher on LOWER, regexes with
re.IGNORECASE), and rules that read case (shouting, names) need it. Everything else is
copied unchanged: URLs, e-mail addresses, numbers, and text that is already plain.
"""
from __future__ import annotations

from array import array
from bisect import bisect_left
import re
import unicodedata
from dataclasses import dataclass, replace
from typing import Iterable

from ..source.textmap import TextBuilder, TextMap
from ..source.tokenlist import TokenList

# Cyrillic and Greek letters drawn like Latin ones; replaced only inside a word that also has
# Latin letters (so Russian or Greek text is left as it is).
_CONFUSABLE = {
    "а": "a", "в": "b", "е": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p", "с": "c",
    "т": "t", "у": "y", "х": "x", "і": "i", "ј": "j", "ѕ": "s", "ԁ": "d", "ԛ": "q", "ԝ": "w",
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C",
    "Т": "T", "У": "Y", "Х": "X", "І": "I", "Ј": "J", "Ѕ": "S",
    "α": "a", "ο": "o", "ρ": "p", "ν": "v", "ι": "i", "κ": "k", "τ": "t", "υ": "u",
    "Α": "A", "Β": "B", "Ε": "E", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N", "Ο": "O",
    "Ρ": "P", "Τ": "T", "Χ": "X", "Υ": "Y", "Ζ": "Z",
}
_LATIN = re.compile(r"[A-Za-z]")
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
# Three or more single letters, each followed by the same separator: "F R E E", "W-I-N",
# "f.r.e.e". A separator of one space, hyphen, dot or asterisk; no letter or digit may touch
# the run on either side.
_SPACED = re.compile(r"(?<![\w.@/-])([A-Za-z])(?P<sep>[ .*-])(?:[A-Za-z](?P=sep)){1,}[A-Za-z](?![\w@/]|-\w|\.\w)")
# A letter repeated three or more times inside a longer word: "FREEEE", "nowww".
_STRETCH = re.compile(r"([A-Za-z])\1{2,}")
# Letters that English doubles (a stretched run of them folds to two); others fold to one.
_DOUBLED = set("bcdefglmnoprstzBCDEFGLMNOPRSTZ")
_ROMAN = re.compile(r"[IVXLCDM]+")
# An address's local part may only start where a run of such characters starts (the
# lookbehind), so a long run without '@' is scanned once, not once per position.
_URLISH = re.compile(r"(?:https?://|www\.)\S+|(?<![^\s<>()\[\]\"',;:])[^\s@<>()\[\]\"',;:]+@\S+\.\S+",
                     re.IGNORECASE)


class _Spans:
    """Spans to keep off limits, asked "does [s, e) touch one?" in O(log n) (bisect over the
    starts, with the running maximum of the ends)."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self.starts = [a for a, _ in ordered]
        self.max_end: list[int] = []
        top = -1
        for _, b in ordered:
            top = max(top, b)
            self.max_end.append(top)

    def touches(self, s: int, e: int) -> bool:
        i = bisect_left(self.starts, e)  # spans starting before e
        return i > 0 and self.max_end[i - 1] > s


def _char(ch: str) -> str | None:
    """The plain letter or digit a disguised one stands for (None: keep it)."""
    if ch.isascii():
        return None
    if ch in _CONFUSABLE:
        return None  # handled per word
    if unicodedata.category(ch) in ("No", "Pc", "Pd"):
        return None  # superscripts, fractions, dashes: not disguised letters
    folded = unicodedata.normalize("NFKC", ch)
    if folded != ch and folded.isascii() and folded.isalnum():
        return folded
    return None


@dataclass(frozen=True)
class _Edit:
    start: int  # span of the input text replaced
    end: int
    text: str


def _char_edits(text: str) -> list[_Edit]:
    edits: list[_Edit] = []
    for i, ch in enumerate(text):
        if not ch.isascii():
            new = _char(ch)
            if new is not None:
                edits.append(_Edit(i, i + 1, new))
    if any(c in _CONFUSABLE for c in text):
        for m in _WORD.finditer(text):
            word = m.group(0)
            if _LATIN.search(word) or any(_char(c) for c in word):
                for j, ch in enumerate(word):
                    if ch in _CONFUSABLE:
                        edits.append(_Edit(m.start() + j, m.start() + j + 1, _CONFUSABLE[ch]))
    edits.sort(key=lambda e: e.start)
    return edits


def _apply(text: str, edits: Iterable[_Edit]) -> tuple[str, TextMap]:
    builder, pos = TextBuilder(), 0
    for e in edits:
        builder.copy(text[pos:e.start], pos)
        builder.replace(e.text, e.start, e.end)
        pos = e.end
    builder.copy(text[pos:], pos)
    return builder.build()


def _word_edits(text: str, protected: list[tuple[int, int]]) -> list[_Edit]:
    """De-spacing and de-stretching edits on text whose letters are already plain."""
    blocked = _Spans([*protected, *((m.start(), m.end()) for m in _URLISH.finditer(text))])
    edits: list[_Edit] = []
    for m in _SPACED.finditer(text):  # the runs never overlap one another
        run = m.group(0)
        letters = run[0::2]
        if m.group("sep") == " " and letters.lower() in {"a i", "i a"}:
            continue
        if not blocked.touches(m.start(), m.end()):
            edits.append(_Edit(m.start(), m.end(), letters))
    despaced = _Spans((e.start, e.end) for e in edits)

    def free(s: int, e: int) -> bool:
        return not blocked.touches(s, e) and not despaced.touches(s, e)

    for m in _WORD.finditer(text):
        word = m.group(0)
        if len(word) < 4 or not word.isascii() or _ROMAN.fullmatch(word) or not free(m.start(), m.end()):
            continue
        stretched = _STRETCH.sub(lambda r: r.group(1) * (2 if r.group(1) in _DOUBLED else 1), word)
        if stretched != word and len(set(stretched.lower())) > 1:
            edits.append(_Edit(m.start(), m.end(), stretched))
    edits.sort(key=lambda e: e.start)
    return edits


def fold(text: str, protected: Iterable[tuple[int, int]] = ()) -> tuple[str, TextMap] | None:
    """The folded text and its map to `text`, or None when nothing needs folding.

    `protected` spans (e.g. masked merge tokens) are never de-spaced or de-stretched.
    """
    if text.isascii() and _STRETCH.search(text) is None and _SPACED.search(text) is None:
        return None
    protected = list(protected)
    edits = _char_edits(text)
    plain, first = _apply(text, edits) if edits else (text, TextMap.identity(len(text)))
    if edits:
        protected = [(shift(a, first), shift(b, first)) for a, b in protected]
    words = _word_edits(plain, protected)
    if not edits and not words:
        return None
    if not words:
        return plain, first
    folded, second = _apply(plain, words)
    return folded, second.compose(first)


def shift(offset: int, text_map: TextMap) -> int:
    """The folded offset of an input offset that no edit covers (merge-token bounds)."""
    return text_map.text_offset(offset)


def fold_field(field, tokens: TokenList):  # type: ignore[no-untyped-def]
    """`field` (a source.Field) folded, with its map to the source and its tokens (the
    TokenList mask_field returned) moved to match."""
    result = fold(field.text, zip(tokens.starts, tokens.ends))
    if result is None:
        return field, tokens
    text, inner = result
    moved = inner.text_offset
    starts = array("q", map(moved, tokens.starts))
    ends = array("q", (moved(e) if e > s else m for s, e, m in zip(tokens.starts, tokens.ends, starts)))
    return replace(field, text=text, map=inner.compose(field.map)), tokens.relocated(starts, ends)
