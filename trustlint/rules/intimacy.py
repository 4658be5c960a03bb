"""Intimacy rules (TL3xx) that need more than a word list."""
from __future__ import annotations

from typing import Iterator

from ..findings import Component, Hit, Severity
from .base import Rule, RuleContext


class IntimacyOverclaim(Rule):
    r"""Claims to know or understand the reader in a way segmentation cannot earn.

    Why: "We know exactly what you need" from a sender who has only a mailing-list row reads as
    presumption; readers discount it and the brand with it. Intimacy is shown by a detail the
    reader recognises, not asserted.
    Source: Maister, Green & Galford, The Trusted Advisor (2000), on intimacy; Aguirre et al.
    (2015), Journal of Retailing 91(1), on the personalization paradox.

    Fires:
        We know exactly what you need to grow your store.
        Our new concierge service shows customers that they are intimately understood.
        As a busy mom, you barely have time for yourself.
        A collection made just for you.
        We truly understand your unique needs.
    Passes:
        You bought espresso beans twice; here are three similar roasts.
        We know shipping delays are frustrating, so every order now has live tracking.
        ---\nbulk: false\n---\nDana, I made this checklist just for you after our call on Tuesday.
    """

    code = "TL301"
    name = "intimacy-overclaim"
    severity = Severity.WARNING
    component = Component.INTIMACY
    message = "Claims an intimacy the copy has not earned: '{match}'"
    suggestion = ("Show, don't claim: name one thing the reader did or told you "
                  "(\"You bought espresso beans twice; here are three similar roasts\").")
    context_keys = ("bulk",)

    def check(self, doc, ctx: RuleContext) -> Iterator[Hit]:
        for m in doc.matches("intimacy_overclaim"):
            if "bulk" in m.entry.data.get("tags", ()) and not ctx.campaign.bulk:
                continue
            yield Hit(m.field, m.start, m.end, self.message.format(match=m.text))
