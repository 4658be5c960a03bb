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
    concrete date or time in the same or an adjacent sentence makes it a fact instead. The
    subject, preheader and From name are also read in their short header forms ("before
    midnight", "3 days left", "URGENT ALERT"); there only a calendar date makes them concrete.
    Source: Mathur et al. (2019), "Dark Patterns at Scale", Proc. ACM Hum.-Comput. Interact.
    3 (CSCW) 81 (countdown timers, limited-time messages); FTC (2022), "Bringing Dark Patterns
    to Light", staff report; EU UCPD 2005/29/EC Annex I point 7.

    Fires:
        FLASH SALE - limited time only. Shop now!
        Hurry, this deal ends soon!
        Last chance to save 20% on every plan.
        Offer ends in 09h 42m 39s
        Your cart is reserved for 09:58 minutes!
        From: Deadline Reminder <hi@ledgerly.io>\nSubject: Your plan\n\nHi.
    Passes:
        Prices change 1 March 2026, 00:00 UTC.
        Last chance: the sale ends Friday 28 November at 11:59 pm ET.
        Hurry - doors close at midnight PST on Sunday.
        There's no hurry: the guide stays free.
        From: Dana at Ledgerly <dana@ledgerly.io>\nSubject: Your March invoice\n\nHi.
    """

    code = "TL603"
    name = "false-urgency"
    severity = Severity.WARNING
    component = Component.SELF_ORIENTATION
    lexicons = ("urgency",)
    message = "Time pressure with no concrete deadline: '{match}'"
    #: the From name ("URGENT ALERT", "Deadline Reminder", "hurry"): a header read like the subject
    from_message = "Time pressure in the From name, with no deadline: '{match}'"
    suggestion = "Give the real deadline (\"Prices change 1 March 2026, 00:00 UTC\") or drop the pressure."

    def check(self, doc, ctx: RuleContext) -> Iterator[Hit]:
        sender = doc.field("from")
        for pf in [*doc.fields.values(), *([sender] if sender is not None and sender.text.strip() else [])]:
            name = "from" if pf is sender else pf.name
            spans = [(m.start, m.end) for m in doc.matches("urgency", name)]
            spans += [(x.start, x.end) for x in pf.times if x.kind == "countdown"]
            spans = [(s, e) for s, e in spans if not concrete_near(pf, s, e)]
            if name in ("subject", "preheader", "from") and not any(_calendar(x) for x in pf.times):
                spans += subject_urgency(pf.text)  # a header's "tonight"/"N days left" names no date
            msg = self.message if name != "from" else self.from_message
            for s, e in one_per_sentence(pf, sorted(set(spans)))[:1 if name == "from" else None]:
                yield Hit(name, s, e, msg.format(match=" ".join(pf.text[s:e].split())))


_CALENDAR = frozenset({"date", "weekday"})


def _calendar(x) -> bool:
    """A date (or a weekday) the reader can check; "tonight, 5pm" and "11:59pm tomorrow" are not."""
    if x.kind == "date":
        return True
    if x.kind == "datetime" and isinstance(x.value, tuple):
        return any(isinstance(p, tuple) and p and p[0] in _CALENDAR for p in x.value[1:])
    return False
