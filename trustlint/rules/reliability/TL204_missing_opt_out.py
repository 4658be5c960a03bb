"""TL204 missing-opt-out: A commercial bulk email with no unsubscribe link or no postal address."""
from __future__ import annotations

import re
from typing import Any, Iterator

from ...findings import Component, Hit, Severity
from ..base import Rule, RuleContext, option
from ..guards import in_conversation

# A syndicated item the reader's own feed tool mailed (rss2email, newsisfree): a "URL:" line first.
_FEED_ITEM = re.compile(r"\A\s*URL:[ \t]*https?://\S+[ \t]*\n", re.I)


def _tags(m: Any) -> tuple[str, ...]:
    return tuple(m.entry.data.get("tags", ()))


class MissingOptOut(Rule):
    r"""A commercial bulk email with no unsubscribe link or no postal address.

    Why: A reader who cannot leave a list feels trapped, and marks the message as spam
    instead; the law requires both a working opt-out and the sender's postal address in every
    commercial email. Judged only on whole emails (a subject, or a long body with a greeting
    or sign-off; SMS and page copy have neither) that advertise something, and only when the
    campaign is bulk. A price mentioned in a reply that quotes its thread, in a post to a
    discussion list or in a feed item mailed by the reader's own tool is conversation or news,
    not advertising: those are judged only when they also offer or ask the reader to buy.
    Source: CAN-SPAM Act, 15 U.S.C. 7704(a)(3) and (a)(5)(A)(iii); FTC, CAN-SPAM Act: A
    Compliance Guide for Business; EU ePrivacy Directive 2002/58/EC art. 13(2).

    Fires:
        Subject: Spring sale: 20% off boots\n\nAll boots are 20% off until Sunday. Shop now at acme.com.
        Subject: New arrivals\n\nOur new collection is here. Shop now.\n\nUnsubscribe: acme.com/unsub
        Subject: Your free trial\n\nStart your free trial today.\n\nAcme Inc, 12 Harbour Street, Leeds LS1 4AB
        Subject: Re: [gear-talk] tents\n\nAll tents 20% off this week. Shop now at example.com.
        Subject: Tents from $90\n\nShop now.\n\nTo be removed from our list, reply STOP.\n\n_______________________________________________\ngear-talk mailing list\ngear-talk@lists.example.org\nhttps://lists.example.org/mailman/listinfo/gear-talk
    Passes:
        Subject: Spring sale\n\nAll boots are 20% off until Sunday.\n\nAcme Inc, 12 Harbour Street, Leeds LS1 4AB. Unsubscribe: acme.com/unsub
        Subject: Your password was changed\n\nIf this wasn't you, reset it here.
        ---\nbulk: false\n---\nSubject: Pricing\n\nHere is the pricing you asked for: $49 a month.
        Subject: Spring sale\n\nAll boots are 20% off.\n\n{{ unsubscribe_link }} | {{ company_address }}
        Subject: Re: cheap flights\n\nFound it for $120 return.\n\nSam Ortiz <sam@example.org> writes:\n> Anyone seen a fare under $150?
        Subject: Re: [gear-talk] tents\n\nMine cost $90 and kept me dry.\n\n_______________________________________________\ngear-talk mailing list\ngear-talk@lists.example.org\nhttps://lists.example.org/mailman/listinfo/gear-talk
    """

    code = "TL204"
    name = "missing-opt-out"
    severity = Severity.ERROR
    component = Component.RELIABILITY
    lexicons = ("commercial", "email_shape", "opt_out")
    tags = ("address",)
    message = "Commercial bulk email with no {missing}"
    suggestion = ("Add a footer with a one-click unsubscribe link and your postal address "
                  "(\"Acme Inc, 12 Harbour Street, Leeds LS1 4AB - Unsubscribe\").")
    context_keys = ("bulk",)
    options = {"min_words": 80}

    def check(self, doc, ctx: RuleContext) -> Iterator[Hit]:
        cues = doc.matches("commercial")
        if not ctx.campaign.bulk or not cues:
            return
        if all(m.entry.id == "price" for m in cues) and (
                in_conversation(doc) or _FEED_ITEM.match(doc.body.text)):
            return
        subject = doc.field("subject")
        whole = (subject is not None and subject.text.strip()) or (
            doc.stats.words >= int(option(ctx, self, "min_words")) and doc.matches("email_shape", "body"))
        if not whole:
            return
        found = doc.matches("opt_out")
        roles = {tok.footer_role for _, tok in doc.distinct_tokens()}
        has_unsub = "unsubscribe" in roles or any("address" not in _tags(m) for m in found)
        has_addr = "address" in roles or any("address" in _tags(m) for m in found)
        missing = [w for w, ok in (("unsubscribe link", has_unsub), ("postal address", has_addr)) if not ok]
        if not missing:
            return
        body = doc.body.text
        end = len(body.rstrip())
        start = body.rfind("\n", 0, end) + 1
        if end <= start:
            start, end = 0, len(body)
        yield Hit("body", start, end, self.message.format(missing=" or ".join(missing)))
