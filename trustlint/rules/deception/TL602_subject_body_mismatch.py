"""TL602 subject-body-mismatch: The subject promises something the body never delivers: a prize, a suspended account, a discount, an invoice."""
from __future__ import annotations

from typing import Iterator

from ...findings import Component, Hit, Severity
from ..base import Rule, RuleContext, option


class SubjectBodyMismatch(Rule):
    r"""The subject promises something the body never delivers: a prize, a suspended account, a discount, an invoice.

    Why: A subject is the promise that gets the message opened. "You've won" over a sales
    pitch, or "Invoice #2231" over a newsletter, is a lie the reader discovers a second later,
    and it is the deception anti-spam law names first.
    Source: CAN-SPAM Act, 15 U.S.C. 7704(a)(2) (deceptive subject headings); FTC, CAN-SPAM Act:
    A Compliance Guide for Business; EU UCPD 2005/29/EC art. 6.

    Fires:
        Subject: You've won!\n\nOur spring collection is here. Browse the new arrivals today.
        Subject: Your account has been suspended\n\nMeet the new dashboard: faster reports for your whole team.
        Subject: 40% off everything\n\nWe've redesigned our store. Take a look around.
        Subject: Invoice #2231\n\nHere are five ideas for your next marketing campaign.
        Subject: URGENT\n\nHere is our monthly newsletter with three recipes.
    Passes:
        Subject: 40% off everything\n\nUse code SPRING40 at checkout until Sunday.
        Subject: Invoice #2231\n\nYour invoice for March is attached. Amount due: $420 by 1 April.
        Subject: You've won the March giveaway\n\nYour name was drawn on 2 March; the prize ships this week.
        Subject: Spring collection\n\nOur spring collection is here.
    """

    code = "TL602"
    name = "subject-body-mismatch"
    severity = Severity.ERROR
    component = Component.CREDIBILITY
    lexicons = ("promise_support", "subject_promises")
    message = "The subject promises '{match}' but the body never mentions it"
    suggestion = "Write a subject that says what the body actually contains, or add the promised content."
    options = {"min_body_words": 4}

    def check(self, doc, ctx: RuleContext) -> Iterator[Hit]:
        subject = doc.field("subject")
        body = doc.body
        if subject is None or _fewer_words(body.text, int(option(ctx, self, "min_body_words"))):
            return
        support = {m.entry.id for m in doc.matches("promise_support", "body")}
        done: set[str] = set()
        for m in doc.matches("subject_promises", "subject"):
            if m.entry.id in support or m.entry.id in done:
                continue
            done.add(m.entry.id)
            yield Hit("subject", m.start, m.end, self.message.format(match=m.text))


def _fewer_words(text: str, n: int) -> bool:
    """len(text.split()) < n, without a list of every word of a 5 MB body (~50 MB)."""
    return n > 0 and len(text.split(None, n - 1)) < n
