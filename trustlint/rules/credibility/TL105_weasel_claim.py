"""TL105 weasel-claim: A claim that commits to nothing: "up to" on an outcome, anonymous authorities, stacked hedges."""
from __future__ import annotations

import re
from bisect import bisect_left
from typing import Iterator

from ...findings import Component, Hit, Severity
from ..base import Rule, RuleContext, option
from ..evidence import SPLIT, claim_matches


_CLAUSE_BREAK = re.compile(r"[,;:()\u2013\u2014]|\s-\s")


class WeaselClaim(Rule):
    r"""A claim that commits to nothing: "up to" on an outcome, anonymous authorities, stacked hedges.

    Why: "Save up to 40%" is read as the typical result although it promises only a ceiling;
    "many experts agree" borrows authority from nobody; "may potentially help support" hedges a
    claim until nothing is left. Readers either take the strong reading and feel misled later,
    or notice the escape hatch and discount the sender. One or two hedges are honest caution and
    pass, and so do price ranges ("up to 50% off selected styles"); hedges count as stacked when
    each is at most two words from the next in one clause.
    Source: Hastak & Murphy, "Effects of a Bristol Windows Advertisement with an 'Up To' Savings
    Claim on Consumer Take-Away and Beliefs", FTC Bureau of Economics staff report (2012);
    Hyland, Hedging in Scientific Research Articles (1998).

    Fires:
        Save up to 40% on your energy bills with smart vents.
        Many experts agree that cold brew is healthier.
        This blend may potentially help support healthy joints.
        Some say it is the smoothest espresso in town.
    Passes:
        Save 20% on annual plans.
        Up to 50% off selected styles until Sunday.
        It may help to export your data before the upgrade.
    """

    code = "TL105"
    name = "weasel-claim"
    severity = Severity.WARNING
    component = Component.CREDIBILITY
    lexicons = ("weasel_words", "hedges")
    tags = ("exempt",)
    message = "Weasel claim: '{match}'"
    suggestion = ("Give the typical result and its basis instead of a ceiling (\"median saving 18% across "
                  "1,200 homes, 2024\"), name the authority, or drop hedges until one remains.")
    options = {"max_hedges": 2}

    def check(self, doc, ctx: RuleContext) -> Iterator[Hit]:
        exempt = [m for m in doc.matches("weasel_words") if "exempt" in m.entry.data.get("tags", ())]
        for m in claim_matches(doc, "weasel_words"):
            if any(e.field == m.field and e.start <= m.start < e.end for e in exempt):
                continue
            yield Hit(m.field, m.start, m.end, self.message.format(match=" ".join(m.text.split())))
        yield from self._stacked_hedges(doc, int(option(ctx, self, "max_hedges")))

    def _stacked_hedges(self, doc, max_hedges: int) -> Iterator[Hit]:
        hedges = claim_matches(doc, "hedges")
        for name, pf in doc.fields.items():
            mine = [h for h in hedges if h.field == name]
            if len(mine) <= max_hedges:
                continue
            starts = [h.start for h in mine]  # claim_matches are in start order: bisect per clause
            for lo, hi in pf.sentence_spans(SPLIT):
                cuts = [lo] + [lo + c.end() for c in _CLAUSE_BREAK.finditer(pf.text[lo:hi])] + [hi]
                for a, b in zip(cuts, cuts[1:]):
                    inside = mine[bisect_left(starts, a):bisect_left(starts, b)]
                    for chain in _chains(inside, pf.text):
                        if sum(int(h.entry.data.get("weight", 1)) for h in chain) > max_hedges:
                            start, end = chain[0].start, chain[-1].end
                            yield Hit(name, start, end, f"Stacked hedges in one clause: '{pf.text[start:end]}'")


def _chains(hedges: list, text: str, max_gap: int = 2) -> Iterator[list]:
    """Runs of hedges with at most `max_gap` words between neighbours: hedges stacked on one claim."""
    chain: list = []
    for h in hedges:
        if chain and len(text[chain[-1].end:h.start].split()) > max_gap:
            yield chain
            chain = []
        chain.append(h)
    if chain:
        yield chain
