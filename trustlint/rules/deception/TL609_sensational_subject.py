"""TL609 sensational-subject: Clickbait in the subject, preheader or From name: alarm, drama, shouting, "!!!", siren emoji, exaggeration."""
from __future__ import annotations

import re
from typing import Iterator

from ...findings import Component, Hit, Severity
from ..base import Rule, RuleContext
from ..headers import MAX_HEADER_CHARS, _table, fold, styled


_CAPS_WORD = re.compile(r"(?<![\w'])[A-Z][A-Z'’]{2,}(?![\w'])")


_STACKED = re.compile(r"[!?]*(?:!\s*[!?]|\?\s*!|\?\s*\?\s*\?|[‼⁉])[!?‼⁉\s]*")


def _shouting(folded: str) -> list[tuple[int, int]]:
    """Upper-case words of 4+ letters that are not acronyms; the whole subject when it is mostly capitals."""
    acronyms = _table()["acronyms"]
    tags = [m.span() for m in re.finditer(r"\[[^\]]*\]", folded)]  # "[LIST]" tags of mailing lists
    short = _table()["shout_short"]
    words = [m for m in _CAPS_WORD.finditer(folded)
             if (len(m.group(0)) >= 4 or m.group(0) in short) and m.group(0).lower().strip("'’") not in acronyms
             and re.search(r"[AEIOUY]", m.group(0)) and not any(a <= m.start() < b for a, b in tags)]
    letters = [c for c in folded if c.isalpha()]
    upper = sum(c.isupper() for c in letters)
    if len(words) >= 2 and letters and upper / len(letters) >= 0.7:
        lo = min(m.start() for m in words)
        return [(lo, max(m.end() for m in words))]
    # one capitalised word that opens the subject is a name as often as a shout ("CNET Digest")
    first = re.match(r"^(?:\W*(?:re|fwd?|fw)\s*:)*[\W_]*", folded, re.I)
    lead = first.end() if first else 0
    return [m.span() for m in words if len(words) >= 2 or m.start() > lead]


class SensationalSubject(Rule):
    r"""Clickbait in the subject, preheader or From name: alarm, drama, shouting, "!!!", siren emoji, exaggeration.

    Why: A subject is a promise about what the email holds. "BREAKING", "we're devastated",
    shouted capitals, stacked "!!!" and siren emoji dramatise so the reader opens before
    thinking; researchers who coded 100,000s of campaign emails found this sensationalism the
    most common manipulative tactic, and readers who learn the drama was staged discount the
    next subject, and the sender. A subject that says what the email is about keeps the open
    honest.
    Source: Mathur, Wang, Schwemmer, Hamin, Stewart & Narayanan (2023), "Manipulative tactics
    are the norm in political emails", Big Data & Society 10(1) (sensationalism); Chakraborty
    et al. (2016), "Stop Clickbait: Detecting and preventing clickbaits in online news media",
    ASONAM.

    Fires:
        Subject: BREAKING: our founder is devastated\n\nOur spring menu is out.
        Subject: This changes EVERYTHING!!!\n\nVersion 4.2 adds CSV export.
        Subject: 🚨 Your plan is in deep trouble 🚨\n\nYour storage is 90% full.
        From: Ledgerly <hi@ledgerly.io>\nSubject: We're heartbroken\n\nThe Friday webinar is cancelled.
    Passes:
        Subject: Your March invoice\n\nYour invoice for March is attached.
        Subject: 3 events near you in May\n\nHere are three events near you.
        Subject: Weekly digest: 12 new posts\n\nThe twelve most-read posts of the week.
        Subject: New: export reports to CSV (NASA-grade precision not included)\n\nHi.
    """

    code = "TL609"
    name = "sensational-subject"
    severity = Severity.WARNING
    component = Component.CREDIBILITY
    message = "Sensational {where}: '{match}' ({why})"
    suggestion = ("Say what the email is about in plain words (\"New: export reports to CSV\"); drop the "
                  "alarm, the capitals and the extra '!'.")

    def check(self, doc, ctx: RuleContext) -> Iterator[Hit]:
        for name in ("subject", "preheader", "from"):
            pf = doc.field(name)
            if pf is None or not pf.text.strip():
                continue
            found = self.spans(pf.text)
            if found:
                s, e, why = found[0]
                where = {"subject": "subject", "preheader": "preheader", "from": "From name"}[name]
                yield Hit(name, s, e, self.message.format(where=where, match=" ".join(pf.text[s:e].split()), why=why))

    def spans(self, text: str) -> list[tuple[int, int, str]]:
        t = _table()
        folded = fold(text)
        out: list[tuple[int, int, str]] = []
        for group, regexes in t["sensational"].items():
            for rx in regexes:
                m = rx.search(folded)
                if m and m.end() > m.start():
                    out.append((m.start(), m.end(), group))
        for m in _STACKED.finditer(folded):
            if m.group(0).strip():
                out.append((m.start(), m.start() + len(m.group(0).rstrip()), "stacked punctuation"))
        for i, ch in enumerate(text[:MAX_HEADER_CHARS]):
            if ch in t["sirens"]:
                out.append((i, i + 1, "siren emoji"))
        out += [(s, e, "shouting") for s, e in _shouting(folded)]
        out += [(s, e, "styled letters") for s, e in styled(text)]
        return sorted(out)
