"""What the subject-line and From-name rules share (TL603, TL609-TL612; the rules are in
rules/deception/): the folding of styled letters and the vocabulary table.

The rules read only the subject, the preheader and the From header's display name (field "from",
see `trustlint.source.reading.Draft.sender`); their vocabulary is the data table
lexicons/subject_tactics.yml, matched on text whose styled letters (Unicode bold, italic,
small capitals, full-width) are folded to plain ones one for one, so offsets stay exact.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any
from ..nlp.lexicon import read_lexicon_file


#: a subject, preheader or From name longer than this is not a header line: only its start is read
MAX_HEADER_CHARS = 600




@lru_cache(maxsize=1)
def _table() -> dict[str, Any]:
    t = read_lexicon_file("subject_tactics")

    def comp(groups: dict[str, list[str]]) -> dict[str, tuple[re.Pattern[str], ...]]:
        return {k: tuple(re.compile(p, re.I) for p in v) for k, v in groups.items()}

    labels = t["sender_labels"]
    return {
        "fold": dict(zip(t["small_caps"], t["small_caps_plain"])),
        "acronyms": frozenset(t["acronyms"]),
        "shout_short": frozenset(t["shout_short"]),
        "sensational": comp(t["sensational"]),
        "sirens": frozenset(t["sirens"]),
        "gap": comp(t["curiosity_gap"]),
        "labels": comp({k: labels[k] for k in ("strong", "weak", "phrase", "imperative", "trusted")}),
        "generic": frozenset(str(w).lower() for w in labels["generic"]),
        "mailboxes": frozenset(labels["label_mailboxes"]),
        "not_person": frozenset(labels["not_person"]),
        "urgency": tuple(re.compile(p, re.I) for p in t["subject_urgency"]),
    }


def fold(text: str) -> str:
    """Styled letters (Unicode bold/italic/full-width, small capitals) and curly quotes folded
    to plain ASCII, one character for one, so offsets into the result are offsets into `text`.
    Only the first MAX_HEADER_CHARS characters are kept (a prefix: offsets stay valid)."""
    text = text[:MAX_HEADER_CHARS]
    table = _table()["fold"]
    out = []
    for ch in text:
        if ch.isascii():
            out.append(ch)
        elif ch in table:
            out.append(table[ch])
        elif ch in "’‘ʼ":
            out.append("'")
        else:
            n = unicodedata.normalize("NFKC", ch)
            out.append(n if len(n) == 1 else ch)
    return "".join(out)


def styled(text: str) -> list[tuple[int, int]]:
    """Runs of letters styled with Unicode look-alikes (mathematical bold/italic, small caps)."""
    table = _table()["fold"]
    runs: list[tuple[int, int]] = []
    for i, ch in enumerate(text[:MAX_HEADER_CHARS]):
        if 0x1D400 <= ord(ch) <= 0x1D7FF or ch in table or 0xFF21 <= ord(ch) <= 0xFF5A:
            if runs and runs[-1][1] >= i - 1:
                runs[-1] = (runs[-1][0], i + 1)
            else:
                runs.append((i, i + 1))
    return runs


def subject_urgency(text: str) -> list[tuple[int, int]]:
    """Deadline pressure in the short forms of a subject line (TL603 reads it for the subject
    and preheader): spans in `text`, styled letters folded."""
    folded = fold(text)
    return sorted(m.span() for rx in _table()["urgency"] for m in rx.finditer(folded) if m.end() > m.start())
