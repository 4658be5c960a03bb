"""TL603 false-urgency: Time pressure with no deadline the reader can check: "last chance", "hurry", "ends soon", countdown timers."""
from __future__ import annotations

from typing import Iterator

from ...findings import Component, Hit, Severity
from ..base import Rule, RuleContext
from ..nearby import concrete_near, one_per_sentence
from ..headers import subject_urgency


class FalseUrgency(Rule):
    r"""Time pressure with no deadline the reader can check: "last chance", "hurry", "ends soon", countdown timers.

    Why: Urgency without a date is pressure without information; when the "last chance" comes
    back next week the reader learns that nothing the sender says about time is true. A
    concrete date or time in the same or an adjacent sentence makes it a fact instead.
    Source: Mathur et al. (2019), "Dark Patterns at Scale", Proc. ACM Hum.-Comput. Interact.
    3 (CSCW) 81 (countdown timers, limited-time messages); FTC (2022), "Bringing Dark Patterns
    to Light", staff report; EU UCPD 2005/29/EC Annex I point 7.

    Fires:
        FLASH SALE - limited time only. Shop now!
        Hurry, this deal ends soon!
        Last chance to save 20% on every plan.
        Offer ends in 09h 42m 39s
        Your cart is reserved for 09:58 minutes!
    Passes:
        Prices change 1 March 2026, 00:00 UTC.
        Last chance: the sale ends Friday 28 November at 11:59 pm ET.
        Hurry - doors close at midnight PST on Sunday.
        There's no hurry: the guide stays free.
    """

    code = "TL603"
    name = "false-urgency"
    severity = Severity.WARNING
    component = Component.SELF_ORIENTATION
    lexicons = ("urgency",)
    message = "Time pressure with no concrete deadline: '{match}'"
    suggestion = "Give the real deadline (\"Prices change 1 March 2026, 00:00 UTC\") or drop the pressure."

    def check(self, doc, ctx: RuleContext) -> Iterator[Hit]:
        for pf in doc.fields.values():
            spans = [(m.start, m.end) for m in doc.matches("urgency", pf.name)]
            spans += [(x.start, x.end) for x in pf.times if x.kind == "countdown"]
            spans = [(s, e) for s, e in spans if not concrete_near(pf, s, e)]
            if pf.name in ("subject", "preheader") and not any(x.kind in _CALENDAR for x in pf.times):
                spans += subject_urgency(pf.text)  # a subject's "tonight"/"N days left" names no date
            for s, e in one_per_sentence(pf, sorted(set(spans))):
                yield Hit(pf.name, s, e, self.message.format(match=" ".join(pf.text[s:e].split())))


_CALENDAR = frozenset({"date", "datetime"})
