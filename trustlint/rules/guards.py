"""Shared context checks for rules: is a match hypothetical, a question, or followed by the
reader; does the draft quote an earlier message? Data rules name them in `guards:`.

Lexicon patterns find the words; these helpers decide whether the words are a statement
about this reader ("you're pregnant") or a general or conditional one ("If you're pregnant,
ask your doctor"). Pure functions over the parsed field text.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..nlp.document import Document

# Words that make the rest of the clause general or conditional, not a claim about this reader.
_HYPOTHETICAL = re.compile(
    r"\b(?:if|whether|when|whenever|unless|anyone|anybody|everyone|everybody|those|whoever|"
    r"in\s+case|imagine|suppose|assuming|many|millions|most\s+people|one\s+in)\b", re.I)
_QUESTION_OPENER = re.compile(
    r"^\W*(?:do|does|did|are|is|were|was|have|has|had|can|could|would|will|should|how|what|"
    r"why|when|where|which|who)\b", re.I)
_CLAUSE_BREAK = re.compile(r"[;:\n—–]|\s-\s")
_PERSONAL = re.compile(r"\b(i|me|my|mine|myself|we|us|our|ours|ourselves|you|your|yours|yourself)\b", re.I)
#: the sentence a guard reads: spaCy's sentences as they are (trustlint/nlp/sentences.py)
SPLIT = "sentencizer"
_QUOTED = re.compile(
    r"(?im)^[ \t]*On\b[^\n]{3,200}\bwrote:[ \t]*$"
    r"|^[ \t]*>[ \t]*\S"
    r"|^-{2,}[ \t]*(?:Original Message|Forwarded message)[ \t]*-{2,}"
    r"|^From:[^\n]*\n(?:Sent|Date):"
)
READER = frozenset({"you", "your", "yours", "yourself"})


def is_hypothetical(doc: Document, field: str, start: int) -> bool:
    """True when the clause before `start` is conditional or general, or the sentence asks."""
    pf = doc.field(field)
    s, e = pf.sentence(start, SPLIT)
    text = pf.text
    prefix = _CLAUSE_BREAK.split(text[s:start])[-1]
    if _HYPOTHETICAL.search(prefix):
        return True
    sentence = text[s:e].rstrip()
    return sentence.endswith("?") and bool(_QUESTION_OPENER.match(prefix or sentence))


def reader_follows(doc: Document, field: str, end: int) -> bool:
    """True when the next personal pronoun after `end` in its sentence addresses the reader."""
    pf = doc.field(field)
    s, e = pf.sentence(max(0, end - 1), SPLIT)
    text = pf.text
    m = _PERSONAL.search(text, end, max(end, e))
    return bool(m) and m.group(1).lower() in READER


def is_clause_start(text: str, start: int) -> bool:
    """True when `start` opens a sentence, line, bullet or button label."""
    i = start
    while i > 0 and text[i - 1] in " \t":
        i -= 1
    return i == 0 or not (text[i - 1].isalnum() or text[i - 1] in ",;&'’/")


def has_quoted_thread(doc: Document) -> bool:
    """True when the body quotes an earlier message ("On ... wrote:", '>' lines, a forward):
    the draft answers someone, so a shared past or the sender's news is not a claim."""
    return bool(_QUOTED.search(doc.body.text))
