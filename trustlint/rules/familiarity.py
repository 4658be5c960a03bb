"""TL302 false-familiarity: a shared past the message cannot back."""
from __future__ import annotations

from typing import Iterator

from ..findings import Component, Hit, Severity
from .base import Rule, RuleContext
from .thread import has_quoted_thread


class FalseFamiliarity(Rule):
    r"""Claims a relationship the sender does not have: a meeting, a call, a request.

    Why: A first-contact message that pretends to continue a conversation is a small lie the
    reader catches at once ("we never met"); it spends intimacy the sender never had and casts
    doubt on every other claim in the message.
    Source: Maister, Green & Galford, The Trusted Advisor (2000), ch. 8; FTC CAN-SPAM guide on
    misleading header and subject information.

    Fires:
        I remember meeting you at the SaaStr conference last spring.
        As we discussed, I'm attaching our pricing deck.
        Great meeting you at Web Summit! Following up on our conversation about your pipeline.
        Hi Sam, per our call, here is the proposal.
        Remember me? I'm the one who sent the invoicing guide.
        You signed up for our list, so here are this week's deals.
        ---\nfirst_contact: false\n---\nPer our call, I'm sending the proposal.
    Passes:
        ---\nfirst_contact: false\n---\nYou signed up for our newsletter; this is issue 12.
        We haven't met - I saw your hiring post for a finance lead and had one idea.
        ---\nrelationship_verified: true\n---\nAs we discussed on Tuesday, here is the deck.
        Subject: Re: pricing\n\nAs we discussed, the deck is attached.\n\nOn Mon, 3 Nov 2025, Dana Lee wrote:\n> Could you send the pricing deck?
    """

    code = "TL302"
    name = "false-familiarity"
    severity = Severity.ERROR
    component = Component.INTIMACY
    lexicons = ("false_familiarity",)
    tags = ("bulk-first-contact",)
    message = "Claims a shared past ('{match}') that a first-contact message cannot back"
    suggestion = ("Say how you actually found the reader (\"We haven't met - I saw your post about ...\"), "
                  "or set relationship_verified: true if you really have met.")
    context_keys = ("first_contact", "bulk", "relationship_verified")

    def check(self, doc, ctx: RuleContext) -> Iterator[Hit]:
        camp = ctx.campaign
        if camp.relationship_verified or has_quoted_thread(doc):
            return
        for m in doc.matches("false_familiarity"):
            if "bulk-first-contact" in m.entry.data.get("tags", ()) and not (camp.bulk and camp.first_contact):
                continue
            yield Hit(m.field, m.start, m.end, self.message.format(match=m.text))
