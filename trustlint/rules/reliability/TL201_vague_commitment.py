"""TL201 vague-commitment: A promise with no date: "we'll get back to you soon", "will ship shortly"."""
from __future__ import annotations

from typing import Any, Iterator

from ...findings import Component, Hit, Severity
from ..base import Rule, RuleContext, option
from ..nearby import GAP, any_within, concrete_near


def _tags(m: Any) -> tuple[str, ...]:
    return tuple(m.entry.data.get("tags", ()))


def _is_offer_window(text: str) -> bool:
    """"For a limited time" and "for a short time" describe an offer (TL603), not a promise."""
    low = text.lower()
    return "limited" in low or ("short" in low and ("time" in low or "while" in low))


class VagueCommitment(Rule):
    r"""A promise with no date: "we'll get back to you soon", "will ship shortly".

    Why: Reliability is the sum of promises kept, and a promise without a date cannot be kept
    or checked. "Soon" means a day to the writer and an hour to the reader; the gap is read as
    a broken promise. A concrete date or time in the same or the next sentence silences it.
    Source: Maister, Green & Galford, The Trusted Advisor (2000), ch. 7 on reliability;
    Cialdini, Influence (1984/2021), on commitment and consistency.

    Fires:
        Thanks for your order. We'll ship it soon.
        Our team will get back to you shortly.
        We promise to fix the sync bug ASAP.
        A new dashboard will launch in the near future.
        Your refund will be processed at some point after we inspect the item.
    Passes:
        We'll reply by 5 pm ET Thursday.
        Your refund will be processed soon: at the latest within 5 business days.
        Thanks for coming, Dana - see you soon!
        We'll email you as soon as the boots are back in stock.
        You'll receive a confirmation email shortly.
    """

    code = "TL201"
    name = "vague-commitment"
    severity = Severity.WARNING
    component = Component.RELIABILITY
    lexicons = ("commitments",)
    tags = ("social",)
    message = "Promise with no date: '{match}'"
    suggestion = "Give the date or the time it will happen (\"We'll reply by 5 pm ET Thursday\"), or don't promise a time."
    options = {"max_gap": 80}

    def check(self, doc, ctx: RuleContext) -> Iterator[Hit]:
        gap = int(option(ctx, self, "max_gap"))
        for pf in doc.fields.values():
            marks = doc.matches("commitments", pf.name)
            wills = [m for m in marks if "social" not in _tags(m)]
            social = [m for m in marks if "social" in _tags(m)]
            for x in pf.times:
                if x.kind != "vague" or _is_offer_window(x.text):
                    continue
                lo, hi = pf.window(x.start, x.end, 0, 0, gap=GAP)
                will = next((m for m in reversed(wills)
                             if lo <= m.start and m.end <= x.start and x.start - m.end <= gap), None)
                if will is None or any_within(social, pf.name, will.start, x.end):
                    continue
                if concrete_near(pf, x.start, x.end, 0, 1):
                    continue
                yield Hit(pf.name, will.start, x.end, self.message.format(match=pf.text[will.start:x.end]))
