"""Deception and compliance rules (TL6xx)."""
from __future__ import annotations

import re
from typing import Iterator

from ..findings import Component, Hit, Severity
from .base import Rule, RuleContext, option
from .nearby import concrete_near, one_per_sentence
from .headers import subject_urgency
from .thread import has_quoted_thread

_REPLY_PREFIX = re.compile(r"^\s*(?:(?:re|fw|fwd|aw|wg|tr|sv|vs)\s*(?:\[\d+\]|\(\d+\))?\s*[:：]\s*)+", re.I)


class FakeReplySubject(Rule):
    r"""A subject dressed up as a reply or forward on a first-contact message.

    Why: "RE:" and "Fwd:" tell the reader they already wrote to you or someone passed your note
    on. On a first contact it is false, the reader finds out on opening, and the trick is named
    in law as misleading subject information.
    Source: FTC, CAN-SPAM Act: A Compliance Guide for Business (2009, rev. 2023), "Don't use
    deceptive subject lines"; Maister, Green & Galford (2000) on credibility.

    Fires:
        Subject: RE: your invoicing workflow\n\nHi Sam, I help finance teams close the books faster.
        Subject: fwd : quick question\n\nWe help agencies cut reporting time.
        Subject: Re:Re: Following up\n\nOur platform is the best way to grow.
    Passes:
        Subject: A question about your invoicing workflow\n\nHi Sam, I help finance teams close faster.
        Subject: RE: pricing\n\nHere is the deck you asked for.\n\nOn Tue, 4 Nov 2025 at 10:02, Sam Ortiz wrote:\n> Can you send pricing?
        ---\nfirst_contact: false\n---\nSubject: Re: our renewal\n\nThanks for the reply, Dana.
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
        if subject is None or not camp.first_contact or camp.relationship_verified or has_quoted_thread(doc):
            return
        m = _REPLY_PREFIX.match(subject.text)
        if m:
            start = len(m.group(0)) - len(m.group(0).lstrip())
            yield Hit("subject", start, m.end(), self.message.format(match=m.group(0).strip()))


def _tags(m) -> tuple[str, ...]:
    return tuple(m.entry.data.get("tags", ()))


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
        if subject is None or len(body.text.split()) < int(option(ctx, self, "min_body_words")):
            return
        support = {m.entry.id for m in doc.matches("promise_support", "body")}
        done: set[str] = set()
        for m in doc.matches("subject_promises", "subject"):
            if m.entry.id in support or m.entry.id in done:
                continue
            done.add(m.entry.id)
            yield Hit("subject", m.start, m.end, self.message.format(match=m.text))


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


_DATED = frozenset({"date", "time", "datetime", "weekday"})
_CALENDAR = frozenset({"date", "datetime"})


