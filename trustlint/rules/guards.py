"""Shared context checks for rules: is a match hypothetical, a question, or followed by the reader?

Lexicon patterns find the words; these helpers decide whether the words are a statement
about this reader ("you're pregnant") or a general or conditional one ("If you're pregnant,
ask your doctor"). Pure functions over the parsed field text.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .base import sentence_bounds

if TYPE_CHECKING:
    from ..nlp.document import Document, LexMatch

# Words that make the rest of the clause general or conditional, not a claim about this reader.
_HYPOTHETICAL = re.compile(
    r"\b(?:if|whether|when|whenever|unless|anyone|anybody|everyone|everybody|those|whoever|"
    r"in\s+case|imagine|suppose|assuming|many|millions|most\s+people|one\s+in)\b", re.I)
_QUESTION_OPENER = re.compile(
    r"^\W*(?:do|does|did|are|is|were|was|have|has|had|can|could|would|will|should|how|what|"
    r"why|when|where|which|who)\b", re.I)
_CLAUSE_BREAK = re.compile(r"[;:\n—–]|\s-\s")
_PERSONAL = re.compile(r"\b(i|me|my|mine|myself|we|us|our|ours|ourselves|you|your|yours|yourself)\b", re.I)
READER = frozenset({"you", "your", "yours", "yourself"})


def sentence_text(doc: Document, field: str, start: int) -> tuple[int, int, str]:
    pf = doc.field(field)
    s, e = sentence_bounds(pf, start)
    return s, e, pf.text


def is_hypothetical(doc: Document, field: str, start: int) -> bool:
    """True when the clause before `start` is conditional or general, or the sentence asks."""
    s, e, text = sentence_text(doc, field, start)
    prefix = _CLAUSE_BREAK.split(text[s:start])[-1]
    if _HYPOTHETICAL.search(prefix):
        return True
    sentence = text[s:e].rstrip()
    return sentence.endswith("?") and bool(_QUESTION_OPENER.match(prefix or sentence))


def reader_follows(doc: Document, field: str, end: int) -> bool:
    """True when the next personal pronoun after `end` in its sentence addresses the reader."""
    s, e, text = sentence_text(doc, field, max(0, end - 1))
    m = _PERSONAL.search(text, end, max(end, e))
    return bool(m) and m.group(1).lower() in READER


def is_clause_start(text: str, start: int) -> bool:
    """True when `start` opens a sentence, line, bullet or button label."""
    i = start
    while i > 0 and text[i - 1] in " \t":
        i -= 1
    return i == 0 or not (text[i - 1].isalnum() or text[i - 1] in ",;&'’/")


def merged(doc: Document, matches: list[LexMatch]) -> list[tuple[str, int, int, str]]:
    """Overlapping matches in one field joined into one span: (field, start, end, text)."""
    out: list[list] = []
    for m in sorted(matches, key=lambda m: (m.field, m.start, -m.end)):
        if out and out[-1][0] == m.field and m.start < out[-1][2]:
            out[-1][2] = max(out[-1][2], m.end)
            continue
        out.append([m.field, m.start, m.end])
    return [(f, s, e, doc.field(f).text[s:e]) for f, s, e in out]


def unguarded(doc: Document, matches: list[LexMatch]) -> list[LexMatch]:
    """Matches that are not in a hypothetical clause or a question."""
    return [m for m in matches if not is_hypothetical(doc, m.field, m.start)]
