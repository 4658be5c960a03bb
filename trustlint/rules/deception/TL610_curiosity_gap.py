"""TL610 curiosity-gap: A subject that withholds what the email is about so the reader must open it to find out."""
from __future__ import annotations

from typing import Iterator

from ...findings import Component, Hit, Severity
from ..base import Rule, RuleContext
from ..headers import _table, fold


class CuriosityGap(Rule):
    r"""A subject that withholds what the email is about so the reader must open it to find out.

    Why: "I want to tell you something", "this is it", "about tonight...", "you won't believe"
    open an information gap that only a click closes (Loewenstein's account of curiosity);
    it gets the open, and tells the reader nothing about whether the email is worth their
    time. Campaign email research codes it as forward referencing, a manipulative tactic.
    A subject that names the topic respects the reader's choice to open or not; a From name
    written as a teaser ("you won't believe this...") withholds in the same way.
    Source: Mathur, Wang, Schwemmer, Hamin, Stewart & Narayanan (2023), "Manipulative tactics
    are the norm in political emails", Big Data & Society 10(1) (forward referencing);
    Loewenstein (1994), "The psychology of curiosity", Psychological Bulletin 116(1).

    Fires:
        Subject: I want to tell you something\n\nOur summer sale starts Monday.
        Subject: This is it.\n\nThe new dashboard is live.
        Subject: about tonight...\n\nThe webinar starts at 6 pm CET.
        Subject: You won't believe what we found\n\nThree new recipes for spring.
        Subject: Quick question\n\nDo you use spreadsheets for invoicing?
        From: You won't believe this <hi@ledgerly.io>\nSubject: Version 4.2\n\nHi.
    Passes:
        Subject: Your March invoice\n\nYour invoice for March is attached.
        Subject: 3 events near you in May\n\nHere are three events near you.
        Subject: This week: 5 new templates for invoices\n\nFive templates.
        Subject: How to export your reports to CSV\n\nA short guide.
    """

    code = "TL610"
    name = "curiosity-gap"
    severity = Severity.WARNING
    component = Component.SELF_ORIENTATION
    message = "The {where} withholds its topic: '{match}'"
    suggestion = "Name the topic in the subject (\"Webinar tonight, 6 pm CET: budgeting for freelancers\")."

    def check(self, doc, ctx: RuleContext) -> Iterator[Hit]:
        for name in ("subject", "preheader", "from"):
            pf = doc.field(name)
            if pf is None or not pf.text.strip():
                continue
            found = self.spans(pf.text, preheader=name == "preheader", sender=name == "from")
            if found:
                s, e = found[0]
                where = "From name" if name == "from" else name
                yield Hit(name, s, e, self.message.format(where=where, match=" ".join(pf.text[s:e].split())))

    def spans(self, text: str, preheader: bool = False, sender: bool = False) -> list[tuple[int, int]]:
        folded = fold(text)
        out: list[tuple[int, int]] = []
        for group, regexes in _table()["gap"].items():
            if preheader and group != "withheld":  # a preheader's "It"/"What" points at the subject
                continue
            if sender and group not in ("withheld", "teaser"):  # a From name is no question or opener
                continue
            for rx in regexes:
                m = rx.search(folded)
                if m and m.group(0).strip():
                    out.append((m.start(), m.end()))
        return sorted(out)
