"""TL601 fake-reply-subject: A subject dressed up as a reply or forward on a first-contact message."""
from __future__ import annotations

import re
from typing import Iterator

from ...findings import Component, Hit, Severity
from ..base import Rule, RuleContext
from ..guards import in_conversation


_REPLY_PREFIX = re.compile(
    r"^[^\w\[\]]*?(?:(?:re|fw|fwd|aw|wg|tr|sv|vs|rv|res|enc|antw|odp|ynt)\s*(?:\[\d+\]|\(\d+\))?\s*[:：]\s*)+", re.I)
_LEAD = re.compile(r"[^\w\[\]]*")  # leading emoji and punctuation before a prefix
# A bare prefix with no colon, in the capitals mail clients write ("RE HELLO", "Fwd your
# invoice", "RE - offer"): only RE/Re/FW/Fw/FWD/Fwd as a whole word, then a space and a word.
_BARE_PREFIX = re.compile(r"^[^\w\[\]]*?(?:RE|Re|FWD?|Fwd?)(?:[ \t]+-)?[ \t]+(?=[\w\"'“])")


class FakeReplySubject(Rule):
    r"""A subject dressed up as a reply or forward on a first-contact message.

    Why: "RE:" and "Fwd:" tell the reader they already wrote to you or someone passed your note
    on. On a first contact it is false, the reader finds out on opening, and the trick is named
    in law as misleading subject information. A real reply shows its thread: an attribution
    ("Sam writes:", "Quoting Sam:"), '>' or '|' quote lines, a forward, or a discussion list's
    tag or footer (a member's reply to the list, not a sender's mailing relayed through it).
    Source: FTC, CAN-SPAM Act: A Compliance Guide for Business (2009, rev. 2023), "Don't use
    deceptive subject lines"; Maister, Green & Galford (2000) on credibility.

    Fires:
        Subject: RE: your invoicing workflow\n\nHi Sam, I help finance teams close the books faster.
        Subject: fwd : quick question\n\nWe help agencies cut reporting time.
        Subject: Re:Re: Following up\n\nOur platform is the best way to grow.
        Subject: Re: new offer\n\nSee our deals at example.com.\n\nTo be removed from our list, reply STOP.\n\nhttp://lists.example.org/mailman/listinfo/gear-talk
    Passes:
        Subject: A question about your invoicing workflow\n\nHi Sam, I help finance teams close faster.
        Subject: RE: pricing\n\nHere is the deck you asked for.\n\nOn Tue, 4 Nov 2025 at 10:02, Sam Ortiz wrote:\n> Can you send pricing?
        ---\nfirst_contact: false\n---\nSubject: Re: our renewal\n\nThanks for the reply, Dana.
        Subject: Re: tent poles\n\nIn message <123@example.org>, Sam Ortiz writes:\n\nTry the aluminium ones.
        Subject: Re: tent poles\n\nSam Ortiz wrote:\n| Which poles last longest?\n| Mine snapped.\n\nThe aluminium ones.
        Subject: Re: [gear-talk] tent poles\n\nThe aluminium ones last longest, in my experience.
        Subject: Re: tent poles\n\nThe aluminium ones last longest.\n\n_______________________________________________\ngear-talk mailing list\ngear-talk@lists.example.org\nhttps://lists.example.org/mailman/listinfo/gear-talk
    """

    code = "TL601"
    name = "fake-reply-subject"
    severity = Severity.ERROR
    component = Component.CREDIBILITY
    message = "Subject starts with '{match}' but this is a first contact with no earlier thread"
    suggestion = "Drop the reply/forward prefix and write a subject that says what the message offers."
    context_keys = ("first_contact", "relationship_verified")

    def check(self, doc, ctx: RuleContext) -> Iterator[Hit]:
        camp = ctx.campaign
        subject = doc.field("subject")
        if subject is None or not camp.first_contact or camp.relationship_verified or in_conversation(doc):
            return
        m = _REPLY_PREFIX.match(subject.text) or _BARE_PREFIX.match(subject.text)
        if m:
            start = _LEAD.match(m.group(0)).end()
            yield Hit("subject", start, m.end(), self.message.format(match=m.group(0).strip()))
