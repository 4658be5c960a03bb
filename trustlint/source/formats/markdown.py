"""Markdown body -> linted text, mapped to the source.

Block structure (fenced and indented code blocks) comes from markdown-it-py, the CommonMark
parser rich already depends on, so fence and indentation rules are the standard ones. Inline
syntax is removed by position: inline code, URLs, autolinks, reference definitions, HTML tags
(known elements only: "<<Company>>" and "<FirstName>" stay, they are placeholders) and comments
produce no text; link and image text stay (the reader sees them); emphasis,
heading, quote and list markers go, so "**free**" is linted as "free". Merge tokens are kept
intact ("*|FNAME|*" is not emphasis).
"""
from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache
from typing import Any

from ..templates import find_tokens
from ..textmap import TextBuilder, TextMap

_INLINE = re.compile(
    r"(?P<comment><!--[\s\S]*?(?:-->|$))"
    r"|(?P<code>(?P<ticks>`+)[\s\S]*?[^`](?P=ticks)(?!`))"
    r"|(?P<image>!\[(?P<alt>[^\]\n]*)\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\))"
    r"|(?P<link>\[(?P<ltext>[^\]\n]+)\](?:\((?:[^()\s]|\([^()\s]*\))*(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)|\[[^\]\n]*\]))"
    r"|(?P<refdef>^[ ]{0,3}\[[^\]\n]+\]:[ \t]*\S+.*$)"
    r"|(?P<autolink><(?:https?|mailto|ftp):[^>\s]+>|<[\w.+-]+@[\w-]+\.[\w.-]+>)"
    r"|(?P<url>\b(?:https?://|www\.)[^\s<>()\[\]]*[^\s<>()\[\].,;:!?'\"*_])"
    r"|(?P<tag>(?<!<)</?(?:a|abbr|b|br|center|code|del|details|div|em|font|h[1-6]|hr|i|img|ins|kbd|li|mark|ol|p"
    r"|picture|pre|s|section|small|source|span|strong|sub|summary|sup|table|tbody|td|th|thead|tr|u|ul|video)"
    r"(?:\s[^<>]*)?/?>(?!>))"
    r"|(?P<hr>^[ ]{0,3}([-*_])(?:[ \t]*\2){2,}[ \t]*$)"
    r"|(?P<marker>^[ \t]{0,3}(?:\#{1,6}(?=[ \t]|$)|>[ \t]?(?:>[ \t]?)*|(?:[-*+]|\d{1,9}[.)])(?=[ \t]))[ \t]*)"
    r"|(?P<escape>\\[!-/:-@\[-`{-~])"
    r"|(?P<emph>\*\*|__|~~|(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*])|(?<![\w_])_(?=\S)|(?<=\S)_(?![\w_]))",
    re.M,
)
_KINDS = ("comment", "code", "image", "link", "refdef", "autolink", "url", "tag", "hr", "marker", "escape", "emph")


@lru_cache(maxsize=1)
def _block_parser() -> Any:
    """CommonMark's block parser only: the code blocks are block structure, and markdown-it's
    inline pass (emphasis, links, entities over every paragraph) was ~98% of its time and most
    of its memory here, for tokens this module never reads (it removes inline syntax itself)."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").disable(["inline", "text_join"])


def _code_lines(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of fenced and indented code blocks, from markdown-it-py."""
    starts = [0] + [m.end() for m in re.finditer("\n", text)]
    starts.append(len(text))
    spans = []
    for tok in _block_parser().parse(text):
        if tok.type in ("fence", "code_block") and tok.map:
            first, last = tok.map
            spans.append((starts[min(first, len(starts) - 1)], starts[min(last, len(starts) - 1)]))
    return spans


def extract(text: str) -> tuple[str, TextMap]:
    """Linted text of a Markdown document and its map into `text`."""
    protected = sorted((m.start(), m.end()) for _, m in find_tokens(text))
    builder = TextBuilder()
    pos = 0
    for start, end in _code_lines(text):
        if start < pos:
            continue
        _scan(text, pos, start, protected, builder)
        builder.drop(start, end)
        pos = end
    _scan(text, pos, len(text), protected, builder)
    return builder.build()


def _next_token(protected: list[tuple[int, int]], starts: list[int], pos: int, end: int) -> tuple[int, int] | None:
    """The first protected (merge) token that starts at or after pos and ends by end."""
    for i in range(bisect_left(starts, pos), len(starts)):
        s, e = protected[i]
        if s > end:
            return None
        if e <= end:
            return s, e
    return None


def _scan(text: str, pos: int, end: int, protected: list[tuple[int, int]], b: TextBuilder,
          starts: list[int] | None = None) -> None:
    # Linear in the text: the next inline match is searched for again only once the scan has
    # passed its start (a match at or after pos is also the leftmost one from pos: the pattern
    # looks behind into the text, never at where the search began), and the next merge token
    # is found by bisection. Searching afresh after every merge token scanned the rest of the
    # text once per token: 80 KB of "{{ first_name }}" took minutes.
    if starts is None:
        starts = [s for s, _ in protected]
    m = _INLINE.search(text, pos, end)
    while pos < end:
        if m is not None and m.start() < pos:
            m = _INLINE.search(text, pos, end)
        tok = _next_token(protected, starts, pos, end)
        if tok and (m is None or tok[0] <= m.start()):
            b.copy(text[pos:tok[1]], pos)
            pos = tok[1]
            continue
        if m is None:
            b.copy(text[pos:end], pos)
            return
        b.copy(text[pos:m.start()], pos)
        kind = next(k for k in _KINDS if m.group(k) is not None)
        if kind in ("image", "link"):
            group = "alt" if kind == "image" else "ltext"
            b.drop(m.start(), m.start(group))
            _scan(text, m.start(group), m.end(group), protected, b, starts)
            b.drop(m.end(group), m.end())
        elif kind == "escape":
            b.replace(m.group(0)[1], m.start(), m.end())
        else:
            b.drop(m.start(), m.end())
        pos = m.end()
